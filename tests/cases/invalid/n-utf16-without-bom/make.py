"""An ASCII-only model in UTF-16LE, without a BOM."""

from __future__ import annotations

from pathlib import Path


def make(case: Path) -> None:
    text = "organizations:\n  - id: a\n    name: A\n    level: province\n    type: xa\n"
    (case / "models" / "a.yaml").write_bytes(text.encode("utf-16-le"))
