"""The selector language: which elements of the model a rule, view or scope is about.

A selector is a short text such as ``kind:system,!tag:legacy``. It is parsed into a typed
:class:`Selector` (parsing never raises; it returns problems with character offsets) and evaluated
over the model graph into a set of element ids.

Union and intersection
----------------------

A selector is a **union** of groups separated by whitespace; a group is an **intersection** of
atoms separated by commas. Spaces around a comma are allowed, so ``a, b`` is the same as ``a,b``.

- ``kind:system kind:platform``: every system and every platform.
- ``kind:organization,level:commune``: organisations that are at commune level.
- ``kind:system,tag:lgsp kind:platform``: LGSP systems, plus all platforms.

An atom prefixed with ``!`` is negated: it matches every node the atom does not match. Negation
binds to one atom only, so ``kind:system,!tag:legacy`` is "systems that are not tagged legacy".

Atoms
-----

``METHOD:VALUE`` matches when the value of METHOD equals VALUE. METHOD is one of the built-ins

- ``kind``: the element kind, e.g. ``kind:system``;
- ``id``: the element id, e.g. ``id:lgsp-binh-duong``;
- ``tag``: one of the element's tags, e.g. ``tag:pilot``;
- ``file``: the model file the element is defined in (posix path), e.g. ``file:models/so-*``;

or any field name of an element: ``level:commune``, ``owner:so-tttt``, ``layer:integration``,
``type:xã``, ``category:portal``. Values are compared as text: numbers as written by Python
(``online_level:3``), booleans as ``true``/``false``. When the field holds a list, the atom
matches when any item matches. A built-in name wins over a field of the same name.

VALUE may use shell-style globs, matched case-sensitively: ``*`` (any text, ``/`` included),
``?`` (one character), ``[abc]`` / ``[!abc]`` (one character of / not of a set). Write ``[*]``
to match a literal ``*``. Examples: ``id:lgsp-*``, ``file:models/systems/*.yaml``.

``FIELD OP VALUE`` compares, with OP one of ``=``, ``!=``, ``<``, ``<=``, ``>``, ``>=``:
``online_level>=3``, ``security_level<3``, ``level!=commune``, ``since>=2024-01-01``. The
comparison is numeric when both sides are numbers (``3``, ``-2.5``, ``1e3``), otherwise it
compares the texts, which orders ISO dates correctly. Globs are not expanded in comparisons. A
list-valued field matches when any item satisfies the comparison, except ``!=``, which matches
when the field has values and none of them is equal (``tag!=legacy`` is "has tags, none of them
legacy").

A field that is missing never matches, whatever the operator: ``level!=commune`` does not match
an element without a level (use ``!level:commune`` for that). A field is missing when it is
absent, null, an empty list, or a mapping (mappings are not comparable).

A bare id is short for ``id:``: ``lgsp-binh-duong`` is ``id:lgsp-binh-duong``. Ids are lower-case
ASCII slugs (``[a-z0-9]+`` joined by single ``-``, ``_`` or ``.``); a bare word cannot be a glob,
write ``id:lgsp-*``.

Quoting
-------

A value may contain any character except whitespace, ``,`` and ``"``. To include whitespace or
commas, put the whole value in double quotes: ``name:"Thủ Dầu Một"``, ``type:"cơ quan ngang bộ"``.
Quotes are also needed for a value that starts with one of ``: = < > !``, or that ends in ``+``
or ``+`` followed by digits (which would read as a graph operator): ``name:"C++"``. A quoted value
cannot contain ``"``. Globs still apply inside quotes. Values are Unicode NFC-normalised, as are
the model's texts, so composed and decomposed Vietnamese letters match alike.

Graph operators
---------------

As in dbt, ``+`` before an atom adds everything upstream of its nodes (ancestors, following
edges backwards) and ``+`` after it adds everything downstream (descendants). A number limits
the hops: ``1+lgsp`` is lgsp plus its direct predecessors, ``lgsp+2`` adds descendants up to two
edges away, ``1+lgsp+1`` goes one hop both ways. Every edge is followed, whatever its type;
cycles are fine. Hop counts are whole numbers from 1 to 1,000,000. Negation applies to the
expanded set and is written first: ``!+x`` is everything that is neither x nor upstream of it.
Operators read left to right, so ``2+3`` is id ``3`` and its ancestors two hops up; write
``id:2+3`` for id ``2`` and three hops down.

Errors
------

:func:`parse_selector` reports every problem it finds, each with the 0-based character offset
where it starts: an empty selector, a comma with no atom before or after it, ``!`` or ``+``
without an atom, a hop count that is not a whole number from 1 to 1,000,000, an operator that is
not one of the above (``==``, ``=>``, ``:>=``...), a missing field name or value, an id or field
name that is not well formed, and a quote that is unterminated or does not enclose the whole
value. :func:`validate_methods` then reports names that are neither built-ins nor known fields,
suggesting the closest known name.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import functools
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from rapidfuzz import fuzz, process

__all__ = [
    "BUILTIN_METHODS",
    "COMPARISON_OPS",
    "Atom",
    "Group",
    "Selector",
    "SelectorIndex",
    "SelectorProblem",
    "evaluate",
    "parse_selector",
    "select",
    "validate_methods",
]

BUILTIN_METHODS: frozenset[str] = frozenset({"kind", "id", "tag", "file"})
"""Names every selector may use, whatever the element fields."""

COMPARISON_OPS: tuple[str, ...] = ("=", "!=", "<", "<=", ">", ">=")
"""The comparison operators, besides ``:`` (text or glob equality)."""

MAX_HOPS = 1_000_000
"""The largest hop count; any count beyond the graph's diameter already means 'all'."""

_OPS = frozenset({":", *COMPARISON_OPS})
_OP_CHARS = frozenset(":=<>!")
_GLOB_CHARS = frozenset("*?[")
# Same as eaf.spec.types.ID_PATTERN; kept local so the selector language needs no pydantic.
_ID_RE = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*", re.ASCII)
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)
_PREFIX_RE = re.compile(r"([0-9]*)\+", re.ASCII)
_SUFFIX_RE = re.compile(r"\+([0-9]*)\Z", re.ASCII)
# Looks like a hop count someone meant to write (1.5, -1); used only to word the error.
_NUMISH_RE = re.compile(r"[-0-9.]+", re.ASCII)
_BAD_VALUE_SUFFIX_RE = re.compile(r"\+([-0-9.]+)\Z", re.ASCII)
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_INT_RE = re.compile(r"[+-]?[0-9]+", re.ASCII)
# int() refuses more digits than this (CPython's int_max_str_digits); such texts stay texts.
_MAX_INT_DIGITS = 4000

_HOPS_HINT = (
    "graph operators are +x, N+x, x+ and x+N with N a whole number from 1 to 1000000; "
    "quote a value that contains '+'"
)

Number = int | float


@dataclass(frozen=True, slots=True)
class SelectorProblem:
    """Why a selector text is not valid, and where: a 0-based character offset into the text."""

    offset: int
    message: str
    hint: str | None = None
    kind: Literal["syntax", "method"] = "syntax"


@dataclass(frozen=True, slots=True)
class Atom:
    """One test on a node, optionally negated and widened along edges.

    ``op`` is ``:`` for ``METHOD:VALUE`` atoms (text or glob equality), else the comparison.
    ``up`` / ``down`` are the hops followed backwards / forwards: None for none, -1 for all.
    ``offset`` is where the atom starts in the selector text; it is not part of equality.
    """

    method: str
    op: str
    value: str
    negated: bool = False
    up: int | None = None
    down: int | None = None
    offset: int = field(default=0, compare=False)

    def __str__(self) -> str:
        if self.method == "id" and self.op == ":" and _is_bare_id(self.value):
            core = self.value
        else:
            core = f"{self.method}{self.op}{_quote(self.value)}"
        prefix = "" if self.up is None else ("+" if self.up < 0 else f"{self.up}+")
        suffix = "" if self.down is None else ("+" if self.down < 0 else f"+{self.down}")
        return f"{'!' if self.negated else ''}{prefix}{core}{suffix}"


@dataclass(frozen=True, slots=True)
class Group:
    """Atoms that must all match (intersection)."""

    atoms: tuple[Atom, ...]

    def __str__(self) -> str:
        return ",".join(str(a) for a in self.atoms)


@dataclass(frozen=True, slots=True)
class Selector:
    """A parsed selector: the union of its groups. ``text`` is the text it was parsed from;
    ``str()`` gives a canonical text that parses back to the same groups."""

    text: str
    groups: tuple[Group, ...]

    def __str__(self) -> str:
        return " ".join(str(g) for g in self.groups)

    def atoms(self) -> Iterator[Atom]:
        for group in self.groups:
            yield from group.atoms


# --- parsing ---------------------------------------------------------------------------------


def _nfc(text: str) -> str:
    # is_normalized is a fast check; most model text is already NFC.
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _is_bare_id(value: str) -> bool:
    # A leading digit could read as a hop count (2+3), so such ids print as id:...
    return _ID_RE.fullmatch(value) is not None and not value[0].isdigit()


def _quote(value: str) -> str:
    needs_quotes = (
        value == ""
        or value[0] in _OP_CHARS
        or value.endswith("+")
        or _BAD_VALUE_SUFFIX_RE.search(value) is not None
        or any(c.isspace() or c == "," for c in value)
    )
    return f'"{value}"' if needs_quotes else value


class _Problem(Exception):
    """Internal: the first problem found in one atom. Never escapes parse_selector."""

    def __init__(self, offset: int, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.problem = SelectorProblem(offset, message, hint, "syntax")


def _lex(text: str) -> tuple[list[tuple[int, int] | int], list[SelectorProblem]]:
    """Split into atom spans (start, end) and comma offsets (int), honouring double quotes."""
    tokens: list[tuple[int, int] | int] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == ",":
            tokens.append(i)
            i += 1
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] != ",":
                if text[i] == '"':
                    close = text.find('"', i + 1)
                    if close < 0:
                        problem = SelectorProblem(
                            i,
                            "unterminated quote",
                            'end the value with a closing ", e.g. name:"Thủ Dầu Một"',
                        )
                        return tokens, [problem]
                    i = close + 1
                else:
                    i += 1
            tokens.append((start, i))
    return tokens, []


def _hops(digits: str, offset: int) -> int:
    if digits == "":
        return -1
    if len(digits) > 7 or int(digits) > MAX_HOPS:
        raise _Problem(
            offset,
            f"hop count {digits} is too large (at most {MAX_HOPS})",
            "use '+' without a number to follow every hop",
        )
    if int(digits) == 0:
        raise _Problem(
            offset, "hop count must be at least 1", "drop the '+' to select just the atom"
        )
    return int(digits)


def _plus_problem(segment: str, offset: int) -> _Problem:
    """Word the error for a '+' where no graph operator can be: a bad count, or a stray '+'."""
    i = segment.index("+")
    before, after = segment[:i], segment[i + 1 :].split("+", maxsplit=1)[0]
    if before and _NUMISH_RE.fullmatch(before) and not before.isdigit():
        return _Problem(offset, f"'{before}' is not a hop count", _HOPS_HINT)
    if after and _NUMISH_RE.fullmatch(after) and not after.isdigit():
        return _Problem(offset + i + 1, f"'{after}' is not a hop count", _HOPS_HINT)
    return _Problem(offset + i, "unexpected '+'", _HOPS_HINT)


def _operator_problem(name: str, op: str, offset: int) -> _Problem:
    hints = {
        "==": "use '=' for equality",
        "=>": "use '>='",
        "=<": "use '<='",
        "<>": "use '!='",
        "!": "use '!=' for 'not equal', or put '!' before the atom to negate it",
    }
    hint = hints.get(op)
    if hint is None and op.startswith(":") and op[1:] in _OPS:
        hint = f"write {name}{op[1:]}VALUE, without the ':'"
    elif hint is None and op.startswith(":!"):
        hint = f"to negate, put '!' before the atom: !{name}:VALUE"
    if hint is None:
        hint = (
            "operators are ':', '=', '!=', '<', '<=', '>' and '>='; "
            "quote a value that starts with one of : = < > !"
        )
    return _Problem(offset, f"unknown operator '{op}'", hint)


def _bare_id_problem(core: str, offset: int) -> _Problem:
    if _ID_RE.fullmatch(core.lower()):
        hint = f"ids are lower case: {core.lower()}"
    elif any(c in _GLOB_CHARS for c in core):
        hint = f"to use a glob, write id:{core}"
    else:
        hint = "ids are lower-case slugs like lgsp-binh-duong; to match a field write field:value"
    return _Problem(offset, f"'{core}' is not a valid id", hint)


def _parse_value(raw: str, offset: int, op_text: str) -> str:
    if raw == "":
        raise _Problem(
            offset - len(op_text),
            f"missing value after '{op_text}'",
            'write a value, or "" for the empty text',
        )
    if raw[0] == '"':
        close = raw.find('"', 1)
        if close < 0:  # the lexer balances quotes, but stay total
            raise _Problem(offset, "unterminated quote", 'close the value with a second "')
        if close != len(raw) - 1:
            raise _Problem(
                offset + close + 1,
                "unexpected text after the closing quote",
                "put the whole value in double quotes",
            )
        return _nfc(raw[1:close])
    quote = raw.find('"')
    if quote >= 0:
        raise _Problem(
            offset + quote, "a quote may only start a value", "put the whole value in double quotes"
        )
    bad = _BAD_VALUE_SUFFIX_RE.search(raw)
    if bad is not None:
        raise _Problem(offset + bad.start(1), f"'{bad.group(1)}' is not a hop count", _HOPS_HINT)
    if raw.endswith("+"):
        raise _Problem(offset + len(raw) - 1, "unexpected '+'", _HOPS_HINT)
    return _nfc(raw)


def _parse_atom(text: str, start: int, end: int) -> Atom:
    atom = text[start:end]
    pos = 0
    negated = atom[0] == "!"
    if negated:
        pos = 1
        if pos == len(atom):
            raise _Problem(start, "'!' must be followed by an atom", "e.g. !tag:legacy")
        if atom[pos] == "!":
            raise _Problem(start + pos, "only one '!' is allowed", "'!!x' means x: drop both")

    # Prefix, then suffix, each only if it leaves a non-empty core: '1+' is id 1 and descendants.
    up: int | None = None
    prefix = _PREFIX_RE.match(atom, pos)
    if prefix is not None and prefix.end() < len(atom):
        up = _hops(prefix.group(1), start + pos)
        pos = prefix.end()
    down: int | None = None
    core_end = len(atom)
    suffix = _SUFFIX_RE.search(atom, pos)
    if suffix is not None and suffix.start() > pos:
        down = _hops(suffix.group(1), start + suffix.start(1))
        core_end = suffix.start()
    core, core_at = atom[pos:core_end], start + pos
    if core == "+":
        raise _Problem(core_at, "'+' must be next to an atom", "e.g. +lgsp or lgsp+")
    if core[0] == "!":
        raise _Problem(core_at, "'!' must come before the graph operator", "e.g. !+lgsp")

    k = next((i for i, c in enumerate(core) if c in _OP_CHARS or c == '"'), -1)
    if k < 0:
        if "+" in core:
            raise _plus_problem(core, core_at)
        if not _ID_RE.fullmatch(core):
            raise _bare_id_problem(core, core_at)
        return Atom("id", ":", core, negated, up, down, start)
    if core[k] == '"':
        raise _Problem(core_at + k, "a quote may only start a value", 'e.g. name:"Thủ Dầu Một"')
    name = core[:k]
    if name == "":
        raise _Problem(core_at, f"missing field name before '{core[k]}'", "e.g. level:commune")
    if "+" in name:
        raise _plus_problem(name, core_at)
    if not _NAME_RE.fullmatch(name):
        raise _Problem(
            core_at,
            f"'{name}' is not a field name",
            "field names are ASCII letters, digits and '_', e.g. online_level",
        )
    j = k
    while j < len(core) and core[j] in _OP_CHARS:
        j += 1
    op = core[k:j]
    if op not in _OPS:
        raise _operator_problem(name, op, core_at + k)
    value = _parse_value(core[j:], core_at + j, op)
    return Atom(name, op, value, negated, up, down, start)


def parse_selector(text: str) -> tuple[Selector | None, list[SelectorProblem]]:
    """Parse selector text. Returns the selector, or None and every problem found (never raises).

    Results are cached by text: a model states "every commune" in thousands of scopes, and each
    is checked when the model is resolved and again when the graph is built."""
    selector, problems = _parse_cached(text)
    return selector, list(problems)


@functools.lru_cache(maxsize=8192)
def _parse_cached(text: str) -> tuple[Selector | None, tuple[SelectorProblem, ...]]:
    selector, problems = _parse(text)
    return selector, tuple(problems)


def _parse(text: str) -> tuple[Selector | None, list[SelectorProblem]]:
    tokens, problems = _lex(text)
    if problems:
        return None, problems
    if not tokens:
        return None, [SelectorProblem(0, "empty selector", "e.g. kind:system", "syntax")]

    spans: list[list[tuple[int, int]]] = []
    previous: Literal["atom", "comma", "none"] = "none"
    last_comma = 0
    for token in tokens:
        if isinstance(token, int):
            if previous != "atom":
                problems.append(
                    SelectorProblem(token, "',' must follow an atom", "remove the extra ','")
                )
            previous, last_comma = "comma", token
        else:
            if previous != "comma" or not spans:
                spans.append([])
            spans[-1].append(token)
            previous = "atom"
    if previous == "comma":
        problems.append(
            SelectorProblem(last_comma, "',' must be followed by an atom", "remove the ','")
        )

    groups: list[Group] = []
    for span_group in spans:
        atoms: list[Atom] = []
        for start, end in span_group:
            try:
                atoms.append(_parse_atom(text, start, end))
            except _Problem as e:
                problems.append(e.problem)
        groups.append(Group(tuple(atoms)))
    if problems:
        return None, sorted(problems, key=lambda p: p.offset)
    return Selector(text, tuple(groups)), []


def validate_methods(selector: Selector, known_fields: Collection[str]) -> list[SelectorProblem]:
    """Problems for names that are neither built-ins nor known fields, with a did-you-mean hint.

    The offset is where the atom starts. The hint names the closest known name when one is close
    enough to be a plausible typo, else lists the built-ins."""
    known = BUILTIN_METHODS | frozenset(known_fields)
    choices = sorted(known)
    problems: list[SelectorProblem] = []
    for atom in selector.atoms():
        if atom.method in known:
            continue
        best = process.extractOne(
            atom.method, choices, scorer=fuzz.ratio, processor=str.lower, score_cutoff=60
        )
        if best is not None:
            hint = f"did you mean '{best[0]}'?"
        else:
            hint = "use kind, id, tag, file or a field of the elements"
        problems.append(
            SelectorProblem(atom.offset, f"unknown field '{atom.method}'", hint, "method")
        )
    return problems


# --- evaluation ------------------------------------------------------------------------------


def _scalar_text(value: Any) -> str | None:
    if isinstance(value, bool):  # before int: bool is an int
        return "true" if value else "false"
    if isinstance(value, str):
        return _nfc(str(value))
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
    with attributes ``kind``, ``file`` and ``fields`` (a dict of JSON-like values).
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
        for _, fields in self._graph.nodes(data="fields"):
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
        # Intersect the positive atoms first, then subtract the negated ones: no complements built.
        positive = [a for a in group.atoms if not a.negated]
        negative = [a for a in group.atoms if a.negated]
        current = self._nodes
        for atom in positive:
            current = current & self._expanded(atom)
            if not current:
                return current
        for atom in negative:
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
        if atom.op == ":" and not any(c in _GLOB_CHARS for c in value):
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
        if atom.op == ":" and not any(c in _GLOB_CHARS for c in value):
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
            in_fields = name not in ("kind", "file")
            key = "tags" if name == "tag" else name
            # One pass over the nodes; the common case (a plain ASCII string) is inlined.
            for node, data in self._graph.nodes(data=True):
                if in_fields:
                    fields = data.get("fields")
                    raw = fields.get(key) if isinstance(fields, dict) else None
                else:
                    raw = data.get(key)
                if raw is None:
                    continue
                texts = (raw,) if type(raw) is str and raw.isascii() else _texts(raw)
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
