"""The fast path for a clean file: the values the composer (eaf.load.compose) would build,
read several times faster, by one of two readers.

First the compiled reader (eaf/load/_compose.c, built when eaf is installed where a C compiler
is): it reads the plain YAML model files are written in (block mappings and sequences, one-line
quoted and plain scalars, [ ] and { } on one line, literal and folded block scalars whose lines
are indented alike, comments), types plain scalars as eaf.load.scalars does, and gives up on
anything else: a duplicate key, any scalar eaf reports or reads otherwise, anything else that
may span lines, anchors, tags, directives. Before it reads, the checks both readers need: size,
depth limit, control characters, UTF-8, NFC (so no key can equal another after NFC). Over the
100k benchmark model it reads in 0.5 s of CPU what rapidyaml behind its gates reads in 1.8 s
(benchmarks/fast_readers.py).

What it gives up on (and where it was not compiled), rapidyaml (C++) parses the bytes and
emits JSON, which `json.loads` turns into plain values. rapidyaml is more lenient than eaf and
types plain scalars its own way (`~`, `True`, `0x1F`, `010` stay text; `inf` becomes '.inf';
duplicate keys pass), so it is used only for a file in which nothing can come out differently
or be reported. Gates decide, and any doubt sends the file to the composer (false alarms only
cost speed):

- before parsing, the raw bytes are searched for every construct the composer reports or reads
  otherwise: control characters, tabs, CR, NEL/LS/PS, a BOM, directives and document markers,
  anchors, aliases, tags, complex keys, block scalars, reserved indicators, quoted text or
  [ ]/{ } that goes on to another line, nests deeper than `[{...}]` or is followed by more text,
  escapes other than \\" \\\\ \\/ \\n \\t, glued comments, a lone '-' in brackets (or as a
  key), an empty key, a plain scalar or key that eaf does not read as the text or number JSON
  gives (`~`, `True`, `yes`, `010`, `0x1F`, `.inf`, `+1`, `1e3`, `1:`), lines indented so
  deep the nesting could reach the depth limit, files over a size limit; and the text must be
  UTF-8 and NFC (so no key can equal another after NFC). How, cheaply: bytes.translate keeps the
  control characters, the rare bytes (a few gates look only where one is) and the non-ASCII text
  (NFC at once when it holds only Vietnamese letters and common punctuation); each other gate is
  one search for a literal start, but one atomic walk from each '[', '{', ',', ']' or '}' to the
  next, which checks those bytes and takes each flow collection whole. Over the benchmark's 38.5
  MB they cost about what rapidyaml's parse and JSON do (0.45 s).
- after parsing, the JSON: a duplicate key, a non-finite number, a number JSON cannot read
  (`+1`), a value rapidyaml rewrote ('.inf', '.nan'), or rapidyaml refusing the text, send the
  file back.

rapidyaml behind its gates is about three times as fast as the composer over clean files.
tests/test_fast_parse.py proves that both readers give what the composer gives over the YAML
test suite, the corpus, the shipped models and mutated inputs, that each gate sends its
construct back, and that the gates decide as the slower patterns they replaced (kept there as
the reference).
"""

from __future__ import annotations

import functools
import importlib
import json
import math
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from typing import Any

from eaf.load.yaml import Limits

_ryml: Any
try:  # without rapidyaml (a platform without its wheel), every file takes the composer
    _ryml = importlib.import_module("ryml")
except ImportError:  # pragma: no cover - rapidyaml is a dependency
    _ryml = None
_compiled: Any
try:  # eaf/load/_compose.c, built when eaf is installed where a C compiler is
    _compiled = importlib.import_module("eaf.load._compose")
except ImportError:  # pragma: no cover - depends on how eaf was installed
    _compiled = None

# sre scans fast for a pattern's literal start, several times slower for a set of bytes: so
# each gate starts with one literal, and the gates that start alike are one, with alternatives.
# A gate looks behind its start only once found: a node starts after white space, a flow
# indicator or a ':', or at the start of the file (control characters, tab and CR are refused
# first, so white space is then ' ' or a line break). Where nothing after a repetition could
# match what it gives back, it is possessive (*+): backtracking into it could find nothing.


def _other_than(excluded: bytes) -> bytes:
    """The class of every byte but these, spelt out as ranges: sre checks a byte against such
    a class with one lookup in a bitmap, against a negated class ([^...]) once per excluded
    byte. Ranges, not one byte after another: the patterns hold dozens of these classes, and
    compiling them byte by byte took 0.07 s, paid by every run that parses a file."""
    ranges: list[bytes] = []
    start = None
    for b in range(257):
        inside = b < 256 and b not in excluded
        if inside and start is None:
            start = b
        elif not inside and start is not None:
            low, high = re.escape(bytes([start])), re.escape(bytes([b - 1]))
            ranges.append(low if start == b - 1 else low + b"-" + high)
            start = None
    return b"[%s]" % b"".join(ranges)


_SPACE = b" \t\n\r\x0b\x0c"  # \s
# Not where a node may start: `(?<!%s:)` % _NB is "a ':' where a node starts", also at the
# start of the file (where a lookbehind finds nothing).
_NB = _other_than(_SPACE + b"[{,:")
# What may follow a quoted scalar on its line ('#' right after the quote is refused apart).
_AFTER = rb"(?=[ ]*+(?:[:,\]}\n#]|\Z))"
# Quoted text on one line. (The closing quote is the first one not escaped: atomic, it is
# found without trying shorter texts.)
_IN_QUOTES = _other_than(b'"\\\n')
_QUOTED = rb'"(?>%s*+(?:\\.%s*+)*+)"' % (_IN_QUOTES, _IN_QUOTES)
# A plain scalar (at a node's start, up to where a plain scalar ends) that eaf types other than
# rapidyaml's JSON: `~`, `True`, `yes`, `010`, `0x1F`, `.inf`, `+1`...; and a key eaf does not
# read as text (`1:`, `true:`, `null:`). Numbers first:
_NUMBER = (
    rb"[-+]?(?:[0-9]+|\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?"
    rb"|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
# ... those rapidyaml writes as JSON numbers (1. as 1.0, .5 as 0.5) of the same value and type
# as eaf's (tests/test_fast_parse.py checks the grammar against both) are let through ...
_SAFE_NUMBER = rb"-?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)"
# ... then the words: `~`, null, true, false, YAML 1.1's booleans, in every spelling eaf knows
# (`[nN]ull|NULL|[tT]rue|TRUE|[fF]alse|FALSE|[yYnN]|[yY]es|YES|[nN]o|NO|[oO]n|ON|[oO]ff|OFF`,
# grouped by first letter, as sre tries an alternative only when its first byte is there) but
# true, false and null, which JSON writes alike, unless they are keys.
_WORD = (
    rb"~|no?|N(?:ull|ULL|o|O)?|T(?:rue|RUE)|F(?:alse|ALSE)|y(?:es)?|Y(?:es|ES)?"
    rb"|o(?:n|ff)|O(?:n|N|ff|FF)"
)
# A plain scalar starts after ': ', '- ', '[', '{', ',' or at the start of a line (anywhere
# else is flagged: a tab, a property, a marker, '? ', a ':' glued in brackets); it is one of
# these tokens when it ends there (a key when ':' follows), else it is longer text. Put after
# each of those starts.
_END = rb"[ ]*+(?:[\n,\]}#]|\Z)"
_TOKEN = (
    rb"[ ]*+(?=[0-9+\-.~nNtTfFyYoO])(?:(?=[0-9+\-.])(?=(?:%s)[ ]*+(?:[\n,\]}#:]|\Z))(?!(?:%s)%s)"
    rb"|(?:%s)[ ]*+(?:[\n,\]}#:]|\Z)|(?:true|false|null)[ ]*+:)"
    % (_NUMBER, _SAFE_NUMBER, _END, _WORD)
)
# Each '[', '{', ',', ']' and '}' of the file, passing its gate: no token after '[', '{' or ','
# (see _TOKEN); no '-' alone before ',', ']' or '}' (`[a, -]`, a '-' where a node starts); no
# ']' or '}' where a node starts (after white space, ',' or ':', `[a, ]`) but in [].
_OPENING = rb"[\[{](?!%s)" % _TOKEN
_NO_DASH = rb"(?:(?<!-.)|(?<=%s-.))" % _NB
_COMMA = rb",(?!%s)%s" % (_TOKEN, _NO_DASH)
_CLOSED = rb"(?<=%s.)%s" % (_other_than(_SPACE + b",:"), _NO_DASH)  # after ']' or '}'
_CLOSING = rb"[\]}]" + _CLOSED
_PASSING = rb"%s|%s|%s" % (_OPENING, _COMMA, _CLOSING)
# Quoted text on one line, each of those bytes in it (also escaped) passing its gate.
_QUOTED_PASSING = rb'"(?>(?:%s++|\\(?:%s|%s)|%s)*+)"' % (
    _other_than(b'"\\\n[{]},'),
    _other_than(b"\n[{]},"),
    _PASSING,
    _PASSING,
)
_PLAIN = _other_than(b"[]{}\"',:#?" + _SPACE) + _other_than(b"[]{}\"',:#?\n") + b"*+"
_TEXT = rb"(?:%s|%s)" % (_QUOTED_PASSING, _PLAIN)
_ITEM = rb"%s(?:[ ]*+:[ ]++%s?)?" % (_TEXT, _TEXT)
# In { } every entry is 'key: value': an entry without ':' is a key (eaf reports `{1}`).
_PAIR = rb"%s[ ]*+:[ ]++%s?" % (_TEXT, _TEXT)
_PAIRS = rb"[ ]*+(?:%s(?:[ ]*+%s[ ]*+%s)*+[ ]*+(?:%s)?)?[ ]*+" % (_PAIR, _COMMA, _PAIR, _COMMA)
_INNER = rb"(?:%s|\{(?!%s)%s\}%s)" % (_ITEM, _TOKEN, _PAIRS, _CLOSED)
# A flat [ ] or { } on one line, after white space or ':' (or at the start of the file), then
# nothing but a comment: its items plain or quoted text or 'key: value' pairs; [ ] may hold
# flat { } (links: [{...}]). (An item of [ ] is a value, or a single-pair mapping whose key the
# token gate checks.) Each '[', '{', ',', ']' and '}' in it passing its gate.
_FLOW = (
    rb"(?=[\[{](?<!%s[\[{]))%s(?:(?<=\[)[ ]*+(?:%s(?:[ ]*+%s[ ]*+%s)*+[ ]*+(?:%s)?)?[ ]*+\]"
    rb"|(?<=\{)%s\})%s(?=[ ]*+(?:\n|\Z|\#))"
    % (_other_than(_SPACE + b":"), _OPENING, _INNER, _COMMA, _INNER, _COMMA, _PAIRS, _CLOSED)
)
# The whole file, from one of those bytes to the next: each passes its gate, and a bracket
# where a node starts opens a flat flow collection, taken whole (atomic, as one match of
# _FLOW), with the next byte looked for after it. Without the gates of the single bytes, this
# is what taking out every _FLOW match left to right, then looking for a node-start bracket
# decides (a match is followed by ' ', a line break or '#', never by a bracket), without
# writing the rest of the file out; a bracket it leaves nests, spans lines, holds '?', '#',
# single quotes or a glued ':', is a key or is followed by something. With them, a gate fails
# where its byte is, inside a flow collection or not (tests/test_fast_parse.py checks both
# against the former patterns).
_OTHER = _other_than(b"[{]},")
_FLOWS = rb"(?:%s*+(?:(?>%s)|(?=[\[{](?<=%s[\[{]))%s|%s|%s))*+%s*+" % (
    _OTHER,
    _FLOW,
    _NB,
    _OPENING,
    _COMMA,
    _CLOSING,
    _OTHER,
)
# The other gates, each a pattern found nowhere in a clean file, one per literal start (and
# _line_gates and _RARE below): a token after '- '; '- ' alone in brackets (then ',', ']', '}');
# a '-' alone as a key where a node starts (`{-: b}`: in brackets eaf reports it; elsewhere a
# false alarm, which only costs speed); a document marker '---' where a node starts.
_DASH = rb"-(?:[ ](?:(?<!%s- )[ ]*+[,\]}]|%s)|(?<!%s-)[ ]*+:|--(?<!%s...))" % (
    _NB,
    _TOKEN,
    _NB,
    _NB,
)
_GATES = (
    _DASH,
    # A ':' where a node starts (an empty key, or JSON's "a":1); a token after ': '.
    rb":(?:(?<!%s:)|[ ]%s)" % (_NB, _TOKEN),
    # Quoted text that does not close on its line (or holds a line break escape), or that is
    # followed by anything but a ':', ',', a closing bracket or a comment.
    rb'"(?<!%s")(?!%s%s)' % (_NB, _QUOTED[1:], _AFTER),
    # The other document marker where a node starts (a directive: '%' among the indicators).
    rb"\.\.\.(?<!%s...)" % _NB,
)


@dataclass(frozen=True, slots=True)
class Gates:
    """The gates' patterns, compiled."""

    flows: re.Pattern[bytes]
    dash: re.Pattern[bytes]
    each: tuple[re.Pattern[bytes], ...]
    rare: dict[int, re.Pattern[bytes]]


@functools.cache
def gates() -> Gates:
    """The gates, compiled on first use: the compiled reader takes most files without them,
    and compiling them cost every process that read a file 0.07 s."""
    each = tuple(re.compile(p) for p in _GATES)
    rare = {c: re.compile(p) for c, p in _RARE.items()}
    return Gates(re.compile(_FLOWS), each[0], each, rare)


def _line_gates(column: int) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """At a line's start (after each line break, and at the file's): `column` spaces and '-'
    (see _deep), or a token."""
    found = _LINE.get(column)
    if found is None:
        line = rb"(?:[ \-]{%d}|%s)" % (column, _TOKEN)
        found = _LINE[column] = (re.compile(b"\n" + line), re.compile(line))
    return found


_LINE: dict[int, tuple[re.Pattern[bytes], re.Pattern[bytes]]] = {}

# Looked for only in a file that holds the byte, from one to the next (bytes.find is many times
# faster than sre to find a byte), or by one search when there are many:
_RARE = {
    # Anchors, aliases, tags, complex keys, block scalars, reserved indicators, a directive
    # where a node starts.
    **{c: rb"%s(?<!%s.)" % (re.escape(bytes([c])), _NB) for c in b"&*!?|>@`%"},
    # Single-quoted text as double-quoted above.
    ord("'"): rb"'(?<!%s')(?![^'\n]*(?:''[^'\n]*)*'%s)" % (_NB, _AFTER),
    # A '#' glued to a closing quote or a bracket.
    ord("#"): rb"#(?<=[\"'\[\]{},]#)",
    # An escape that could write a character the text does not show: a backslash that ends
    # a run of an odd number of them, followed by anything but " / n t.
    ord("\\"): rb'\\(?<!\\\\)(?:\\\\)*+[^"\\/nt]',
}
_ONE_BY_ONE = 64  # occurrences of a rare byte looked at one by one before one search
# What the gates above do not look at byte by byte: printable ASCII and the line break. What
# bytes.translate leaves of a file (in a tenth of the time of one search) is the control
# characters, the rare bytes and the non-ASCII text.
_COMMON = bytes(b for b in (*range(0x20, 0x7F), 0x0A) if b not in _RARE)
_CONTROL = bytes([*range(0x00, 0x0A), *range(0x0B, 0x20), 0x7F])
_ASCII = bytes(range(0x80))
# Characters that NFC leaves as they are whatever surrounds them (not combining, not changed
# by NFC, never the second of a composed pair: tests/test_fast_parse.py checks each): the
# Latin letters of Vietnamese, Latin-1, dashes and quotes. A text of only these and ASCII is
# NFC; any other character, the whole text is checked.
_NFC_STABLE = re.compile("[^\u00a0-\u02ff\u1e00-\u1eff\u2010-\u2027\u2030-\u205e]")
# C1 controls and NEL (U+0080-U+009F), LS and PS (U+2028, U+2029), a BOM (U+FEFF), and the
# noncharacters U+FFFE and U+FFFF (libyaml refuses them as it refuses control characters).
_INVISIBLE = re.compile("[\u0080-\u009f\u2028\u2029\ufeff\ufffe\uffff]")
# What rapidyaml writes for a plain scalar it reads as a non-finite number (inf → ".inf").
_REWRITTEN = re.compile(r'"[-+]?\.(?:inf|nan)"')


class _Doubt(Exception):
    """The JSON holds something the composer would read otherwise."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _Doubt  # a duplicate key: the composer reports it
    return mapping


def _finite(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise _Doubt  # "1e999": the composer reports it
    return number


def _constant(text: str) -> Any:
    raise _Doubt  # NaN, Infinity: never what a YAML plain scalar means to eaf


def _deep(limits: Limits) -> int:
    """How many spaces and '-' at the start of a line could bring the nesting on it to the
    depth limit: a block collection at column c is at most 2(c+1) deep, one [ ] or { } on its
    line and its single-pair mappings add 3. 0 or less: no file is shallow enough to be sure."""
    return (limits.max_depth - 8) // 2


def eligible(raw: bytes, limits: Limits) -> str | None:
    """The decoded text when the fast path reads this file exactly as the composer; None when
    it must take the composer."""
    if _ryml is None:
        return None
    readable = _readable(raw, limits)
    return readable[0] if readable is not None and _clean(raw, *readable[1:]) else None


def _readable(raw: bytes, limits: Limits) -> tuple[str, bytes, int] | None:
    """When the bytes pass the checks both fast readers need (size, depth, control
    characters, UTF-8, NFC) before either reads them: the decoded text, what translate left of
    the bytes and the line gates' column (for `_clean`); else None."""
    if len(raw) > min(limits.max_file_bytes, limits.max_scalar_chars):
        return None
    column = _deep(limits)
    if column <= 0:
        return None
    rest = raw.translate(None, _COMMON)
    other = _other_text(rest) if rest else ""
    if other is None:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _NFC_STABLE.search(other) and not unicodedata.is_normalized("NFC", text):
        return None
    return text, rest, column


def _other_text(rest: bytes) -> str | None:
    """The non-ASCII text of what translate left of a file; None when that holds a control
    character, is not UTF-8 (the non-ASCII bytes of UTF-8 are UTF-8) or holds a C1 control,
    LS, PS or BOM."""
    if len(rest.translate(None, _CONTROL)) != len(rest):
        return None
    try:
        other = rest.translate(None, _ASCII).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if _INVISIBLE.search(other) else other


def _clean(raw: bytes, rest: bytes, column: int) -> bool:
    """Whether no gate finds anything in the bytes (`rest`: what translate left of them)."""
    after_break, at_start = _line_gates(column)
    compiled = gates()
    if at_start.match(raw) or after_break.search(raw) or any(p.search(raw) for p in compiled.each):
        return False
    if any(c in rest and _found(compiled.rare[c], raw, c) for c in _RARE):
        return False
    return compiled.flows.fullmatch(raw) is not None


def _found(gate: re.Pattern[bytes], raw: bytes, byte: int) -> bool:
    """Whether the gate, which starts with this byte, matches in the bytes."""
    at = raw.find(byte)
    for _ in range(_ONE_BY_ONE):
        if at < 0:
            return False
        if gate.match(raw, at):
            return True
        at = raw.find(byte, at + 1)
    return at >= 0 and gate.search(raw, at) is not None


def parse_fast(raw: bytes, limits: Limits, *, gates: bool = True) -> tuple[Any, str] | None:
    """The file's data and text, exactly as the composer gives them for a file it finds no
    problem in; None when the fast path cannot be sure (the composer reads the file). The
    compiled reader (eaf/load/_compose.c) reads the plain YAML model files are written in and
    gives up on anything else; what it gives up on, the gates and rapidyaml may still take
    (unless `gates` is off: compiling them costs more than composing a small file)."""
    if _compiled is None and not gates:
        return None
    readable = _readable(raw, limits)
    if readable is None:
        return None
    text, rest, column = readable
    if not raw.endswith(b"\n"):
        raw += b"\n"  # as the composer reads it (eaf.load.prescan)
    if _compiled is not None:
        data = _compiled.compose(raw, _depth(limits))
        if data is not None:
            return data, text
    if not gates or _ryml is None or _long_line(raw) or not _clean(raw, rest, column):
        return None
    emitted = _emit(raw)
    if emitted is None or _REWRITTEN.search(emitted):
        return None
    try:
        data = json.loads(
            emitted, object_pairs_hook=_pairs, parse_float=_finite, parse_constant=_constant
        )
    except (_Doubt, ValueError, RecursionError):
        return None
    return data, text


#: YAML (and libyaml) allow a key of at most 1024 characters on its line; rapidyaml reads
#: longer ones. A file with a line longer than this many bytes (never fewer than its
#: characters) is left to the composer (the compiled reader gives up on such a key itself).
_LONGEST_LINE = 1000


def _long_line(raw: bytes) -> bool:
    return max(map(len, raw.split(b"\n"))) > _LONGEST_LINE


def _depth(limits: Limits) -> int:
    """How deep the compiled reader nests [ ], { } and blocks before it gives up: far enough
    from the depth limit that the composer would not report the file, and never so deep that
    its recursion could exhaust the C stack (the limit is configurable without bound)."""
    return min((limits.max_depth - 8) // 2, _DEEPEST)


#: The deepest the compiled reader goes, whatever the depth limit (model files nest about 10).
_DEEPEST = 200


def _emit(raw: bytes) -> str | None:
    """rapidyaml's JSON for the bytes; None when it refuses them. rapidyaml writes its errors
    to the process's stderr (fd 2) before raising, so fd 2 points to /dev/null meanwhile (a
    thread writing to stderr in that instant, as `eaf site serve`'s may, loses that line).
    Without a stderr to silence, the composer reads the file."""
    if sys.stderr is not None:
        sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no fd 2 (a daemon): rapidyaml's message would go who knows where
        return None
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        tree = _ryml.parse_in_arena(raw)
        emitted: str | None = _ryml.emit_json(tree)
    except Exception:  # rapidyaml's ExceptionParse, or anything it raises: the composer decides
        return None
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)
    return emitted if emitted else None
