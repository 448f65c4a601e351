"""The fast path for a clean file: rapidyaml (C++) parses the bytes and emits JSON, which
`json.loads` turns into the same plain values the composer (eaf.load.yaml) would build.

rapidyaml is more lenient than eaf and types plain scalars its own way (`~`, `True`, `0x1F`,
`010` stay text; `inf` becomes '.inf'; duplicate keys pass), so it is used only for a file in
which nothing can come out differently or be reported. Gates decide, and any doubt sends the
file to the composer (false alarms only cost speed):

- before parsing, regular expressions over the raw bytes look for every construct the
  composer reports or reads otherwise: control characters, tabs, CR, NEL/LS/PS, a BOM, directives
  and document markers, anchors, aliases, tags, complex keys, block scalars, reserved
  indicators, quoted text or [ ]/{ } that goes on to another line, nests deeper than
  `[{...}]` or is followed by more text, escapes other than \\" \\\\ \\/ \\n \\t, glued comments,
  a lone '-' in brackets, an empty key, a plain scalar or key that eaf does not read as the
  text or number JSON gives (`~`, `True`, `yes`, `010`, `0x1F`, `.inf`, `+1`, `1e3`, `1:`),
  lines indented so deep the nesting could reach the depth limit, files over a size limit; and
  the text must be UTF-8 and NFC (so no key can equal another after NFC).
- after parsing, the JSON: a duplicate key, a non-finite number, a number JSON cannot read
  (`+1`), a value rapidyaml rewrote ('.inf', '.nan'), or rapidyaml refusing the text, send the
  file back.

About twice as fast as the composer over clean files (benchmarks/README.md).
tests/test_fast_parse.py proves both paths give identical results over the YAML test suite,
the corpus, the shipped models and mutated inputs, and that each gate sends its construct back.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import re
import sys
import unicodedata
from typing import Any

from eaf.load.yaml import Limits

_ryml: Any
try:  # without rapidyaml (a platform without its wheel), every file takes the composer
    _ryml = importlib.import_module("ryml")
except ImportError:  # pragma: no cover - rapidyaml is a dependency
    _ryml = None

# The gate runs on the bytes with a line break put in front, so the start of the file is the
# start of a line. Each pattern starts with a character (or a short set) sre can scan for, and
# looks behind it only then: a node starts after white space, a flow indicator or a ':'.
_B = rb"[\s\[{,:]"
# What may follow a quoted scalar on its line ('#' right after the quote is refused apart).
_AFTER = rb"(?=[ ]*(?:[:,\]}\n#]|\Z))"
_QUOTED = rb'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_PLAIN = rb"[^\[\]{}\"',:#?\s][^\[\]{}\"',:#?\n]*"
_ITEM = rb"(?:%s|%s)(?:[ ]*:[ ]+(?:%s|%s)?)?" % (_QUOTED, _PLAIN, _QUOTED, _PLAIN)
# In { } every entry is 'key: value': an entry without ':' is a key (eaf reports `{1}`).
_PAIR = rb"(?:%s|%s)[ ]*:[ ]+(?:%s|%s)?" % (_QUOTED, _PLAIN, _QUOTED, _PLAIN)
_PAIRS = rb"[ ]*(?:%s(?:[ ]*,[ ]*%s)*[ ]*,?)?[ ]*" % (_PAIR, _PAIR)
_INNER = rb"(?:%s|\{%s\})" % (_ITEM, _PAIRS)
# A flat [ ] or { } on one line, after white space or ':', then nothing but a comment: its
# items plain or quoted text or 'key: value' pairs; [ ] may hold flat { } (links: [{...}]).
# (An item of [ ] is a value, or a single-pair mapping whose key the token gate checks.)
_FLOW = re.compile(
    rb"[\[{](?<=[\s:][\[{])(?:(?<=\[)[ ]*(?:%s(?:[ ]*,[ ]*%s)*[ ]*,?)?[ ]*\]|(?<=\{)%s\})"
    rb"(?=[ ]*(?:\n|\Z|\#))" % (_INNER, _INNER, _PAIRS)
)
_SLOW = [
    re.compile(p)
    for p in (
        # Anchors, aliases, tags, complex keys, block scalars, reserved indicators, ':' (an
        # empty key, or JSON's "a":1) where a node starts; a closing bracket there but in [].
        rb"[:&*!?|>@`%](?<=" + _B + rb".)",
        rb"[\]}](?<=[\s,:].)",
        # Quoted text that does not close on its line (or holds a line break escape), or
        # that is followed by anything but a ':', ',', a closing bracket or a comment.
        rb'"(?<=' + _B + rb'")(?![^"\\\n]*(?:\\.[^"\\\n]*)*"' + _AFTER + rb")",
        rb"'(?<=" + _B + rb"')(?![^'\n]*(?:''[^'\n]*)*'" + _AFTER + rb")",
        # A '#' glued to a closing quote or a bracket.
        rb"#(?<=[\"'\[\]{},]#)",
        # A '-' alone inside brackets.
        rb"-(?<=" + _B + rb"-)(?=[ ]*[,\]}])",
    )
]
# Control characters, tab and CR (C1 controls, NEL, LS, PS and a BOM: see _clean): deleted by
# bytes.translate, four times faster than a search for them.
_CONTROL = bytes([*range(0x00, 0x0A), *range(0x0B, 0x20), 0x7F])
_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_SEPARATOR = re.compile(rb"\xe2\x80[\xa8\xa9]")
# A directive or a document marker at the start of a line or of a node (searched for only in a
# file that holds '---', '...' or '%': an alternation of them would be slower to scan for).
_MARKER = re.compile(rb"(?:---|\.\.\.)(?<=" + _B + rb"...)|%(?<=\n%)")
# An escape that could write a character the text does not show (searched once '\\' pairs are
# taken out, so that '\\x' counts as a backslash and a letter).
_ESCAPE = re.compile(rb'\\[^"\\/nt]')
# A node-start bracket left once the flat flow collections are taken out: it nests, spans
# lines, holds '?', '#', single quotes or a glued ':', is a key or is followed by something.
_BRACKET = re.compile(rb"[\[{](?<=" + _B + rb"[\[{])")
# A plain scalar (at a node's start, up to where a plain scalar ends) that eaf types other than
# rapidyaml's JSON: `~`, `True`, `yes`, `010`, `0x1F`, `.inf`, `+1`...; and a key eaf does not
# read as text (`1:`, `true:`, `null:`).
_SPECIAL = (
    rb"[-+]?(?:[0-9]+|\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?"
    rb"|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    rb"|~|[nN]ull|NULL|[tT]rue|TRUE|[fF]alse|FALSE"
    rb"|[yYnN]|[yY]es|YES|[nN]o|NO|[oO]n|ON|[oO]ff|OFF"
)
# Plain scalars rapidyaml writes as JSON numbers (1. as 1.0, .5 as 0.5) or literals of the same
# value and type as eaf's (tests/test_fast_parse.py checks the grammar against both).
_SAFE = (
    rb"true|false|null"
    rb"|-?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)"
)
# A plain scalar starts after ': ', '- ', '[', '{', ',' or at the start of a line (anywhere
# else is flagged above: a tab, a property, a marker, '? ', a ':' glued in brackets); it is one
# of these tokens when it ends there, else it is longer text.
# One pattern per place (sre scans fast for a pattern's literal start, not for an alternation).
_TOKEN = (
    rb"[ ]*(?=[0-9+\-.~nNtTfFyYoO])(?:(?!(?:%s)[ ]*(?:[\n,\]}#]|\Z))(?:%s)[ ]*(?:[\n,\]}#:]|\Z))"
    % (
        _SAFE,
        _SPECIAL,
    )
)
_PLAIN_SPECIAL = [re.compile(start + _TOKEN) for start in (rb": ", rb"- ", rb"\n", rb"[\[{,]")]
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


def _deep(limits: Limits) -> re.Pattern[bytes] | None:
    """A line starting with so many spaces and '-' that the nesting on it could reach the depth
    limit: a block collection at column c is at most 2(c+1) deep, one [ ] or { } on its line
    and its single-pair mappings add 3. None: no file is shallow enough to be sure."""
    column = (limits.max_depth - 8) // 2
    if column <= 0:
        return None
    return _depth_pattern(column)


_DEPTH: dict[int, re.Pattern[bytes]] = {}


def _depth_pattern(column: int) -> re.Pattern[bytes]:
    found = _DEPTH.get(column)
    if found is None:
        found = _DEPTH[column] = re.compile(rb"\n[ \-]{%d}" % column)
    return found


def eligible(raw: bytes, limits: Limits) -> str | None:
    """The decoded text when the fast path reads this file exactly as the composer; None when
    it must take the composer."""
    if _ryml is None or len(raw) > min(limits.max_file_bytes, limits.max_scalar_chars):
        return None
    deep = _deep(limits)
    if deep is None or not _clean(b"\n" + raw, deep):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        return None
    return text


def _clean(raw: bytes, deep: re.Pattern[bytes]) -> bool:
    """Whether no gate finds anything in the bytes (with a line break put in front)."""
    if len(raw.translate(None, _CONTROL)) != len(raw):
        return False
    if deep.search(raw) or any(p.search(raw) for p in _SLOW):
        return False
    # C1 controls and NEL (U+0080-U+009F), LS and PS (U+2028, U+2029), a BOM (U+FEFF) in UTF-8;
    # each lead byte is rare, found faster by `in` than by one pattern for them all.
    if (b"\xc2" in raw and _C1.search(raw)) or (b"\xe2\x80" in raw and _SEPARATOR.search(raw)):
        return False
    if b"\xef\xbb\xbf" in raw:
        return False
    if (b"---" in raw or b"..." in raw or b"%" in raw) and _MARKER.search(raw):
        return False
    if b"\\" in raw and _ESCAPE.search(raw.replace(b"\\\\", b"")):
        return False
    if (b"[" in raw or b"{" in raw) and _BRACKET.search(_FLOW.sub(b"", raw)):
        return False
    return not any(p.search(raw) for p in _PLAIN_SPECIAL)


def parse_fast(raw: bytes, limits: Limits) -> tuple[Any, str] | None:
    """The file's data and text, exactly as the composer gives them for a file it finds no
    problem in; None when the fast path cannot be sure (the composer reads the file)."""
    text = eligible(raw, limits)
    if text is None:
        return None
    if not raw.endswith(b"\n"):
        raw += b"\n"  # as the composer reads it (eaf.load.prescan)
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
