"""A UTF-32 file with its BOM."""

from __future__ import annotations

from pathlib import Path


def make(case: Path) -> None:
    text = "organizations:\n  - id: a\n    name: A\n    level: province\n    type: tỉnh\n"
    (case / "models" / "a.yaml").write_bytes(text.encode("utf-32"))
