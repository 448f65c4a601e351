"""Sheets of located cells → elements of one kind, each with the place of every value it holds.

Headers are matched to fields by key (`security_level`, `lifecycle.active`), by the field's
Vietnamese or English label (`Cấp độ an toàn thông tin`, `Security level`), compared without
case, diacritics or punctuation, or by a `--map` of header → key. Each cell is read as its
field's value (eaf.export.table); what cannot be read is a located diagnostic. Whether the
elements are valid (required fields, choices, references, cycles…) is decided afterwards, by
eaf's own validation of the file they make.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from eaf import codes
from eaf.diagnostics import Diagnostic, Location
from eaf.export.table import (
    CHANGE,
    CHANGES,
    ELEMENT,
    EMPTY,
    KEY,
    NULL,
    PROPERTIES,
    Cell,
    Column,
    Path,
    Problem,
    Table,
    child_tables,
    fold,
    from_cell,
    header_names,
    is_union,
    main_table,
    property_value,
    read_flow,
    value_form,
)
from eaf.importers import Row, Sheet, cell_ref
from eaf.suggest import did_you_mean


@dataclass(slots=True)
class Imported:
    """An element read from a row, with the place of each value it holds."""

    kind: str
    data: dict[str, Any]
    at: Location
    cells: dict[Path, Location] = field(default_factory=dict)

    def place(self, path: Iterable[str | int]) -> Location:
        """The cell of a value (or of the nearest enclosing value that came from a cell)."""
        path = tuple(path)
        while path:
            found = self.cells.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return self.at


@dataclass(slots=True)
class Reading:
    elements: list[Imported] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)
    """Required fields the main sheet has no column for (reported once, at its header)."""
    labels: dict[Location, str] = field(default_factory=dict)
    """How messages name each cell read: "sheet 'system', cell F12 ('owner')"."""


_PROPERTY = "property"


def _where(sheet: Sheet, at: Location) -> str:
    """'sheet 'system', cell C12' / 'cell C12': how a message names a cell."""
    if not sheet.grid:
        return sheet.label
    ref = f"cell {cell_ref(at.line, at.col)}"
    return f"{sheet.label}, {ref}" if sheet.label else ref


def _diag(problem: Problem, sheet: Sheet, at: Location, header: str) -> Diagnostic:
    return problem.code(
        f"{_where(sheet, at)} ('{header}'): {problem.message}", at, hint=problem.hint
    )


def map_headers(
    table: Table, sheet: Sheet, mapping: Mapping[str, str], *, properties: bool
) -> tuple[dict[int, Column | tuple[str, str]], list[Diagnostic]]:
    """Header index → the column it fills (or ('property', key)); problems with the header."""
    names = header_names(table)
    by_key = {c.key: c for c in table.columns}
    out: dict[int, Column | tuple[str, str]] = {}
    taken: dict[str, Location] = {}
    diags: list[Diagnostic] = []
    for index, raw in enumerate(sheet.header):
        at = sheet.header_at[index]
        if raw is None:
            continue
        text = str(raw).strip()
        key: str | None
        if text in mapping:
            key = mapping[text]
            if key == "":
                continue
        elif text in by_key or (properties and text.startswith(f"{PROPERTIES}.")):
            key = text
        else:
            found = names.get(fold(text), [])
            if len(found) > 1:
                diags.append(
                    codes.DUPLICATE_HEADER(
                        f"{_where(sheet, at)}: header '{text}' could name "
                        + " or ".join(f"'{k}'" for k in found),
                        at,
                    )
                )
                continue
            key = found[0] if found else None
        if key is None or (
            key not in by_key and not (properties and key.startswith(f"{PROPERTIES}."))
        ):
            guess = did_you_mean(text, [*by_key, *_labels(names)])
            message = f"{_where(sheet, at)}: header '{text}' names no field of {table.name}"
            if key is not None:
                message = (
                    f"{_where(sheet, at)}: --map names '{key}' for '{text}', which is no "
                    f"field of {table.name}"
                )
            if guess:
                message += f" (did you mean '{guess}'?)"
            diags.append(codes.UNKNOWN_HEADER(message, at))
            continue
        if key in taken:
            diags.append(
                codes.DUPLICATE_HEADER(
                    f"{_where(sheet, at)}: a second column for '{key}'", at, related=(taken[key],)
                )
            )
            continue
        taken[key] = at
        out[index] = by_key[key] if key in by_key else (_PROPERTY, key.split(".", 1)[1])
    return out, diags


def _labels(names: Mapping[str, list[str]]) -> list[str]:
    return [n for n in names if " " in n]


def _required(table: Table, kind: str) -> list[str]:
    """The columns a sheet must have: the element's id (and name, for a main table), the
    type of a rule or KPI and the fields every row needs."""
    if table.field is not None:
        return [
            ELEMENT,
            *(
                c.key
                for c in table.columns
                if c.form.required and len(c.path) == 1 and c.key not in (CHANGE, "value")
            ),
        ]
    keys = [c.key for c in table.columns if c.form.required and len(c.path) == 1]
    if is_union(kind):
        keys = [k for k in keys if k in ("id", "name", "type")]
    return keys


def _missing(
    table: Table, kind: str, sheet: Sheet, mapped: Mapping[int, Any]
) -> tuple[set[str], list[Diagnostic]]:
    have = {c.key for c in mapped.values() if isinstance(c, Column)}
    lost = [k for k in _required(table, kind) if k not in have]
    where = sheet.header_at[0] if sheet.header_at else Location(sheet.name, 1, 1)
    diags = [
        codes.MISSING_COLUMN(
            f"{sheet.label + ': ' if sheet.label else ''}no column for the required field "
            f"'{k}' of {table.name}",
            where,
        )
        for k in lost
    ]
    return set(lost), diags


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    target = data
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def _ordered(
    columns: Iterable[Column | tuple[str, str]], mapped: Mapping[int, Column | tuple[str, str]]
) -> list[tuple[int, Column | tuple[str, str]]]:
    """Header indexes in the table's column order (values are set in the order files show
    them), properties last by key."""
    order = {id(c): i for i, c in enumerate(columns)}
    fixed = sorted(
        ((i, c) for i, c in mapped.items() if isinstance(c, Column)),
        key=lambda ic: order[id(ic[1])],
    )
    props = sorted(
        ((i, c) for i, c in mapped.items() if not isinstance(c, Column)), key=lambda ic: str(ic[1])
    )
    return [*fixed, *props]


def _cells(row: Row, sheet: Sheet, mapped: Mapping[int, Any], diags: list[Diagnostic]) -> None:
    """Cells under no header are an error when they hold something."""
    for index, cell in enumerate(row.cells):
        if (
            index not in mapped
            and cell is not None
            and (index >= len(sheet.header) or sheet.header[index] is None)
        ):
            at = row.where[index]
            diags.append(
                codes.EXTRA_CELL(f"{_where(sheet, at)}: a value under no header: '{cell}'", at)
            )


def _read(
    row: Row,
    sheet: Sheet,
    ordered: list[tuple[int, Column | tuple[str, str]]],
    diags: list[Diagnostic],
    labels: dict[Location, str],
) -> tuple[dict[str, Any], dict[Path, Location]]:
    data: dict[str, Any] = {}
    cells: dict[Path, Location] = {}
    for index, column in ordered:
        cell: Cell = row.cells[index] if index < len(row.cells) else None
        at = row.where[index] if index < len(row.where) else row.at
        if isinstance(column, Column):
            value, problem = from_cell(cell, column.form)
            path: tuple[str, ...] = column.path
            header = column.key
        else:
            value, problem = property_value(cell)
            path = (PROPERTIES, column[1])
            header = f"{PROPERTIES}.{column[1]}"
        if problem is not None:
            diags.append(_diag(problem, sheet, at, header))
        labels[at] = f"{_where(sheet, at)} ('{header}')"
        if not path:
            continue
        cells[path] = at  # an empty cell too: a missing value is reported there
        if value is not None:
            _set(data, path, value)
    labels.setdefault(row.at, _where(sheet, row.at))
    return data, cells


def read_kind(
    kind: str,
    main: Sheet,
    children: Mapping[str, Sheet],
    mapping: Mapping[str, str],
) -> Reading:
    """The elements of one kind: the main sheet's rows, with the rows of its child sheets
    (by list field: 'links', 'changes', …) joined to them by their `element` column."""
    reading = Reading()
    table = main_table(kind)
    mapped, diags = map_headers(table, main, mapping, properties=True)
    reading.diagnostics.extend(diags)
    reading.missing, diags = _missing(table, kind, main, mapped)
    reading.diagnostics.extend(diags)
    ordered = _ordered(table.columns, mapped)
    by_id: dict[str, Imported] = {}
    for row in main.rows:
        _cells(row, main, mapped, reading.diagnostics)
        data, cells = _read(row, main, ordered, reading.diagnostics, reading.labels)
        if not data:
            continue
        element = Imported(kind, data, cells.get(("id",), row.at), cells)
        reading.elements.append(element)
        if isinstance(data.get("id"), str):
            by_id.setdefault(data["id"], element)
    for child in child_tables(kind):
        sheet = children.get(child.field or "")
        if sheet is None:
            continue
        _read_child(kind, child, sheet, mapping=mapping, by_id=by_id, reading=reading)
    return reading


def _read_child(
    kind: str,
    table: Table,
    sheet: Sheet,
    *,
    mapping: Mapping[str, str],
    by_id: Mapping[str, Imported],
    reading: Reading,
) -> None:
    mapped, diags = map_headers(table, sheet, mapping, properties=False)
    reading.diagnostics.extend(diags)
    lost, diags = _missing(table, kind, sheet, mapped)
    reading.diagnostics.extend(diags)
    if ELEMENT in lost:
        return
    field_key = table.field or ""
    element_index = next(i for i, c in mapped.items() if isinstance(c, Column) and c.key == ELEMENT)
    ordered = [(i, c) for i, c in _ordered(table.columns, mapped) if i != element_index]
    changes: dict[tuple[str, Any], int] = {}
    for row in sheet.rows:
        _cells(row, sheet, mapped, reading.diagnostics)
        at = row.where[element_index] if element_index < len(row.where) else row.at
        owner_cell = row.cells[element_index] if element_index < len(row.cells) else None
        owner = by_id.get(str(owner_cell).strip()) if owner_cell is not None else None
        if owner is None:
            guess = did_you_mean(str(owner_cell), list(by_id)) if owner_cell is not None else None
            message = (
                f"{_where(sheet, at)}: '{owner_cell}' is not the id of an element of {kind}"
                if owner_cell is not None
                else f"{_where(sheet, at)}: the row names no element"
            )
            if guess:
                message += f" (did you mean '{guess}'?)"
            reading.diagnostics.append(codes.ORPHAN_ROW(message, at))
            continue
        if field_key == CHANGES:
            _read_change(
                kind,
                sheet,
                row,
                ordered=ordered,
                owner=owner,
                changes=changes,
                diags=reading.diagnostics,
                labels=reading.labels,
            )
            continue
        if table.keyed:
            _read_keyed(
                kind, sheet, row, ordered=ordered, owner=owner, reading=reading, field_key=field_key
            )
            continue
        data, cells = _read(row, sheet, ordered, reading.diagnostics, reading.labels)
        items = owner.data.setdefault(field_key, [])
        base = (field_key, len(items))
        items.append(data)
        owner.cells[base] = row.at
        for path, place in cells.items():
            owner.cells[(*base, *path)] = place


def _read_keyed(
    kind: str,
    sheet: Sheet,
    row: Row,
    *,
    ordered: list[tuple[int, Column | tuple[str, str]]],
    owner: Imported,
    reading: Reading,
    field_key: str,
) -> None:
    """A row of a keyed table (`sources`): its `field` cell names the key."""
    key_index = next((i for i, c in ordered if isinstance(c, Column) and c.key == KEY), None)
    rest = [(i, c) for i, c in ordered if i != key_index]
    data, cells = _read(row, sheet, rest, reading.diagnostics, reading.labels)
    cell = row.cells[key_index] if key_index is not None and key_index < len(row.cells) else None
    at = row.where[key_index] if key_index is not None and key_index < len(row.where) else row.at
    names = _field_names(kind)
    text = str(cell).strip() if cell is not None else ""
    key = text if text in names.values() else names.get(fold(text), text)
    if not key:
        reading.diagnostics.append(
            codes.NULL_VALUE(f"{_where(sheet, at)} ('{KEY}'): the row names no field", at)
        )
        return
    base: Path = (field_key, key)
    owner.data.setdefault(field_key, {})[key] = data
    owner.cells[base] = at
    reading.labels[at] = f"{_where(sheet, at)} ('{KEY}')"
    for path, place in cells.items():
        owner.cells[(*base, *path)] = place


def _field_names(kind: str) -> dict[str, str]:
    """Folded spelling → field key, for the `field` column of dated changes."""
    table = main_table(kind)
    out: dict[str, str] = {}
    for spelling, keys in header_names(table).items():
        tops = {k.split(".", 1)[0] for k in keys}
        if len(tops) == 1:
            out[spelling] = tops.pop()
    for child in child_tables(kind):
        out.setdefault(fold(child.field or ""), child.field or "")
    return out


def _read_change(
    kind: str,
    sheet: Sheet,
    row: Row,
    *,
    ordered: list[tuple[int, Column | tuple[str, str]]],
    owner: Imported,
    changes: dict[tuple[str, Any], int],
    diags: list[Diagnostic],
    labels: dict[Location, str],
) -> None:
    values: dict[str, tuple[Cell, Location]] = {}
    for index, column in ordered:
        if isinstance(column, Column) and index < len(row.where):
            labels[row.where[index]] = f"{_where(sheet, row.where[index])} ('{column.key}')"
    labels.setdefault(row.at, _where(sheet, row.at))
    for index, column in ordered:
        if isinstance(column, Column):
            cell = row.cells[index] if index < len(row.cells) else None
            values[column.key] = (cell, row.where[index] if index < len(row.where) else row.at)
    number_cell, _ = values.pop(CHANGE, (None, row.at))
    field_cell, field_at = values.pop("field", (None, row.at))
    value_cell, value_at = values.pop("value", (None, row.at))
    date_cell = values.get("date", (None, row.at))[0]
    key = (str(owner.data.get("id")), number_cell if number_cell is not None else date_cell)
    items: list[dict[str, Any]] = owner.data.setdefault(CHANGES, [])
    if key not in changes:
        changes[key] = len(items)
        items.append({})
        owner.cells[(CHANGES, changes[key])] = row.at
    position = changes[key]
    change = items[position]
    base: Path = (CHANGES, position)
    columns = {c.key: c for _, c in ordered if isinstance(c, Column)}
    for name, (cell, at) in values.items():
        column = columns[name]
        value, problem = from_cell(cell, column.form)
        if problem is not None:
            diags.append(_diag(problem, sheet, at, name))
        if value is None:
            continue
        target = change
        for part in column.path[:-1]:
            target = target.setdefault(part, {})
        target.setdefault(column.path[-1], value)
        owner.cells.setdefault((*base, *column.path), at)
    if field_cell is None:
        return
    names = _field_names(kind)
    text = str(field_cell).strip()
    field_key = text if text in names.values() else names.get(fold(text))
    if field_key is None:
        guess = did_you_mean(text, sorted(set(names.values())))
        message = f"{_where(sheet, field_at)}: '{text}' is no field of {kind}"
        if guess:
            message += f" (did you mean '{guess}'?)"
        diags.append(codes.UNKNOWN_FIELD(message, field_at))
        return
    form = value_form(kind, field_key, owner.data.get("type"))
    written = value_cell.strip() if isinstance(value_cell, str) else None
    if written in (NULL, EMPTY):  # the field is emptied on that date
        value, problem = (None if written == NULL else []), None
    elif form is not None and form.form in ("scalar", "scalars"):
        value, problem = from_cell(value_cell, form)
    else:
        value, problem = read_flow(value_cell)
    if problem is not None:
        diags.append(_diag(problem, sheet, value_at, "value"))
        return
    if value is None and written != NULL:
        diags.append(
            codes.NULL_VALUE(
                f"{_where(sheet, value_at)}: the change of '{field_key}' has no value "
                f"(write {NULL} to empty the field)",
                value_at,
            )
        )
        return
    change.setdefault("set", {})[field_key] = value
    owner.cells[(*base, "set", field_key)] = value_at
    owner.cells.setdefault((*base, "set"), field_at)
