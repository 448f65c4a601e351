"""A quoted name holding U+2028 (LINE SEPARATOR); the next line has an error."""

from __future__ import annotations

from pathlib import Path


def make(case: Path) -> None:
    text = 'organizations:\n  - id: a\n    name: "a\u2028b"\n    level: provinse\n    type: tỉnh\n'
    (case / "models" / "a.yaml").write_text(text, encoding="utf-8")
