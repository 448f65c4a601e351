"""Decisions: an authority's decision about the architecture is an element of its own, with the
organisation that issued it and the elements it governs, in force over its lifecycle."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from eaf.cli import cli
from eaf.config import load_config
from eaf.graph import EdgeType, build_graph
from eaf.model import layer_of
from eaf.pipeline import load_project, site_input
from eaf.site.generate import generate

MODEL = """\
organizations:
  - id: tinh
    name: Tỉnh Mẫu
    level: province
    type: tỉnh
    lifecycle: {end_of_life: "2025-07-01"}
    successors: [tinh-moi]
  - {id: tinh-moi, name: Tỉnh Mới, level: province, type: tỉnh, lifecycle: {active: "2025-07-01"}}
systems:
  - {id: mot-cua, name: Hệ thống một cửa, category: one-stop, owner: tinh,
     lifecycle: {end_of_life: "2024-01-01"}}
decisions:
  - id: qd-1
    name: Quy chế vận hành hệ thống một cửa
    number: 1/QĐ-UBND
    issued: "2020-05-04"
    issued_by: tinh
    governs: [mot-cua]
    lifecycle: {active: "2020-05-04"}
plateaus:
  - {id: hien-trang, name: Hiện trạng, kind: baseline, date: "2021-01-01"}
  - {id: muc-tieu, name: Mục tiêu, kind: target, date: "2025-12-31"}
"""


def codes_at(date: str) -> list[tuple[str, str]]:
    result = CliRunner().invoke(cli, ["check", "--at", date, "--format", "json"])
    doc = json.loads(result.stdout)
    return [(d["code"], d["message"]) for d in doc["diagnostics"]]


def test_a_decision_links_its_issuer_and_what_it_governs(project: Callable[..., Path]) -> None:
    root = project({"models/a.yaml": MODEL})
    model = load_project(load_config(root)).model
    assert model is not None
    graph, _ = build_graph(model)
    edges = {(u, v, d["type"]) for u, v, d in graph.edges(data=True)}
    assert ("tinh", "qd-1", EdgeType.ISSUES) in edges
    assert ("qd-1", "mot-cua", EdgeType.GOVERNS) in edges


def test_the_issuer_is_a_fact_of_the_past_but_what_it_governs_must_exist(
    project: Callable[..., Path],
) -> None:
    project({"models/a.yaml": MODEL})
    found = codes_at("2025-12-31")
    # The province that issued it ended on 2025-07-01: still who issued it, no finding.
    assert not any("'issued_by'" in message for _, message in found), found
    # The system it governs ended in 2024 while the decision is in force: a finding.
    assert any(code == "EAF321" and "'governs' of 'qd-1'" in message for code, message in found), (
        found
    )


def test_an_issuer_that_did_not_exist_on_the_day_of_issue_is_a_finding(
    project: Callable[..., Path],
) -> None:
    # Issued in 2026 by the province that ended on 2025-07-01: its successor issued it.
    late = MODEL.replace('issued: "2020-05-04"', 'issued: "2026-02-01"')
    root = project({"models/a.yaml": late})
    result = CliRunner().invoke(cli, ["check", "--format", "json"])
    found = [d for d in json.loads(result.stdout)["diagnostics"] if "'issued_by'" in d["message"]]
    assert [(d["code"], d["message"]) for d in found] == [
        (
            "EAF321",
            "'issued_by' of 'qd-1' names 'tinh', which on 2026-02-01, the day the decision was "
            "issued, has ended (on 2025-07-01); its successor: tinh-moi",
        )
    ]
    line = next(n for n, text in enumerate(late.splitlines(), 1) if "issued_by:" in text)
    assert (found[0]["file"], found[0]["line"], found[0]["column"]) == ("models/a.yaml", line, 16)
    assert "existed and issued it on that day" in found[0]["hint"]
    # Issued before the province existed: "does not exist yet".
    early = MODEL.replace("issued_by: tinh\n", "issued_by: tinh-moi\n")
    (root / "models/a.yaml").write_text(early, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--format", "json"])
    messages = [d["message"] for d in json.loads(result.stdout)["diagnostics"]]
    assert (
        "'issued_by' of 'qd-1' names 'tinh-moi', which on 2020-05-04, the day the decision "
        "was issued, does not exist yet" in messages
    )


def test_the_issuer_is_checked_without_plateaus_and_cannot_change(
    project: Callable[..., Path],
) -> None:
    # The check is of the day of issue, not of a plateau: a model without plateaus gets it too.
    late = MODEL.replace('issued: "2020-05-04"', 'issued: "2026-02-01"')
    root = project({"models/a.yaml": late.split("plateaus:")[0]})
    found = [m for c, m in codes_all() if "'issued_by'" in m]
    assert len(found) == 1 and "has ended (on 2025-07-01)" in found[0], found
    # Who issued a decision, and when, are not dated changes: they are facts of that day.
    changed = MODEL.replace(
        "    governs: [mot-cua]\n",
        "    governs: [mot-cua]\n    changes:\n"
        '      - {date: "2021-01-01", set: {issued_by: tinh-moi}}\n',
    )
    (root / "models/a.yaml").write_text(changed, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert "error[EAF202] a change cannot set 'issued_by'" in result.output, result.output
    assert "Correct 'issued' and 'issued_by' on the decision itself" in result.output


def codes_all() -> list[tuple[str, str]]:
    result = CliRunner().invoke(cli, ["check", "--format", "json"])
    return [(d["code"], d["message"]) for d in json.loads(result.stdout)["diagnostics"]]


def test_an_unknown_issuer_is_an_error_with_a_suggestion(project: Callable[..., Path]) -> None:
    project({"models/a.yaml": MODEL.replace("issued_by: tinh", "issued_by: tinhh")})
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(MODEL.splitlines(), 1) if "issued_by:" in text)
    where = f"models/a.yaml:{line}:16"  # the value, after '    issued_by: '
    assert f"{where}: error[EAF301] unknown element 'tinhh' in 'issued_by'" in result.output
    assert "did you mean 'tinh'?" in result.output, result.output


def test_a_decision_is_counted_in_the_governance_layer_and_shown_on_its_page(
    project: Callable[..., Path],
) -> None:
    root = project({"models/a.yaml": MODEL})
    model = load_project(load_config(root)).model
    assert model is not None
    assert layer_of(model.elements["qd-1"]) == "governance"
    project_ = load_project(load_config(root))
    page = generate(site_input(project_, lang="vi"))["elements/qd-1.md"]
    assert "| Số hiệu | 1/QĐ&#45;UBND |" in page, page
    assert "| Cơ quan ban hành | [Tỉnh Mẫu](../elements/tinh.md) |" in page, page
    assert "| Điều chỉnh | [Hệ thống một cửa](../elements/mot-cua.md) |" in page, page
    assert "| 2020&#45;05&#45;04 | Có hiệu lực |" in page, page
    assert "**được ban hành bởi (1)**\n\n- [Tỉnh Mẫu](../elements/tinh.md)" in page, page
    english = generate(site_input(project_, lang="en"))["elements/qd-1.md"]
    assert "| Issued by | [Tỉnh Mẫu](../elements/tinh.md) |" in english, english
    assert "| 2020&#45;05&#45;04 | In force |" in english, english
