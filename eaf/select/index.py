"""Evaluating selectors over the model graph: per-name value indexes built once per graph, atom
results cached, graph operators as bounded breadth-first walks."""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from eaf.select.grammar import (
    GLOB_CHARS,
    Atom,
    Group,
    Selector,
    SelectorProblem,
    nfc,
    parse_selector,
)
from eaf.select.methods import field_read, method_for, validate_methods

_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_INT_RE = re.compile(r"[+-]?[0-9]+", re.ASCII)
# int() refuses more digits than this (CPython's int_max_str_digits); such texts stay texts.
_MAX_INT_DIGITS = 4000

Number = int | float


def _scalar_text(value: Any) -> str | None:
    if isinstance(value, bool):  # before int: bool is an int
        return "true" if value else "false"
    if isinstance(value, str):
        return nfc(str(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return None  # None, mappings, nested lists: not comparable


def _texts(value: Any) -> Iterator[str]:
    items: Iterable[Any] = value if isinstance(value, list | tuple) else (value,)
    for item in items:
        text = _scalar_text(item)
        if text is not None:
            yield text


def _number(text: str) -> Number | None:
    if not _NUMBER_RE.fullmatch(text) or len(text) > _MAX_INT_DIGITS:
        return None
    # Keep integers exact: Python compares int and float exactly, float(int) would not.
    return int(text) if _INT_RE.fullmatch(text) else float(text)


def _compare(op: str, text: str, number: Number | None, value: str, vnum: Number | None) -> bool:
    if number is not None and vnum is not None:
        a: Any = number
        b: Any = vnum
    else:
        a, b = text, value
    if op == "=":
        return bool(a == b)
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    if op == ">":
        return bool(a > b)
    if op == ">=":
        return bool(a >= b)
    raise ValueError(f"unknown comparison operator {op!r}")


class _Column:
    """The values of one name across the graph: each distinct text and the nodes holding it.

    What only some operators need (numbers, the nodes having any value) is computed on first use.
    """

    __slots__ = ("_numbers", "_present", "by_text")

    def __init__(self, by_text: dict[str, set[str]]) -> None:
        self.by_text = by_text
        self._numbers: dict[str, Number | None] | None = None
        self._present: frozenset[str] | None = None

    @property
    def numbers(self) -> dict[str, Number | None]:
        if self._numbers is None:
            self._numbers = {t: _number(t) for t in self.by_text}
        return self._numbers

    @property
    def present(self) -> frozenset[str]:
        if self._present is None:
            self._present = frozenset().union(*self.by_text.values())
        return self._present


class SelectorIndex:
    """Evaluates selectors over one graph, caching per-name value indexes and atom results.

    Build it once per graph and reuse it for many selectors. It snapshots lazily: rebuild it
    after changing the graph. The graph is a networkx (Multi)DiGraph whose nodes are element ids
    with attributes ``kind``, ``file`` and ``fields`` (a dict of JSON-like values), or anything
    shaped like one: ``nodes`` a mapping of id to attributes, ``pred`` and ``succ`` mappings of
    id to its neighbours (`eaf.links.PlainGraph`, which validation uses without networkx).
    """

    __slots__ = ("_atoms", "_columns", "_graph", "_nodes")

    def __init__(self, graph: Any) -> None:
        self._graph = graph
        self._nodes: frozenset[str] = frozenset(graph.nodes)
        self._columns: dict[str, _Column] = {}
        self._atoms: dict[tuple[str, str, str], frozenset[str]] = {}

    @property
    def nodes(self) -> frozenset[str]:
        """Every node id of the graph."""
        return self._nodes

    def field_names(self) -> frozenset[str]:
        """The field names used by at least one node, e.g. to pass to validate_methods."""
        names: set[str] = set()
        for data in self._graph.nodes.values():
            fields = data.get("fields")
            if isinstance(fields, dict):
                names.update(fields)
        return frozenset(names)

    def evaluate(self, selector: Selector) -> frozenset[str]:
        """The ids of the nodes the selector matches."""
        result: set[str] = set()
        for group in selector.groups:
            result |= self._group(group)
        return frozenset(result)

    def _group(self, group: Group) -> frozenset[str]:
        # Intersect the positive atoms, smallest set first, then subtract the negated ones: no
        # complements built, and every step costs at most the size of the smallest set.
        positive = sorted((self._expanded(a) for a in group.atoms if not a.negated), key=len)
        negative = [a for a in group.atoms if a.negated]
        if not positive:
            current = self._nodes
        else:
            current = positive[0]
            for matched in positive[1:]:
                if not current:
                    return current
                current = current & matched
        for atom in negative:
            if not current:
                break
            current = current - self._expanded(atom)
        return current

    def _expanded(self, atom: Atom) -> frozenset[str]:
        seeds = self._match(atom)
        if atom.up is None and atom.down is None:
            return seeds
        result = set(seeds)
        if atom.up is not None:
            result |= self._walk(seeds, self._graph.pred, atom.up)
        if atom.down is not None:
            result |= self._walk(seeds, self._graph.succ, atom.down)
        return frozenset(result)

    @staticmethod
    def _walk(seeds: frozenset[str], adjacency: Any, limit: int) -> set[str]:
        # Breadth-first with a seen set, so cycles end and each node is expanded once.
        seen = set(seeds)
        frontier = list(seeds)
        depth = 0
        while frontier and (limit < 0 or depth < limit):
            depth += 1
            following: list[str] = []
            for node in frontier:
                for neighbour in adjacency[node]:
                    if neighbour not in seen:
                        seen.add(neighbour)
                        following.append(neighbour)
            frontier = following
        return seen

    def _match(self, atom: Atom) -> frozenset[str]:
        key = (atom.method, atom.op, atom.value)
        cached = self._atoms.get(key)
        if cached is None:
            cached = self._atoms[key] = self._compute(atom)
        return cached

    def _compute(self, atom: Atom) -> frozenset[str]:
        if atom.method == "id":
            return self._compute_id(atom)
        column = self._column(atom.method)
        value = atom.value
        texts: Iterable[str]
        if atom.op == ":" and not any(c in GLOB_CHARS for c in value):
            texts = (value,) if value in column.by_text else ()
        elif atom.op == ":":
            # Distinct values are usually far fewer than nodes, so match each once.
            pattern = re.compile(fnmatch.translate(value))
            texts = [t for t in column.by_text if pattern.match(t)]
        else:
            vnum = _number(value)
            op = "=" if atom.op == "!=" else atom.op
            if op == "=" and vnum is None:
                # Not a number: plain text equality, a lookup.
                texts = (value,) if value in column.by_text else ()
            else:
                numbers = column.numbers
                texts = [t for t in column.by_text if _compare(op, t, numbers[t], value, vnum)]
        matched: set[str] = set()
        for text in texts:
            matched |= column.by_text[text]
        if atom.op == "!=":
            # Missing never matches: '!=' is 'has values, none equal'.
            return column.present - matched
        return frozenset(matched)

    def _compute_id(self, atom: Atom) -> frozenset[str]:
        # Ids are unique and every node has one: test the node set directly, no column needed.
        value, nodes = atom.value, self._nodes
        if atom.op == ":" and not any(c in GLOB_CHARS for c in value):
            return frozenset((value,)) if value in nodes else frozenset()
        if atom.op == ":":
            pattern = re.compile(fnmatch.translate(value))
            return frozenset(n for n in nodes if pattern.match(n))
        vnum = _number(value)
        if atom.op == "!=":
            return frozenset(n for n in nodes if not _compare("=", n, _number(n), value, vnum))
        return frozenset(n for n in nodes if _compare(atom.op, n, _number(n), value, vnum))

    def _column(self, name: str) -> _Column:
        column = self._columns.get(name)
        if column is None:
            by_text: dict[str, set[str]] = {}
            read = method_for(name).read
            assert read is not None, "ids are matched without a column"
            field = field_read(name)
            # One pass over the nodes; the common cases (a field, a plain ASCII string) inlined.
            for node, data in self._graph.nodes.items():
                fields = data.get("fields") if field is not None else None
                raw = fields.get(field) if type(fields) is dict else read(data)
                if raw is None:
                    continue
                if type(raw) is str and raw.isascii():
                    texts: Iterable[str] = (raw,)
                elif type(raw) is list and all(type(t) is str and t.isascii() for t in raw):
                    texts = raw  # tags: ASCII texts are their own selector texts
                else:
                    texts = _texts(raw)
                for text in texts:
                    holders = by_text.get(text)
                    if holders is None:
                        by_text[text] = {node}
                    else:
                        holders.add(node)
            column = self._columns[name] = _Column(by_text)
        return column


def evaluate(selector: Selector, graph: Any) -> frozenset[str]:
    """The ids of the graph's nodes the selector matches. Build a SelectorIndex to evaluate many
    selectors over the same graph."""
    return SelectorIndex(graph).evaluate(selector)


def select(
    text: str, graph: Any, *, known_fields: Collection[str] | None = None
) -> tuple[frozenset[str], list[SelectorProblem]]:
    """Parse and evaluate. With problems, the set is empty. Names are checked only when
    ``known_fields`` is given (an unknown name otherwise simply matches nothing)."""
    selector, problems = parse_selector(text)
    if selector is None:
        return frozenset(), problems
    if known_fields is not None:
        problems = validate_methods(selector, known_fields)
        if problems:
            return frozenset(), problems
    return evaluate(selector, graph), []


def comparable_texts(value: Any) -> tuple[str, ...]:
    """The texts a selector compares of a node's value (none for None, mappings and nested
    lists): two nodes with the same texts under every name are selected alike."""
    return () if value is None else tuple(_texts(value))
