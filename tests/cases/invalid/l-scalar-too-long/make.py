"""A description of 2 200 000 characters."""

from __future__ import annotations

from pathlib import Path


def make(case: Path) -> None:
    text = "organizations:\n  - id: a\n    name: A\n    level: province\n    type: tỉnh\n    description: "
    (case / "models" / "a.yaml").write_text(text + "y" * 2_200_000 + "\n", encoding="utf-8")
