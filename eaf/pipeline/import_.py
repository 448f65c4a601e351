"""`eaf import`: an inventory (CSV, XLSX) or an ArchiMate exchange file → a model file.

The file is read into sheets of located cells, each row into an element; the elements are
written as a model file in memory and checked by eaf's own validation together with the rest
of the model (the file `--out` replaces is left out of it), so an imported row meets every rule
a written one does. Each finding in the new file is reported at the cell it came from
(`FILE:ROW:COLUMN`). Nothing is written unless every row is good (or, with `partial`, the good
rows are written and the rest reported). An existing `--out` file is replaced only with
`force`, atomically, and not at all when the bytes would not change.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from eaf import codes
from eaf.config import Config
from eaf.diagnostics import Diagnostic, Diagnostics, Location, Severity
from eaf.load.discover import SourceFile, relative
from eaf.pipeline.load import Sources, UsageProblem, load_project, read_sources

FORMATS = ("csv", "xlsx", "archimate")
MAX_PASSES = 5


@dataclass(frozen=True, slots=True)
class ImportRequest:
    fmt: str
    file: Path
    out: Path
    kinds: tuple[str, ...] = ()
    """The kinds to import; empty: every kind the file holds (XLSX, ArchiMate), or the kind
    the CSV file is named after."""
    mapping: Path | None = None
    partial: bool = False
    force: bool = False


@dataclass(slots=True)
class ImportOutcome:
    out: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    elements: int = 0
    """Elements written (or that would have been)."""
    rejected: int = 0
    """Rows left out (with `partial`) or that stopped the import."""
    written: bool = False
    unchanged: bool = False
    stopped: str = ""
    """Why nothing was read or written ('the model has errors', …); '' otherwise."""

    @property
    def failed(self) -> bool:
        return Diagnostics(self.diagnostics).has_errors()


def read_mapping(path: Path | None) -> dict[str, str]:
    """`--map`: a TOML file of `"header" = "field"` lines ("" leaves a column out)."""
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageProblem(f"--map '{path}': {exc}") from None
    bad = [k for k, v in data.items() if not isinstance(v, str)]
    if bad:
        raise UsageProblem(f"--map '{path}': the value of '{bad[0]}' is not a field name (text)")
    return {str(k).strip(): str(v).strip() for k, v in data.items()}


def _kinds(request: ImportRequest) -> tuple[str, ...]:
    from eaf.export.table import kinds
    from eaf.suggest import did_you_mean

    known = kinds()
    for kind in request.kinds:
        if kind not in known:
            guess = did_you_mean(kind, known)
            raise UsageProblem(
                f"--kind '{kind}' is not a kind of element"
                + (f" (did you mean '{guess}'?)" if guess else "")
                + "; kinds: "
                + ", ".join(known)
            )
    if request.fmt == "csv" and not request.kinds:
        stem = request.file.name.removesuffix(".csv")
        if stem in known:
            return (stem,)
        raise UsageProblem(
            f"which kind does '{request.file.name}' hold? Pass --kind (one of: "
            + ", ".join(known)
            + ")"
        )
    if request.fmt == "csv" and len(request.kinds) > 1:
        raise UsageProblem("a CSV file holds one kind: pass one --kind")
    return request.kinds


def _sheets(
    request: ImportRequest, config: Config, kinds: Sequence[str], rel: str
) -> tuple[dict[str, tuple[Any, dict[str, Any]]], list[Diagnostic]]:
    """Per kind: its main sheet and its child sheets by list field."""
    from eaf.export.table import child_tables, fold
    from eaf.importers.csv_ import read_csv
    from eaf.importers.xlsx import read_xlsx
    from eaf.spec import SECTION_OF_KIND

    limit = config.limits.max_file_bytes
    raw = _read(request.file, rel)
    if isinstance(raw, Diagnostic):
        return {}, [raw]
    if request.fmt == "csv":
        kind = kinds[0]
        main, diags = read_csv(raw, rel, kind, limit)
        if main is None:
            return {}, diags
        children: dict[str, Any] = {}
        stem = request.file.name.removesuffix(".csv")
        for table in child_tables(kind):
            sibling = request.file.with_name(f"{stem}.{table.field}.csv")
            if sibling.is_file():
                sibling_rel = relative(sibling.absolute(), config.root)
                data = _read(sibling, sibling_rel)
                if isinstance(data, Diagnostic):
                    diags.append(data)
                    continue
                sheet, found = read_csv(data, sibling_rel, table.name, limit)
                diags.extend(found)
                if sheet is not None:
                    children[table.field or ""] = sheet
        return {kind: (main, children)}, diags
    if request.fmt == "xlsx":
        sheets, diags = read_xlsx(raw, rel, limit)
    else:
        from eaf.importers.archimate import read_archimate

        sheets, diags = read_archimate(raw, rel, limit)
    if not sheets:
        return {}, diags
    by_name: dict[str, Any] = {}
    for sheet in sheets:
        by_name.setdefault(fold(sheet.name).replace(" ", "_"), sheet)
    wanted = list(kinds) or [
        k for k in SECTION_OF_KIND if k in by_name or SECTION_OF_KIND[k] in by_name
    ]
    used: set[int] = set()
    out: dict[str, tuple[Any, dict[str, Any]]] = {}
    for kind in wanted:
        main = by_name.get(kind) or by_name.get(SECTION_OF_KIND[kind])
        if main is None and kinds and len(sheets) == 1:
            main = sheets[0]
        if main is None:
            raise UsageProblem(
                f"'{request.file.name}' has no sheet '{kind}'; its sheets: "
                + ", ".join(s.name for s in sheets)
            )
        used.add(id(main))
        children = {}
        for table in child_tables(kind):
            for name in (f"{kind}_{table.field}", f"{SECTION_OF_KIND[kind]}_{table.field}"):
                sheet = by_name.get(name)
                if sheet is not None:
                    children[table.field or ""] = sheet
                    used.add(id(sheet))
                    break
        out[kind] = (main, children)
    known_names = {
        name
        for kind, section in SECTION_OF_KIND.items()
        for name in (
            kind,
            section,
            *(f"{p}_{t.field}" for p in (kind, section) for t in child_tables(kind)),
        )
    }
    for sheet in sheets:
        name = fold(sheet.name).replace(" ", "_")
        if id(sheet) not in used and name not in known_names:
            where = sheet.header_at[0] if sheet.header_at else Location(rel, 1, 1)
            diags.append(
                codes.SHEET_IGNORED(
                    f"{sheet.label or sheet.name} is not read: it names no kind",
                    Location(where.path, 1, 1),
                )
            )
    return out, diags


def _read(path: Path, rel: str) -> bytes | Diagnostic:
    try:
        return path.read_bytes()
    except OSError as exc:
        return codes.UNREADABLE_INPUT(f"cannot read the file: {exc.strerror or exc}", Location(rel))


def _modeline(config: Config, out: Path) -> str:
    schema = config.schemas / "eaf-model.schema.json"
    return Path(os.path.relpath(schema.absolute(), out.absolute().parent)).as_posix()


@dataclass(slots=True)
class _Mapped:
    """The findings of a validation pass, moved from the written file to the cells."""

    diagnostics: list[Diagnostic]
    bad: set[int]
    """Indexes (in the element list) of the elements with errors."""


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


def _element_lines(text: str, rel: str, order: Sequence[tuple[str, int]]) -> list[tuple[int, int]]:
    """(first line, element index) of each element in the written text."""
    from eaf.load.positions import PositionMap

    positions = PositionMap(rel, text)
    out = []
    for index, (section, number) in enumerate(order):
        location, _ = positions.locate((section, number))
        out.append((location.line, index))
    return sorted(out)


def _move(
    diag: Diagnostic,
    rel: str,
    *,
    elements: Sequence[Any],
    order: Sequence[tuple[str, int]],
    lines: list[tuple[int, int]],
    labels: Mapping[Location, str],
) -> tuple[Diagnostic, int | None]:
    """A diagnostic of the written file at the cell its value came from."""
    index: int | None = None
    path: list[str | int] = []
    if diag.pointer:
        parts = [_unescape(p) for p in diag.pointer.split("/")[1:]]
        if len(parts) >= 2 and parts[1].isdigit():
            key = (parts[0], int(parts[1]))
            if key in order:
                index = order.index(key)
                path = [int(p) if p.isdigit() else p for p in parts[2:]]
    if index is None and diag.location is not None:
        before = [i for line, i in lines if line <= diag.location.line]
        index = before[-1] if before else (lines[0][1] if lines else None)
    if index is None:
        return diag, None
    element = elements[index]
    place = element.place(path)
    if place is element.at and path and all(isinstance(p, str) for p in path):
        # a key that is digits only (a property) is text in the cells
        place = element.place([str(p) for p in path])
    label = labels.get(place, "")
    related = tuple(
        r if r.path != rel else elements[_index_at(r.line, lines)].at
        for r in diag.related
        if r.path != rel or lines
    )
    message = f"{label}: {diag.message}" if label else diag.message
    return replace(diag, location=place, message=message, related=related, pointer=""), index


def _index_at(line: int, lines: list[tuple[int, int]]) -> int:
    before = [i for first, i in lines if first <= line]
    return before[-1] if before else lines[0][1]


def _validate(
    config: Config,
    base: Sources,
    *,
    rel: str,
    text: str,
    elements: Sequence[Any],
    order: Sequence[tuple[str, int]],
    missing: Mapping[str, set[str]],
    labels: Mapping[Location, str],
) -> _Mapped:
    source = SourceFile(rel, config.root / rel)
    sources = Sources([*base.files, (source, text.encode("utf-8"))], [])
    project = load_project(config, sources=sources, use_cache=True)
    lines = _element_lines(text, rel, order)
    out: list[Diagnostic] = []
    bad: set[int] = set()
    for diag in project.diagnostics.sorted():
        if diag.location is None or diag.location.path != rel:
            out.append(diag)
            continue
        moved, index = _move(diag, rel, elements=elements, order=order, lines=lines, labels=labels)
        if index is not None and diag.code == codes.MISSING_FIELD.id:
            field_name = diag.pointer.rsplit("/", 1)[-1]
            if field_name in missing.get(elements[index].kind, set()):
                bad.add(index)
                continue
        if index is not None and diag.severity is Severity.ERROR:
            bad.add(index)
        out.append(moved)
    return _Mapped(out, bad)


def import_file(config: Config, request: ImportRequest) -> ImportOutcome:
    """Read, check and (when every row is good, or with `partial`) write."""
    from eaf.importers.tabular import read_kind
    from eaf.importers.yaml_out import model_file

    kinds = _kinds(request)
    mapping = read_mapping(request.mapping)
    out_path = request.out.absolute()
    if out_path.suffix != ".yaml":
        raise UsageProblem(f"--out '{request.out}': a model file ends in .yaml")
    rel_in = relative(request.file.absolute(), config.root)
    rel_out = relative(out_path, config.root)
    outcome = ImportOutcome(request.out)
    sheets, diags = _sheets(request, config, kinds, rel_in)
    outcome.diagnostics.extend(diags)
    if not sheets:
        outcome.stopped = "the file could not be read"
        return outcome

    base = read_sources(config, config.models)
    base = Sources(
        [(s, raw) for s, raw in base.files if s.path.absolute() != out_path],
        [d for d in base.diagnostics if d.code != codes.NO_MODEL_FILES.id],
    )

    elements: list[Any] = []
    missing: dict[str, set[str]] = {}
    labels: dict[Location, str] = {}
    for kind, (main, children) in sheets.items():
        reading = read_kind(kind, main, children, mapping)
        outcome.diagnostics.extend(reading.diagnostics)
        elements.extend(reading.elements)
        missing[kind] = reading.missing
        labels.update(reading.labels)
    read_errors = {
        d.location for d in outcome.diagnostics if d.severity is Severity.ERROR and d.location
    }
    bad_rows = {
        i
        for i, e in enumerate(elements)
        if e.at in read_errors or any(place in read_errors for place in e.cells.values())
    }
    header_errors = any(
        d.severity is Severity.ERROR and d.code in _HEADER_CODES for d in outcome.diagnostics
    )

    keep = list(range(len(elements)))
    clean = False
    for _ in range(MAX_PASSES):
        chosen = [elements[i] for i in keep]
        text, order = _text(config, out_path, chosen, model_file)
        mapped = _validate(
            config,
            base,
            rel=rel_out,
            text=text,
            elements=chosen,
            order=order,
            missing=missing,
            labels=labels,
        )
        # A later pass finds what leaving rows out breaks (a row naming a row left out).
        outcome.diagnostics.extend(mapped.diagnostics)
        failing = {keep[i] for i in mapped.bad} | (bad_rows & set(keep))
        bad_rows |= failing
        clean = not failing
        if clean or not request.partial:
            break
        keep = [i for i in keep if i not in failing]
    outcome.rejected = len(bad_rows)
    outcome.elements = len(elements) - len(bad_rows)
    outcome.diagnostics = Diagnostics(outcome.diagnostics).sorted()
    if not keep and not outcome.failed:
        outcome.diagnostics.append(
            codes.UNREADABLE_INPUT(f"no rows to import in '{rel_in}'", Location(rel_in, 1, 1))
        )
    if header_errors or not keep or not clean or (outcome.failed and not request.partial):
        return outcome
    final = [elements[i] for i in keep]
    text, _ = _text(config, out_path, final, model_file)
    data = text.encode("utf-8")
    if out_path.exists() or out_path.is_symlink():
        try:
            current = out_path.read_bytes()
        except OSError:
            current = None
        if current == data:
            outcome.unchanged = True
            return outcome
        if not request.force:
            outcome.diagnostics.append(
                codes.OUTPUT_EXISTS(
                    f"'{rel_out}' exists and would change; nothing was written", Location(rel_out)
                )
            )
            return outcome
    from eaf.fsio import write_atomic

    write_atomic(out_path.resolve() if out_path.is_symlink() else out_path, data)
    outcome.written = True
    return outcome


_HEADER_CODES = frozenset(
    c.id for c in (codes.UNKNOWN_HEADER, codes.DUPLICATE_HEADER, codes.MISSING_COLUMN)
)


def _text(
    config: Config, out: Path, elements: Sequence[Any], model_file: Any
) -> tuple[str, list[tuple[str, int]]]:
    """The model file of the elements (kinds in section order, rows in file order), and the
    (section, index) each element is written at."""
    from eaf.spec import SECTION_OF_KIND

    by_kind: dict[str, list[Any]] = {}
    for element in elements:
        by_kind.setdefault(element.kind, []).append(element)
    sections = [(k, [e.data for e in by_kind[k]]) for k in SECTION_OF_KIND if k in by_kind]
    positions: dict[int, tuple[str, int]] = {}
    for kind in SECTION_OF_KIND:
        for number, element in enumerate(by_kind.get(kind, [])):
            positions[id(element)] = (SECTION_OF_KIND[kind], number)
    note = "Imported by `eaf import`; edit it like any model file."
    text = model_file(sections, modeline=_modeline(config, out), note=note)
    return text, [positions[id(e)] for e in elements]
