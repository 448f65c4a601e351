"""CSV: a file per table (`system.csv`, `system.links.csv`, `service.changes.csv`, …; see
eaf.export.table), UTF-8 with a BOM so spreadsheets open Vietnamese intact, CRLF line ends
(RFC 4180). A cell a spreadsheet would read as a formula (starting with = + - @, also after
white space, or a tab or a line break: eaf.markup) is written after an apostrophe, which
`eaf import csv` removes again."""

from __future__ import annotations

import csv
import io

from eaf.export.source import ExportSource
from eaf.export.table import Cell, Rows, kinds, to_rows
from eaf.markup import csv_cell


def text_cell(cell: Cell) -> str:
    """A cell as CSV text, formula-safe."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        text = str(int(cell))
    else:
        text = str(cell)
    return csv_cell(text)


def table_csv(header: list[str], rows: list[list[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([text_cell(c) for c in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def all_rows(source: ExportSource) -> list[Rows]:
    """Every kind that has elements, as rows, in the order of a model file's sections."""
    out = []
    for kind in kinds():
        elements = source.elements(kind)
        if elements:
            out.append(to_rows(kind, [source.data(e) for e in elements]))
    return out


def write(source: ExportSource) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for rows in all_rows(source):
        files[f"{rows.kind}.csv"] = table_csv(rows.header(), rows.rows)
        for table, child in rows.children:
            files[f"{table.name}.csv"] = table_csv([c.key for c in table.columns], child)
    return files
