"""CR-only line ends and a NUL byte on line 3."""

from __future__ import annotations

from pathlib import Path


def make(case: Path) -> None:
    text = "organizations:\r  - id: a\r    name: a\x00b\r    level: province\r    type: tỉnh\r"
    (case / "models" / "a.yaml").write_bytes(text.encode())
