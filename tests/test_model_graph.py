"""Resolution (ids, references, cycles) and the graph built from the resolved model."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from eaf.cli import cli
from eaf.config import load_config
from eaf.pipeline import load_project

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "small"


def diags(root: Path) -> list[tuple[str, str, str]]:
    project = load_project(load_config(root))
    return [(str(d.location), d.code, d.message) for d in project.diagnostics]


def test_model_json_golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """build/model.json of a small model, byte for byte (set EAF_UPDATE_GOLDEN=1 to refresh)."""
    import shutil

    shutil.copytree(GOLDEN, tmp_path / "p", ignore=shutil.ignore_patterns("model.json"))
    monkeypatch.chdir(tmp_path / "p")
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    produced = (tmp_path / "p" / "build" / "model.json").read_text(encoding="utf-8")
    golden = GOLDEN / "model.json"
    if os.environ.get("EAF_UPDATE_GOLDEN"):
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_graph_edges_are_typed_and_sorted() -> None:
    project = load_project(load_config(GOLDEN))
    graph = project.graph
    assert graph is not None
    assert list(graph.nodes) == sorted(graph.nodes)
    edges = {(u, v, d["type"]) for u, v, d in graph.edges(data=True)}
    assert {
        ("so-tttt", "cong-dvc", "owns"),
        ("tinh", "huyen-a", "parent"),
        ("cong-dvc", "cong-quoc-gia", "interconnection"),
        ("lgsp", "dvc-quoc-gia", "via"),
        ("lgsp", "cong-dvc", "uses"),
        ("cong-dvc", "xa-a", "deployed-to"),
        ("xa-a", "khai-sinh", "offered-by"),
        ("xa-b", "khai-sinh", "offered-by"),
        ("cong-dvc", "khai-sinh", "portal"),
        ("wp-lgsp", "lgsp", "delivers"),
    } <= edges
    assert ("cong-dvc", "xa-b", "deployed-to") not in edges  # the exception
    deployed = graph.get_edge_data("cong-dvc", "xa-a")
    assert [d["since"] for d in deployed.values()] == ["2020-01-01"]


def test_ids_are_unique_across_files_case_insensitively(project: Callable[..., Path]) -> None:
    org = "organizations:\n  - id: {id}\n    name: X\n    level: province\n    type: tỉnh\n"
    root = project(
        {
            "models/a.yaml": org.format(id="mof"),
            "models/b.yaml": org.format(id="mof"),
            "models/c/d.yaml": "systems:\n  - id: s\n    name: S\n"
            "    category: ioc\n    owner: mof\n",
        }
    )
    assert diags(root) == [
        ("models/a.yaml:2:9", "EAF303", "id 'mof' is defined twice; also at models/b.yaml:2:9"),
        ("models/b.yaml:2:9", "EAF303", "id 'mof' is defined twice; also at models/a.yaml:2:9"),
    ]


def test_reference_errors_with_hints(project: Callable[..., Path]) -> None:
    root = project(
        {
            "models/a.yaml": """\
            organizations:
              - id: so-tttt
                name: Sở
                level: department
                type: sở
            systems:
              - id: s
                name: S
                category: ioc
                owner: so-tttx
                uses: [so-tttt]
            """,
        }
    )
    found = diags(root)
    assert found[0] == (
        "models/a.yaml:10:12",
        "EAF301",
        "unknown element 'so-tttx' in 'owner' (did you mean 'so-tttt'?)",
    )
    assert found[1] == (
        "models/a.yaml:11:12",
        "EAF302",
        "'so-tttt' is an organization, but 'uses' takes a platform",
    )


def test_cycles_are_reported_once_in_stable_order(project: Callable[..., Path]) -> None:
    org = "  - id: {i}\n    name: {i}\n    level: district\n    type: huyện\n    parent: {p}\n"
    root = project(
        {
            "models/a.yaml": "organizations:\n"
            + org.format(i="c", p="a")
            + org.format(i="a", p="b")
            + org.format(i="b", p="c")
            + org.format(i="self", p="self"),
        }
    )
    assert diags(root) == [
        ("models/a.yaml:11:13", "EAF305", "cycle in 'parent': a → b → c → a"),
        ("models/a.yaml:21:13", "EAF305", "cycle in 'parent': self → self"),
    ]


def test_one_invalid_element_does_not_hide_the_rest(project: Callable[..., Path]) -> None:
    root = project(
        {
            "models/a.yaml": """\
            organizations:
              - id: tinh
                name: ~
                level: province
                type: tỉnh
              - id: huyen
                name: Huyện
                level: district
                type: huyện
                parent: tinh
                owner: nobody
            """,
        }
    )
    assert [(loc, code) for loc, code, _ in diags(root)] == [
        ("models/a.yaml:3:11", "EAF204"),  # the invalid element...
        ("models/a.yaml:11:12", "EAF301"),  # ...does not hide a real error next to it,
    ]  # and 'parent: tinh' is not reported as unknown


def test_scope_warnings(project: Callable[..., Path]) -> None:
    root = project(
        {
            "models/a.yaml": """\
            organizations:
              - id: xa
                name: Xã
                level: commune
                type: xã
            systems:
              - id: s
                name: S
                category: ioc
                deployment:
                  - select: level:district
                  - select: level:commune
                    except: [s]
            """,
        }
    )
    assert [(loc, code) for loc, code, _ in diags(root)] == [
        ("models/a.yaml:11:17", "EAF403"),
        ("models/a.yaml:13:18", "EAF308"),
    ]
    # Validation skips the per-unit edges, or the whole networkx graph, but must find exactly
    # the same.
    config = load_config(root)
    full = load_project(config).diagnostics.sorted()
    lean = load_project(config, scope_edges=False)
    assert lean.diagnostics.sorted() == full
    assert not any(d["type"] == "deployed-to" for _, _, d in lean.graph.edges(data=True))
    plain = load_project(config, graph=False)
    assert plain.graph is None
    assert plain.diagnostics.sorted() == full


def test_dated_changes_are_checked_against_the_element(project: Callable[..., Path]) -> None:
    root = project(
        {
            "models/a.yaml": """\
            services:
              - id: s
                name: S
                field: Hộ tịch
                handling_levels: [commune]
                changes:
                  - date: "2022-01-01"
                    set: {online_levl: 4}
                  - date: "2023-01-01"
                    set: {online_level: 7}
            """,
        }
    )
    assert [(loc, code) for loc, code, _ in diags(root)] == [
        ("models/a.yaml:8:15", "EAF202"),
        ("models/a.yaml:10:29", "EAF209"),
    ]
    assert "did you mean 'online_level'" in diags(root)[0][2]


def test_shipped_model_builds_clean() -> None:
    project = load_project(load_config(HERE.parent))
    assert [str(d.location) + " " + d.message for d in project.diagnostics] == []
    assert project.model is not None and len(project.model) > 20
    assert json.dumps(project.stats)


def test_loading_leaves_the_garbage_collector_as_it_was(project: Callable[..., Path]) -> None:
    """A long-lived process (site serve) reloads the model: nothing may stay frozen or off."""
    import gc

    actor = "actors:\n  - {id: dan, name: Người dân, category: citizen}\n"
    root = project({"models/a.yaml": actor})
    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    for _ in range(2):
        assert load_project(load_config(root)).model is not None
    assert (gc.get_freeze_count(), gc.isenabled()) == (frozen, enabled)
