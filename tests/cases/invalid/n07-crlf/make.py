"""Creates the input files that cannot be committed as text."""

from __future__ import annotations

from pathlib import Path


def make(case: Path) -> None:
    text = "organizations:\r\n  - id: a\r\n    name: A\r\n    level: provinse\r\n    type: tỉnh\r\n    owner: nobody\r\n"
    (case / "models" / "a.yaml").write_bytes(text.encode())
