"""The fast path (eaf.load.fast: the compiled reader eaf/load/_compose.c, then rapidyaml behind
its gates) gives exactly what the composer gives: same data with the same Python types, no
diagnostics, not broken, for every file it takes; and it takes the clean files (so the speed
cannot silently vanish) and leaves each construct it cannot read the same way to the composer.
The tests that take `reader` run with each: the compiled reader first (as eaf runs where it
was compiled), and rapidyaml alone (as eaf runs where it could not be)."""

from __future__ import annotations

import contextlib
import functools
import json
import multiprocessing
import multiprocessing.context
import random
import re
import shutil
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fuzzing import HERE, REPO, check_loader, mutate, seeds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eaf.pipeline.load as load_module
from eaf.config import load_config
from eaf.diagnostics import to_plain
from eaf.load import fast
from eaf.load.scalars import plain_scalar
from eaf.load.yaml import Limits, ParsedYaml, parse_bytes
from eaf.pipeline.load import cache_for, parse_all, read_sources, validate_project


def typed(value: Any) -> Any:
    """The value with every scalar's type spelt out: 1, 1.0, True and '1' all differ."""
    if isinstance(value, dict):
        return ("map", [(k, typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", [typed(v) for v in value])
    return (type(value).__name__, repr(value))


def outcome(parsed: ParsedYaml) -> Any:
    return (typed(parsed.data), [repr(d) for d in parsed.diagnostics], parsed.broken)


DEFAULT = Limits()
READERS = ["compiled", "rapidyaml"]


@contextlib.contextmanager
def reading(reader: str) -> Iterator[None]:
    """The fast path with this reader first: the compiled one (then rapidyaml, for what it
    gives up on), or rapidyaml alone."""
    saved = fast._compiled
    if reader == "rapidyaml":
        fast._compiled = None
    try:
        yield
    finally:
        fast._compiled = saved


def same_on_both_paths(raw: bytes, limits: Limits = DEFAULT) -> bool:
    """Whether the fast path took the file; asserts it gave what the composer gives."""
    quick, quick_text = parse_bytes(raw, "m.yaml", limits=limits)
    slow, slow_text = parse_bytes(raw, "m.yaml", limits=limits, fast=False)
    assert outcome(quick) == outcome(slow), raw[:300]
    assert quick_text == slow_text
    return fast.parse_fast(raw, limits) is not None


def _files(*roots: Path) -> list[Path]:
    return sorted(p for root in roots for p in root.rglob("*.yaml"))


@functools.cache
def _suite() -> list[bytes]:
    cases = json.loads((HERE / "yaml_test_suite" / "cases.json").read_text(encoding="utf-8"))
    return [c["yaml"].encode("utf-8") for c in cases]


@pytest.mark.parametrize("reader", READERS)
def test_the_yaml_test_suite_reads_the_same(reader: str) -> None:
    with reading(reader):
        taken = [same_on_both_paths(raw) for raw in _suite()]
    assert sum(taken) >= 30  # the suite is mostly what eaf refuses: some cases are clean


@pytest.mark.parametrize("reader", READERS)
def test_the_corpus_the_shipped_model_and_the_examples_read_the_same(reader: str) -> None:
    paths = _files(HERE / "cases", REPO / "models", REPO / "examples")
    with reading(reader):
        taken = [same_on_both_paths(p.read_bytes()) for p in paths]
    assert len(paths) > 100 and sum(taken) >= len(paths) // 3


def test_a_clean_model_file_takes_the_fast_path() -> None:
    raw = (
        "# a comment\n"
        "systems:\n"
        "  - id: he-thong-a\n"
        '    name: "Hệ thống \\"A\\" \\\\ một cửa"\n'
        "    owner: so-tttt\n"
        "    tags: [a, b-c, 'quoted']\n"
        '    links: [{title: "Cổng", url: "https://x.gov.vn"}]\n'
        '    lifecycle: {active: "2018-08-11"}\n'
        '    statistics_code: "10"\n'
        "    count: 12\n"
        "    ratio: 1.5\n"
        "    flag: true\n"
        "    none:\n"
        "    empty: []\n"
        "    long: text that goes\n"
        "      on to another line\n"
    ).encode()
    assert same_on_both_paths(raw.replace(b"'quoted'", b"quoted"))


def test_eaf_is_installed_with_its_compiled_reader() -> None:
    """make test and make build compile it (setup.py): a machine where that failed silently
    would lose most of the speed of a cold run, and these tests would not see it."""
    assert fast._compiled is not None


def test_the_compiled_reader_reads_the_generated_model_itself(generated: Path) -> None:
    """Every file of the benchmarks' generator, in the plain YAML model files are written in,
    is read by the compiled reader, not left to the slower paths."""
    paths = _files(generated / "models")
    assert len(paths) == 8
    for path in paths:
        raw = path.read_bytes()
        data = fast._compiled.compose(raw, fast._depth(DEFAULT))
        assert data is not None, path
        slow, _ = parse_bytes(raw, path.name, fast=False)
        assert typed(data) == typed(slow.data) and not slow.diagnostics


def test_the_compiled_reader_reads_block_and_flow_forms_as_the_composer() -> None:
    """The forms it takes: a sequence at its key's column or indented, `- key: value` items,
    empty values, comments anywhere, quoted keys and text with escapes, flat [ ] and { }."""
    raw = (
        "# a comment\n"
        "systems:\n"
        "- id: a   # after a value\n"
        '  "name": "Hệ thống \\"A\\" \\\\ \\/ \\t một cửa"\n'
        "  tags:\n"
        "  - x\n"
        "      # deeper\n"
        "  -   yy\n"
        "  none:\n"
        "  links: [{title: 'it''s', url: \"https://x.gov.vn\"}, {}]\n"
        "  lifecycle:\n"
        "    active: 2018-08-11\n"
        "  properties: {a: 1, b: -2.5, c: true, d: null, e: 1e3, f: x y}\n"
        "  plain: a, b [c] {d} it's a:b #no\n"
        "-\n"
        "  id: b\n"
        "  empty: []\n"
        "organizations:\n"
        "  - id: c\n"
        "    count: -0\n"
    ).encode()
    data = fast._compiled.compose(raw, fast._depth(DEFAULT))
    slow, _ = parse_bytes(raw, "m.yaml", fast=False)
    assert data is not None and not slow.diagnostics
    assert typed(data) == typed(slow.data)


_YAMLISH = st.text(alphabet=" -:\n[]{},#'\"\\abny1.0éx~&|", max_size=120)


@settings(max_examples=800, deadline=None)
@given(text=_YAMLISH)
def test_yaml_like_text_reads_the_same(text: str) -> None:
    """The compiled reader's rules at their edges: indentation, indicators, quotes, brackets,
    comments and typed words in every order read as the composer reads them, or not at all."""
    same_on_both_paths(text.encode())


_PIECES_OF_LINES = ["- ", "-", "a: ", "b:", "c: ", "a:", "v", "x y", "[a, b]", "[]", "{}", "# c"]
_PIECES_OF_LINES += [" # c", '"q"', "{a: 1, b: [2, {c: d}]}", "'s'", '"a": 1', "1", "-1", "1.5"]
_PIECES_OF_LINES += ["true", "null", "~", "yes", "010", "", "? ", ": ", "-  - x", "k: - x"]
_PIECES_OF_LINES += ['"\\"x"', "[a,]", "[a b]", "{a}", "a: b: c"]
_PIECES_OF_LINES += ["|", "|-", ">", ">-", "|+", ">2", "| # c", ">-#", "x  ", "a b c"]
_PIECE = st.sampled_from(_PIECES_OF_LINES)
_LINE = st.tuples(st.integers(0, 6), st.lists(_PIECE, min_size=1, max_size=3))


@settings(max_examples=800, deadline=None)
@given(lines=st.lists(_LINE, min_size=1, max_size=10))
def test_lines_of_yaml_pieces_read_the_same(lines: list[tuple[int, list[str]]]) -> None:
    """Blocks, items, keys and values at random indentations: how the compiled reader follows
    indentation (a sequence at its key's column, `- key:` items, where a block ends)."""
    text = "".join(" " * indent + "".join(pieces) + "\n" for indent, pieces in lines)
    same_on_both_paths(text.encode())


_HEADERS = st.sampled_from(["|", "|-", ">", ">-", "|+", ">+", "|2", ">1-", "| # c", ">-  "])
_BLOCK_LINES = st.sampled_from(["a", "b c", "x  ", "", "# h", "- i", "k: v", "  ", "ợ ư", "'q'"])
_AFTER_BLOCK = st.sampled_from(["", "b: 1\n", "  c: 2\n", "- x\n", "# end\n", "\n\nd: 3\n"])
_BLOCK_FORMS = st.sampled_from(["a: {}\n", "s:\n  - {}\n", "s:\n- {}\n", "m:\n  k: {}\n"])


@settings(max_examples=600, deadline=None)
@given(
    form=_BLOCK_FORMS,
    header=_HEADERS,
    lines=st.lists(st.tuples(st.integers(0, 6), _BLOCK_LINES), max_size=6),
    after=_AFTER_BLOCK,
)
def test_block_scalars_read_the_same(
    form: str, header: str, lines: list[tuple[int, str]], after: str
) -> None:
    """Literal and folded text (descriptions are written so): its lines at every indentation,
    empty lines, comments, trailing spaces, what follows it."""
    text = form.format(header) + "".join(" " * i + line + "\n" for i, line in lines) + after
    same_on_both_paths(text.encode())


def test_the_compiled_reader_reads_the_shipped_model_itself() -> None:
    """Every file of the shipped model, its descriptions in folded block scalars, is read by
    the compiled reader, as the composer reads it."""
    paths = _files(REPO / "models")
    for path in paths:
        raw = path.read_bytes()
        ended = raw if raw.endswith(b"\n") else raw + b"\n"  # as eaf.load.fast hands it over
        data = fast._compiled.compose(ended, fast._depth(DEFAULT))
        assert data is not None, path
        slow, _ = parse_bytes(raw, path.name, fast=False)
        assert typed(data) == typed(slow.data) and not slow.diagnostics


@settings(max_examples=800, deadline=None)
@given(raw=st.binary(max_size=200) | _YAMLISH.map(str.encode))
def test_the_compiled_reader_takes_any_bytes_without_harm(raw: bytes) -> None:
    """Called on any bytes, even those eaf.load.fast would not hand it (a NUL, no line break at
    the end, not UTF-8): it gives up, reads plain values or refuses the text, never crashes."""
    for candidate in (raw, raw + b"\n"):
        try:
            data = fast._compiled.compose(candidate, 28)
        except UnicodeDecodeError:
            continue
        assert data is None or isinstance(data, (dict, list))


@pytest.mark.parametrize(
    "raw",
    [
        b"a: 1\n... x: 2\n",  # '...' ends the document at the start of a line
        b"k" * 1025 + b": 1\n",  # keys longer than YAML allows on their line
        b'"' + b"k" * 1023 + b'": 1\n',
        b"- " + b"k" * 1025 + b": 1\n",
        "é".encode() * 1025 + b": 1\n",
        b"a: {" + b"k" * 1025 + b": 1}\n",
        b"a: {a:?: 1}\n",  # in { }, libyaml ends plain text at ':?'
        b"a: 1  # see [#12]\n",  # a '#' glued to a bracket in a comment (the composer's check)
        b"# refs: issue,#3\nb: 2\n",
        b"a: | # [#\n  x\n",
        b'a: 1 # the "#1"\n',
        "a: \ufffe\n".encode(),  # noncharacters libyaml refuses
        "\uffff: 1\n".encode(),
    ],
)
def test_what_a_review_of_the_compiled_reader_found_reads_the_same(raw: bytes) -> None:
    """Inputs the compiled reader read while the composer reported them: it now gives up."""
    assert not same_on_both_paths(raw), raw[:80]


def test_a_depth_limit_without_bound_leaves_the_compiled_reader_within_its_stack() -> None:
    """The depth limit is configurable without bound; the compiled reader's recursion is not:
    it gives up deeper than its own limit, and a limit too big for C does not overflow."""
    limits = Limits(max_depth=10**12)
    deep = b"a: " + b"[" * 20_000 + b"]" * 20_000 + b"\n"
    assert fast._compiled.compose(deep, fast._depth(limits)) is None
    assert fast._depth(limits) == fast._DEEPEST
    shallow = b"a: " + b"[" * 50 + b"]" * 50 + b"\n"
    with reading("compiled"):
        assert fast.parse_fast(shallow, limits) is not None


def _clean(text: str) -> bytes:
    return f"systems:\n  - id: a\n    name: x\n{text}\n".encode()


@pytest.mark.parametrize(
    "construct",
    [
        "    v: \x01",  # control character
        "    v:\tx",  # tab
        "    v: x\r",  # CR
        "    v: a\u0085b",  # NEL
        "    v: a\u2028b",  # LS
        "    v: \ufeffx",  # a BOM inside
        "---\nb: 1",  # a second document
        "%YAML 1.2",  # a directive
        "    v: &a x",  # anchor
        "    v: *a",  # alias
        "    v: !t x",  # tag
        "    ? v\n    : x",  # complex key
        "    v: |\n      x",  # block scalar
        "    v: >\n      x",
        '    v: "a\n      b"',  # quoted text over two lines
        "    v: 'a\n      b'",
        '    v: "a" b',  # text after a quoted scalar
        '    v: "\\u00e9"',  # an escape the text does not show
        '    v: "x"#c',  # glued comment
        "    v: [a, [b]]",  # nested flow
        "    v: [a,\n      b]",  # flow over two lines
        "    v: [a] b",
        "    v: [a, -]",  # '-' alone in brackets
        "    v: {-: b}",  # '-' alone as a key in braces
        "    v: [-: b]",
        "    v: [?a]",
        "    v: [a:b]",
        "    v: {a: 1, 2}",  # an entry without ':' is a key (not text)
        "    : x",  # empty key
        "    v: ~",
        "    v: True",
        "    v: NULL",
        "    v: yes",
        "    v: n",
        "    v: 010",
        "    v: 0x1F",
        "    v: 0o7",
        "    v: .inf",
        "    v: .nan",
        "    v: inf",  # rapidyaml writes '.inf'
        "    v: nan",
        "    v: +1",
        "    v: 1e999",  # not finite
        "    1: x",  # keys that are not text
        "    true: x",
        "    null: x",
        "    v: 1\n    v: 2",  # duplicate key
        "    v: e\u0301",  # not NFC
        "    v: @x",  # reserved indicator
        "    v: x\n  ...",
    ],
)
def test_each_construct_rapidyaml_cannot_read_alike_goes_to_the_composer(
    construct: str,
) -> None:
    """... and the compiled reader reads it as the composer does, or gives up too."""
    with reading("rapidyaml"):
        assert fast.parse_fast(_clean("    v0: plain"), Limits()) is not None
        raw = _clean(construct)
        assert fast.parse_fast(raw, Limits()) is None, construct
    same_on_both_paths(raw)


@pytest.mark.parametrize(
    "construct",
    [
        ": x",  # an empty key: a node starts at the file's start as after a line break
        "- ,",  # '-' alone
        "-]",
        '"a" b',
        "---",
        "...",
        "&a x",
        "'a' b",
        "[a] b",
        "{a: 1} b",
        "] x",
        "~",
        "010: x",
        " " * 28 + "a: x",  # indented as deep as the depth limit allows
        "- " * 14 + "a",
    ],
)
@pytest.mark.parametrize("reader", READERS)
def test_a_construct_at_the_start_of_the_file_goes_to_the_composer(
    construct: str, reader: str
) -> None:
    """The gates looked at the bytes with a line break put in front: at the file's start, the
    lookbehinds that mean 'where a node starts' take its start for one (no copy is made)."""
    raw = f"{construct}\nsystems: []\n".encode()
    with reading(reader):
        assert fast.parse_fast(raw, Limits()) is None, construct
        same_on_both_paths(raw)


@pytest.mark.parametrize(
    ("harmless", "construct"),
    [
        ("# note", '    w: "x"#c'),
        ('    v{}: "a \\" b"', '    w: "\\u00e9"'),
        ("    v{}: x&y", "    w: &a x"),
        ("    v{}: it's", "    w: 'x' y"),
        ("    v{}: x>y", "    w: >\n      x"),
    ],
)
def test_a_rare_construct_after_many_harmless_ones_goes_to_the_composer(
    harmless: str, construct: str
) -> None:
    """A rare byte is looked at occurrence by occurrence up to _ONE_BY_ONE, then by a search:
    the construct is found on either side of that limit."""
    for before in (0, fast._ONE_BY_ONE - 1, fast._ONE_BY_ONE, fast._ONE_BY_ONE + 5):
        lines = "\n".join(harmless.format(i) for i in range(before))
        with reading("rapidyaml"):
            assert fast.parse_fast(_clean(lines), Limits()) is not None
            raw = _clean(f"{lines}\n{construct}")
            assert fast.parse_fast(raw, Limits()) is None, (before, construct)
        same_on_both_paths(raw)


# The gates as they were before they were made faster (eaf.load.fast until 2026-12-02): each
# rewritten gate must decide exactly as its former self on every input.
_B = rb"[\s\[{,:]"
_Q = rb'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_P = rb"[^\[\]{}\"',:#?\s][^\[\]{}\"',:#?\n]*"
_ITEM = rb"(?:%s|%s)(?:[ ]*:[ ]+(?:%s|%s)?)?" % (_Q, _P, _Q, _P)
_PAIR = rb"(?:%s|%s)[ ]*:[ ]+(?:%s|%s)?" % (_Q, _P, _Q, _P)
_PAIRS = rb"[ ]*(?:%s(?:[ ]*,[ ]*%s)*[ ]*,?)?[ ]*" % (_PAIR, _PAIR)
_INNER = rb"(?:%s|\{%s\})" % (_ITEM, _PAIRS)
_OLD_FLOW = re.compile(
    rb"[\[{](?<=[\s:][\[{])(?:(?<=\[)[ ]*(?:%s(?:[ ]*,[ ]*%s)*[ ]*,?)?[ ]*\]|(?<=\{)%s\})"
    rb"(?=[ ]*(?:\n|\Z|\#))" % (_INNER, _INNER, _PAIRS)
)
_OLD_BRACKET = re.compile(rb"[\[{](?<=" + _B + rb"[\[{])")
_OLD_SPECIAL = (
    rb"[-+]?(?:[0-9]+|\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?"
    rb"|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    rb"|~|[nN]ull|NULL|[tT]rue|TRUE|[fF]alse|FALSE"
    rb"|[yYnN]|[yY]es|YES|[nN]o|NO|[oO]n|ON|[oO]ff|OFF"
)
_OLD_SAFE = rb"true|false|null|-?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)"
_OLD_TOKEN = re.compile(
    rb"[ ]*(?=[0-9+\-.~nNtTfFyYoO])(?:(?!(?:%s)[ ]*(?:[\n,\]}#]|\Z))(?:%s)[ ]*(?:[\n,\]}#:]|\Z))"
    % (_OLD_SAFE, _OLD_SPECIAL)
)
_OLD_ESCAPE = re.compile(rb'\\[^"\\/nt]')

# The gates of the bytes '[', '{', ',', ']', '}' and '-' before the bracket walk and the gate
# of '-' took them in.
_OLD_BYTE_GATES = [
    re.compile(rb"[\]}](?<=[\s,:].)"),  # a closing bracket where a node starts
    re.compile(rb"-(?<=" + _B + rb"-)(?=[ ]*[,\]}])"),  # a '-' alone in brackets
    # Added since: a '-' alone as a key where a node starts (`{-: b}`, which eaf reports).
    re.compile(rb"-(?<=" + _B + rb"-)(?=[ ]*:)"),
    re.compile(rb"---(?<=" + _B + rb"...)"),  # a document marker
    *(re.compile(start + _OLD_TOKEN.pattern) for start in (rb"- ", rb"[\[{,]")),
]
_FLOW_BYTES = st.lists(
    st.sampled_from(
        ["[", "]", "{", "}", ",", ":", " ", "\n", "a", "-", '"', "\\", "#", "?", "'", "~", "1"]
    ),
    max_size=40,
).map(lambda parts: "".join(parts).encode())


@settings(max_examples=4000, deadline=None)
@given(raw=_FLOW_BYTES)
def test_the_bracket_walk_decides_as_the_gates_it_took_in(raw: bytes) -> None:
    """_FLOWS (one atomic walk from one of '[', '{', ',', ']', '}' to the next) and the '-'
    gate against what they replaced: the gates of those bytes searched for one by one, and
    every flat flow collection taken out left to right, then a search for a bracket where a
    node starts."""
    head = b"\n" + raw
    old = not any(p.search(head) for p in _OLD_BYTE_GATES) and (
        _OLD_BRACKET.search(_OLD_FLOW.sub(b"", head)) is None
    )
    new = fast.gates().flows.fullmatch(raw) is not None and fast.gates().dash.search(raw) is None
    assert new == old


# The rest of the former gates, and the former gate as a whole.
_OLD_SLOW = [
    re.compile(p)
    for p in (
        rb"[:&*!?|>@`%](?<=" + _B + rb".)",
        rb'"(?<=' + _B + rb'")(?![^"\\\n]*(?:\\.[^"\\\n]*)*"(?=[ ]*(?:[:,\]}\n#]|\Z)))',
        rb"'(?<=" + _B + rb"')(?![^'\n]*(?:''[^'\n]*)*'(?=[ ]*(?:[:,\]}\n#]|\Z)))",
        rb"#(?<=[\"'\[\]{},]#)",
        rb"\.\.\.(?<=" + _B + rb"...)|%(?<=\n%)",
        rb"\n" + _OLD_TOKEN.pattern,
        rb": " + _OLD_TOKEN.pattern,
    )
]
_OLD_INVISIBLE = re.compile(rb"\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]|\xef\xbb\xbf")
_OLD_CONTROL = bytes([*range(0x00, 0x0A), *range(0x0B, 0x20), 0x7F])


def _old_eligible(raw: bytes, limits: Limits) -> str | None:
    """eaf.load.fast.eligible as it was before its gates were made faster."""
    if len(raw) > min(limits.max_file_bytes, limits.max_scalar_chars):
        return None
    column = (limits.max_depth - 8) // 2
    head = b"\n" + raw
    if column <= 0 or len(head.translate(None, _OLD_CONTROL)) != len(head):
        return None
    if re.search(rb"\n[ \-]{%d}" % column, head) or _OLD_INVISIBLE.search(head):
        return None
    if any(p.search(head) for p in (*_OLD_SLOW, *_OLD_BYTE_GATES)):
        return None
    if _OLD_ESCAPE.search(head.replace(b"\\\\", b"")):
        return None
    if _OLD_BRACKET.search(_OLD_FLOW.sub(b"", head)):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if unicodedata.is_normalized("NFC", text) else None


_TOKENS = st.one_of(
    st.sampled_from(["~", "n", "no", "No", "NO", "null", "Null", "NULL", "nULL", "y", "Yes"]),
    st.sampled_from(["true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "on", "On"]),
    st.sampled_from(["ON", "oN", "off", "Off", "OFF", "yes", "YES", "yES", "name", "nan", "x"]),
    st.from_regex(
        r"\A[-+]?(0|[0-9]{1,3}|\.[0-9]{1,2}|[0-9]{1,2}\.[0-9]{0,2})([eE][-+]?[0-9]{1,2})?\Z"
    ),
    st.sampled_from([".inf", "-.Inf", "+.INF", ".nan", ".NaN", "0x1F", "0o7", "0x", "-", "+", "."]),
)


@settings(max_examples=1500, deadline=None)
@given(
    token=_TOKENS,
    spaces=st.sampled_from(["", " ", "  "]),
    after=st.sampled_from(["", "\n", ",", "]", "}", "#", ":", " :", "x", " x", "-"]),
)
def test_the_token_gate_decides_as_before(token: str, spaces: str, after: str) -> None:
    """The regrouped _TOKEN against the pattern it replaced, in each place a token starts."""
    for start in (": ", "- ", ",", "[", "{", "\n"):
        raw = f"{start}{spaces}{token}{after}".encode()
        old = _OLD_TOKEN.match(raw, len(start)) is not None
        assert (re.compile(fast._TOKEN).match(raw, len(start)) is not None) == old, raw


@settings(max_examples=1000, deadline=None)
@given(raw=st.text(alphabet='\\"/ntxu', max_size=12).map(str.encode))
def test_the_escape_gate_decides_as_before(raw: bytes) -> None:
    """A backslash ending an odd run followed by a letter eaf reads otherwise: as searching
    after every '\\\\' pair was taken out."""
    old = _OLD_ESCAPE.search(raw.replace(b"\\\\", b"")) is not None
    assert (fast.gates().rare[ord("\\")].search(raw) is not None) == old


def test_the_byte_classes_hold_every_byte_but_those_excluded() -> None:
    for excluded in (b"[{", b'"\\\n', b"[]{}\"',:#? \t\n\r\x0b\x0c"):
        cls = re.compile(fast._other_than(excluded))
        assert [cls.fullmatch(bytes([b])) is None for b in range(256)] == [
            b in excluded for b in range(256)
        ]


def _composed_with_previous() -> set[str]:
    """Every character that is the second of a canonical pair NFC composes (quick check
    'maybe'), Hangul vowels and final consonants among them."""
    second = {chr(c) for c in (*range(0x1161, 0x1176), *range(0x11A8, 0x11C3))}
    for code in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            second.add(chr(int(parts[1], 16)))
    return second


def test_the_characters_taken_for_nfc_are_nfc_next_to_anything() -> None:
    """A text of ASCII and _NFC_STABLE's characters is NFC without normalising it: each is not
    combining, unchanged by NFC and never composed with the character before it."""
    second = _composed_with_previous()
    stable = [chr(c) for c in range(0x80, 0x2100) if not fast._NFC_STABLE.match(chr(c))]
    vietnamese = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
    assert set(vietnamese + vietnamese.upper() + "–—‘’“”…") <= set(stable)
    for char in stable:
        assert unicodedata.combining(char) == 0, hex(ord(char))
        assert unicodedata.normalize("NFC", char) == char, hex(ord(char))
        assert char not in second, hex(ord(char))
        assert not fast._INVISIBLE.match(char)


@pytest.mark.parametrize(
    "text",
    # ohm and angstrom signs (NFC: omega, A ring), a Hangul consonant and vowel, e and a
    # combining acute, a Devanagari letter NFC decomposes, marks out of order, a quad space
    ["\u2126", "\u212b", "\u1100\u1161", "e\u0301", "\u0958", "a\u0323\u0302", "\u2000"],
)
def test_text_nfc_changes_goes_to_the_composer(text: str) -> None:
    raw = _clean(f"    v: x{text}")
    assert fast.parse_fast(raw, Limits()) is None
    same_on_both_paths(raw)


def test_text_of_vietnamese_and_punctuation_takes_the_fast_path() -> None:
    raw = _clean("    v: Sở Thông tin – Truyền thông “Bắc Kạn” ư ơ Ư Ơ đ Đ ạ ỹ")
    assert fast.parse_fast(raw, Limits()) is not None


def test_limits_send_a_file_to_the_composer() -> None:
    raw = _clean("    v: x")
    assert fast.parse_fast(raw, Limits(max_file_bytes=len(raw) - 1)) is None
    assert fast.parse_fast(raw, Limits(max_scalar_chars=len(raw) - 1)) is None
    assert fast.parse_fast(raw, Limits(max_depth=8)) is None
    deep = "x:\n" + "".join(" " * i + "- a:\n" for i in range(0, 40, 2))
    assert fast.parse_fast(deep.encode(), Limits()) is None
    same_on_both_paths(deep.encode(), Limits(max_depth=20))


def test_undecodable_bytes_go_to_the_composer() -> None:
    for raw in (b"\xef\xbb\xbfa: 1\n", b"a: \xff\n", b"\xff\xfea\x00", "a: é\n".encode("utf-16")):
        assert fast.parse_fast(raw, Limits()) is None
        same_on_both_paths(raw)


_NUMBER = st.from_regex(
    r"\A[-+]?(0|[0-9]{1,3}|\.[0-9]{1,2}|[0-9]{1,2}\.[0-9]{0,2})([eE][-+]?[0-9]{1,3})?\Z"
)


@settings(max_examples=300, deadline=None)
@given(
    token=st.one_of(_NUMBER, st.sampled_from(["true", "false", "null", "-0", "0.", "-.5"])),
    reader=st.sampled_from(READERS),
)
def test_plain_numbers_the_gate_lets_through_are_typed_alike(token: str, reader: str) -> None:
    """The grammar of plain scalars the gate trusts rapidyaml's JSON for (`_SAFE`), and those
    the compiled reader types itself."""
    raw = f"a: {token}\nb: [{token}, x]\n".encode()
    with reading(reader):
        taken = same_on_both_paths(raw)
    if taken:
        value, problem = plain_scalar(token)
        assert problem is None and fast.parse_fast(raw, Limits())[0]["a"] == value  # type: ignore[index]


@functools.cache
def _pool() -> list[bytes]:
    clean = [s for s in seeds() if fast.parse_fast(s, Limits()) is not None]
    return clean + _suite()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0),
    rng=st.randoms(use_true_random=False),
    reader=st.sampled_from(READERS),
)
def test_mutated_inputs_read_the_same(index: int, rng: random.Random, reader: str) -> None:
    pool = _pool()
    raw = pool[index % len(pool)]
    for _ in range(rng.randint(1, 3)):
        raw = mutate(raw, rng, pool)
    with reading(reader):
        same_on_both_paths(raw)


def _edited(raw: bytes, edits: list[tuple[int, str, bool]]) -> bytes:
    """The file's first 2000 bytes with each piece put at its place (modulo the length),
    over what is there (`overwrite`) or in front of it."""
    data = bytearray(raw[:2000])
    for where, piece, overwrite in edits:
        at = where % (len(data) + 1)
        token = piece.encode()
        data[at : at + (len(token) if overwrite else 0)] = token
    return bytes(data)


_PIECES = [" ", "\n", ":", "-", ",", "a", "1", ".", "[", "]", "{", "}", '"', "'", "#", " #"]
_PIECES += [": ", "- ", "\n  ", "\n- ", "0", "e", "+", "x: y", '\\"', "\\n", "é", "e\u0301"]
_PIECES += ["True", "nan", "1e3", "-1", ".5", "null", "  ", "~", "010", "yes"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0),
    edits=st.lists(
        st.tuples(st.integers(min_value=0), st.sampled_from(_PIECES), st.booleans()),
        min_size=1,
        max_size=5,
    ),
    reader=st.sampled_from(READERS),
)
def test_small_edits_of_clean_files_read_the_same(
    index: int, edits: list[tuple[int, str, bool]], reader: str
) -> None:
    """Edits a writer makes (a space, a line break, a ':' or a quote) to files the fast path
    takes: near-misses of the gates and of the compiled reader's rules."""
    pool = [s for s in _pool() if fast.parse_fast(s, Limits()) is not None]
    with reading(reader):
        same_on_both_paths(_edited(pool[index % len(pool)], edits))


_PIECES_OF_GATES = [*_PIECES, "&a ", "*a", "!t", "? ", "|", ">", "@", "`", "%", "'", "'a'"]
_PIECES_OF_GATES += ["---", "...", "\\\\", "\\u00e9", "\\x", "\\/", "\t", "\r", "\x01", "\x7f"]
_PIECES_OF_GATES += ["\x85", "\u2028", "\ufeff", "\u2126", "\u0301", "ơ", "[{a: 1}]", "-,", "-]"]
_PIECES_OF_GATES += ["- ]", "]", "}", " ]", "[a, b]", "{a: b}", "0x1F", "Yes", "true:", "1:"]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0),
    edits=st.lists(
        st.tuples(st.integers(min_value=0), st.sampled_from(_PIECES_OF_GATES), st.booleans()),
        max_size=5,
    ),
    depth=st.sampled_from([64, 20, 12, 8]),
)
def test_the_gates_decide_as_before(
    index: int, edits: list[tuple[int, str, bool]], depth: int
) -> None:
    """Every decision of the faster gates is the former gates' decision: edits of the clean
    files and of the YAML test suite (near-misses of every gate), with several depth limits."""
    pool = _pool()
    raw = _edited(pool[index % len(pool)], edits)
    limits = Limits(max_depth=depth)
    assert fast.eligible(raw, limits) == _old_eligible(raw, limits), raw[:300]


def test_the_gates_decide_as_before_on_every_seed() -> None:
    for raw in _pool() + seeds():
        assert fast.eligible(raw, DEFAULT) == _old_eligible(raw, DEFAULT), raw[:300]


def test_rapidyaml_errors_do_not_reach_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    assert fast._emit(b"a: b: c\n") is None
    assert capfd.readouterr().err == ""


def _validated(root: Path, *, use_cache: bool) -> tuple[object, ...]:
    report = validate_project(load_config(root), use_cache=use_cache)
    return [to_plain(d) for d in report.diagnostics], report.stats, report.files, report.ok


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Workers from the first byte on; the sizes of the pools started are recorded."""
    monkeypatch.setattr(load_module, "PARALLEL_FROM", 0)
    started: list[int] = []
    real_pool = multiprocessing.context.ForkContext.Pool

    def pool(self: Any, processes: int, *args: Any) -> Any:
        started.append(processes)
        return real_pool(self, processes, *args)

    monkeypatch.setattr(multiprocessing.context.ForkContext, "Pool", pool)
    return started


def test_two_worker_processes_give_what_one_process_gives(tmp_path: Path, pools: list[int]) -> None:
    """The shipped model with broken files added (a tag, a syntax error, a duplicate key),
    validated cold in one process, then with every file parsed by two workers, then from what
    the workers put in the cache."""
    root = tmp_path / "p"
    shutil.copytree(REPO / "models", root / "models")
    broken = root / "models" / "zz-broken"
    broken.mkdir()
    (broken / "a.yaml").write_text("systems:\n  - id: x-tag\n    name: !t X\n", encoding="utf-8")
    (broken / "b.yaml").write_text("systems:\n  - id: x-syntax\n    name: [\n", encoding="utf-8")
    (broken / "c.yaml").write_text(
        "systems:\n  - id: x-dup\n    name: A\n    name: B\n", encoding="utf-8"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(load_module, "PARALLEL_FROM", 1 << 60)
        report = validate_project(load_config(root), use_cache=False)
        one = _validated(root, use_cache=False)
    assert {"EAF101", "EAF107"} <= {d.code for d in report.diagnostics}
    assert pools == []
    assert _validated(root, use_cache=False) == one
    assert _validated(root, use_cache=True) == one  # the workers fill the cache
    assert pools == [2, 2]
    assert _validated(root, use_cache=True) == one  # read from it: no worker needed
    assert pools == [2, 2]


def test_workers_parse_every_file_not_in_the_cache(pools: list[int]) -> None:
    config = load_config(REPO)
    sources = read_sources(config, config.models)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(load_module, "PARALLEL_FROM", 1 << 60)
        serial = [outcome(p) for p in parse_all(sources, config, cache_for(config, False))]
    assert pools == []
    parallel = [outcome(p) for p in parse_all(sources, config, cache_for(config, False))]
    assert parallel == serial and pools == [2]


def test_the_fuzzer_catches_a_fast_path_that_reads_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """benchmarks/fuzz.py compares both paths on every input (tests/fuzzing.check_loader)."""
    raw = b"a: 1\n"
    assert check_loader(raw) == []
    monkeypatch.setattr(fast, "parse_fast", lambda raw, limits, gates=True: ({"a": 1.0}, "a: 1\n"))
    assert check_loader(raw) == [
        "the fast path (eaf.load.fast) read it otherwise than the composer"
    ]


def _offered(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each file offered to the fast path while the test runs, whether rapidyaml's gates
    were offered it too."""
    offered: list[bool] = []
    real = fast.parse_fast

    def recording(raw: bytes, limits: Limits, *, gates: bool = True) -> Any:
        offered.append(gates)
        return real(raw, limits, gates=gates)

    monkeypatch.setattr(fast, "parse_fast", recording)
    return offered


_MULTI_LINE = b"systems:\n  - id: a\n    name: text that goes\n      on to another line\n"


@pytest.mark.parametrize("fast_from", [0, 1 << 60])
def test_the_gates_are_offered_only_when_there_is_enough_to_parse(
    monkeypatch: pytest.MonkeyPatch, fast_from: int, tmp_path: Path
) -> None:
    """Compiling the gates costs about what the composer takes for half a megabyte: a run
    with less to parse (a one-file edit) leaves them uncompiled, though it is offered the
    compiled reader; the results are the same."""
    root = tmp_path / "p"
    shutil.copytree(REPO / "models", root / "models")
    (root / "models" / "multi-line.yaml").write_bytes(_MULTI_LINE)  # the compiled reader's miss
    offered = _offered(monkeypatch)
    monkeypatch.setattr(load_module, "FAST_FROM", fast_from)
    fast.gates.cache_clear()
    config = load_config(root)
    sources = read_sources(config, config.models)
    parses = [outcome(p) for p in parse_all(sources, config, cache_for(config, False))]
    typed, _ = load_module.type_files(sources, config, cache_for(config, False))
    assert len(offered) == 2 * len(sources.files)  # parsed, then typed
    assert set(offered) == {fast_from == 0}
    assert (fast.gates.cache_info().currsize == 1) == (fast_from == 0)
    assert len(typed) == len(sources.files)
    monkeypatch.setattr(load_module, "FAST_FROM", 1 << 60 if fast_from == 0 else 0)
    again = [outcome(p) for p in parse_all(sources, config, cache_for(config, False))]
    assert again == parses


def test_a_run_after_an_edit_leaves_the_gates_uncompiled(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What counts is what is left to parse, not the model's size: with the other files' parses
    in the cache, a one-file edit is read without the gates (eaf build, query, render, site)."""
    from eaf.cache import Cache

    offered = _offered(monkeypatch)
    config = load_config(REPO)
    sources = read_sources(config, config.models)
    biggest = max(len(raw) for _, raw in sources.files)
    monkeypatch.setattr(
        load_module, "FAST_FROM", biggest + 1
    )  # the model is above, each file below
    cache = Cache(tmp_path / "cache")
    load_module.type_files(sources, config, cache)
    assert offered and all(offered)  # a cold run: the model is offered the gates
    offered.clear()
    (source, raw), *rest = sources.files
    edited = load_module.Sources([(source, raw + b"# edited\n"), *rest], [])
    typed, _ = load_module.type_files(edited, config, cache)
    assert offered == [False]
    assert len(typed) == len(sources.files)
