"""Creates the input files that cannot be committed as text."""

from __future__ import annotations

import os
from pathlib import Path


def make(case: Path) -> None:
    ok = "organizations:\n  - id: a\n    name: A\n    level: province\n    type: tỉnh\n    owner: nobody\n"
    (case / "models" / "a.yaml").write_text(ok, encoding="utf-8")
    locked = case / "models" / "b.yaml"
    locked.write_text(ok.replace("id: a", "id: b"), encoding="utf-8")
    os.chmod(locked, 0)
