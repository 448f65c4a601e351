"""Creates the input files that cannot be committed as text."""

from __future__ import annotations

from pathlib import Path


def make(case: Path) -> None:
    text = "organizations:\n  - id: a\n    name: Tỉnh\n    level: province\n    type: tỉnh\n"
    (case / "models" / "a.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode())
