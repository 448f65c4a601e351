"""Imports: inventories (CSV, XLSX) and ArchiMate exchange files read into sheets of located
cells (`csv_`, `xlsx`, `archimate`), then into elements (`tabular`), then written as a model
file (`yaml_out`). Pure: bytes in, values and diagnostics out; nothing is ever evaluated (a
spreadsheet formula is an error, XML entities are not expanded)."""

from __future__ import annotations

from dataclasses import dataclass, field

from eaf.diagnostics import Location
from eaf.export.table import Cell


@dataclass(frozen=True, slots=True)
class Row:
    at: Location
    """The row (its first cell)."""
    cells: tuple[Cell, ...]
    where: tuple[Location, ...]
    """Each cell's place."""


@dataclass(slots=True)
class Sheet:
    """A table as read: its header and its rows, every cell located."""

    name: str
    """The table it holds: 'system', 'system.links' (the sheet's or file's name)."""
    label: str
    """How messages name it: "sheet 'system'", or '' for a file of its own."""
    header: tuple[Cell, ...]
    header_at: tuple[Location, ...]
    rows: list[Row] = field(default_factory=list)
    grid: bool = True
    """Whether places are spreadsheet cells (rows and columns) rather than lines of text."""


def cell_ref(row: int, col: int) -> str:
    """Spreadsheet reference of a cell: (12, 3) → 'C12'."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}"
