"""An inventory in CSV: UTF-8 (with or without a BOM), the first line the header, cells
separated by ',', ';' or a tab (whichever the header line uses most). A cell that starts with an
apostrophe followed by = + - @, a tab or a carriage return is read without the apostrophe (how
eaf's CSV export keeps such text from being read as a formula)."""

from __future__ import annotations

import csv
import io

from eaf import codes
from eaf.diagnostics import Diagnostic, Location
from eaf.importers import Row, Sheet
from eaf.load.text import decode
from eaf.markup import looks_like_formula

DELIMITERS = (",", ";", "\t")


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = [(first.count(d), -i, d) for i, d in enumerate(DELIMITERS)]
    return max(counts)[2]


def _cell(text: str) -> str | None:
    if text.startswith("'") and looks_like_formula(text[1:]):
        text = text[1:]
    return text if text.strip() else None


def read_csv(
    raw: bytes, rel: str, name: str, max_bytes: int
) -> tuple[Sheet | None, list[Diagnostic]]:
    """The sheet a CSV file holds; None (and why) when it cannot be read."""
    if len(raw) > max_bytes:
        return None, [
            codes.FILE_TOO_LARGE(
                f"file of {len(raw)} bytes is larger than the limit of {max_bytes} bytes",
                Location(rel, 1, 1),
            )
        ]
    text, diags = decode(raw, rel)
    if text is None:
        return None, [
            d
            if d.code != codes.NOT_UTF8.id
            else codes.NOT_UTF8(
                d.message,
                d.location,
                hint="Save the inventory as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8).",
            )
            for d in diags
        ]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    records: list[list[str]] = []
    try:
        records.extend(reader)
    except csv.Error as exc:
        return None, [
            codes.UNREADABLE_INPUT(f"not valid CSV: {exc}", Location(rel, reader.line_num or 1, 1))
        ]
    if not records:
        return None, [codes.UNREADABLE_INPUT("the file holds no header row", Location(rel, 1, 1))]
    header = tuple(_cell(c) for c in records[0])
    sheet = Sheet(name, "", header, tuple(Location(rel, 1, c) for c in range(1, len(header) + 1)))
    for number, record in enumerate(records[1:], 2):
        cells = tuple(_cell(c) for c in record)
        if not any(c is not None for c in cells):
            continue
        where = tuple(Location(rel, number, c) for c in range(1, len(cells) + 1))
        sheet.rows.append(Row(Location(rel, number, 1), cells, where))
    return sheet, []
