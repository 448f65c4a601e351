"""A comment holding U+2028 (LINE SEPARATOR) on line 1; an error on line 5."""

from __future__ import annotations

from pathlib import Path


def make(case: Path) -> None:
    text = "# ghi chú\u2028tiếp theo\norganizations:\n  - id: a\n    name: A\n    level: provinse\n    type: tỉnh\n"
    (case / "models" / "a.yaml").write_text(text, encoding="utf-8")
