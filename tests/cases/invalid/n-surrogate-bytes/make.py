"""CESU-style surrogate bytes in a name."""

from __future__ import annotations

from pathlib import Path


def make(case: Path) -> None:
    text = b"organizations:\n  - id: a\n    name: \xed\xa0\x80\n    level: province\n    type: t\xe1\xbb\x89nh\n"
    (case / "models" / "a.yaml").write_bytes(text)
