"""The selector language: parsing, errors with offsets, method validation and evaluation."""

from __future__ import annotations

import unicodedata
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eaf.select import (
    Atom,
    Group,
    Selector,
    SelectorIndex,
    SelectorProblem,
    evaluate,
    parse_selector,
    select,
    validate_methods,
)

# --- fixtures ----------------------------------------------------------------------------------


def _add(g: Any, node: str, kind: str, file: str, **fields: Any) -> None:
    g.add_node(node, kind=kind, file=file, fields=fields)


def _model() -> Any:
    """A small province: organisations, systems, a platform, data and infrastructure.

    Edges point from the user to what it uses:

        ubnd-thu-dau-mot -> xa-an-tay -> cong-dvc -> lgsp-binh-duong -> csdl-dan-cu -> dc-tinh
        so-tttt -> cong-dvc, so-tttt -> hscv -> lgsp-binh-duong, ke-toan -> hscv
        phuong-phu-cuong: no edges
    """
    g = nx.MultiDiGraph()
    _add(
        g,
        "so-tttt",
        "organization",
        "models/orgs/so-tttt.yaml",
        name="Sở Thông tin và Truyền thông",
        level="province",
        type="sở",
        tags=["pilot"],
    )
    _add(
        g,
        "ubnd-thu-dau-mot",
        "organization",
        "models/orgs/thu-dau-mot.yaml",
        name="Thủ Dầu Một",
        level="district",
        type="thành phố",
        tags=[],
    )
    _add(
        g,
        "xa-an-tay",
        "organization",
        "models/orgs/thu-dau-mot.yaml",
        name="Xã An Tây",
        level="commune",
        type="xã",
        tags=["pilot", "rural"],
    )
    _add(
        g,
        "phuong-phu-cuong",
        "organization",
        "models/orgs/thu-dau-mot.yaml",
        name="Phường Phú Cường",
        level="commune",
        type="phường",
    )
    _add(
        g,
        "lgsp-binh-duong",
        "platform",
        "models/platforms/lgsp.yaml",
        name="LGSP Bình Dương",
        owner="so-tttt",
        layer="integration",
        tags=["lgsp", "shared"],
    )
    _add(
        g,
        "cong-dvc",
        "system",
        "models/systems/cong-dvc.yaml",
        name="Cổng dịch vụ công, tỉnh",
        owner="so-tttt",
        layer="applications",
        category="portal",
        online_level=4,
        security_level=3,
        since="2021-05-01",
        is_public=True,
        tags=["pilot"],
    )
    _add(
        g,
        "hscv",
        "system",
        "models/systems/hscv.yaml",
        name="Hệ thống quản lý văn bản",
        owner="so-tttt",
        layer="applications",
        online_level=2,
        security_level=2,
        since="2019-12-31",
        is_public=False,
        version="10",
        tags=["legacy"],
    )
    _add(
        g,
        "ke-toan",
        "system",
        "models/systems/ke-toan.yaml",
        name="Phần mềm kế toán",
        layer="applications",
        security_level="1",
        since="2020-01-15",
        version="9",
        tags=["legacy", "finance"],
    )
    _add(
        g,
        "csdl-dan-cu",
        "data",
        "models/data/csdl.yaml",
        name="CSDL dân cư",
        owner="so-tttt",
        security_level=4.5,
        meta={"a": 1},
        owners=None,
    )
    _add(g, "dc-tinh", "infrastructure", "models/infra/dc.yaml", name="Trung tâm dữ liệu", tags=[])
    g.add_edge("ubnd-thu-dau-mot", "xa-an-tay", type="parent_of")
    g.add_edge("xa-an-tay", "cong-dvc", type="uses")
    # Two parallel edges of different types: traversal must follow both, count nodes once.
    g.add_edge("cong-dvc", "lgsp-binh-duong", type="uses")
    g.add_edge("cong-dvc", "lgsp-binh-duong", type="integrates")
    g.add_edge("lgsp-binh-duong", "csdl-dan-cu", type="reads")
    g.add_edge("csdl-dan-cu", "dc-tinh", type="hosted_on")
    g.add_edge("so-tttt", "cong-dvc", type="owns")
    g.add_edge("so-tttt", "hscv", type="owns")
    g.add_edge("hscv", "lgsp-binh-duong", type="uses")
    g.add_edge("ke-toan", "hscv", type="integrates")
    return g


MODEL = _model()
ALL = frozenset(MODEL.nodes)
ORGS = frozenset({"so-tttt", "ubnd-thu-dau-mot", "xa-an-tay", "phuong-phu-cuong"})
SYSTEMS = frozenset({"cong-dvc", "hscv", "ke-toan"})
FIELDS = {
    "name",
    "level",
    "type",
    "tags",
    "owner",
    "layer",
    "category",
    "online_level",
    "security_level",
    "since",
    "is_public",
    "version",
    "meta",
}


def sel(text: str, graph: Any = MODEL) -> frozenset[str]:
    selector, problems = parse_selector(text)
    assert problems == []
    assert selector is not None
    return evaluate(selector, graph)


def problems_of(text: str) -> list[tuple[int, str]]:
    selector, problems = parse_selector(text)
    assert selector is None
    assert problems
    assert all(p.kind == "syntax" and p.hint for p in problems)
    return [(p.offset, p.message) for p in problems]


# --- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "atom"),
    [
        ("kind:system", Atom("kind", ":", "system", False, None, None)),
        ("id:lgsp-binh-duong", Atom("id", ":", "lgsp-binh-duong", False, None, None)),
        ("lgsp-binh-duong", Atom("id", ":", "lgsp-binh-duong", False, None, None)),
        ("a1.b_c-d", Atom("id", ":", "a1.b_c-d", False, None, None)),
        ("tag:pilot", Atom("tag", ":", "pilot", False, None, None)),
        ("file:models/*.yaml", Atom("file", ":", "models/*.yaml", False, None, None)),
        ("level:commune", Atom("level", ":", "commune", False, None, None)),
        ("type:xã", Atom("type", ":", "xã", False, None, None)),
        ("url:https://x.vn/a?b=c", Atom("url", ":", "https://x.vn/a?b=c", False, None, None)),
        ("level:a+b", Atom("level", ":", "a+b", False, None, None)),
        ("name:+x", Atom("name", ":", "+x", False, None, None)),
        ("level:hi!", Atom("level", ":", "hi!", False, None, None)),
        ("online_level>=3", Atom("online_level", ">=", "3", False, None, None)),
        ("online_level<=3", Atom("online_level", "<=", "3", False, None, None)),
        ("online_level>3", Atom("online_level", ">", "3", False, None, None)),
        ("online_level<3", Atom("online_level", "<", "3", False, None, None)),
        ("online_level=3", Atom("online_level", "=", "3", False, None, None)),
        ("level!=commune", Atom("level", "!=", "commune", False, None, None)),
        ("since>=2024-01-01", Atom("since", ">=", "2024-01-01", False, None, None)),
        ("!tag:legacy", Atom("tag", ":", "legacy", True, None, None)),
        ("!level!=commune", Atom("level", "!=", "commune", True, None, None)),
        ("+lgsp", Atom("id", ":", "lgsp", False, -1, None)),
        ("lgsp+", Atom("id", ":", "lgsp", False, None, -1)),
        ("+lgsp+", Atom("id", ":", "lgsp", False, -1, -1)),
        ("1+lgsp", Atom("id", ":", "lgsp", False, 1, None)),
        ("lgsp+2", Atom("id", ":", "lgsp", False, None, 2)),
        ("1+lgsp+1", Atom("id", ":", "lgsp", False, 1, 1)),
        ("12+tag:lgsp+", Atom("tag", ":", "lgsp", False, 12, -1)),
        ("!+x", Atom("id", ":", "x", True, -1, None)),
        ("!3+kind:data+1", Atom("kind", ":", "data", True, 3, 1)),
        ("online_level>=3+", Atom("online_level", ">=", "3", False, None, -1)),
        ("1000000+x", Atom("id", ":", "x", False, 1_000_000, None)),
        # '+' with nothing on one side belongs to the other: '1+' is id 1 and its descendants.
        ("1+", Atom("id", ":", "1", False, None, -1)),
        ("123", Atom("id", ":", "123", False, None, None)),
        # Left to right: a leading number is a hop count.
        ("2+3", Atom("id", ":", "3", False, 2, None)),
        ("id:2+3", Atom("id", ":", "2", False, None, 3)),
        ('name:"Thủ Dầu Một"', Atom("name", ":", "Thủ Dầu Một", False, None, None)),
        ('name:"a, b"', Atom("name", ":", "a, b", False, None, None)),
        ('name:"C++"', Atom("name", ":", "C++", False, None, None)),
        ('name:"x+1"', Atom("name", ":", "x+1", False, None, None)),
        ('name:"=x"', Atom("name", ":", "=x", False, None, None)),
        ('name:""', Atom("name", ":", "", False, None, None)),
        ('name:"a b"+1', Atom("name", ":", "a b", False, None, 1)),
        ('1+name="a b"', Atom("name", "=", "a b", False, 1, None)),
        ('name:" x*"', Atom("name", ":", " x*", False, None, None)),
        ("Kind_2:x", Atom("Kind_2", ":", "x", False, None, None)),
    ],
)
def test_atom_forms(text: str, atom: Atom) -> None:
    selector, problems = parse_selector(text)
    assert problems == []
    assert selector == Selector(text, (Group((atom,)),))


def test_union_of_intersections() -> None:
    selector, problems = parse_selector("kind:system,!tag:legacy  lgsp\tkind:data,level:x")
    assert problems == []
    assert selector is not None
    assert selector.groups == (
        Group((Atom("kind", ":", "system"), Atom("tag", ":", "legacy", negated=True))),
        Group((Atom("id", ":", "lgsp"),)),
        Group((Atom("kind", ":", "data"), Atom("level", ":", "x"))),
    )
    assert [a.offset for a in selector.atoms()] == [0, 12, 25, 30, 40]


def test_spaces_around_commas_do_not_split_the_group() -> None:
    a, _ = parse_selector("kind:system , tag:x ,\n tag:y")
    b, _ = parse_selector("kind:system,tag:x,tag:y")
    assert a is not None and b is not None
    assert a.groups == b.groups
    assert len(a.groups) == 1
    c, _ = parse_selector("a b ,c")
    assert c is not None
    assert c.groups == (
        Group((Atom("id", ":", "a"),)),
        Group((Atom("id", ":", "b"), Atom("id", ":", "c"))),
    )


def test_whitespace_of_any_kind_separates_groups() -> None:
    selector, _ = parse_selector("  a\nb\t c\u00a0d  ")
    assert selector is not None
    assert [g.atoms[0].value for g in selector.groups] == ["a", "b", "c", "d"]


def test_quotes_protect_spaces_and_commas() -> None:
    selector, _ = parse_selector('name:"a b,c",kind:x name:"y"')
    assert selector is not None
    assert selector.groups == (
        Group((Atom("name", ":", "a b,c"), Atom("kind", ":", "x"))),
        Group((Atom("name", ":", "y"),)),
    )


def test_values_are_nfc_normalised() -> None:
    nfc = 'name:"Thủ Dầu Một",type:xã'
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    a, _ = parse_selector(nfc)
    b, _ = parse_selector(nfd)
    assert a is not None and b is not None
    assert a.groups == b.groups
    assert b.groups[0].atoms[0].value == "Thủ Dầu Một"


def test_atom_equality_ignores_offset() -> None:
    assert Atom("id", ":", "x", offset=3) == Atom("id", ":", "x", offset=9)
    assert hash(Atom("id", ":", "x", offset=3)) == hash(Atom("id", ":", "x"))


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("kind:system , !tag:legacy lgsp", "kind:system,!tag:legacy lgsp"),
        ("id:lgsp", "lgsp"),
        ("2+3", "2+id:3"),
        ("1+", "id:1+"),
        ('name:"Thủ Dầu Một"+2', 'name:"Thủ Dầu Một"+2'),
        ('name:"x"', "name:x"),
        ('name:"C++"', 'name:"C++"'),
        ('name:"x+1"', 'name:"x+1"'),
        ('name:"x+"', 'name:"x+"'),
        ('name:"+5"', 'name:"+5"'),
        ('name:">3"', 'name:">3"'),
        ('name:""', 'name:""'),
        ("!+a+", "!+a+"),
    ],
)
def test_canonical_text_parses_back(text: str, canonical: str) -> None:
    selector, _ = parse_selector(text)
    assert selector is not None
    assert str(selector) == canonical
    again, problems = parse_selector(canonical)
    assert problems == []
    assert again is not None
    assert again.groups == selector.groups


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [(0, "empty selector")]),
        ("  \t ", [(0, "empty selector")]),
        # Dangling commas.
        ("a,", [(1, "',' must be followed by an atom")]),
        ("a , ", [(2, "',' must be followed by an atom")]),
        (",a", [(0, "',' must follow an atom")]),
        ("a,,b", [(2, "',' must follow an atom")]),
        ("a, ,b", [(3, "',' must follow an atom")]),
        # '!' and '+' without an atom.
        ("!", [(0, "'!' must be followed by an atom")]),
        ("kind:x !", [(7, "'!' must be followed by an atom")]),
        ("!,a", [(0, "'!' must be followed by an atom")]),
        ("!!x", [(1, "only one '!' is allowed")]),
        ("+", [(0, "'+' must be next to an atom")]),
        ("!+", [(1, "'+' must be next to an atom")]),
        ("+!x", [(1, "'!' must come before the graph operator")]),
        ("a +", [(2, "'+' must be next to an atom")]),
        # Bad hop counts.
        ("0+x", [(0, "hop count must be at least 1")]),
        ("x+0", [(2, "hop count must be at least 1")]),
        ("kind:x+00", [(7, "hop count must be at least 1")]),
        ("1000001+x", [(0, "hop count 1000001 is too large (at most 1000000)")]),
        ("x+99999999999", [(2, "hop count 99999999999 is too large (at most 1000000)")]),
        ("1.5+x", [(0, "'1.5' is not a hop count")]),
        ("x+1.5", [(2, "'1.5' is not a hop count")]),
        ("-1+x", [(0, "'-1' is not a hop count")]),
        ("x+-1", [(2, "'-1' is not a hop count")]),
        ("kind:system+1.5", [(12, "'1.5' is not a hop count")]),
        ("1.5+kind:system", [(0, "'1.5' is not a hop count")]),
        ("a+b", [(1, "unexpected '+'")]),
        ("lgsp++", [(4, "unexpected '+'")]),
        ("++lgsp", [(1, "unexpected '+'")]),
        ("1+1+x", [(3, "unexpected '+'")]),
        ("x+1+1", [(1, "unexpected '+'")]),
        ("name:C++", [(6, "unexpected '+'")]),
        # Unknown operator sequences.
        ("level==3", [(5, "unknown operator '=='")]),
        ("level=>3", [(5, "unknown operator '=>'")]),
        ("level=<3", [(5, "unknown operator '=<'")]),
        ("level<>3", [(5, "unknown operator '<>'")]),
        ("level:>=3", [(5, "unknown operator ':>='")]),
        ("level:=3", [(5, "unknown operator ':='")]),
        ("level:!x", [(5, "unknown operator ':!'")]),
        ("level!x", [(5, "unknown operator '!'")]),
        ("level>>3", [(5, "unknown operator '>>'")]),
        ("level::x", [(5, "unknown operator '::'")]),
        # Missing name or value, malformed names and ids.
        (":x", [(0, "missing field name before ':'")]),
        (">=3", [(0, "missing field name before '>'")]),
        ("!=3", [(1, "missing field name before '='")]),
        ("level:", [(5, "missing value after ':'")]),
        ("kind:x level>=", [(12, "missing value after '>='")]),
        ("level:+", [(5, "missing value after ':'")]),
        ("one-stop:x", [(0, "'one-stop' is not a field name")]),
        ("1abc:x", [(0, "'1abc' is not a field name")]),
        ("tên:x", [(0, "'tên' is not a field name")]),
        ("LGSP", [(0, "'LGSP' is not a valid id")]),
        ("lgsp-*", [(0, "'lgsp-*' is not a valid id")]),
        ("a--b", [(0, "'a--b' is not a valid id")]),
        ("Thủ", [(0, "'Thủ' is not a valid id")]),
        ("kind:x 2+Bad", [(9, "'Bad' is not a valid id")]),
        # Quotes.
        ('name:"abc', [(5, "unterminated quote")]),
        ('kind:system name:"Thủ Dầu', [(17, "unterminated quote")]),
        ('name:"a"b', [(8, "unexpected text after the closing quote")]),
        ('name:"a"+"b"', [(8, "unexpected text after the closing quote")]),
        ('name:a"b"', [(6, "a quote may only start a value")]),
        ('"lgsp"', [(0, "a quote may only start a value")]),
        ('na"me":x', [(2, "a quote may only start a value")]),
    ],
)
def test_syntax_errors(text: str, expected: list[tuple[int, str]]) -> None:
    assert problems_of(text) == expected


def test_every_problem_is_reported_in_order() -> None:
    assert problems_of("LGSP,, level==3 x+0 a,") == [
        (0, "'LGSP' is not a valid id"),
        (5, "',' must follow an atom"),
        (12, "unknown operator '=='"),
        (18, "hop count must be at least 1"),
        (21, "',' must be followed by an atom"),
    ]


def test_unterminated_quote_is_the_only_problem() -> None:
    assert problems_of('LGSP name:"x, y') == [(10, "unterminated quote")]


def test_offsets_count_characters_of_the_text_as_written() -> None:
    # Decomposed letters take more characters; offsets are into the text as given.
    text = unicodedata.normalize("NFD", 'name:"Thủ Dầu Một"') + " LGSP"
    assert problems_of(text) == [(len(text) - 4, "'LGSP' is not a valid id")]


def test_hints() -> None:
    def hint(text: str) -> str | None:
        return parse_selector(text)[1][0].hint

    assert hint("LGSP") == "ids are lower case: lgsp"
    assert hint("lgsp-*") == "to use a glob, write id:lgsp-*"
    assert hint("level==3") == "use '=' for equality"
    assert hint("level:>=3") == "write level>=VALUE, without the ':'"
    assert hint("level:!x") == "to negate, put '!' before the atom: !level:VALUE"


@pytest.mark.parametrize(
    ("text", "offset", "suggested"),
    [
        ("type:thành phố", 11, 'type:"thành phố"'),
        ("kind:organization,level:xã phường", 27, 'level:"xã phường"'),
        ("name:Thủ Dầu  Một,kind:system", 9, 'name:"Thủ Dầu  Một"'),  # spaces kept as typed
        ("!type:thị trấn lgsp", 10, '!type:"thị trấn"'),  # 'lgsp' reads as an id of its own
        ("online_level>=Ba bốn", 17, 'online_level>="Ba bốn"'),
    ],
)
def test_words_after_an_unquoted_value_suggest_quoting_it(
    text: str, offset: int, suggested: str
) -> None:
    """A value with a space, unquoted: one problem at the first word that is not an id, and the
    hint writes the quoted value (the next words are part of it, not problems of their own)."""
    (problem,) = parse_selector(text)[1]
    assert problem.offset == offset
    assert problem.hint == f"quote a value that holds spaces: {suggested}"


def test_a_word_that_can_be_an_id_keeps_its_own_hint() -> None:
    assert [p.hint for p in parse_selector("kind:system LGSP")[1]] == ["ids are lower case: lgsp"]
    assert parse_selector('name:"Thủ" Dầu')[1][0].hint == (
        "ids are lower-case slugs like lgsp-binh-duong; to match a field write field:value"
    )


# --- method validation -------------------------------------------------------------------------


def _selector(text: str) -> Selector:
    selector, problems = parse_selector(text)
    assert selector is not None, problems
    return selector


def test_known_methods_pass() -> None:
    text = "kind:x id:y tag:z file:w x level:commune,online_level>=3,!1+owner:a+"
    assert validate_methods(_selector(text), FIELDS) == []


def test_builtins_need_no_known_fields() -> None:
    assert validate_methods(_selector("kind:x,id:y,tag:z,file:w,lgsp"), ()) == []


def test_unknown_method_with_did_you_mean() -> None:
    problems = validate_methods(_selector("kind:system,levl:commune !+onlin_level>=3"), FIELDS)
    assert problems == [
        SelectorProblem(12, "unknown field 'levl'", "did you mean 'level'?", "method"),
        SelectorProblem(
            25, "unknown field 'onlin_level'", "did you mean 'online_level'?", "method"
        ),
    ]


def test_did_you_mean_covers_builtins_and_case() -> None:
    problems = validate_methods(_selector("knd:system Tag:x"), FIELDS)
    assert [(p.offset, p.hint) for p in problems] == [
        (0, "did you mean 'kind'?"),
        (11, "did you mean 'tag'?"),
    ]


def test_unknown_method_without_a_close_name() -> None:
    problems = validate_methods(_selector("zzzzzzzz:1"), FIELDS)
    assert problems == [
        SelectorProblem(
            0,
            "unknown field 'zzzzzzzz'",
            "use kind, id, tag, file or a field of the elements",
            "method",
        )
    ]


# --- evaluation: method atoms ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kind:system", SYSTEMS),
        ("kind:organization", ORGS),
        ("kind:System", set()),
        ("kind:*", ALL),
        ("kind:s*", SYSTEMS),
        ("kind:??ta", {"csdl-dan-cu"}),
        ("id:lgsp-binh-duong", {"lgsp-binh-duong"}),
        ("lgsp-binh-duong", {"lgsp-binh-duong"}),
        ("no-such-id", set()),
        ("id:*-tinh", {"dc-tinh"}),
        ("id:[ck]*", {"cong-dvc", "csdl-dan-cu", "ke-toan"}),
        ("id:[!a-m]*", {"so-tttt", "ubnd-thu-dau-mot", "xa-an-tay", "phuong-phu-cuong"}),
        ("tag:pilot", {"so-tttt", "xa-an-tay", "cong-dvc"}),
        ("tag:legacy", {"hscv", "ke-toan"}),
        ("tags:legacy", {"hscv", "ke-toan"}),
        ("tag:l*", {"hscv", "ke-toan", "lgsp-binh-duong"}),
        ("tag:*", ALL - {"ubnd-thu-dau-mot", "phuong-phu-cuong", "csdl-dan-cu", "dc-tinh"}),
        ("file:models/systems/*", SYSTEMS),
        ("file:models/*/thu-dau-mot.yaml", {"ubnd-thu-dau-mot", "xa-an-tay", "phuong-phu-cuong"}),
        # '*' crosses '/', as fnmatch does.
        ("file:*.yaml", ALL),
        ("file:models/????/*", ORGS | {"csdl-dan-cu"}),
        ("level:commune", {"xa-an-tay", "phuong-phu-cuong"}),
        ("owner:so-tttt", {"lgsp-binh-duong", "cong-dvc", "hscv", "csdl-dan-cu"}),
        ("type:xã", {"xa-an-tay"}),
        ('type:"thành phố"', {"ubnd-thu-dau-mot"}),
        ("type:ph*", {"phuong-phu-cuong"}),
        ("category:portal", {"cong-dvc"}),
        ("layer:integration", {"lgsp-binh-duong"}),
        # Numbers and booleans compare as their text.
        ("online_level:4", {"cong-dvc"}),
        ("online_level:4.0", set()),
        ("security_level:4.5", {"csdl-dan-cu"}),
        ("security_level:1", {"ke-toan"}),
        ("is_public:true", {"cong-dvc"}),
        ("is_public:false", {"hscv"}),
        ("is_public:True", set()),
        # Mappings and nulls never match, not even '*'.
        ("meta:*", set()),
        ("owners:*", set()),
        ("nothing:*", set()),
        ('name:"Thủ Dầu Một"', {"ubnd-thu-dau-mot"}),
        ('name:"Cổng dịch vụ công, tỉnh"', {"cong-dvc"}),
        ("name:*Bình*", {"lgsp-binh-duong"}),
        ("name:Thủ*", {"ubnd-thu-dau-mot"}),
        ('name:"thủ dầu một"', set()),
    ],
)
def test_method_atoms(text: str, expected: set[str]) -> None:
    assert sel(text) == expected


def test_nfc_and_nfd_selectors_match_alike() -> None:
    for text in ('name:"Thủ Dầu Một"', "type:xã", "name:*Phú*"):
        nfd = unicodedata.normalize("NFD", text)
        assert nfd != text
        assert sel(nfd) == sel(text) != set()


def test_nfd_text_in_the_model_matches_too() -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", kind="organization", fields={"name": unicodedata.normalize("NFD", "Xã Bé")})
    assert sel('name:"Xã Bé"', g) == {"a"}


# --- evaluation: comparisons -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("online_level>=3", {"cong-dvc"}),
        ("online_level>2", {"cong-dvc"}),
        ("online_level<3", {"hscv"}),
        ("online_level<=4", {"cong-dvc", "hscv"}),
        ("online_level=4", {"cong-dvc"}),
        # Numeric: 4 equals 4.0 and 4e0.
        ("online_level=4.0", {"cong-dvc"}),
        ("online_level=4e0", {"cong-dvc"}),
        ("online_level!=4", {"hscv"}),
        # A numeric text in the model compares as a number: "1" < 3.
        ("security_level<3", {"hscv", "ke-toan"}),
        ("security_level>=3", {"cong-dvc", "csdl-dan-cu"}),
        ("security_level>4.25", {"csdl-dan-cu"}),
        ("security_level>-1", {"cong-dvc", "hscv", "ke-toan", "csdl-dan-cu"}),
        # Numeric, not text: "10" > 9 although "10" < "9" as text.
        ("version>9", {"hscv"}),
        ("version<10", {"ke-toan"}),
        # Text when one side is not a number: ISO dates order correctly.
        ("since>=2020-01-01", {"cong-dvc", "ke-toan"}),
        ("since<2020", {"hscv"}),
        ("since=2021-05-01", {"cong-dvc"}),
        ("name>Trung", {"dc-tinh", "xa-an-tay"}),
        ("level>=district", {"so-tttt", "ubnd-thu-dau-mot"}),
        # A number against a text value compares the texts: "commune" > "3".
        ("level>3", ORGS),
        ("is_public=true", {"cong-dvc"}),
        ("is_public!=true", {"hscv"}),
        # Missing never matches, '!=' included.
        ("level!=commune", {"so-tttt", "ubnd-thu-dau-mot"}),
        ("category!=portal", set()),
        ("meta!=x", set()),
        # Lists: any item satisfies; '!=' is 'has items, none equal'.
        ("tag=legacy", {"hscv", "ke-toan"}),
        (
            "tag!=legacy",
            {"so-tttt", "xa-an-tay", "lgsp-binh-duong", "cong-dvc"},
        ),
        ("tag>=s", {"lgsp-binh-duong"}),
        # Comparisons do not expand globs.
        ("level=comm*", set()),
        ("id=comm*", set()),
        # Built-ins compare too.
        ("kind!=system", ALL - SYSTEMS),
        ("id<d", {"cong-dvc", "csdl-dan-cu"}),
        ("id!=lgsp-binh-duong", ALL - {"lgsp-binh-duong"}),
        ("id=hscv", {"hscv"}),
        ("file<models/orgs", {"csdl-dan-cu", "dc-tinh"}),
    ],
)
def test_comparisons(text: str, expected: set[str]) -> None:
    assert sel(text) == expected


def test_negated_comparison_includes_missing() -> None:
    assert sel("!level!=commune") == ALL - {"so-tttt", "ubnd-thu-dau-mot"}
    assert sel("!level:commune") == ALL - {"xa-an-tay", "phuong-phu-cuong"}


def test_numeric_ids_compare_as_numbers() -> None:
    g = nx.MultiDiGraph()
    g.add_nodes_from(["9", "10", "a"])
    # "10" >= 9 as numbers; "a" >= "9" as text, since "a" is not a number.
    assert sel("id>=9", g) == {"9", "10", "a"}
    assert sel("id<10", g) == {"9"}
    assert sel("id=09", g) == {"9"}
    assert sel("id:09", g) == set()


# --- evaluation: union, intersection, negation -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kind:system,tag:legacy kind:data", {"hscv", "ke-toan", "csdl-dan-cu"}),
        ("kind:system kind:platform", SYSTEMS | {"lgsp-binh-duong"}),
        ("kind:system,tag:pilot", {"cong-dvc"}),
        ("kind:system,!tag:legacy", {"cong-dvc"}),
        ("!tag:legacy,kind:system", {"cong-dvc"}),
        ("!kind:system", ALL - SYSTEMS),
        ("!kind:system,!kind:organization", ALL - SYSTEMS - ORGS),
        ("!kind:system kind:system", ALL),
        ("!kind:system,kind:system", set()),
        ("kind:organization,level:commune,!tag:pilot", {"phuong-phu-cuong"}),
        ("kind:system,tag:pilot kind:organization,tag:pilot", {"cong-dvc", "so-tttt", "xa-an-tay"}),
        ("kind:system , owner:so-tttt , !tag:legacy", {"cong-dvc"}),
        ("hscv hscv", {"hscv"}),
        ("kind:nothing,!kind:system", set()),
    ],
)
def test_set_algebra(text: str, expected: set[str]) -> None:
    assert sel(text) == expected


# --- evaluation: graph operators ---------------------------------------------------------------

LGSP_UP = {
    "cong-dvc",
    "hscv",
    "so-tttt",
    "ke-toan",
    "xa-an-tay",
    "ubnd-thu-dau-mot",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+lgsp-binh-duong", {"lgsp-binh-duong"} | LGSP_UP),
        ("1+lgsp-binh-duong", {"lgsp-binh-duong", "cong-dvc", "hscv"}),
        (
            "2+lgsp-binh-duong",
            {"lgsp-binh-duong", "cong-dvc", "hscv", "so-tttt", "ke-toan", "xa-an-tay"},
        ),
        ("1000000+lgsp-binh-duong", {"lgsp-binh-duong"} | LGSP_UP),
        ("lgsp-binh-duong+", {"lgsp-binh-duong", "csdl-dan-cu", "dc-tinh"}),
        ("lgsp-binh-duong+1", {"lgsp-binh-duong", "csdl-dan-cu"}),
        ("1+lgsp-binh-duong+1", {"lgsp-binh-duong", "cong-dvc", "hscv", "csdl-dan-cu"}),
        ("+lgsp-binh-duong+", ALL - {"phuong-phu-cuong"}),
        # Ancestors of the atom only, not descendants of its ancestors.
        ("+csdl-dan-cu", {"csdl-dan-cu", "lgsp-binh-duong"} | LGSP_UP),
        ("dc-tinh+", {"dc-tinh"}),
        ("+ubnd-thu-dau-mot", {"ubnd-thu-dau-mot"}),
        ("+phuong-phu-cuong+", {"phuong-phu-cuong"}),
        ("+no-such-id+", set()),
        # On any atom, from all its nodes at once.
        ("kind:system+1", SYSTEMS | {"lgsp-binh-duong"}),
        ("1+kind:system", SYSTEMS | {"so-tttt", "xa-an-tay"}),
        ("+tag:lgsp", {"lgsp-binh-duong"} | LGSP_UP),
        ("level:commune+2", {"xa-an-tay", "phuong-phu-cuong", "cong-dvc", "lgsp-binh-duong"}),
        ("online_level>=3+1", {"cong-dvc", "lgsp-binh-duong"}),
        # Operators expand the atom before negation and intersection.
        ("!+lgsp-binh-duong", {"csdl-dan-cu", "dc-tinh", "phuong-phu-cuong"}),
        ("!lgsp-binh-duong+", ALL - {"lgsp-binh-duong", "csdl-dan-cu", "dc-tinh"}),
        ("+lgsp-binh-duong,kind:organization", {"so-tttt", "xa-an-tay", "ubnd-thu-dau-mot"}),
        ("+lgsp-binh-duong,!kind:organization", {"lgsp-binh-duong"} | SYSTEMS),
        (
            "1+hscv ke-toan+",
            {"hscv", "so-tttt", "ke-toan", "lgsp-binh-duong", "csdl-dan-cu"} | {"dc-tinh"},
        ),
    ],
)
def test_graph_operators(text: str, expected: set[str]) -> None:
    assert sel(text) == expected


def _cycle() -> Any:
    g = nx.MultiDiGraph()
    for node in "abcdef":
        g.add_node(node, kind="system", file="x.yaml", fields={})
    g.add_edge("a", "b", type="uses")
    g.add_edge("b", "c", type="uses")
    g.add_edge("c", "a", type="uses")
    g.add_edge("c", "d", type="uses")
    g.add_edge("d", "d", type="self")
    g.add_edge("e", "a", type="uses")
    g.add_edge("a", "e", type="uses")
    return g


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a+", {"a", "b", "c", "d", "e"}),
        ("+a", {"a", "b", "c", "e"}),
        ("a+1", {"a", "b", "e"}),
        ("a+2", {"a", "b", "c", "e"}),
        ("1+a", {"a", "c", "e"}),
        ("2+a", {"a", "b", "c", "e"}),
        ("+d", {"a", "b", "c", "d", "e"}),
        ("d+", {"d"}),
        ("d+5", {"d"}),
        ("1+d+1", {"c", "d"}),
        ("+a+", {"a", "b", "c", "d", "e"}),
        ("!+a+", {"f"}),
        ("f+ +f", {"f"}),
    ],
)
def test_graph_operators_terminate_on_cycles(text: str, expected: set[str]) -> None:
    assert sel(text, _cycle()) == expected


def test_plain_digraph_and_nodes_without_attributes() -> None:
    g = nx.DiGraph()
    g.add_node("bare")
    g.add_node("odd", kind="system", fields="not a mapping")
    g.add_edge("odd", "bare")
    assert sel("kind:system", g) == {"odd"}
    assert sel("!kind:system", g) == {"bare"}
    assert sel("name:*", g) == set()
    assert sel("!name:*", g) == {"bare", "odd"}
    assert sel("odd+", g) == {"odd", "bare"}
    assert sel("file:*", g) == set()


def test_lists_hold_scalars_only() -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", fields={"xs": [1, True, "t", None, {"k": "v"}, ["n"], 2.5]})
    g.add_node("b", fields={"xs": []})
    g.add_node("c", fields={"xs": ("tu", "ple")})
    assert sel("xs:1 xs:true xs:t xs:2.5", g) == {"a"}
    assert sel("xs:v xs:n xs:None xs:k", g) == set()
    assert sel("xs:ple", g) == {"c"}
    assert sel("xs<2", g) == {"a"}
    # Text against a number compares as text: "tu" > "2".
    assert sel("xs>2", g) == {"a", "c"}
    assert sel("xs!=zzz", g) == {"a", "c"}


def test_empty_graph() -> None:
    g = nx.MultiDiGraph()
    assert sel("kind:system !kind:system +x+ level>=1 level!=1", g) == set()


# --- index, select() ---------------------------------------------------------------------------


def test_index_is_reusable_and_matches_evaluate() -> None:
    index = SelectorIndex(MODEL)
    texts = ["kind:system", "kind:system,!tag:legacy", "+lgsp-binh-duong", "kind:system"]
    for text in texts:
        assert index.evaluate(_selector(text)) == evaluate(_selector(text), MODEL)
    assert index.nodes == ALL
    assert index.field_names() == FIELDS | {"owners"}


def test_select_convenience() -> None:
    assert select("kind:system,!tag:legacy", MODEL) == (frozenset({"cong-dvc"}), [])
    assert select("levl:commune", MODEL) == (frozenset(), [])
    result, problems = select("kind:system,", MODEL)
    assert result == frozenset()
    assert [(p.offset, p.kind) for p in problems] == [(11, "syntax")]
    result, problems = select("kind:system,levl:commune", MODEL, known_fields=FIELDS)
    assert result == frozenset()
    assert [(p.offset, p.kind, p.hint) for p in problems] == [
        (12, "method", "did you mean 'level'?")
    ]
    assert select("level:commune", MODEL, known_fields=FIELDS) == (
        frozenset({"xa-an-tay", "phuong-phu-cuong"}),
        [],
    )


def test_hundred_thousand_nodes_select_exactly() -> None:
    """Selection at national scale gives exact answers (its speed: benchmarks/bench_select.py)."""
    g = nx.MultiDiGraph()
    kinds = ("system", "organization", "data")
    g.add_nodes_from(
        (
            f"n{i}",
            {
                "kind": kinds[i % 3],
                "file": f"models/f{i % 50}.yaml",
                "fields": {"level": "commune" if i % 2 else "province", "online_level": i % 5},
            },
        )
        for i in range(100_000)
    )
    g.add_edges_from((f"n{i // 2}", f"n{i}", {"type": "uses"}) for i in range(1, 100_000))
    index = SelectorIndex(g)
    systems = index.evaluate(_selector("kind:system"))
    high = index.evaluate(_selector("kind:system,online_level>=3,!level:commune"))
    down = index.evaluate(_selector("n1+"))
    assert len(systems) == 33_334
    assert high == {f"n{i}" for i in range(0, 100_000, 6) if i % 5 >= 3}
    assert len(down) == 99_999


# --- properties --------------------------------------------------------------------------------

_GRAMMAR_CHARS = 'abz019kind:tag,!+ "=<>*?[]-._\t\nThủ\u0303'


@settings(database=None, max_examples=300)
@given(st.text())
def test_parse_never_raises(text: str) -> None:
    selector, problems = parse_selector(text)
    assert (selector is None) == bool(problems)
    assert all(0 <= p.offset <= len(text) for p in problems)


@settings(database=None, max_examples=500)
@given(st.text(alphabet=_GRAMMAR_CHARS, max_size=30))
def test_parse_never_raises_on_grammar_soup(text: str) -> None:
    selector, problems = parse_selector(text)
    assert (selector is None) == bool(problems)
    assert all(0 <= p.offset <= len(text) for p in problems)
    if selector is not None:
        again, more = parse_selector(str(selector))
        assert more == []
        assert again is not None
        assert again.groups == selector.groups


_hops = st.one_of(st.none(), st.just(-1), st.integers(min_value=1, max_value=1_000_000))


@st.composite
def _atoms(draw: st.DrawFn) -> Atom:
    method = draw(st.sampled_from(["kind", "id", "tag", "file", "level", "online_level", "X_1"]))
    op = draw(st.sampled_from([":", "=", "!=", "<", "<=", ">", ">="]))
    value = draw(
        st.one_of(
            st.sampled_from(["*", "s*", "commune", "3", "so-tttt", "pilot", "true", "2020"]),
            st.text(st.characters(exclude_characters='"'), max_size=12),
        )
    )
    return Atom(
        method,
        op,
        unicodedata.normalize("NFC", value),
        draw(st.booleans()),
        draw(_hops),
        draw(_hops),
    )


@settings(database=None, max_examples=300)
@given(st.lists(st.lists(_atoms(), min_size=1, max_size=3), min_size=1, max_size=3))
def test_canonical_text_round_trips(groups: list[list[Atom]]) -> None:
    selector = Selector("", tuple(Group(tuple(g)) for g in groups))
    parsed, problems = parse_selector(str(selector))
    assert problems == []
    assert parsed is not None
    assert parsed.groups == selector.groups


@settings(database=None, max_examples=300)
@given(_atoms())
def test_negation_is_the_complement_and_operators_only_widen(atom: Atom) -> None:
    index = SelectorIndex(MODEL)

    def run(a: Atom) -> frozenset[str]:
        return index.evaluate(Selector("", (Group((a,)),)))

    plain = Atom(atom.method, atom.op, atom.value, False, atom.up, atom.down)
    negated = Atom(atom.method, atom.op, atom.value, True, atom.up, atom.down)
    bare = Atom(atom.method, atom.op, atom.value)
    assert run(plain) <= ALL
    assert run(negated) == ALL - run(plain)
    assert run(bare) <= run(plain)
