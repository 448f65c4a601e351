"""Creates the input files that cannot be committed as text."""

from __future__ import annotations

from pathlib import Path


def make(case: Path) -> None:
    line = "# " + "x" * 97 + "\n"
    (case / "models" / "a.yaml").write_text("organizations: []\n" + line * 62_000, encoding="utf-8")
