"""Time as a first-class dimension: one snapshot (Model.at) used by every check, view, query and
page; dated changes validated like fields; succession; checks across time. Each test is one
symptom that failed before the snapshot existed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from eaf.cli import cli
from eaf.config import load_config
from eaf.graph import element_json
from eaf.model import lifecycle_state
from eaf.pipeline import load_project

UNITS = """\
organizations:
  - {id: tinh, name: Tỉnh Mẫu, level: province, type: tỉnh}
  - {id: so-a, name: Sở A, level: department, type: sở, parent: tinh, lifecycle: {end_of_life: "2025-03-01"}, successors: [so-b]}
  - {id: so-b, name: Sở B, level: department, type: sở, parent: tinh, lifecycle: {active: "2025-03-01"}}
  - {id: huyen, name: Huyện A, level: district, type: huyện, parent: tinh, lifecycle: {end_of_life: "2025-07-01"}}
  - id: xa-a
    name: Xã A
    level: commune
    type: xã
    parent: huyen
    changes: [{date: "2025-07-01", set: {parent: tinh}}]
plateaus:
  - {id: hien-trang, name: Hiện trạng, kind: baseline, date: "2023-01-01"}
  - {id: muc-tieu, name: Mục tiêu, kind: target, date: "2025-12-31"}
"""


def run(*args: str) -> tuple[int, Any]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    out = result.stdout
    return result.exit_code, json.loads(out) if out.startswith(("{", "[")) else out


def diags(*args: str) -> list[tuple[str, int, str]]:
    _, doc = run(*args, "--format", "json")
    assert isinstance(doc, dict), doc
    return [(d["code"], d["line"], d["message"]) for d in doc["diagnostics"]]


# --- dated changes are validated like the fields they set ---------------------------------------


def test_a_change_that_names_an_unknown_owner_is_an_error_at_the_value(
    project: Callable[..., Path],
) -> None:
    project(
        {
            "models/units.yaml": UNITS,
            "models/sys.yaml": """\
                systems:
                  - id: cong
                    name: Cổng
                    category: portal
                    owner: so-a
                    changes:
                      - {date: "2025-03-01", set: {owner: so-bb}}
                """,
        }
    )
    found = diags("validate")
    assert ("EAF301", 7, "unknown element 'so-bb' in 'owner' (did you mean 'so-b'?)") in found


def test_a_change_that_makes_a_unit_its_own_parent_is_a_cycle(project: Callable[..., Path]) -> None:
    project(
        {
            "models/units.yaml": UNITS.replace(
                "set: {parent: tinh}}]",
                'set: {parent: tinh}}, {date: "2025-08-01", set: {parent: xa-a}}]',
            )
        }
    )
    assert [d for d in diags("validate") if d[0] == "EAF305"] == [
        ("EAF305", 11, "cycle in 'parent': xa-a → xa-a")
    ]


def test_a_misspelt_value_in_a_selector_set_by_a_change_is_an_error(
    project: Callable[..., Path],
) -> None:
    project(
        {
            "models/units.yaml": UNITS,
            "models/sys.yaml": """\
                systems:
                  - id: cong
                    name: Cổng
                    category: portal
                    changes:
                      - date: "2025-07-01"
                        set: {deployment: [{select: "kind:organization,level:comune"}]}
                """,
        }
    )
    (found,) = [d for d in diags("validate") if d[0] == "EAF402"]
    assert found[1] == 7 and "'comune' is not a value of 'level'" in found[2]


def test_dates_of_changes_and_scopes_are_checked(project: Callable[..., Path]) -> None:
    project(
        {
            "models/units.yaml": UNITS,
            "models/sys.yaml": """\
                systems:
                  - id: cong
                    name: Cổng
                    category: portal
                    lifecycle: {active: "2020-01-01", end_of_life: "2026-01-01"}
                    deployment:
                      - {select: "kind:organization,level:commune", since: "2025-01-01", until: "2024-01-01"}
                    changes:
                      - {date: "2019-06-01", set: {security_level: 2}}
                      - {date: "2024-01-01", set: {security_level: 3}}
                      - {date: "2024-01-01", set: {security_level: 4}}
                      - {date: "2024-02-01", set: {lifecycle: {end_of_life: "2027-01-01"}}}
                """,
        }
    )
    codes = {(d[0], d[1]) for d in diags("validate")}
    assert ("EAF214", 7) in codes  # a scope that ends before it starts
    assert ("EAF216", 9) in codes  # a change before the element's life starts
    assert ("EAF215", 11) in codes  # security_level set twice on 2024-01-01
    assert ("EAF202", 12) in codes  # a change cannot set the lifecycle


def test_life_starts_at_the_first_of_plan_phase_in_active(project: Callable[..., Path]) -> None:
    """A phase-out date is no start: an element known only by how it ends was in use before,
    so its changes before the phase-out are inside its life (EAF216 said otherwise)."""
    project(
        {
            "models/sys.yaml": """\
                systems:
                  - id: moi
                    name: Mới
                    category: portal
                    lifecycle: {plan: "2024-01-01", active: "2024-10-01"}
                    changes:
                      - {date: "2024-06-01", set: {security_level: 2}}
                      - {date: "2023-12-31", set: {security_level: 3}}
                  - id: cu
                    name: Cũ
                    category: portal
                    lifecycle: {phase_out: "2024-01-01", end_of_life: "2024-10-01"}
                    changes:
                      - {date: "2023-06-01", set: {security_level: 2}}
                      - {date: "2024-10-01", set: {security_level: 3}}
                """,
        }
    )
    found = [(line, message) for code, line, message in diags("validate") if code == "EAF216"]
    assert found == [
        (8, "a change of 'moi' is dated 2023-12-31, before the element's life starts (2024-01-01)"),
        (
            15,
            "a change of 'cu' is dated 2024-10-01, on or after the element's end of life (2024-10-01)",
        ),
    ]


def test_a_change_of_a_key_that_cannot_change_says_what_to_do_instead(
    project: Callable[..., Path],
) -> None:
    project(
        {
            "models/sys.yaml": """\
                systems:
                  - id: cong
                    name: Cổng
                    category: portal
                    changes:
                      - {date: "2024-01-01", set: {lifecycle: {end_of_life: "2025-01-01"}}}
                      - {date: "2024-02-01", set: {successors: [cong-moi], id: cong-moi}}
                """,
        }
    )
    _, doc = run("validate", "--format", "json")
    hints = {
        d["pointer"].rsplit("/", 1)[1]: d["hint"]
        for d in doc["diagnostics"]
        if d["code"] == "EAF202"
    }
    own_dates = (
        "Lifecycle and successors are the element's own dates: edit them on the element itself, "
        "not in changes."
    )
    assert hints == {
        "lifecycle": own_dates,
        "successors": own_dates,
        "id": "An id never changes: end the element (lifecycle end_of_life) and name the new one "
        "in its successors.",
    }


# --- one snapshot ----------------------------------------------------------------------------


RULES = """\
rules:
  - id: r-moi
    name: Quy tắc của khung mới
    type: field
    applies_to: kind:system
    require: security_level>=1
    legal_basis: QĐ mới
    lifecycle: {active: "2024-01-01"}
  - id: r-cu
    name: Quy tắc của khung cũ
    type: field
    applies_to: kind:system
    require: layer:x
    legal_basis: QĐ cũ
    lifecycle: {end_of_life: "2024-01-01"}
  - id: r-muc-do
    name: Quy tắc đổi mức độ
    type: field
    applies_to: kind:system
    require: hosting:cloud
    severity: warning
    legal_basis: QĐ
    changes: [{date: "2025-01-01", set: {severity: error}}]
systems:
  - {id: cong, name: Cổng, category: portal}
"""


def test_rules_follow_their_own_lifecycle_and_dated_changes(project: Callable[..., Path]) -> None:
    project({"models/units.yaml": UNITS, "models/rules.yaml": RULES})

    def rules_at(date: str) -> dict[str, str]:
        _, doc = run("check", "--at", date, "--format", "json")
        return {
            d["message"].split("rule '")[1].split("'")[0]: d["severity"]
            for d in doc["diagnostics"]
            if d["code"] == "EAF501"
        }

    # Before 2024 the new rule is not in force; the old one is.
    assert rules_at("2023-06-30") == {"r-cu": "error", "r-muc-do": "warning"}
    # In 2025 the old rule has ended and the third one has become an error.
    assert rules_at("2025-06-30") == {"r-moi": "error", "r-muc-do": "error"}


def test_coverage_groups_units_by_their_parent_on_the_date(project: Callable[..., Path]) -> None:
    project(
        {
            "models/units.yaml": UNITS,
            "models/kpi.yaml": """\
                kpis:
                  - {id: k, name: Xã có một cửa, type: coverage, units: "kind:organization,level:commune", by: "kind:channel", target: 100}
                channels:
                  - {id: mc, name: Một cửa, type: counter, deployment: [{select: "kind:organization,level:commune"}]}
                """,
        }
    )
    _, doc = run("gaps", "--format", "json")
    (unit,) = doc["coverage"]["units"]
    assert (unit["id"], unit["parent"]) == ("xa-a", "tinh")  # the district ended on 2025-07-01
    _, doc = run("gaps", "--at", "hien-trang", "--format", "json")
    assert doc["coverage"]["units"][0]["parent"] == "huyen"


def test_query_and_render_at_a_date(project: Callable[..., Path]) -> None:
    root = project(
        {
            "models/units.yaml": UNITS,
            "models/sys.yaml": """\
                systems:
                  - {id: cong, name: Cổng, category: portal, owner: so-a, changes: [{date: "2025-03-01", set: {owner: so-b}}]}
                """,
        }
    )
    assert run("query", "owner:so-b", "--format", "ids")[1] == ""
    assert run("query", "owner:so-b", "--at", "muc-tieu", "--format", "ids")[1] == "cong\n"
    assert run("query", "kind:organization", "--at", "2025-12-31", "--format", "ids")[1] == (
        "so-b\ntinh\nxa-a\n"
    )
    code, _ = run("render", "--view", "to-chuc", "--format", "dot", "--at", "muc-tieu")
    assert code == 0
    dot = (root / "build" / "diagrams" / "to-chuc.dot").read_text(encoding="utf-8")
    assert "Huyện A" not in dot and "Sở A" not in dot and "Sở B" in dot
    code, _ = run("render", "--view", "to-chuc", "--format", "dot")  # the baseline
    dot = (root / "build" / "diagrams" / "to-chuc.dot").read_text(encoding="utf-8")
    assert "Huyện A" in dot and "Sở A" in dot
    assert run("query", "kind:system", "--at", "muc-tieuu")[0] == 2


def test_before_its_first_date_an_element_does_not_exist_yet(project: Callable[..., Path]) -> None:
    """`future` before the first plan, phase_in or active date: in no snapshot, never drawn.
    Only an element whose plan date has come is `planned` (drawn dashed)."""
    root = project(
        {
            "models/units.yaml": UNITS.replace(
                "plateaus:",
                """\
  - {id: so-c, name: Sở C, level: department, type: sở, parent: tinh, lifecycle: {plan: "2022-06-01", active: "2025-03-01"}}
  - {id: so-d, name: Sở D, level: department, type: sở, parent: tinh, lifecycle: {}}
  - {id: so-e, name: Sở E, level: department, type: sở, parent: tinh, lifecycle: {phase_out: "2024-01-01"}}
plateaus:""",
            )
        }
    )
    model = load_project(load_config(root), use_cache=False).model
    assert model is not None
    states = {
        (i, day): lifecycle_state(model.elements[i], day)
        for i in ("so-b", "so-c", "so-d", "so-e")
        for day in ("2022-01-01", "2023-01-01", "2025-03-01")
    }
    assert states == {
        ("so-b", "2022-01-01"): "future",  # active from 2025-03-01, no plan date
        ("so-b", "2023-01-01"): "future",
        ("so-b", "2025-03-01"): "active",
        ("so-c", "2022-01-01"): "future",  # planned from 2022-06-01
        ("so-c", "2023-01-01"): "planned",
        ("so-c", "2025-03-01"): "active",
        ("so-d", "2022-01-01"): "active",  # no date at all: always there
        ("so-d", "2023-01-01"): "active",
        ("so-d", "2025-03-01"): "active",
        ("so-e", "2022-01-01"): "active",  # in use before its phase-out
        ("so-e", "2023-01-01"): "active",
        ("so-e", "2025-03-01"): "retired",
    }
    assert "so-b" not in model.at("2023-01-01", planned=True).elements
    assert "so-c" in model.at("2023-01-01", planned=True).elements
    assert "so-c" not in model.at("2023-01-01").elements
    # The baseline's organisation chart: Sở C planned (dashed), Sở B not there at all.
    assert run("render", "--view", "to-chuc", "--format", "dot")[0] == 0
    dot = (root / "build" / "diagrams" / "to-chuc.dot").read_text(encoding="utf-8")
    assert "Sở B" not in dot
    (line,) = [x for x in dot.splitlines() if "Sở C" in x]
    assert "dashed" in line
    assert (
        run("query", "kind:organization,level:department", "--at", "2023-01-01", "--format", "ids")[
            1
        ]
        == "so-a\nso-d\nso-e\n"
    )


# --- succession and checks across time ------------------------------------------------------


def test_succession_is_checked(project: Callable[..., Path]) -> None:
    extra = """\
  - {id: xa-b, name: Xã B, level: commune, type: xã, parent: tinh, successors: [xa-c]}
  - {id: xa-c, name: Xã C, level: commune, type: xã, parent: tinh, lifecycle: {active: "2026-01-01", end_of_life: "2027-01-01"}, successors: [{id: xa-d, share: partial}]}
  - {id: xa-d, name: Xã D, level: commune, type: xã, parent: tinh, lifecycle: {end_of_life: "2026-06-01"}, successors: [xa-c]}
  - {id: xa-e, name: Xã E, level: commune, type: xã, parent: tinh, lifecycle: {end_of_life: "2025-07-01"}, successors: [mc]}
channels:
  - {id: mc, name: Một cửa, type: counter}
"""
    project({"models/units.yaml": UNITS.replace("plateaus:", extra + "plateaus:")})
    found = {(code, line) for code, line, _ in diags("validate")}
    assert found == {
        ("EAF310", 12),  # xa-b names a successor but never ends
        ("EAF311", 13),  # xa-c's successor xa-d has ended when xa-c ends
        ("EAF305", 13),  # xa-c → xa-d → xa-c
        ("EAF309", 15),  # a channel cannot take over from a commune
    }


def test_references_to_ended_elements_and_unoffered_procedures(
    project: Callable[..., Path],
) -> None:
    project(
        {
            "models/units.yaml": UNITS,
            "models/more.yaml": """\
                systems:
                  - {id: cong, name: Cổng, category: portal, owner: so-a}
                services:
                  - id: cap-phep
                    name: Cấp phép
                    field: Xây dựng
                    handling_levels: [district]
                    offered_by: [{select: huyen}]
                """,
        }
    )
    found = {d[0]: d[2] for d in diags("check") if d[0] in ("EAF321", "EAF322", "EAF403")}
    assert found["EAF321"] == (
        "'owner' of 'cong' names 'so-a', which has ended (on 2025-03-01); its successor: so-b "
        "[plateau: muc-tieu]"
    )
    assert found["EAF322"].startswith("procedure 'cap-phep' is offered by no unit")
    assert "selects nothing" in found["EAF403"]


def test_gap_analysis_names_the_successors_and_no_idle_earlier_package(
    project: Callable[..., Path],
) -> None:
    project(
        {
            "models/units.yaml": UNITS,
            "models/wp.yaml": """\
                work_packages:
                  - {id: wp-cu, name: Nhiệm vụ cũ, delivers: [tinh], phase: hien-trang, status: done}
                  - {id: wp-muon, name: Nhiệm vụ muộn, delivers: [so-b], phase: muc-tieu, period: {start: "2024-01-01", end: "2026-06-30"}}
                """,
        }
    )
    _, text = run("gaps")
    assert "so-a" in text and "→ Sở B (toàn bộ)" in text
    assert "Nhiệm vụ không tạo ra thay đổi: —" in text  # wp-cu belongs to the baseline
    late = [d for d in diags("check") if d[0] == "EAF522"]
    assert late == [
        (
            "EAF522",
            3,
            "work package 'wp-muon' ends on 2026-06-30, after its phase 'muc-tieu' (2025-12-31)",
        )
    ]


# --- the snapshot equals the model a person would write for the date -----------------------


@settings(max_examples=60, deadline=None)
@given(
    changes=st.lists(
        st.tuples(
            st.sampled_from(["2020-01-01", "2021-06-30", "2022-01-01", "2023-12-31"]),
            st.sampled_from(["security_level", "owner", "hosting"]),
            st.integers(min_value=0, max_value=4),
        ),
        max_size=6,
    ),
    date=st.sampled_from(["2019-12-31", "2020-01-01", "2021-07-01", "2022-01-01", "2030-01-01"]),
)
def test_the_snapshot_is_the_model_written_for_that_date(
    tmp_path_factory: Any, changes: list[tuple[str, str, int]], date: str
) -> None:
    values = {
        "security_level": [1, 2, 3, 4, 5],
        "owner": ["so-a", "so-b", "tinh", "so-a", "tinh"],
        "hosting": ["cloud", "vendor", "on-premises", "provincial-dc", "unknown"],
    }
    # One change per field and date (two on one day are an error, tested above).
    seen: dict[tuple[str, str], int] = {}
    for day, field, pick in changes:
        seen.setdefault((day, field), pick)
    written = [
        f'{{date: "{day}", set: {{{field}: {values[field][pick]}}}}}'
        for (day, field), pick in seen.items()
    ]
    by_hand = {"security_level": 1, "owner": "tinh", "hosting": "cloud"}
    for (day, field), pick in sorted(seen.items()):
        if day <= date:
            by_hand[field] = values[field][pick]
    root = tmp_path_factory.mktemp("snap")
    (root / "eaf.toml").touch()
    (root / "models").mkdir()
    orgs = UNITS.split("plateaus:")[0].replace('lifecycle: {end_of_life: "2025-03-01"}, ', "")
    orgs = orgs.replace(', lifecycle: {active: "2025-03-01"}', "")
    (root / "models" / "a.yaml").write_text(
        orgs
        + "systems:\n  - {id: cong, name: Cổng, category: portal, security_level: 1, "
        + f"owner: tinh, hosting: cloud, changes: [{', '.join(written)}]}}\n",
        encoding="utf-8",
    )
    project = load_project(load_config(root), use_cache=False)
    assert not project.diagnostics.has_errors(), project.diagnostics.sorted()
    assert project.model is not None
    got = element_json(project.model.at(date).elements["cong"])
    assert {k: got.get(k) for k in by_hand} == by_hand


def test_a_finished_work_package_may_name_what_has_ended(project: Callable[..., Path]) -> None:
    """EAF321 is about the architecture of the day; a work package done, cancelled or whose
    period is over delivered with the agency of its time, so naming it is no finding."""
    project(
        {
            "models/units.yaml": UNITS,
            "models/wp.yaml": """\
                work_packages:
                  - {id: wp-xong, name: Xong, owner: so-a, status: done}
                  - {id: wp-huy, name: Hủy, owner: so-a, status: cancelled}
                  - {id: wp-qua, name: Đã qua, owner: so-a, status: in-progress, period: {start: "2024-01-01", end: "2024-12-31"}}
                  - {id: wp-dang, name: Đang làm, owner: so-a, status: in-progress, period: {start: "2024-01-01", end: "2026-06-30"}}
                  - {id: wp-sau, name: Sau, owner: so-a, changes: [{date: "2025-06-01", set: {status: done}}]}
                """,
        }
    )
    found = [message for code, _, message in diags("check") if code == "EAF321"]
    assert found == [
        "'owner' of 'wp-dang' names 'so-a', which has ended (on 2025-03-01); its successor: so-b "
        "[plateau: muc-tieu]"
    ]


def test_a_procedure_whose_every_scope_has_ended_is_offered_by_no_unit(
    project: Callable[..., Path],
) -> None:
    project(
        {
            "models/units.yaml": UNITS,
            "models/tthc.yaml": """\
                services:
                  - id: doi-bang
                    name: Đổi giấy phép lái xe
                    field: Giao thông
                    handling_levels: [province]
                    offered_by: [{select: so-a, until: "2025-03-01"}]
                """,
        }
    )
    found = [d for d in diags("check") if d[0] == "EAF322"]
    assert found == [
        (
            "EAF322",
            6,
            "procedure 'doi-bang' is offered by no unit (every scope of its offer has ended) "
            "[plateau: muc-tieu]",
        )
    ]


def test_a_package_is_credited_only_with_changes_in_its_period(
    project: Callable[..., Path],
) -> None:
    """A 2020–2022 package that delivered a system is not credited with the system's change
    of 2025; a package is credited with what goes live the day after it ends."""
    project(
        {
            "models/units.yaml": UNITS,
            "models/wp.yaml": """\
                systems:
                  - id: qlvb
                    name: Quản lý văn bản
                    category: document-management
                    owner: so-a
                    changes: [{date: "2025-03-01", set: {owner: so-b}}]
                  - id: moi
                    name: Hệ thống mới
                    category: other
                    lifecycle: {active: "2024-07-01"}
                work_packages:
                  - id: wp-2022
                    name: Liên thông văn bản
                    delivers: [qlvb]
                    period: {start: "2020-01-01", end: "2022-12-31"}
                  - id: wp-moi
                    name: Xây dựng hệ thống mới
                    delivers: [moi]
                    period: {start: "2024-01-01", end: "2024-06-30"}
                """,
        }
    )
    _, doc = run("gaps", "--format", "json", "--fail-on", "never")
    items = {i["id"]: i for i in doc["plateau_gaps"]["items"]}
    assert items["qlvb"]["status"] == "changed" and items["qlvb"]["work_packages"] == []
    assert items["moi"]["work_packages"] == ["wp-moi"]
    assert "qlvb" in doc["plateau_gaps"]["uncovered"]
    assert doc["plateau_gaps"]["idle_work_packages"] == []  # wp-2022 ends before the span


def test_units_change_by_decision_not_by_work_packages(project: Callable[..., Path]) -> None:
    project({"models/units.yaml": UNITS})
    _, doc = run("gaps", "--format", "json", "--fail-on", "never")
    assert "so-a" in [i["id"] for i in doc["plateau_gaps"]["items"] if i["status"] == "removed"]
    assert doc["plateau_gaps"]["uncovered"] == []


def test_a_rule_of_two_framework_versions_is_no_reference_to_an_ended_one(
    project: Callable[..., Path],
) -> None:
    project(
        {
            "models/units.yaml": UNITS,
            "models/khung.yaml": """\
                frameworks:
                  - {id: k2, name: Khung 2.0, version: "2.0", legal_basis: QĐ 2323/QĐ-BTTTT, lifecycle: {active: "2019-12-31", end_of_life: "2023-12-29"}}
                  - {id: k3, name: Khung 3.0, version: "3.0", legal_basis: QĐ 2568/QĐ-BTTTT, lifecycle: {active: "2023-12-29"}}
                rules:
                  - {id: r-co-ten, name: Có tên, type: field, frameworks: [k2, k3], applies_to: kind:organization, require: "name:*", legal_basis: QĐ 2323/QĐ-BTTTT}
                """,
        }
    )
    assert [d for d in diags("check") if d[0] == "EAF321"] == []
