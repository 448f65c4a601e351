"""Creates the input files that cannot be committed as text."""

from __future__ import annotations

from pathlib import Path


def make(case: Path) -> None:
    text = "organizations:\n  - id: a\n    name: Café\n    level: province\n"
    (case / "models" / "a.yaml").write_bytes(text.encode("latin-1"))
