"""Creates the input files that cannot be committed as text."""

from __future__ import annotations

import os
from pathlib import Path


def make(case: Path) -> None:
    ok = "organizations:\n  - id: a\n    name: A\n    level: province\n    type: tỉnh\n"
    (case / "models" / "a.yaml").write_text(ok, encoding="utf-8")
    os.mkfifo(case / "models" / "pipe.yaml")
