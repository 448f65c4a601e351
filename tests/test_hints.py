"""Each common mistake gets one diagnostic whose hint describes the right fix (not the opposite):
a table of mistake → expected code, message and hint."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from eaf.cli import cli

ORG = "organizations:\n  - id: tinh\n    name: Tỉnh\n    level: province\n    type: tỉnh\n"
SYSTEM = "systems:\n  - id: s\n{line}\n    owner: tinh\n    category: one-stop\n"


@pytest.mark.parametrize(
    ("line", "code", "message", "hint"),
    [
        # A quoted number in a number field: remove the quotes (quoting is what went wrong).
        (
            'security_level: "3"',
            "EAF205",
            "'security_level' must be a whole number, not text '3'",
            "Remove the quotes: write 3; quoted, it is text.",
        ),
        (
            "security_level: ba",
            "EAF205",
            "'security_level' must be a whole number, not text 'ba'",
            "Write a whole number, e.g. 3.",
        ),
        (
            "security_level: 2.5",
            "EAF205",
            "'security_level' must be a whole number, not a number 2.5",
            "Write a whole number, without a decimal point.",
        ),
        # A number in a text field: quote it.
        (
            "name: 2024",
            "EAF205",
            "'name' must be text, not a whole number 2024",
            'Quote it to keep it as text: "2024".',
        ),
        (
            "name: [a, b]",
            "EAF205",
            "'name' must be text, not a list",
            "Write one text value after the colon, not a list or a mapping.",
        ),
        # One text where a list is wanted.
        ("tags: lgsp", "EAF205", "'tags' must be a list, not text 'lgsp'", "Write a list: [lgsp]"),
        # A property fits no type: one diagnostic naming the types it may have.
        (
            "properties: {k: [1, 2]}",
            "EAF205",
            "'k' must be text, a number or true/false, not a list",
            "Write text, a number or true/false.",
        ),
        ("properties: {k: ~}", "EAF204", "'k' is empty", "Write a value after the colon."),
        # A date in the right form that is not a day.
        (
            "lifecycle: {active: 2025-02-30}",
            "EAF210",
            "'2025-02-30' is not a day of the calendar",
            "February 2025 has 28 days.",
        ),
        (
            "lifecycle: {active: 2025-13-01}",
            "EAF210",
            "'2025-13-01' is not a day of the calendar",
            "Months run from 01 to 12.",
        ),
        (
            "lifecycle: {active: 1/2/2025}",
            "EAF210",
            "'1/2/2025' is not a date written YYYY-MM-DD",
            "Write dates as YYYY-MM-DD, e.g. 2022-04-19.",
        ),
    ],
)
def test_one_diagnostic_with_the_right_hint(
    project: Callable[..., Path], line: str, code: str, message: str, hint: str
) -> None:
    name = "" if line.startswith("name:") else "    name: S\n"
    project({"models/a.yaml": ORG + SYSTEM.format(line=f"{name}    {line}")})
    result = CliRunner().invoke(cli, ["validate", "--no-cache", "--format", "json"])
    diags = json.loads(result.stdout)["diagnostics"]
    assert [(d["code"], d["message"]) for d in diags] == [(code, message)]
    assert diags[0]["line"] == (9 if name else 8)
    assert diags[0]["hint"].startswith(hint)
