"""Exports: the architecture in the formats other tools read. Each format is one module with a
pure function from an `ExportSource` (a snapshot of the model, its graph and its views laid out)
to the bytes of the files it writes; `FORMATS` is the registry `eaf export` offers.

Every export is deterministic: sorted, no timestamps, no random ids, no absolute paths.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from eaf.export.source import DrawnView, ExportSource, element_data

__all__ = ["FORMATS", "DrawnView", "ExportSource", "Format", "element_data"]


Writer = Callable[[ExportSource], dict[str, bytes]]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    write: Writer
    default: str
    """Where it is written under build/export: a file name, or a folder name ending in '/'."""
    layout: bool = False
    """Needs Graphviz's layout of each view."""
    contexts: bool = False
    """Draws a context view per element too."""

    @property
    def folder(self) -> bool:
        return self.default.endswith("/")


def _registry() -> dict[str, Format]:
    from eaf.export import archimate, csv_, drawio, likec4, mermaid, structurizr, xlsx

    formats = [
        Format("archimate", archimate.write, "eaf.archimate.xml", layout=True),
        Format("likec4", likec4.write, "eaf.c4"),
        Format("mermaid", mermaid.write, "mermaid/", contexts=True),
        Format("structurizr", structurizr.write, "structurizr/", layout=True),
        Format("drawio", drawio.write, "eaf.drawio", layout=True),
        Format("csv", csv_.write, "csv/"),
        Format("xlsx", xlsx.write, "eaf.xlsx"),
    ]
    return {f.name: f for f in formats}


FORMATS: Mapping[str, Format] = _registry()
