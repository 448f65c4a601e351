"""XLSX: one workbook, a sheet per table (`system`, `system.links`, `service.changes`, …; see
eaf.export.table), the header row frozen. Text is written as text cells (never a formula, even
when it starts with '='; such cells are also marked as quoted, as Excel does for a typed
apostrophe), numbers and true/false as numbers and booleans.

The bytes are deterministic: the workbook's dates are fixed and the zip entries carry a fixed
time, so the same model gives the same file."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from eaf.export.csv_ import all_rows
from eaf.export.source import ExportSource
from eaf.export.table import Cell
from eaf.markup import looks_like_formula

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/'
    b'dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/'
    b'XMLSchema-instance"><dc:creator>eaf</dc:creator></cp:coreProperties>'
)


def _text(cell: Any, value: str) -> None:
    """A text cell, whatever the text looks like (openpyxl would take '=…' for a formula)."""
    cell.value = value
    cell.data_type = "s"


def _fill(ws: object, header: list[str], rows: list[list[Cell]]) -> None:
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(ws, Worksheet)
    bold = Font(bold=True)
    for col, key in enumerate(header, 1):
        cell = ws.cell(row=1, column=col)
        _text(cell, key)
        cell.font = bold
    for r, row in enumerate(rows, 2):
        for col, value in enumerate(row, 1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=col)
            if isinstance(value, str):
                _text(cell, value)
                if looks_like_formula(value):
                    cell.quotePrefix = True
            else:
                cell.value = value
    ws.freeze_panes = "A2"


def normalise(data: bytes) -> bytes:
    """The workbook with fixed times and metadata: same content, same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = CORE if info.filename == "docProps/core.xml" else src.read(info)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, body, compresslevel=6)
    return out.getvalue()


def workbook(tables: list[tuple[str, list[str], list[list[Cell]]]]) -> bytes:
    wb = Workbook()
    first = True
    for name, header, rows in tables:
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        ws.title = name
        _fill(ws, header, rows)
        first = False
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise(buffer.getvalue())


def write(source: ExportSource) -> dict[str, bytes]:
    tables: list[tuple[str, list[str], list[list[Cell]]]] = []
    for rows in all_rows(source):
        tables.append((rows.kind, rows.header(), rows.rows))
        for table, child in rows.children:
            tables.append((table.name, [c.key for c in table.columns], child))
    if not tables:
        tables.append(("eaf", ["id", "name"], []))
    return {"eaf.xlsx": workbook(tables)}
