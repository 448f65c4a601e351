"""An inventory in XLSX: every sheet read as a table, its first non-empty row the header.
Cells keep their types (text, numbers, true/false, dates). Nothing is evaluated: a formula is
an error, and the workbook's XML is parsed without entity expansion (defusedxml); a workbook
whose parts unpack to more than a limit is refused before it is opened."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from eaf import codes
from eaf.diagnostics import Diagnostic, Location
from eaf.export.table import Cell
from eaf.importers import Row, Sheet, cell_ref

UNPACKED_FACTOR = 40
"""A workbook may unpack to at most this many times the file size limit."""


def _check_zip(raw: bytes, rel: str, max_bytes: int) -> Diagnostic | None:
    if len(raw) > max_bytes:
        return codes.FILE_TOO_LARGE(
            f"file of {len(raw)} bytes is larger than the limit of {max_bytes} bytes",
            Location(rel, 1, 1),
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return codes.UNREADABLE_INPUT(f"not an XLSX workbook: {exc}", Location(rel, 1, 1))
    if unpacked > UNPACKED_FACTOR * max_bytes:
        return codes.UNREADABLE_INPUT(
            f"the workbook unpacks to {unpacked} bytes, more than the limit of "
            f"{UNPACKED_FACTOR * max_bytes}",
            Location(rel, 1, 1),
        )
    return None


def _value(cell: Any) -> tuple[Cell, str | None]:
    """A cell's value, or what is wrong with it."""
    value = cell.value
    kind = getattr(cell, "data_type", None)
    if kind == "f" or (
        isinstance(value, str) and kind not in ("s", "str", "inlineStr") and value.startswith("=")
    ):
        return None, "formula"
    if kind == "e":
        return None, f"error value {value}"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        if isinstance(value, dt.time):
            return value.isoformat(), None
        return value, None  # type: ignore[return-value]
    if value is None or isinstance(value, str | int | float | bool):
        return value, None
    return str(value), None


def read_xlsx(raw: bytes, rel: str, max_bytes: int) -> tuple[list[Sheet], list[Diagnostic]]:
    """Every sheet of a workbook; an empty list (and why) when it cannot be read."""
    problem = _check_zip(raw, rel, max_bytes)
    if problem is not None:
        return [], [problem]
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=False, data_only=False, keep_links=False)
    except Exception as exc:
        return [], [
            codes.UNREADABLE_INPUT(
                f"cannot read the workbook: {type(exc).__name__}: {exc}", Location(rel, 1, 1)
            )
        ]
    sheets: list[Sheet] = []
    diags: list[Diagnostic] = []
    try:
        for ws in book.worksheets:
            label = f"sheet '{ws.title}'"
            sheet: Sheet | None = None
            for number, cells in enumerate(ws.iter_rows(min_row=1, min_col=1), 1):
                values: list[Cell] = []
                where: list[Location] = []
                for col, cell in enumerate(cells, 1):
                    value, bad = _value(cell)
                    place = Location(rel, number, col)
                    if bad == "formula":
                        diags.append(
                            codes.FORMULA_CELL(
                                f"{label}, cell {cell_ref(number, col)}: holds a formula", place
                            )
                        )
                    elif bad is not None:
                        diags.append(
                            codes.CELL_SYNTAX(
                                f"{label}, cell {cell_ref(number, col)}: {bad}", place
                            )
                        )
                    values.append(value)
                    where.append(place)
                while values and (values[-1] is None or values[-1] == ""):
                    values.pop()
                    where.pop()
                values = [None if isinstance(v, str) and not v.strip() else v for v in values]
                if not any(v is not None for v in values):
                    continue
                if sheet is None:
                    sheet = Sheet(ws.title, label, tuple(values), tuple(where))
                    continue
                sheet.rows.append(Row(Location(rel, number, 1), tuple(values), tuple(where)))
            if sheet is None:
                sheet = Sheet(ws.title, label, (), ())
            sheets.append(sheet)
    except Exception as exc:
        return [], [
            codes.UNREADABLE_INPUT(
                f"cannot read the workbook: {type(exc).__name__}: {exc}", Location(rel, 1, 1)
            )
        ]
    finally:
        book.close()
    return sheets, diags
