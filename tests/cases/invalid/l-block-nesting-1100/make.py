"""A block sequence nested 1100 deep."""

from __future__ import annotations

from pathlib import Path


def make(case: Path) -> None:
    lines = ["x:"] + [" " * (2 * i) + "-" for i in range(1, 1100)]
    (case / "models" / "a.yaml").write_text("\n".join(lines) + " a\n", encoding="utf-8")
