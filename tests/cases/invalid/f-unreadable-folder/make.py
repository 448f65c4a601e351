"""Creates the input files that cannot be committed as text."""

from __future__ import annotations

import os
from pathlib import Path


def make(case: Path) -> None:
    org = "organizations:\n  - id: {id}\n    name: A\n    level: province\n    type: tỉnh\n"
    (case / "models" / "a.yaml").write_text(org.format(id="a"), encoding="utf-8")
    locked = case / "models" / "locked"
    locked.mkdir()
    (locked / "b.yaml").write_text(org.format(id="b"), encoding="utf-8")
    os.chmod(locked, 0)
