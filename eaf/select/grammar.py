"""The selector grammar: text → a typed `Selector`, or every problem with its character offset.
The language itself is described in `eaf.select`'s documentation."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

COMPARISON_OPS: tuple[str, ...] = ("=", "!=", "<", "<=", ">", ">=")
"""The comparison operators, besides ``:`` (text or glob equality)."""

MAX_HOPS = 1_000_000
"""The largest hop count; any count beyond the graph's diameter already means 'all'."""

_OPS = frozenset({":", *COMPARISON_OPS})
_OP_CHARS = frozenset(":=<>!")
GLOB_CHARS = frozenset("*?[")
# Same as eaf.spec.types.ID_PATTERN; kept local so the selector language needs no pydantic.
_ID_RE = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*", re.ASCII)
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)
_PREFIX_RE = re.compile(r"([0-9]*)\+", re.ASCII)
_SUFFIX_RE = re.compile(r"\+([0-9]*)\Z", re.ASCII)
# Looks like a hop count someone meant to write (1.5, -1); used only to word the error.
_NUMISH_RE = re.compile(r"[-0-9.]+", re.ASCII)
_BAD_VALUE_SUFFIX_RE = re.compile(r"\+([-0-9.]+)\Z", re.ASCII)
# An atom `field<op>value` with its value unquoted: a value the next words may belong to.
_OPEN_VALUE_RE = re.compile(
    r"(!?(?:[0-9]*\+)?[A-Za-z_][A-Za-z0-9_]*(?:!=|<=|>=|[:=<>]))([^\"+]+)\Z"
)

_HOPS_HINT = (
    "graph operators are +x, N+x, x+ and x+N with N a whole number from 1 to 1000000; "
    "quote a value that contains '+'"
)


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


def nfc(text: str) -> str:
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
    elif any(c in GLOB_CHARS for c in core):
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
        return nfc(raw[1:close])
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
    return nfc(raw)


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


def _loose_word(word: str) -> bool:
    """A word that cannot be an atom of its own and reads as more text: no operator, quote,
    '+' or glob, and not an id even in lower case ('phố', 'phường')."""
    plain = not any(c in _OP_CHARS or c in GLOB_CHARS or c in '"+' for c in word)
    return plain and _ID_RE.fullmatch(word.lower()) is None


def _loose_words(
    text: str, tokens: list[tuple[int, int] | int]
) -> dict[int, SelectorProblem | None]:
    """Words after an unquoted value that are no atoms (`type:thành phố`): the value was meant
    to hold the space. One problem at the first word, suggesting the quoted value; the next
    words of the run are part of it (None: no problem of their own)."""
    out: dict[int, SelectorProblem | None] = {}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if isinstance(token, int):
            continue
        opened = _OPEN_VALUE_RE.fullmatch(text, token[0], token[1])
        if opened is None:
            continue
        run: list[tuple[int, int]] = []
        while i < len(tokens):
            word = tokens[i]
            if isinstance(word, int) or not _loose_word(text[word[0] : word[1]]):
                break
            run.append(word)
            i += 1
        if not run:
            continue
        words = text[opened.start(2) : run[-1][1]]  # as typed, spaces included
        first = text[run[0][0] : run[0][1]]
        out[run[0][0]] = SelectorProblem(
            run[0][0],
            f"'{first}' is not a valid id",
            f'quote a value that holds spaces: {opened.group(1)}"{words}"',
        )
        out.update((a, None) for a, _ in run[1:])
    return out


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

    loose = _loose_words(text, tokens)
    groups: list[Group] = []
    for span_group in spans:
        atoms: list[Atom] = []
        for start, end in span_group:
            if start in loose:
                problem = loose[start]
                if problem is not None:
                    problems.append(problem)
                continue
            try:
                atoms.append(_parse_atom(text, start, end))
            except _Problem as e:
                problems.append(e.problem)
        groups.append(Group(tuple(atoms)))
    if problems:
        return None, sorted(problems, key=lambda p: p.offset)
    return Selector(text, tuple(groups)), []
