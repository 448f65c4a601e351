"""Creates the input files that cannot be committed as text."""

from __future__ import annotations

from pathlib import Path


def make(case: Path) -> None:
    (case / "models" / "a.yaml").write_text("x: " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
