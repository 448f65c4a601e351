"""Creates the input files that cannot be committed as text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

UNIT = "organizations:\n  - id: tinh\n    name: Tỉnh\n    level: province\n    type: tỉnh\n"
SYSTEM = "systems:\n  - id: he-thong\n    name: Hệ thống\n    category: one-stop\n    owner: ubnd\n"
USES = (
    "systems:\n  - id: mot-cua\n    name: Một cửa\n    category: one-stop\n    owner: tinh\n"
    "    uses: [he-thong, khong-co]\n"
)


def make(case: Path) -> None:
    models = case / "models"
    models.mkdir(exist_ok=True)
    # Windows' Vietnamese code page writes tones as combining marks.
    (models / "a.yaml").write_bytes(unicodedata.normalize("NFD", UNIT).encode("cp1258"))
    (models / "b.yaml").write_bytes(SYSTEM.encode("utf-16"))
    (models / "c.yaml").write_text(USES, encoding="utf-8")
