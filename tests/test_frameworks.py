"""Framework versions as data: each plateau is checked against the rules of the framework in force
on its date (2.0 for a 2022 baseline, 3.0 in 2024, 4.0 from 2025-03-25), without a date
repeated on every rule."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from eaf.cli import cli

FRAMEWORKS = """\
frameworks:
  - id: khung-2-0
    name: Khung Kiến trúc Chính phủ điện tử Việt Nam, phiên bản 2.0
    version: "2.0"
    legal_basis: QĐ 2323/QĐ-BTTTT
    lifecycle: {active: "2019-12-31", end_of_life: "2023-12-29"}
    successors: [khung-3-0]
  - id: khung-3-0
    name: Khung Kiến trúc Chính phủ điện tử Việt Nam, phiên bản 3.0
    version: "3.0"
    legal_basis: QĐ 2568/QĐ-BTTTT
    lifecycle: {active: "2023-12-29", end_of_life: "2025-03-25"}
    successors: [khung-4-0]
  - id: khung-4-0
    name: Khung kiến trúc Chính phủ số Việt Nam, phiên bản 4.0
    version: "4.0"
    legal_basis: QĐ 292/QĐ-BKHCN
    lifecycle: {active: "2025-03-25"}
"""

RULES = """\
rules:
  - id: r-muc-3-4
    name: Thủ tục trực tuyến mức độ 3, 4
    type: field
    frameworks: [khung-2-0]
    applies_to: kind:service
    require: online_level>=3
    legal_basis: QĐ 2323/QĐ-BTTTT
  - id: r-toan-trinh
    name: Thủ tục trực tuyến toàn trình
    type: field
    frameworks: [khung-3-0, khung-4-0]
    applies_to: kind:service
    require: online_full:true
    legal_basis: QĐ 2568/QĐ-BTTTT
  - id: r-ca-hai
    name: Thủ tục có mã
    type: field
    applies_to: kind:service
    require: procedure_code:*
    legal_basis: QĐ 2323/QĐ-BTTTT
"""

SERVICES = """\
services:
  - id: tthc-a
    name: Thủ tục A
    procedure_code: "1.0001"
    field: Hộ tịch
    handling_levels: [commune]
    online_level: 4
    changes: [{date: "2024-01-01", set: {online_full: false}}]
plateaus:
  - {id: hien-trang, name: Hiện trạng, kind: baseline, date: "2022-04-04"}
  - {id: giua-ky, name: Giữa kỳ, kind: transition, date: "2024-06-30"}
  - {id: muc-tieu, name: Mục tiêu, kind: target, date: "2025-12-31"}
"""


def run(*args: str) -> tuple[int, Any]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    out = result.stdout
    return result.exit_code, json.loads(out) if out.startswith(("{", "[")) else out


def rules_at(when: str) -> list[str]:
    code, out = run("query", "kind:rule", "--at", when, "--format", "ids")
    assert code == 0, out
    return str(out).split()


def test_the_rules_in_force_are_those_of_the_framework_of_the_day(
    project: Callable[..., Path],
) -> None:
    project({"models/khung.yaml": FRAMEWORKS + RULES, "models/tthc.yaml": SERVICES})
    assert rules_at("2022-04-04") == ["r-ca-hai", "r-muc-3-4"]
    assert rules_at("2023-12-28") == ["r-ca-hai", "r-muc-3-4"]
    # The day the next version is issued, the old one's rules stop and the new one's start.
    assert rules_at("2023-12-29") == ["r-ca-hai", "r-toan-trinh"]
    # A rule of two successive versions runs through both.
    assert rules_at("2026-01-01") == ["r-ca-hai", "r-toan-trinh"]


def test_each_plateau_is_checked_against_its_own_framework(project: Callable[..., Path]) -> None:
    project({"models/khung.yaml": FRAMEWORKS + RULES, "models/tthc.yaml": SERVICES})
    code, doc = run("check", "--format", "json")
    findings = sorted(
        (d["message"].split("rule '")[1].split("'")[0], d["message"].rsplit("[", 1)[1])
        for d in doc["diagnostics"]
        if d["code"] == "EAF501"
    )
    # 2022: level 4 meets 2.0's rule; 2024 and 2025: not full online breaks 3.0/4.0's rule.
    assert findings == [("r-toan-trinh", "plateaus: giua-ky, muc-tieu]")]
    assert code == 1


def test_the_framework_bounds_a_rule_with_dates_of_its_own(project: Callable[..., Path]) -> None:
    rules = RULES.replace(
        "    frameworks: [khung-2-0]\n",
        "    frameworks: [khung-2-0]\n"
        '    lifecycle: {active: "2015-01-01", end_of_life: "2023-01-01"}\n',
    )
    project({"models/khung.yaml": FRAMEWORKS + rules, "models/tthc.yaml": SERVICES})
    assert "r-muc-3-4" not in rules_at("2019-12-30")  # not before its framework
    assert "r-muc-3-4" in rules_at("2019-12-31")
    assert "r-muc-3-4" not in rules_at("2023-01-01")  # its own end comes first


def test_a_rule_never_in_force_is_an_error_at_its_frameworks(project: Callable[..., Path]) -> None:
    rules = RULES.replace(
        "    frameworks: [khung-2-0]\n",
        '    frameworks: [khung-2-0]\n    lifecycle: {active: "2024-01-01"}\n',
    )
    project({"models/khung.yaml": FRAMEWORKS + rules, "models/tthc.yaml": SERVICES})
    code, doc = run("validate", "--format", "json")
    found = [(d["code"], d["line"], d["column"]) for d in doc["diagnostics"]]
    line = (FRAMEWORKS + rules).splitlines().index("    frameworks: [khung-2-0]") + 1
    assert found == [("EAF315", line, 17)], doc["diagnostics"]
    assert "2019-12-31 – 2023-12-29" in doc["diagnostics"][0]["message"]
    assert code == 1


def test_frameworks_must_name_framework_versions(project: Callable[..., Path]) -> None:
    project(
        {
            "models/khung.yaml": FRAMEWORKS + RULES.replace("[khung-2-0]", "[r-ca-hai]"),
            "models/tthc.yaml": SERVICES,
        }
    )
    code, doc = run("validate", "--format", "json")
    assert [d["code"] for d in doc["diagnostics"]] == ["EAF302"]
    assert code == 1


def test_a_version_lists_its_rules_and_the_gaps_name_the_versions_that_changed(
    project: Callable[..., Path],
) -> None:
    project({"models/khung.yaml": FRAMEWORKS + RULES, "models/tthc.yaml": SERVICES})
    code, out = run("query", "khung-3-0+1,kind:rule", "--format", "ids")
    assert code == 0 and str(out).split() == ["r-toan-trinh"]
    code, doc = run("gaps", "--format", "json", "--fail-on", "never")
    items = {i["id"]: i["status"] for i in doc["plateau_gaps"]["items"] if i["kind"] == "framework"}
    assert items == {"khung-2-0": "removed", "khung-4-0": "added"}
    rules = {i["id"]: i["status"] for i in doc["plateau_gaps"]["items"] if i["kind"] == "rule"}
    assert rules == {"r-ca-hai": "kept", "r-muc-3-4": "removed", "r-toan-trinh": "added"}
    assert (doc["from"]["frameworks"], doc["to"]["frameworks"]) == (["khung-2-0"], ["khung-4-0"])
    code, md = run("gaps", "--format", "md", "--fail-on", "never", "--from", "giua-ky")
    assert (
        "Khung kiến trúc áp dụng: Khung Kiến trúc Chính phủ điện tử Việt Nam, phiên bản 3.0 → "
        "Khung kiến trúc Chính phủ số Việt Nam, phiên bản 4.0.\n" in md
    )
