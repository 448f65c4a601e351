"""Typed files → one Model: ids unique across files, every reference resolved to an element of
the expected kind, acyclic relations checked, selectors parsed. Every problem is reported."""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eaf import codes
from eaf.diagnostics import Diagnostic, Location, pointer_from_path
from eaf.frameworks import bind_frameworks
from eaf.load.positions import Path_, PositionMap, position_in_value
from eaf.model import Element, Model
from eaf.select import Selector, SelectorProblem, parse_selector, validate_methods
from eaf.spec import KIND_OF_SECTION, ModelFile
from eaf.spec.introspect import (
    closed_values,
    known_fields,
    typed_values,
    walk_list,
    walk_model,
)
from eaf.spec.types import RefTo
from eaf.statistics_codes import check_statistics_codes
from eaf.succession import check_successors
from eaf.suggest import did_you_mean


@dataclass(frozen=True, slots=True)
class TypedFile:
    rel: str
    spec: ModelFile
    positions: PositionMap
    invalid_ids: tuple[tuple[str, Path_], ...] = ()
    """Elements that failed validation: already reported, so references to them are not."""
    kept: dict[str, tuple[int, ...]] | None = None
    """For a partial file, the index in the file of each element kept, per section."""
    shells: tuple[tuple[Path_, Any], ...] = ()
    """Invalid elements' text fields (unvalidated): their references are checked too."""


def identity(element_id: str) -> str:
    """Ids are compared case-insensitively after NFC normalisation."""
    if element_id.isascii():  # the usual id: NFC changes nothing, casefold is lower
        return element_id.lower()
    return unicodedata.normalize("NFC", element_id).casefold()


def article(kind: str) -> str:
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind.replace('_', ' ')}"


def _takes(field: str, marker: RefTo) -> str:
    if not marker.kinds:
        return f"'{field}' takes the id of an element."
    return f"'{field}' takes the id of {' or '.join(article(k) for k in marker.kinds)}."


@functools.lru_cache(maxsize=8192)
def selector_problems(text: str, fields: frozenset[str]) -> tuple[SelectorProblem, ...]:
    """What is wrong with a selector text, given the fields selectors may read. Many elements,
    in many files, repeat a selector ("every commune"): its problems are found once."""
    selector, problems = parse_selector(text)
    if selector is None:
        return tuple(problems)
    return (
        *problems,
        *validate_methods(selector, fields),
        *unknown_kinds(selector),
        *unknown_values(selector),
    )


class Resolver:
    """Collects the elements of typed files, checks their references, selectors and acyclic
    relations, and keeps what it found in `diags`. Public for `eaf.pipeline.incremental`,
    which replays its checks over per-file summaries instead of typed files."""

    def __init__(
        self, files: Sequence[TypedFile], failed: Mapping[str, frozenset[str]] | None = None
    ) -> None:
        self.files = files
        # The ids each file that failed to load would define (read from its text): a reference
        # to one is a note, not an error, until that file loads.
        self.failed: dict[str, list[str]] = defaultdict(list)
        for rel, ids in sorted((failed or {}).items()):
            for element_id in ids:
                self.failed[identity(element_id)].append(rel)
        self.unchecked: dict[str, list[tuple[Location, str, str]]] = defaultdict(list)
        self.positions = {f.rel: f.positions for f in files}
        self.diags: list[Diagnostic] = []
        self.elements: dict[str, Element] = {}
        self.by_identity: dict[str, Element] = {}
        self.invalid = {identity(i) for f in files for i, _ in f.invalid_ids}

    def where(self, rel: str, path: Path_, *, at_key: bool = False) -> tuple[Location, str]:
        location, matched = self.positions[rel].locate(path, at_key=at_key)
        return location, pointer_from_path(matched)

    def collect(self) -> None:
        for f in self.files:
            for section, kind in KIND_OF_SECTION.items():
                for position, spec in enumerate(getattr(f.spec, section)):
                    index = f.kept[section][position] if f.kept and section in f.kept else position
                    element = Element(spec.id, kind, spec, f.rel, (section, index))
                    self.add(element)

    def clashes_with_invalid(self) -> None:
        """An element that failed validation (e.g. id 'MOF') still clashes with 'mof'."""
        for f in self.files:
            for element_id, path in f.invalid_ids:
                other = self.by_identity.get(identity(element_id))
                if other is None or other.id == element_id:
                    continue
                self.report_twice(
                    codes.DUPLICATE_ID_CASE,
                    (
                        f.rel,
                        (*path, "id"),
                        f"ids '{element_id}' and '{other.id}' differ only in case",
                    ),
                    (
                        other.file,
                        (*other.path, "id"),
                        f"ids '{element_id}' and '{other.id}' differ only in case",
                    ),
                )

    def add(self, element: Element) -> None:
        key = identity(element.id)
        first = self.by_identity.get(key)
        if first is None:
            self.by_identity[key] = element
            self.elements[element.id] = element
            return
        if first.id == element.id:
            code, same = codes.DUPLICATE_ID, ""
        else:
            code = codes.DUPLICATE_ID_CASE
            same = f" ('{first.id}' and '{element.id}' differ only in case)"
        self.report_twice(
            code,
            (element.file, (*element.path, "id"), f"id '{element.id}' is defined twice{same}"),
            (first.file, (*first.path, "id"), f"id '{first.id}' is defined twice{same}"),
        )

    def report_twice(
        self, code: codes.Code, a: tuple[str, Path_, str], b: tuple[str, Path_, str]
    ) -> None:
        """A clash reported at both places, so whichever file the architect opens shows it,
        each naming the other."""
        (here, here_pointer), (there, there_pointer) = self.where(*a[:2]), self.where(*b[:2])
        self.diags.append(
            code(f"{a[2]}; also at {there}", here, pointer=here_pointer, related=(there,))
        )
        self.diags.append(
            code(f"{b[2]}; also at {here}", there, pointer=there_pointer, related=(here,))
        )

    def references(self) -> None:
        fields = known_fields()
        # Acyclic relations (parent, part_of, extends) are single references: each element
        # points to at most one other, so a cycle check is a walk along pointers.
        acyclic: dict[str, dict[str, tuple[str, Path_]]] = defaultdict(dict)
        # The same relations as dated changes set them: relation → date → element → target.
        dated: dict[str, dict[str, dict[str, tuple[str | None, Path_]]]] = defaultdict(
            lambda: defaultdict(dict)
        )
        for element in self.elements.values():
            if element.spec.changes:
                self.changed_references(element, fields, dated)
            seen_lists: dict[Path_, set[str]] = {}
            for path, text, marker in walk_list(element.spec, element.path):
                if isinstance(marker, RefTo):
                    target = self.check_ref(element, path, text, marker)
                    self.listed_twice(element.file, path, text, seen_lists)
                    if target is not None and marker.acyclic:
                        acyclic[str(path[2])][element.id] = (target.id, path)
                else:
                    self.check_selector(element.file, path, text, fields)
            self.self_link(element)
        self.all_cycles(acyclic, dated)

    def listed_twice(
        self, rel: str, path: Path_, text: str, seen_lists: dict[Path_, set[str]]
    ) -> None:
        """An id listed twice in one list of an element of the file `rel` (`seen_lists`: the
        ids each of its lists has shown so far)."""
        if path[-1] != "except" and isinstance(path[-1], int):
            bucket = seen_lists.get(path[:-1])
            if bucket is None:
                bucket = seen_lists[path[:-1]] = set()
            if text in bucket:
                location, pointer = self.where(rel, path)
                self.diags.append(
                    codes.DUPLICATE_ITEM(
                        f"'{text}' is listed twice in '{path[-2]}'",
                        location,
                        pointer=pointer,
                    )
                )
            bucket.add(text)

    def self_link(self, element: Element) -> None:
        """An interconnection from an element to itself."""
        if element.kind == "interconnection":
            spec = element.spec
            if getattr(spec, "from_", None) == getattr(spec, "to", None):
                location, pointer = self.where(element.file, (*element.path, "to"))
                self.diags.append(
                    codes.SELF_LINK(
                        f"interconnection '{element.id}' links '{spec.to}' to itself",  # type: ignore[attr-defined]
                        location,
                        pointer=pointer,
                    )
                )

    def all_cycles(
        self,
        acyclic: dict[str, dict[str, tuple[str, Path_]]],
        dated: dict[str, dict[str, dict[str, tuple[str | None, Path_]]]],
    ) -> None:
        """Every acyclic relation checked as written and as each dated change sets it (also
        replayed from per-file summaries by `eaf.pipeline.incremental`)."""
        acyclic, dated = defaultdict(dict, acyclic), defaultdict(lambda: defaultdict(dict), dated)
        for relation in sorted(acyclic.keys() | dated.keys()):
            self.check_cycles(relation, acyclic[relation])
            # A dated change may close a cycle from its date on: check the relation as it is
            # on every date a change sets it.
            pointers = dict(acyclic[relation])
            for date in sorted(dated[relation]):
                for element_id, (target_id, at) in dated[relation][date].items():
                    if target_id is None:
                        pointers.pop(element_id, None)
                    else:
                        pointers[element_id] = (target_id, at)
                self.check_cycles(relation, dict(pointers))

    def changed_references(
        self,
        element: Element,
        fields: frozenset[str],
        dated: dict[str, dict[str, dict[str, tuple[str | None, Path_]]]],
    ) -> None:
        """The references and selectors a dated change sets are checked like the fields they
        set, at the place of the value; acyclic relations they set are kept by date."""
        cls = type(element.spec)
        for c, change in enumerate(element.spec.changes):
            typed = typed_values(cls, change.set)
            if not typed:
                continue
            prefix: Path_ = (*element.path, "changes", c, "set")
            for name in ACYCLIC_FIELDS & typed.keys():
                if typed[name] is None:
                    dated[name][change.date][element.id] = (None, (*prefix, name))
            shell = cls.model_construct(None, **typed)
            for path, text, marker in walk_model(shell, prefix):
                if not isinstance(marker, RefTo):
                    self.check_selector(element.file, path, text, fields)
                    continue
                target = self.check_ref(element, path, text, marker)
                if target is not None and marker.acyclic:
                    dated[str(path[len(prefix)])][change.date][element.id] = (target.id, path)

    def invalid_references(self) -> None:
        """References and selectors of elements that failed validation are still checked."""
        fields = known_fields()
        for f in self.files:
            for path, shell in f.shells:
                section = str(path[0])
                element = Element(
                    str(shell.__dict__.get("id") or ""),
                    KIND_OF_SECTION[section],
                    shell,
                    f.rel,
                    path,
                )
                for value_path, text, marker in walk_model(shell, path):
                    if isinstance(marker, RefTo):
                        self.check_ref(element, value_path, text, marker)
                    else:
                        self.check_selector(element.file, value_path, text, fields)

    def check_ref(self, element: Element, path: Path_, text: str, marker: RefTo) -> Element | None:
        target = self.elements.get(text)
        if (
            target is None
            and identity(text) in self.invalid
            and identity(text) not in self.by_identity
        ):
            return None
        if (
            target is None
            and identity(text) in self.failed
            and identity(text) not in self.by_identity
        ):
            location, pointer = self.where(element.file, path)
            self.unchecked[identity(text)].append((location, pointer, text))
            return None
        if target is None:
            alias = self.by_identity.get(identity(text))
            location, pointer = self.where(element.file, path)
            field = next((str(p) for p in reversed(path) if isinstance(p, str)), "value")
            if alias is not None:
                guess: str | None = alias.id
            else:
                pool = [
                    e.id
                    for e in self.elements.values()
                    if not marker.kinds or e.kind in marker.kinds
                ]
                guess = did_you_mean(text, pool, cutoff=80)
            msg = f"unknown element '{text}' in '{field}'"
            if guess:
                msg += f" (did you mean '{guess}'?)"
            self.diags.append(
                codes.UNKNOWN_REFERENCE(msg, location, pointer=pointer, hint=_takes(field, marker))
            )
            return None
        if marker.kinds and target.kind not in marker.kinds:
            location, pointer = self.where(element.file, path)
            field = next((str(p) for p in reversed(path) if isinstance(p, str)), "value")
            self.diags.append(
                codes.WRONG_KIND(
                    f"'{text}' is {article(target.kind)}, but '{field}' takes "
                    f"{' or '.join(article(k) for k in marker.kinds)}",
                    location,
                    pointer=pointer,
                    related=(self.where(target.file, (*target.path, "id"))[0],),
                )
            )
            return None
        return target

    def check_selector(self, rel: str, path: Path_, text: str, fields: frozenset[str]) -> None:
        """A selector's problems, at its place in the file `rel`."""
        for problem in selector_problems(text, fields):
            location, pointer = self.where(rel, path)
            location = self.shift(rel, location, problem.offset)
            code = codes.SELECTOR_SYNTAX if problem.kind == "syntax" else codes.SELECTOR_METHOD
            self.diags.append(
                code(
                    f"selector '{text}': {problem.message}",
                    location,
                    pointer=pointer,
                    hint=problem.hint,
                )
            )

    def shift(self, rel: str, location: Location, offset: int) -> Location:
        """Move a value's location to the character at `offset` in its value, where it is
        written: past an opening quote, escapes and folded line breaks."""
        text = self.positions[rel].text
        line, col = position_in_value(text, location.line, location.col, offset)
        return Location(location.path, line, col)

    def unchecked_notes(self) -> None:
        """One note per id that only a file that failed to load may define, at its first use."""
        for key, uses in sorted(self.unchecked.items()):
            location, pointer, text = min(uses, key=lambda u: (u[0].path, u[0].line, u[0].col))
            files = " or ".join(self.failed[key])
            others = len(uses) - 1
            more = f" ({others} more reference{'s' if others > 1 else ''} to it)" if others else ""
            self.diags.append(
                codes.REFERENCE_UNCHECKED(
                    f"'{text}' may be defined in {files}, which failed to load{more}",
                    location,
                    pointer=pointer,
                )
            )

    def check_cycles(self, relation: str, pointer_of: dict[str, tuple[str, Path_]]) -> None:
        done: set[str] = set()
        for start in sorted(pointer_of):
            walk: list[str] = []
            on_walk: set[str] = set()
            node: str | None = start
            while node is not None and node not in done and node not in on_walk:
                walk.append(node)
                on_walk.add(node)
                node = pointer_of[node][0] if node in pointer_of else None
            done.update(walk)
            if node is None or node not in on_walk:
                continue
            loop = walk[walk.index(node) :]
            # Report each cycle once, from its smallest id, so the text is stable.
            first = loop.index(min(loop))
            loop = loop[first:] + loop[:first]
            element = self.elements[loop[0]]
            location, pointer = self.where(element.file, pointer_of[loop[0]][1])
            self.diags.append(
                codes.CYCLE(
                    f"cycle in '{relation}': {' → '.join([*loop, loop[0]])}",
                    location,
                    pointer=pointer,
                )
            )


KINDS = frozenset(KIND_OF_SECTION.values())
#: The relations that must not form cycles (each a single reference).
ACYCLIC_FIELDS = frozenset({"parent", "part_of", "extends"})


def unknown_values(selector: Selector) -> list[SelectorProblem]:
    """Values a field can never hold (`level:comune`, `type:xa`): an enumeration's value
    misspelt would otherwise select nothing, silently. Globs and comparisons are left alone."""
    out = []
    for atom in selector.atoms():
        if atom.op not in (":", "=", "!=") or set(atom.value) & set("*?[") or atom.method == "kind":
            continue
        allowed = closed_values("tags" if atom.method == "tag" else atom.method)
        if allowed is None or atom.value in allowed:
            continue
        guess = did_you_mean(atom.value, allowed)
        hint = f"did you mean '{guess}'?" if guess else "values: " + ", ".join(sorted(allowed))
        message = f"'{atom.value}' is not a value of '{atom.method}'"
        offset = selector.text.find(atom.value, atom.offset)
        out.append(SelectorProblem(max(offset, atom.offset), message, hint, "method"))
    return out


def unknown_kinds(selector: Selector) -> list[SelectorProblem]:
    """`kind:` values that name no kind of element (a glob is left alone)."""
    out = []
    for atom in selector.atoms():
        glob = bool(set(atom.value) & set("*?["))
        if atom.method != "kind" or atom.op != ":" or glob or atom.value in KINDS:
            continue
        guess = did_you_mean(atom.value, KINDS)
        hint = f"did you mean '{guess}'?" if guess else "kinds: " + ", ".join(sorted(KINDS))
        out.append(SelectorProblem(atom.offset, f"unknown kind '{atom.value}'", hint, "method"))
    return out


def resolve(
    files: Iterable[TypedFile],
    *,
    failed: Mapping[str, frozenset[str]] | None = None,
) -> tuple[Model, list[Diagnostic]]:
    """One model from the typed files. `failed`: the files that failed to load, with the ids
    their text shows they would define; references to those ids are noted, not errors."""
    typed = sorted(files, key=lambda f: f.rel)
    resolver = Resolver(typed, failed)
    resolver.collect()
    resolver.clashes_with_invalid()
    resolver.references()
    resolver.invalid_references()
    resolver.unchecked_notes()
    elements = dict(sorted(resolver.elements.items()))
    model = Model(elements, tuple(f.rel for f in typed), resolver.positions)
    model, bound = bind_frameworks(model)
    return model, [
        *resolver.diags,
        *bound,
        *check_successors(model),
        *check_statistics_codes(model),
    ]
