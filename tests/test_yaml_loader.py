"""The strict YAML loader: typing, positions, rejected constructs, limits and encodings."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eaf.load.positions import PositionMap
from eaf.load.text import decode
from eaf.load.yaml import Limits, parse_bytes, parse_text


def load(text: str, **kw: object) -> tuple[object, list[tuple[str, int, int]]]:
    parsed = parse_text(text, "m.yaml", **kw)  # type: ignore[arg-type]
    return parsed.data, [(d.code, d.location.line, d.location.col) for d in parsed.diagnostics]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("NO", "NO"),
        ("yes", "yes"),
        ("on", "on"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("12", 12),
        ("-3", -3),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.10", 1.1),
        ("1e3", 1000.0),
        ("2024-01-15", "2024-01-15"),
        ("1:20", "1:20"),
        ("0777", "0777"),
        ("Thủ Dầu Một", "Thủ Dầu Một"),
    ],
)
def test_yaml_12_core_typing(scalar: str, value: object) -> None:
    data, _ = load(f"x: {scalar}\n")
    assert data == {"x": value}
    assert type(data["x"]) is type(value)  # type: ignore[index]


def test_quoted_scalars_stay_text() -> None:
    data, diags = load("a: 'yes'\nb: \"12\"\nc: '0777'\n")
    assert data == {"a": "yes", "b": "12", "c": "0777"}
    assert diags == []


def test_yaml11_booleans_warn_in_keys_and_values() -> None:
    data, diags = load("on: NO\n")
    assert data == {"on": "NO"}
    assert diags == [("EAF108", 1, 1), ("EAF108", 1, 5)]


def test_leading_zero_and_non_finite_numbers_are_errors() -> None:
    data, diags = load("a: 08\nb: .inf\nc: -.Inf\nd: .nan\n")
    assert data["a"] == "08"  # type: ignore[index]
    assert math.isnan(data["d"])  # type: ignore[index]
    assert diags == [("EAF109", 1, 4), ("EAF110", 2, 4), ("EAF110", 3, 4), ("EAF110", 4, 4)]


def test_duplicate_keys_block_flow_and_nfc() -> None:
    _, diags = load("a: 1\na: 2\n")
    assert diags == [("EAF107", 2, 1)]
    _, diags = load("t: {x: 1, x: 2}\n")
    assert diags == [("EAF107", 1, 11)]
    _, diags = load("Bộ: 1\nBo\u0323\u0302: 2\n")  # the second key is the NFD spelling
    assert diags == [("EAF107", 2, 1)]


def test_duplicate_key_names_the_first_definition() -> None:
    parsed = parse_text("id: a\nid: b\n", "m.yaml")
    (d,) = parsed.diagnostics
    assert "first defined at line 1, column 1" in d.message
    assert [str(r) for r in d.related] == ["m.yaml:1:1"]


def test_values_are_nfc_normalised() -> None:
    data, _ = load("name: Thu\u0309 Da\u0302\u0300u Mo\u0323\u0302t\n")
    assert data == {"name": "Thủ Dầu Một"}


def test_anchors_aliases_and_tags_are_rejected_without_construction() -> None:
    _, diags = load("a: &x 1\nb: *x\nc: !!python/object/apply:os.system ['id']\nd: !include f\n")
    assert diags == [("EAF104", 1, 4), ("EAF105", 2, 4), ("EAF106", 3, 4), ("EAF106", 4, 4)]


def test_alias_bomb_is_cheap_and_never_expanded() -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    parsed = parse_text(bomb, "m.yaml")
    codes = {d.code for d in parsed.diagnostics}
    assert codes == {"EAF104", "EAF105"}
    assert len(parsed.diagnostics) <= 2 * Limits().max_same_code_per_file
    assert parsed.data["i"] == [None] * 9  # type: ignore[index]


def test_depth_limit_without_recursion_error() -> None:
    parsed = parse_text("[" * 500 + "]" * 500, "m.yaml")
    assert [(d.code, d.location.line, d.location.col) for d in parsed.diagnostics] == [  # type: ignore[union-attr]
        ("EAF111", 1, 65)
    ]
    assert parsed.broken


def test_syntax_errors_point_at_what_was_left_open() -> None:
    assert load("name: [a, b")[1] == [("EAF101", 1, 7)]
    assert load('name: "Bộ Tài')[1] == [("EAF101", 1, 7)]
    assert load("a: 1\n  b: 2")[1] == [("EAF101", 2, 4)]
    assert load("a:\n\tb: 1")[1] == [("EAF102", 2, 1)]


def test_one_document_per_file() -> None:
    assert load("a: 1\n---\nb: 2\n")[1] == [("EAF103", 2, 1)]


def test_non_text_keys_are_errors() -> None:
    assert load("1: a\nnull: b\n")[1] == [("EAF121", 1, 1), ("EAF121", 2, 1)]
    assert load("? [a]\n: b\n")[1] == [("EAF121", 1, 3)]


@pytest.mark.parametrize(
    ("raw", "code", "where"),
    [
        ("id: a".encode("utf-16"), "EAF114", (1, 1)),
        (b"\xff\xfe\x00\x00i\x00\x00\x00", "EAF114", (1, 1)),
        (b"a: 1\nb: caf\xe9\n", "EAF114", (2, 7)),
        (b"a: 1\nname: a\x00b\n", "EAF115", (2, 8)),
        (b"a: \x1b[31m\n", "EAF115", (1, 4)),
    ],
)
def test_encoding_errors_are_located(raw: bytes, code: str, where: tuple[int, int]) -> None:
    parsed, text = parse_bytes(raw, "m.yaml")
    assert text is None
    assert [(d.code, d.location.line, d.location.col) for d in parsed.diagnostics] == [  # type: ignore[union-attr]
        (code, *where)
    ]


def test_bom_and_crlf_are_accepted_with_the_same_positions() -> None:
    lf = parse_bytes(b"a: 1\nb: [x, y\n", "m.yaml")[0]
    crlf = parse_bytes(b"\xef\xbb\xbfa: 1\r\nb: [x, y\r\n", "m.yaml")[0]
    assert [str(d.location) for d in lf.diagnostics] == [str(d.location) for d in crlf.diagnostics]
    ok, _ = parse_bytes(b"\xef\xbb\xbfid: a\r\n", "m.yaml")
    assert ok.data == {"id": "a"}


def test_file_size_limit_is_checked_before_parsing() -> None:
    parsed, text = parse_bytes(b"a: 1\n" * 10, "m.yaml", limits=Limits(max_file_bytes=20))
    assert text is None
    assert [d.code for d in parsed.diagnostics] == ["EAF112"]


def test_scalar_length_limit() -> None:
    parsed = parse_text("a: " + "x" * 50 + "\n", "m.yaml", limits=Limits(max_scalar_chars=10))
    assert [d.code for d in parsed.diagnostics] == ["EAF113"]


def test_positions_of_keys_and_values() -> None:
    text = "systems:\n  - id: x\n    tags: [a, b]\n"
    pm = PositionMap("m.yaml", text)
    assert str(pm.locate(("systems", 0, "tags", 1))[0]) == "m.yaml:3:15"
    assert str(pm.locate(("systems", 0, "tags"), at_key=True)[0]) == "m.yaml:3:5"
    # A segment pydantic adds (a union tag) is skipped; the value is still found.
    loc, matched = pm.locate(("systems", 0, "count", "tags"))
    assert (str(loc), matched) == ("m.yaml:3:11", ("systems", 0, "tags"))
    # A last segment absent from the file (a missing field) points at its parent's key.
    loc, matched = pm.locate(("systems", 0, "tags", "name"))
    assert (str(loc), matched) == ("m.yaml:3:5", ("systems", 0, "tags"))


def test_decode_reports_utf16_without_bom_as_not_utf8() -> None:
    text, diags = decode("ab: c".encode("utf-16-le"), "m.yaml")
    assert text is None
    assert diags[0].code in {"EAF114", "EAF115"}


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_loader_never_raises_on_arbitrary_bytes(raw: bytes) -> None:
    parsed, _ = parse_bytes(raw, "m.yaml")
    assert all(d.location is not None for d in parsed.diagnostics)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab: -[]{},&*!'\"#\n\t?|>0.~")), max_size=60))
def test_loader_never_raises_on_yaml_like_text(text: str) -> None:
    parse_text(text, "m.yaml")
    parse_text(text, "m.yaml", track=True)


# Where libyaml reads YAML otherwise than YAML 1.2 (tests/test_yaml_suite.py runs the whole YAML
# test suite): each construct inside a mapping, as it would be in a model file.
@pytest.mark.parametrize(
    ("text", "data", "diags"),
    [
        # A tab in the white space that starts a line is refused, wherever it is.
        ("a:\n  - \tx\n", None, [("EAF102", 2, 5)]),
        ('a: "x\n\ty"\n', {"a": "x y"}, [("EAF102", 2, 1)]),
        ("a: |\n  x\n  \ty\n", {"a": "x\n\ty\n"}, [("EAF102", 3, 3)]),
        ("a: 1\n\t\nb: 2\n", None, [("EAF102", 2, 1)]),
        ("a:\tb\n", {"a": "b"}, []),
        # Directives: '%YAML 1.2' only, followed by '---'.
        ("%YAML 1.2\n---\na: 1\n", {"a": 1}, []),
        ("%YAML 1.1\n---\na: 1\n", {"a": 1}, [("EAF122", 1, 1)]),
        ("%FOO bar\n---\na: 1\n", {"a": 1}, [("EAF122", 1, 1)]),
        ("%YAML 1.2\na: 1\n", {"a": 1}, [("EAF101", 1, 1)]),
        ("%YAML 1.2\n%YAML 1.2\n---\n", None, [("EAF101", 2, 1)]),
        # Document markers: one document; content after '...' is a second one.
        ("a: 1\n...\nb: 2\n", {"a": 1}, [("EAF103", 3, 1)]),
        ("a: 1\n...\n# done\n", {"a": 1}, []),
        ("...\n", None, []),
        ("# only\n...\n", None, []),
        # NEL, LS and PS are text (YAML 1.2), not line breaks (libyaml).
        ("# c\u2028x: [\na: 1\n", {"a": 1}, []),
        ('a: "x\x85y"\n', {"a": "x\x85y"}, []),
        ("a: x\u2029y\n", {"a": "x\u2029y"}, []),
        ('a: "x\u2028y"\nb: 08\n', {"a": "x\u2028y", "b": "08"}, [("EAF109", 2, 4)]),
        # The end of the file ends the last line: a block scalar keeps its line break.
        ("a: |\n  x\n   ", {"a": "x\n \n"}, []),
        ("a: |\n  x", {"a": "x\n"}, []),
        # A comment needs white space before it (libyaml accepts it glued).
        ('a: "v"# c\n', {"a": "v"}, [("EAF101", 1, 7)]),
        ("a: [b]#c\n", {"a": ["b"]}, [("EAF101", 1, 7)]),
        ("a: [b,#c\n  ]\n", {"a": ["b"]}, [("EAF101", 1, 7)]),
        ("a: >#c\n  x\n", {"a": "x\n"}, [("EAF101", 1, 5)]),
        ('a: "#x"\nb: it\'s#1\nc: [x#y]\n', {"a": "#x", "b": "it's#1", "c": ["x#y"]}, []),
        # Inside [ ] and { }: a lone '-' is not a value; '?x' is text for YAML 1.2.
        ("a: [-]\n", {"a": ["-"]}, [("EAF101", 1, 5)]),
        ("a: [-1, -x]\n", {"a": [-1, "-x"]}, []),
        ("a: [?x]\n", {"a": [{"x": None}]}, [("EAF123", 1, 5)]),
        ("a: {?x: 1}\n", {"a": {"x": 1}}, [("EAF123", 1, 5)]),
        ("a: {? x: 1}\n", {"a": {"x": 1}}, []),
        # Lines continuing quoted text or brackets are indented more than their parent.
        ("a:\n  b: [x,\n  z]\n", {"a": {"b": ["x", "z"]}}, [("EAF101", 3, 3)]),
        ('a: "x\ny"\n', {"a": "x y"}, [("EAF101", 2, 1)]),
        ('- a: 1\n  b: "x\n  y"\n', [{"a": 1, "b": "x y"}], [("EAF101", 3, 3)]),
        ('a: "x\n\n y"\n', {"a": "x\ny"}, []),
        ("a: [x,\n # c\n z]\n", {"a": ["x", "z"]}, []),
        ("[a,\nb]\n", ["a", "b"], []),
        # A block scalar's leading blank lines hold no more spaces than its first text line.
        ("a: >\n \n  \n   \n # c\n", {"a": ""}, [("EAF101", 4, 1)]),
        ("a: >\n  \n  x\n", {"a": "\nx\n"}, []),
        # Valid YAML libyaml refuses: refused for what it uses, never as "not YAML".
        ("a: 1\n: b\n", None, [("EAF121", 2, 1)]),
        ("a: [ : x ]\n", None, [("EAF121", 1, 6)]),
        ("a: &\U0001f601 x\n", None, [("EAF104", 1, 4)]),
        ("a: {x: :y}\n", None, [("EAF123", 1, 8)]),
        ('a: {"x"\n  : y}\n', None, [("EAF123", 2, 3)]),
        ("a: {b: 1, c:,}\n", None, [("EAF123", 1, 12)]),
        # ... but a real error stays one.
        ("a: {b: 1,\n  c: 2\nd: 3\n", None, [("EAF101", 1, 4)]),
    ],
)
def test_strict_where_libyaml_is_not(text: str, data: object, diags: list[object]) -> None:
    parsed = parse_text(text, "m.yaml")
    found = [(d.code, d.location.line, d.location.col) for d in parsed.diagnostics]  # type: ignore[union-attr]
    assert found == diags
    if data is not None or parsed.broken:
        assert parsed.data == data
    tracked = parse_text(text, "m.yaml", track=True)
    assert [str(d) for d in tracked.diagnostics] == [str(d) for d in parsed.diagnostics]


@pytest.mark.parametrize(
    ("text", "offset", "where"),
    [
        ("a: plain text\n", 6, (1, 10)),
        ("a: folded\n  over two\n", 7, (2, 3)),
        ('a: "x\\u0061b,c"\n', 3, (1, 13)),
        ('a: "x\\\n    y"\n', 1, (2, 5)),
        ("a: 'it''s'\n", 3, (1, 9)),
        ("a: |\n  one\n  two\n", 5, (3, 4)),
        ("a: |\n  one\n", 3, (2, 6)),
    ],
)
def test_a_place_inside_a_value_is_where_it_is_written(
    text: str, offset: int, where: tuple[int, int]
) -> None:
    from eaf.load.positions import position_in_value

    assert position_in_value(text, 1, 4, offset) == where


def test_positions_do_not_change_what_is_found() -> None:
    """Found by the fuzzer: tracking positions once reset the count of open brackets, so a
    second [ ]/{ } over several lines went unchecked."""
    text = "a: {b: 1}\nc: {\n    d: 2,\n    e: 3\n4\n  }\n"
    for track in (False, True):
        found = [(d.code, d.location.line) for d in parse_text(text, "m", track=track).diagnostics]  # type: ignore[union-attr]
        assert found == [("EAF101", 5)]


def test_tabs_are_reported_at_most_the_per_file_limit() -> None:
    text = "a:\n" + "".join(f"\tk{i}: 1\n" for i in range(30))
    tabs = [
        d
        for d in parse_text(text, "f.yaml", limits=Limits(max_same_code_per_file=5)).diagnostics
        if d.code == "EAF102"
    ]
    assert len(tabs) == 5
    assert tabs[-1].message.endswith("(further findings of this kind in this file are not shown)")
    assert [d.location.line for d in tabs] == [2, 3, 4, 5, 6]
