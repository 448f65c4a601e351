"""Provenance per fact: an element's `source` covers its fields unless `sources` names a field,
a dated change or a scope gives its own; completeness counts every fact by its status."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from eaf.cli import cli

MODEL = """\
organizations:
  - id: so-a
    name: Sở A
    level: department
    type: sở
    source: {document: "Danh sách 2022", status: confirmed}
  - id: so-b
    name: Sở B
    level: department
    type: sở
    source: {document: "Danh sách 2022", status: confirmed}
systems:
  - id: cong
    name: Cổng
    category: portal
    owner: so-a
    security_level: 3
    hosting: provincial-dc
    deployment:
      - select: id:so-a
        source: {document: "Báo cáo 2023", status: derived, note: "from the list of users"}
      - select: id:so-b
    source: {document: "Báo Bình Dương, 04/04/2022", status: confirmed}
    sources:
      security_level: {status: uncertain, note: "level not published"}
      hosting: {status: assumed}
    changes:
      - date: "2025-03-01"
        set: {owner: so-b}
        source: {document: "QĐ hợp nhất", status: confirmed}
      - date: "2025-06-01"
        set: {hosting: cloud}
plateaus:
  - {id: hien-trang, name: Hiện trạng, kind: baseline, date: "2024-01-01"}
  - {id: muc-tieu, name: Mục tiêu, kind: target, date: "2025-12-31"}
"""


def run(*args: str) -> tuple[int, Any]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    out = result.stdout
    return result.exit_code, json.loads(out) if out.startswith(("{", "[")) else out


def diagnostics(model: str, project: Callable[..., Path]) -> list[tuple[str, int, int, str]]:
    project({"models/m.yaml": model})
    _, doc = run("validate", "--format", "json")
    return [(d["code"], d["line"], d["column"], d["message"]) for d in doc["diagnostics"]]


def test_a_model_with_per_field_sources_is_valid(project: Callable[..., Path]) -> None:
    assert diagnostics(MODEL, project) == []


def test_a_confirmed_fact_names_its_document(project: Callable[..., Path]) -> None:
    found = diagnostics(
        MODEL.replace('{document: "Báo cáo 2023", status: derived', "{status: derived"), project
    )
    assert found == [
        ("EAF203", 21, 17, "missing 'document': a derived fact names the document it comes from")
    ]
    # An assumption needs no document: the note says why it is assumed.
    assert (
        diagnostics(
            MODEL.replace("hosting: {status: assumed}", "hosting: {status: assumed, note: x}"),
            project,
        )
        == []
    )


def test_sources_name_fields_the_element_states(project: Callable[..., Path]) -> None:
    model = MODEL.replace(
        "      hosting: {status: assumed}\n",
        "      hosting: {status: assumed}\n"
        "      securty_level: {status: assumed}\n"
        "      description: {status: assumed}\n"
        "      users: {status: assumed}\n",
    ).replace("set: {hosting: cloud}", "set: {hosting: cloud, sources: {}}")
    found = diagnostics(model, project)
    assert found == [
        (
            "EAF202",
            27,
            7,
            "'sources' names 'securty_level': it is not a field of a system "
            "(did you mean 'security_level'?)",
        ),
        (
            "EAF202",
            28,
            7,
            "'sources' names 'description': it is not a fact with a source of its own",
        ),
        ("EAF217", 29, 7, "'sources' gives a source for 'users', which this system does not state"),
        ("EAF202", 35, 31, "a change cannot set 'sources': a change gives its own source"),
    ]


def facts_at(when: str) -> dict[str, Any]:
    code, doc = run("gaps", "--format", "json", "--fail-on", "never", "--at", when)
    assert code == 0, doc
    completeness = doc["completeness"]
    return {"all": completeness["facts"], "system": completeness["facts_by_kind"]["system"]}


def test_each_fact_counts_by_the_source_it_rests_on_at_the_date(
    project: Callable[..., Path],
) -> None:
    project({"models/m.yaml": MODEL})
    # 2024: name, category, owner, level 3 (uncertain), hosting (assumed), two scopes (one
    # derived, one falling back on the element's source).
    before = facts_at("2024-01-01")["system"]
    assert before == {
        "confirmed": 4,
        "derived": 1,
        "assumed": 1,
        "uncertain": 1,
        "unsourced": 0,
        "confirmed_share": 57.1,
    }
    # 2025-12-31: the owner rests on its change's confirmed source, the hosting on the
    # element's `sources` entry (its change names no source of its own).
    after = facts_at("2025-12-31")
    assert after["system"] == before
    # Organisations: name, level, type: 3 confirmed facts each; the plateaus name no source.
    assert after["all"]["confirmed"] == 4 + 6
    _, md = run("gaps", "--format", "md", "--fail-on", "never")
    assert (
        "Nguồn của 19 dữ kiện: 52.6% đã xác nhận (10 đã xác nhận, 1 suy ra, 1 giả định, "
        "1 chưa chắc chắn, 6 chưa có nguồn)." in md
    )


def test_an_unsourced_fact_is_counted_as_such(project: Callable[..., Path]) -> None:
    project(
        {
            "models/m.yaml": MODEL.replace(
                '    source: {document: "Báo Bình Dương, 04/04/2022", status: confirmed}\n', ""
            )
        }
    )
    system = facts_at("2024-01-01")["system"]
    assert (system["confirmed"], system["unsourced"]) == (0, 4)


def test_the_element_page_marks_values_that_are_not_confirmed(
    project: Callable[..., Path],
) -> None:
    from eaf.config import load_config
    from eaf.pipeline import load_project, site_input
    from eaf.site.generate import generate

    root = project({"models/m.yaml": MODEL})
    pages = generate(site_input(load_project(load_config(root)), at="2024-01-01"))
    page = pages["elements/cong.md"]
    rows = {line.split(" | ")[0]: line for line in page.splitlines() if line.startswith("| ")}
    assert rows["| Cấp độ an toàn thông tin"].endswith(
        '| <span class="eaf-assumed" title="level not published">chưa chắc chắn</span> |'
    )
    assert rows["| Nơi vận hành"].endswith('| <span class="eaf-assumed">giả định</span> |')
    # One scope of two is derived: the field shows its least sure fact.
    assert rows["| Phạm vi triển khai"].endswith(
        '| <span class="eaf-assumed" title="from the list of users">suy ra</span> |'
    )
    assert rows["| Đơn vị chủ quản"].endswith("|  |")  # confirmed: nothing to flag
    assert "<p>Cấp độ an toàn thông tin: " in page and "level not published" in page
