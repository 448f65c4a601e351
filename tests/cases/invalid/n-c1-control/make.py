"""U+009B inside a name."""

from __future__ import annotations

from pathlib import Path


def make(case: Path) -> None:
    text = "organizations:\n  - id: a\n    name: a\x9bb\n    level: province\n    type: tỉnh\n"
    (case / "models" / "a.yaml").write_bytes(text.encode())
