"""Properties nested as block mappings, 70 levels in all."""

from __future__ import annotations

from pathlib import Path


def make(case: Path) -> None:
    lines = [
        "organizations:",
        "  - id: a",
        "    name: A",
        "    level: province",
        "    type: tỉnh",
        "    properties:",
    ]
    lines += [" " * (6 + 2 * i) + f"k{i}:" for i in range(70)]
    (case / "models" / "a.yaml").write_text("\n".join(lines) + " v\n", encoding="utf-8")
