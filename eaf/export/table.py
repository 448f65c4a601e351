"""Elements as tables, and tables back as elements: the layout shared by the CSV and XLSX
exports, their imports and the properties of the ArchiMate exchange file.

A kind is one main table (a row per element) and a child table per list-of-objects field
(`links`, `changes`, `successors`, `deployment`, `offered_by`, `reported`, `styles`), a row per
item, joined to its element by an `element` column, and per mapping of objects (`sources`, a row
per field it gives a source for, the field in a `field` column). In the main table:

- a field with one value (text, number, true/false, a choice, a reference) is one column;
- a list of such values is one column, the items one a line (ids and choices may also be
  separated by ',' or ';');
- a nested object (`source`, `lifecycle`, `one_stop`, `period`) is a column per field, named
  `source.document`, `lifecycle.active`, ...;
- `properties` are a column each, `properties.<key>`;
- anything else (a view's `rank_same`) is one cell of YAML flow text.

Dated changes are a child table with one row per field a change sets: `element`, `change` (its
number within the element), `date`, `field`, `value` (`null` or `[]` when the change empties
the field), `note`, `source.*`.

Pure: no files, no formats. Cells are text, numbers, booleans or empty (None).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import yaml

from eaf import codes
from eaf.codes import Code
from eaf.i18n import CATALOGUE
from eaf.load.scalars import plain_scalar
from eaf.spec import SECTION_OF_KIND
from eaf.spec.introspect import FieldForm, field_forms, section_shapes, union_tags

Cell = str | int | float | bool | None
Path = tuple[str | int, ...]

#: The fields every element has, placed after the fields of its kind.
_COMMON_TAIL = ("description", "owner", "tags", "source", "lifecycle")
_HEAD = ("id", "name", "name_en")
CHANGES = "changes"
ELEMENT = "element"
CHANGE = "change"
_CHANGE_FIELDS = ("date", "field", "value", "note")
PROPERTIES = "properties"
SOURCES = "sources"
KEY = "field"
"""The column of a keyed table (`sources`) that holds each row's key: the field it is about."""


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    """The header: 'level', 'lifecycle.active', 'properties.code'."""
    path: tuple[str, ...]
    """Where the value sits in the element (keys as written in a model file)."""
    form: FieldForm


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    """'system' for the main table, 'system.links' for a child table."""
    kind: str
    field: str | None
    """The list field a child table holds; None for the main table."""
    columns: tuple[Column, ...]
    keyed: bool = False
    """A table of a mapping (`sources`): each row's key in the `field` column."""

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


# --- the layout of a kind ------------------------------------------------------------------------


def kinds() -> tuple[str, ...]:
    """Every element kind, in the order of the sections of a model file."""
    return tuple(SECTION_OF_KIND)


def _forms(kind: str) -> dict[str, FieldForm]:
    """Every field any shape of the kind has, by key, in declaration order (the first shape
    that declares a key gives its form)."""
    out: dict[str, FieldForm] = {}
    for shape in section_shapes(SECTION_OF_KIND[kind]):
        for form in field_forms(shape):
            out.setdefault(form.key, form)
    return out


def is_union(kind: str) -> bool:
    """Whether the kind's shapes are told apart by a `type` column (rules, KPIs)."""
    return len(section_shapes(SECTION_OF_KIND[kind])) > 1


def field_order(kind: str) -> list[str]:
    """Field keys in the order tables and written files put them: id, name, name_en, the
    type of a rule or KPI, the kind's own fields, then description, owner, tags, source,
    lifecycle, and the lists of objects and properties last."""
    forms = _forms(kind)
    head = [k for k in _HEAD if k in forms]
    if is_union(kind):
        head.append("type")
    tail = [k for k in _COMMON_TAIL if k in forms]
    lists = [k for k, f in forms.items() if f.form in ("models", "keyed")]
    own = [k for k in forms if k not in head and k not in tail and k not in lists]
    own = [k for k in own if k != PROPERTIES]
    first = ("links", CHANGES, "successors", SOURCES)
    lists = [*first, *(k for k in lists if k not in first)]
    return [*head, *own, *tail, *[k for k in lists if k in forms], PROPERTIES]


def _flat(prefix: tuple[str, ...], form: FieldForm) -> list[Column]:
    """A field's columns: one, or one per field of a nested object."""
    if form.form == "model" and form.shape is not None:
        out = []
        for sub in field_forms(form.shape):
            if sub.form == "model" and sub.shape is not None:
                out.extend(_flat((*prefix, sub.key), sub))
            else:
                out.append(Column(".".join((*prefix, sub.key)), (*prefix, sub.key), sub))
        return out
    return [Column(".".join(prefix), prefix, form)]


def main_table(kind: str) -> Table:
    """The main table's fixed columns (the `properties.<key>` columns come from the data)."""
    forms = _forms(kind)
    if is_union(kind):
        tags = tuple(t for s in section_shapes(SECTION_OF_KIND[kind]) for t in union_tags(s))
        forms["type"] = FieldForm("type", "type", "scalar", True, scalar=tags, token=True)
    columns: list[Column] = []
    for key in field_order(kind):
        form = forms.get(key)
        if form is None or form.form in ("models", "keyed", "mapping"):
            continue
        columns.extend(_flat((key,), form))
    return Table(kind, kind, None, tuple(columns))


def _id_form() -> FieldForm:
    return next(f for f in field_forms(section_shapes("organizations")[0]) if f.key == "id")


def child_tables(kind: str) -> tuple[Table, ...]:
    """A table per list-of-objects field of the kind."""
    forms = _forms(kind)
    element = Column(ELEMENT, (), _id_form())
    out = []
    for key in field_order(kind):
        form = forms.get(key)
        if form is None or form.form not in ("models", "keyed") or form.shape is None:
            continue
        if form.form == "keyed":
            columns = [element, Column(KEY, (), FieldForm(KEY, KEY, "scalar", True, scalar=str))]
            for sub in field_forms(form.shape):
                columns.extend(_flat((sub.key,), sub))
            out.append(Table(f"{kind}.{key}", kind, key, tuple(columns), keyed=True))
            continue
        if key == CHANGES:
            columns = [
                element,
                Column(CHANGE, (), FieldForm(CHANGE, CHANGE, "scalar", False, scalar=int)),
            ]
            for sub in field_forms(form.shape):
                if sub.key == "set":
                    columns.append(
                        Column(
                            "field",
                            ("field",),
                            FieldForm("field", "field", "scalar", True, scalar=str),
                        )
                    )
                    columns.append(
                        Column("value", ("value",), FieldForm("value", "value", "other", True))
                    )
                else:
                    columns.extend(_flat((sub.key,), sub))
            out.append(Table(f"{kind}.{key}", kind, key, tuple(columns)))
            continue
        columns = [element]
        for sub in field_forms(form.shape):
            columns.extend(_flat((sub.key,), sub))
        out.append(Table(f"{kind}.{key}", kind, key, tuple(columns)))
    return tuple(out)


def tables(kind: str) -> tuple[Table, ...]:
    return (main_table(kind), *child_tables(kind))


def value_form(kind: str, key: str, type_: str | None = None) -> FieldForm | None:
    """The form of a field of the kind (of the shape whose `type` is `type_` for a rule or a
    KPI), for the value a dated change sets."""
    for shape in section_shapes(SECTION_OF_KIND[kind]):
        if type_ is not None and union_tags(shape) and type_ not in union_tags(shape):
            continue
        for form in field_forms(shape):
            if form.key == key:
                return form
    return None


# --- elements → rows -----------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    return str(value)


def flow(value: Any) -> str:
    """A value as one line of YAML flow text."""
    text = yaml.dump(
        value,
        Dumper=_FlowDumper,
        default_flow_style=True,
        allow_unicode=True,
        width=math.inf,
        sort_keys=False,
    )
    return text.removesuffix("\n...\n").strip()


class _FlowDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def to_cell(value: Any, form: FieldForm) -> Cell:
    """A field's value (as JSON data) as one cell."""
    if value is None or value in ([], {}):
        return None
    if form.form == "scalar":
        return value if isinstance(value, str | int | float | bool) else _text(value)
    if form.form == "scalars" and isinstance(value, list):
        return "\n".join(_text(v) for v in value)
    return flow(value)


def property_cell(value: Any) -> Cell:
    """A property's value as a cell: numbers and true/false as they are, text that would read
    as a number or a boolean in quotes (`"3"`)."""
    if isinstance(value, str):
        typed, _ = plain_scalar(value) if value else (value, None)
        if not isinstance(typed, str) or typed != value or value.strip() != value:
            return json.dumps(value, ensure_ascii=False)
        if value.startswith('"') and value.endswith('"'):
            return json.dumps(value, ensure_ascii=False)
        return value
    return value  # type: ignore[no-any-return]


def _dig(data: Mapping[str, Any], path: Iterable[str]) -> Any:
    value: Any = data
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


@dataclass(slots=True)
class Rows:
    """A kind's elements as rows: the main table's (with its property columns) and each child
    table's, in element order."""

    kind: str
    main: Table
    properties: list[str]
    rows: list[list[Cell]]
    children: list[tuple[Table, list[list[Cell]]]] = field(default_factory=list)

    def header(self) -> list[str]:
        return [c.key for c in self.main.columns] + [f"{PROPERTIES}.{k}" for k in self.properties]


def to_rows(kind: str, elements: Iterable[Mapping[str, Any]]) -> Rows:
    """Elements of one kind (their fields as JSON data, keys as in a model file) as rows."""
    items = list(elements)
    main = main_table(kind)
    keys = sorted({k for data in items for k in data.get(PROPERTIES) or {}})
    rows: list[list[Cell]] = []
    children: list[tuple[Table, list[list[Cell]]]] = [(t, []) for t in child_tables(kind)]
    for data in items:
        row = [to_cell(_dig(data, c.path), c.form) for c in main.columns]
        props = data.get(PROPERTIES) or {}
        row += [property_cell(props[k]) if k in props else None for k in keys]
        rows.append(row)
        for table, out in children:
            out.extend(_child_rows(kind, table, data))
    kept = [(t, r) for t, r in children if r]
    return Rows(kind, main, keys, rows, kept)


def _child_rows(kind: str, table: Table, data: Mapping[str, Any]) -> Iterator[list[Cell]]:
    element_id = data.get("id")
    if table.keyed:
        for key, item in (data.get(table.field or "") or {}).items():
            yield [
                element_id
                if c.key == ELEMENT
                else key
                if c.key == KEY
                else to_cell(_dig(item, c.path), c.form)
                for c in table.columns
            ]
        return
    items = data.get(table.field or "") or []
    for number, item in enumerate(items, 1):
        if table.field == CHANGES:
            first = True
            for key, value in (item.get("set") or {}).items():
                form = value_form(kind, key, data.get("type"))
                cells: list[Cell] = []
                for c in table.columns:
                    if c.key == ELEMENT:
                        cells.append(element_id)
                    elif c.key == CHANGE:
                        cells.append(number)
                    elif c.key == "field":
                        cells.append(key)
                    elif c.key == "value":
                        cells.append(_value_cell(value, form))
                    elif c.key == "date" or first:
                        cells.append(to_cell(_dig(item, c.path), c.form))
                    else:
                        cells.append(None)
                first = False
                yield cells
            continue
        yield [
            element_id if c.key == ELEMENT else to_cell(_dig(item, c.path), c.form)
            for c in table.columns
        ]


#: How a change's `value` cell says that a field is emptied (set to null or to no items).
NULL, EMPTY = "null", "[]"


def _value_cell(value: Any, form: FieldForm | None) -> Cell:
    if value is None:
        return NULL
    if value == []:
        return EMPTY
    if form is None or form.form not in ("scalar", "scalars"):
        return flow(value)
    return to_cell(value, form)


# --- cells → elements ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a cell cannot be read: the code's name in eaf.codes, a message and a hint."""

    code: Code
    message: str
    hint: str | None = None


_TRUE = {"true", "yes", "có", "đúng", "x", "1"}
_FALSE = {"false", "no", "không", "sai", "0"}
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _fold(text: str) -> str:
    """Lower case, without diacritics, runs of other characters as one space."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.split(r"[^0-9a-z]+", plain)).strip()


def choice_names(form: FieldForm) -> dict[str, str]:
    """Folded spelling → value for a closed field: its values and their vi/en labels."""
    values: list[str]
    if isinstance(form.scalar, tuple):
        values = [str(v) for v in form.scalar]
    elif isinstance(form.scalar, type) and issubclass(form.scalar, Enum):
        values = [str(m.value) for m in form.scalar]
    else:
        return {}
    out: dict[str, str] = {}
    group = "level" if form.key == "handling_levels" else form.key
    for value in values:
        out.setdefault(_fold(value), value)
    for value in values:
        entry = CATALOGUE.get(f"value.{group}.{value}")
        for text in (entry or {}).values():
            out.setdefault(_fold(text), value)
    return out


def _scalar(cell: Cell, form: FieldForm) -> tuple[Any, Problem | None]:
    """One value of a scalar field from a cell (not empty)."""
    kind = form.scalar
    if kind is bool:
        if isinstance(cell, bool):
            return cell, None
        text = _fold(str(cell)) if not isinstance(cell, int | float) else _text(cell)
        if text in _TRUE:
            return True, None
        if text in _FALSE:
            return False, None
        return None, Problem(codes.BOOLEAN_SPELLING, f"'{cell}' is not true or false")
    if kind is int:
        if isinstance(cell, bool):
            return None, Problem(
                codes.WRONG_TYPE, f"'{form.key}' must be a whole number, not {_text(cell)}"
            )
        if isinstance(cell, int):
            return cell, None
        if isinstance(cell, float) and cell.is_integer():
            return int(cell), None
        text = str(cell).replace(" ", "")
        if re.fullmatch(r"[-+]?\d+", text):
            return int(text), None
        return None, Problem(codes.WRONG_TYPE, f"'{form.key}' must be a whole number, not '{cell}'")
    if kind is float:
        if isinstance(cell, bool):
            return None, Problem(
                codes.WRONG_TYPE, f"'{form.key}' must be a number, not {_text(cell)}"
            )
        if isinstance(cell, int | float):
            return cell, None
        try:
            number = float(str(cell))
        except ValueError:
            return None, Problem(codes.WRONG_TYPE, f"'{form.key}' must be a number, not '{cell}'")
        if not math.isfinite(number):
            return None, Problem(codes.NON_FINITE, f"'{cell}' is not a finite number")
        return (int(number) if number.is_integer() and "." not in str(cell) else number), None
    names = choice_names(form)
    if names:
        text = _text(cell)
        found = names.get(_fold(text))
        if found is None:
            return text, None  # the schema names the allowed values
        return found, None
    if form.date and isinstance(cell, dt.datetime | dt.date):
        return _date_text(cell)
    if isinstance(cell, bool):
        return _text(cell), None
    if isinstance(cell, int | float):
        return _text(cell), Problem(
            codes.CELL_NUMBER,
            f"'{form.key}' is text but the cell holds the number {_text(cell)}",
            "Format the column as text in the spreadsheet: leading zeros and trailing "
            "decimals are lost in a number.",
        )
    text = str(cell)
    if form.date:
        match = _DMY.fullmatch(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return f"{year:04d}-{month:02d}-{day:02d}", None
    return text, None


def _date_text(cell: dt.date) -> tuple[Any, Problem | None]:
    if isinstance(cell, dt.datetime) and cell.time() != dt.time(0, 0):
        return None, Problem(codes.INVALID_DATE, f"'{cell.isoformat()}' is a time, not a date")
    day = cell.date() if isinstance(cell, dt.datetime) else cell
    return day.isoformat(), None


_SEPARATORS = re.compile(r"[\n,;]+")


def from_cell(cell: Cell, form: FieldForm) -> tuple[Any, Problem | None]:
    """A field's value from its cell; None for an empty cell."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None, None
    if isinstance(cell, str):
        # Stray spaces around a one-line value go; text over several lines is kept as it is.
        cell = unicodedata.normalize("NFC", cell if "\n" in cell else cell.strip())
    if form.form == "scalar":
        return _scalar(cell, form)
    if form.form == "scalars":
        if not isinstance(cell, str):
            items: list[Cell] = [cell]
        elif form.token:
            items = [i.strip() for i in _SEPARATORS.split(cell) if i.strip()]
        else:
            items = [i.strip() for i in cell.split("\n") if i.strip()]
        values = []
        for item in items:
            value, problem = _scalar(item, form)
            if problem is not None and value is None:
                return None, problem
            values.append(value)
        return values, None
    return read_flow(cell)


def read_flow(cell: Cell) -> tuple[Any, Problem | None]:
    """A cell of YAML flow text (`[a, b]`, `{kind: modern}`), read as eaf reads model files."""
    from eaf.load.yaml import parse_text

    if not isinstance(cell, str):
        return cell, None
    parsed = parse_text(f"v: {cell}\n", "<cell>")
    errors = [d for d in parsed.diagnostics if d.severity == "error"]
    if errors or not isinstance(parsed.data, dict):
        first = errors[0].message if errors else "not a value"
        return None, Problem(codes.CELL_SYNTAX, f"cannot read '{cell}' as YAML flow text: {first}")
    return parsed.data.get("v"), None


def property_value(cell: Cell) -> tuple[Any, Problem | None]:
    """A property from its cell: numbers and true/false as such, `"…"` as text."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None, None
    if not isinstance(cell, str):
        if isinstance(cell, float) and not math.isfinite(cell):
            return None, Problem(codes.NON_FINITE, "a property is not a finite number")
        return cell, None
    text = unicodedata.normalize("NFC", cell.strip())
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        try:
            loaded = json.loads(text)
        except ValueError:
            return text, None
        return (loaded, None) if isinstance(loaded, str) else (text, None)
    value, problem = plain_scalar(text)
    if problem is not None and isinstance(value, float):
        return None, Problem(codes.NON_FINITE, problem[1])
    return value, None


def header_names(table: Table) -> dict[str, list[str]]:
    """Folded header spelling → the column keys it may name: each column's key, its
    Vietnamese and English labels and, for a dotted column, every combination of its parts'."""
    out: dict[str, list[str]] = {}

    def names(part: str) -> list[str]:
        entry = CATALOGUE.get(f"field.{part}") or {}
        return [part, *entry.values()]

    for column in table.columns:
        parts = column.key.split(".")
        spellings = [""]
        for part in parts:
            spellings = [f"{s} {n}" for s in spellings for n in names(part)]
        for spelling in {_fold(s) for s in spellings}:
            keys = out.setdefault(spelling, [])
            if column.key not in keys:
                keys.append(column.key)
    return out


def fold(text: str) -> str:
    return _fold(text)
