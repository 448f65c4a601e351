"""stub"""

from __future__ import annotations

from eaf.export import ExportSource


def write(source: ExportSource) -> dict[str, bytes]:
    return {}
