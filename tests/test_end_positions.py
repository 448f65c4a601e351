"""End positions: where a located key or value ends, in every report.

Lines and columns are 1-based and count Unicode code points; the end is the position just after
the last character (SARIF's convention: the end column is exclusive). A multi-line value ends on
its last line; a block scalar ends after its last non-blank character, not after the blank lines
libyaml gives it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from eaf.cli import cli

MODEL = {
    "models/orgs.yaml": """\
        organizations:
          - id: tinh
            name: Tỉnh Bình Dương
            level: province
            type: tỉnh
            colour: xanh
          - id: so-tttt
            name: Sở TT&TT
            level: province
            type: sở
            parent: tinh
          - id: huyen
            level: district
            type: huyện
        """,
    "models/systems.yaml": """\
        systems:
          - id: cong-dvc
            name: [Cổng dịch vụ công,
              tỉnh Bình Dương]
            category: public-service-portal
            owner: sở-tttt
            security_level: "ba
              bốn"
          - id: hcc
            name: Hệ thống một cửa
            category: one-stop
            owner: tinh
            security_level: |
              ba


          - id: qlvb
            name: !!str Quản lý văn bản
            category: document-management
            owner: tinh
            owner: tinh
        """,
}

# (file, code, line, column) → (end line, end column)
EXPECTED = {
    # An unknown field: the key, `colour`.
    ("models/orgs.yaml", "EAF202", 6, 5): (6, 11),
    # A missing field is about the whole list item: a point, no end.
    ("models/orgs.yaml", "EAF203", 12, 5): (None, None),
    # A wrong-type value written as a flow list over two lines: up to and including the `]`.
    ("models/systems.yaml", "EAF205", 3, 11): (4, 23),
    # An unknown reference with Vietnamese letters: 'sở-tttt' is 7 code points (9 bytes).
    ("models/systems.yaml", "EAF301", 6, 12): (6, 19),
    # A quoted value over two lines: up to and including the closing quote.
    ("models/systems.yaml", "EAF205", 7, 21): (8, 11),
    # A block scalar: after 'ba', not after the blank lines that follow it.
    ("models/systems.yaml", "EAF205", 13, 21): (14, 9),
    # The loader's own findings: the tag as written, the repeated key.
    ("models/systems.yaml", "EAF106", 18, 11): (18, 16),
    ("models/systems.yaml", "EAF107", 21, 5): (21, 10),
}


def test_end_positions_in_the_json_report(project: Callable[..., Path]) -> None:
    project(MODEL)
    result = CliRunner().invoke(cli, ["validate", "--format", "json"])
    assert result.exit_code == 1, result.output
    found = {
        (d["file"], d["code"], d["line"], d["column"]): (d["end_line"], d["end_column"])
        for d in json.loads(result.stdout)["diagnostics"]
    }
    assert found == EXPECTED


def test_end_positions_in_github_annotations(project: Callable[..., Path]) -> None:
    project(MODEL)
    result = CliRunner().invoke(cli, ["validate", "--format", "github"])
    lines = result.stdout.splitlines()
    flow = next(line for line in lines if "line=3," in line)
    assert flow.startswith(
        "::error file=models/systems.yaml,line=3,col=11,endLine=4,endColumn=23,title=EAF205::"
    )
    # No end known: no endLine or endColumn at all.
    missing = next(line for line in lines if "title=EAF203" in line)
    assert missing.startswith("::error file=models/orgs.yaml,line=12,col=5,title=EAF203::")


def test_tab_and_control_character_span_one_character(project: Callable[..., Path]) -> None:
    project(
        {
            "models/tab.yaml": "organizations:\n\t- id: tinh\n",
            "models/ctl.yaml": b"organizations:\n  - id: tinh\x07\n",
        }
    )
    result = CliRunner().invoke(cli, ["validate", "--format", "json"])
    found = {
        (d["code"], d["line"], d["column"], d["end_line"], d["end_column"])
        for d in json.loads(result.stdout)["diagnostics"]
    }
    assert ("EAF102", 2, 1, 2, 2) in found
    assert ("EAF115", 2, 13, 2, 14) in found
