"""EAF312: a statistics code names one unit at a time. Codes are reused across time (a ward of
2025 keeps the code of one of its parts), so a clash is two units with one code on one day,
found on every day the set of units or their codes changes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from eaf.cli import cli

HEAD = """\
organizations:
  - {id: tinh, name: Tỉnh Mẫu, level: province, type: tỉnh, statistics_code: "74"}
"""


def validate(*args: str) -> tuple[int, list[dict[str, Any]]]:
    result = CliRunner().invoke(cli, ["validate", *args, "--format", "json"])
    doc = json.loads(result.stdout)
    return result.exit_code, [d for d in doc["diagnostics"] if d["code"] == "EAF312"]


def test_two_units_with_one_code_at_the_same_time_clash(project: Callable[..., Path]) -> None:
    project(
        {
            "models/units.yaml": HEAD
            + """\
  - {id: xa-a, name: Xã A, level: commune, type: xã, parent: tinh, statistics_code: "25741"}
  - id: xa-b
    name: Xã B
    level: commune
    type: xã
    parent: tinh
    statistics_code: "25741"
"""
        }
    )
    code, found = validate()
    assert code == 1
    assert [(d["file"], d["line"], d["column"], d["severity"]) for d in found] == [
        ("models/units.yaml", 9, 22, "error")
    ]
    assert found[0]["message"] == (
        "statistics code '25741' of 'xa-b' is also the code of 'xa-a', "
        "and both exist from before any of their dates"
    )
    assert found[0]["related"] == [{"file": "models/units.yaml", "line": 3, "column": 85}]
    assert "reused once its unit has ended" in found[0]["hint"]


def test_a_code_reused_after_its_unit_ends_is_fine(project: Callable[..., Path]) -> None:
    project(
        {
            "models/units.yaml": HEAD
            + """\
  - id: xa-cu
    name: Xã Cũ
    level: commune
    type: xã
    parent: tinh
    statistics_code: "25747"
    lifecycle: {end_of_life: "2025-07-01"}
    successors: [phuong-moi]
  - id: phuong-moi
    name: Phường Mới
    level: commune
    type: phường
    parent: tinh
    statistics_code: "25747"
    lifecycle: {plan: "2025-06-16", active: "2025-07-01"}
"""
        }
    )
    assert validate("--strict") == (0, [])


def test_a_new_unit_that_starts_before_the_old_one_ends_clashes(
    project: Callable[..., Path],
) -> None:
    project(
        {
            "models/units.yaml": HEAD
            + """\
  - id: phuong-moi
    name: Phường Mới
    level: commune
    type: phường
    parent: tinh
    statistics_code: "25747"
    lifecycle: {active: "2025-06-30"}
  - id: xa-cu
    name: Xã Cũ
    level: commune
    type: xã
    parent: tinh
    statistics_code: "25747"
    lifecycle: {end_of_life: "2025-07-01"}
"""
        }
    )
    _, found = validate()
    # The new unit is the second to hold the code, though it is written first.
    assert [(d["line"], d["message"]) for d in found] == [
        (
            8,
            "statistics code '25747' of 'phuong-moi' is also the code of 'xa-cu', "
            "and both exist on 2025-06-30",
        )
    ]


def test_a_dated_change_of_code_that_makes_a_clash_is_an_error_at_the_change(
    project: Callable[..., Path],
) -> None:
    project(
        {
            "models/units.yaml": HEAD
            + """\
  - {id: xa-a, name: Xã A, level: commune, type: xã, parent: tinh, statistics_code: "25741"}
  - id: xa-b
    name: Xã B
    level: commune
    type: xã
    parent: tinh
    statistics_code: "25744"
    changes:
      - {date: "2024-01-01", set: {statistics_code: "25741"}}
      - {date: "2024-06-01", set: {statistics_code: "25745"}}
      - {date: "2024-09-01", set: {statistics_code: "74"}}
"""
        }
    )
    _, found = validate()
    # Reported once per pair at the value that made it, though it lasts; the code of the
    # province is a clash too (codes of all levels share one catalogue of the office).
    assert [(d["line"], d["column"], d["message"]) for d in found] == [
        (
            11,
            53,
            "statistics code '25741' of 'xa-b' is also the code of 'xa-a', "
            "and both exist on 2024-01-01",
        ),
        (
            13,
            53,
            "statistics code '74' of 'xa-b' is also the code of 'tinh', "
            "and both exist on 2024-09-01",
        ),
    ]


def test_the_clash_is_shown_with_file_line_col(project: Callable[..., Path]) -> None:
    project(
        {
            "models/units.yaml": HEAD
            + """\
  - {id: xa-a, name: Xã A, level: commune, type: xã, parent: tinh, statistics_code: "25741"}
  - id: xa-b
    name: Xã B
    level: commune
    type: xã
    parent: tinh
    statistics_code: "25741"
    lifecycle: {active: "2023-04-10"}
"""
        }
    )
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert (
        "models/units.yaml:9:22: error[EAF312] statistics code '25741' of 'xa-b' is also the "
        "code of 'xa-a', and both exist on 2023-04-10"
    ) in result.stdout
    assert "see: models/units.yaml:3:85" in result.stdout
