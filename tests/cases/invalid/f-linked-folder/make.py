"""models/linked -> ../outside, which holds a model file."""

from __future__ import annotations

import os
from pathlib import Path


def make(case: Path) -> None:
    ok = "organizations:\n  - id: a\n    name: A\n    level: province\n    type: tỉnh\n"
    (case / "models" / "a.yaml").write_text(ok, encoding="utf-8")
    (case / "outside").mkdir()
    (case / "outside" / "o.yaml").write_text(ok.replace("id: a", "id: o"), encoding="utf-8")
    os.symlink(case / "outside", case / "models" / "linked")
