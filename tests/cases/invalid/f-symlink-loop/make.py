"""a.yaml is valid; loop1.yaml and loop2.yaml link to each other."""

from __future__ import annotations

import os
from pathlib import Path


def make(case: Path) -> None:
    ok = "organizations:\n  - id: a\n    name: A\n    level: province\n    type: tỉnh\n"
    (case / "models" / "a.yaml").write_text(ok, encoding="utf-8")
    os.symlink("loop2.yaml", case / "models" / "loop1.yaml")
    os.symlink("loop1.yaml", case / "models" / "loop2.yaml")
