"""JSON Schemas: fresh, valid draft 2020-12, and in agreement with the pydantic shapes."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from eaf.load.yaml import parse_bytes
from eaf.schema import render_schemas, stale_schemas
from eaf.spec import ModelFile
from eaf.validate.document import _validate_model

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "schemas" / "eaf-model.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
MODEL_FILES = sorted((REPO / "models").rglob("*.yaml"))


def load(path: Path) -> Any:
    parsed, _ = parse_bytes(path.read_bytes(), path.name)
    assert not parsed.broken
    return parsed.data


def pydantic_ok(data: Any) -> bool:
    try:
        ModelFile.model_validate(data)
    except ValidationError:
        return False
    return True


def test_committed_schemas_are_fresh() -> None:
    assert stale_schemas(REPO / "schemas") == []


def test_schemas_are_valid_2020_12_with_ids_and_descriptions() -> None:
    for name, text in render_schemas().items():
        schema = json.loads(text)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"].startswith("urn:eaf:schema:")
        assert name.endswith(".schema.json")
    system = SCHEMA["$defs"]["System"]["properties"]
    assert system["security_level"]["description"].startswith("Information-security level")
    assert "examples" in SCHEMA["$defs"]["Organization"]["properties"]["id"]


def test_rendering_is_deterministic() -> None:
    assert render_schemas() == render_schemas()


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_shipped_model_files_pass_schema_and_pydantic(path: Path) -> None:
    data = load(path)
    assert list(VALIDATOR.iter_errors(data)) == []
    assert pydantic_ok(data)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == (REPO / "schemas" / "eaf-model.schema.json").resolve()


def _elements(data: dict[str, Any]) -> list[tuple[str, int]]:
    return [(s, i) for s, items in sorted(data.items()) for i in range(len(items))]


# Structural mutations: each must be rejected by both the schema and pydantic.
def _unknown_field(el: dict[str, Any]) -> None:
    el["descripton"] = "x"


def _missing_name(el: dict[str, Any]) -> None:
    el.pop("name", None)


def _wrong_type_name(el: dict[str, Any]) -> None:
    el["name"] = 12


def _bad_id(el: dict[str, Any]) -> None:
    el["id"] = "Not A Slug"


def _tags_not_list(el: dict[str, Any]) -> None:
    el["tags"] = "a"


def _bad_url(el: dict[str, Any]) -> None:
    el["links"] = [{"title": "x", "url": "javascript:alert(1)"}]


def _bad_source_status(el: dict[str, Any]) -> None:
    el["source"] = {"document": "x", "status": "maybe"}


def _long_name(el: dict[str, Any]) -> None:
    el["name"] = "x" * 201


MUTATIONS = [
    _unknown_field,
    _missing_name,
    _wrong_type_name,
    _bad_id,
    _tags_not_list,
    _bad_url,
    _bad_source_status,
    _long_name,
]
MUTABLE = [(p, load(p)) for p in MODEL_FILES]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_structural_mutations_fail_both(data: st.DataObject) -> None:
    _, doc = data.draw(st.sampled_from(MUTABLE))
    doc = copy.deepcopy(doc)
    section, index = data.draw(st.sampled_from(_elements(doc)))
    mutate = data.draw(st.sampled_from(MUTATIONS))
    mutate(doc[section][index])
    assert not VALIDATOR.is_valid(doc), (mutate.__name__, section)
    assert not pydantic_ok(doc), (mutate.__name__, section)


def test_unknown_section_fails_both() -> None:
    doc = {"sistems": []}
    assert not VALIDATOR.is_valid(doc)
    assert not pydantic_ok(doc)


SLUG = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
# Names are one line (no control character, no LS/PS): neither schema accepts one otherwise.
TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30
).filter(lambda t: t.strip() != "")
DATE = st.dates().map(lambda d: d.isoformat()).filter(lambda d: len(d) == 10)
SOURCE = st.fixed_dictionaries(
    {"document": TEXT, "status": st.sampled_from(["confirmed", "derived", "assumed", "uncertain"])},
    optional={"url": st.sampled_from(["https://a.vn/x", "mailto:a@b.vn"]), "note": TEXT},
)
COMMON = {
    "name_en": TEXT,
    "description": st.text(max_size=50),
    "tags": st.lists(SLUG, max_size=3),
    "properties": st.dictionaries(SLUG, st.one_of(TEXT, st.integers(), st.booleans()), max_size=2),
    "owner": SLUG,
    "source": SOURCE,
    "lifecycle": st.fixed_dictionaries({}, optional={"active": DATE}),
    "links": st.lists(
        st.fixed_dictionaries({"title": TEXT, "url": st.just("https://x.vn")}), max_size=1
    ),
}
ELEMENTS = {
    "organizations": st.fixed_dictionaries(
        {
            "id": SLUG,
            "name": TEXT,
            "level": st.sampled_from(["national", "province", "commune"]),
            "type": st.sampled_from(["sở", "xã", "phường", "thị trấn"]),
        },
        optional={
            **COMMON,
            "parent": SLUG,
            "statistics_code": st.from_regex(r"\A[0-9]{2,5}\Z"),
            "one_stop": st.fixed_dictionaries({"kind": st.sampled_from(["basic", "modern"])}),
        },
    ),
    "systems": st.fixed_dictionaries(
        {"id": SLUG, "name": TEXT, "category": st.sampled_from(["portal", "ioc", "email"])},
        optional={
            **COMMON,
            "security_level": st.integers(1, 5),
            "users": st.lists(SLUG, max_size=2),
            "deployment": st.lists(
                st.fixed_dictionaries(
                    {"select": st.just("level:commune")},
                    optional={"except": st.lists(SLUG, max_size=2), "since": DATE},
                ),
                max_size=2,
            ),
        },
    ),
    "services": st.fixed_dictionaries(
        {
            "id": SLUG,
            "name": TEXT,
            "field": TEXT,
            "handling_levels": st.lists(
                st.sampled_from(["province", "district", "commune"]), min_size=1, max_size=3
            ),
        },
        optional={**COMMON, "online_level": st.integers(1, 4), "npsp_integrated": st.booleans()},
    ),
    "kpis": st.fixed_dictionaries(
        {
            "id": SLUG,
            "name": TEXT,
            "type": st.just("count"),
            "select": st.just("kind:system"),
            "target": st.floats(0, 1000, allow_nan=False),
            "deadline": DATE,
        },
    ),
}


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_generated_valid_elements_pass_both(data: st.DataObject) -> None:
    section = data.draw(st.sampled_from(sorted(ELEMENTS)))
    doc = {section: data.draw(st.lists(ELEMENTS[section], min_size=1, max_size=3))}
    errors = [e.message for e in VALIDATOR.iter_errors(doc)]
    assert errors == []
    assert pydantic_ok(doc), doc


def test_schema_examples_pass_both() -> None:
    assert SCHEMA["examples"]
    for example in SCHEMA["examples"]:
        assert list(VALIDATOR.iter_errors(example)) == []
        assert pydantic_ok(example)


# `eaf validate` checks a file with the validators of the sections it holds only (building
# every kind's costs a one-file re-run more than its work); the result must be the whole
# file's validator's, errors included, in the same order.
def _through_model_file(data: Any) -> tuple[Any, Any]:
    try:
        model = ModelFile.model_validate(data)
    except ValidationError as exc:
        return None, exc.errors(include_url=False)
    return (model, model.model_fields_set), []


def _through_sections(data: Any) -> tuple[Any, Any]:
    model, errors = _validate_model(data)
    return (None if model is None else (model, model.model_fields_set)), errors


def _top_none(doc: dict[Any, Any], section: str) -> None:
    doc[section] = None


def _top_mapping(doc: dict[Any, Any], section: str) -> None:
    doc[section] = {"id": "x"}


def _top_unknown(doc: dict[Any, Any], section: str) -> None:
    doc["sistems"] = []


def _top_number_key(doc: dict[Any, Any], section: str) -> None:
    doc[1] = []


def _top_drop(doc: dict[Any, Any], section: str) -> None:
    del doc[section]


TOP_MUTATIONS = [_top_none, _top_mapping, _top_unknown, _top_number_key, _top_drop]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_sections_validate_as_the_whole_file(data: st.DataObject) -> None:
    _, doc = data.draw(st.sampled_from(MUTABLE))
    doc = copy.deepcopy(doc)
    for _ in range(data.draw(st.integers(0, 3))):
        section, index = data.draw(st.sampled_from(_elements(doc)))
        data.draw(st.sampled_from(MUTATIONS))(doc[section][index])
    if data.draw(st.booleans()):
        data.draw(st.sampled_from(TOP_MUTATIONS))(doc, data.draw(st.sampled_from(sorted(doc))))
    assert _through_sections(doc) == _through_model_file(doc)


@pytest.mark.parametrize("doc", [{}, {"systems": []}, {"systems": [], "data": [1]}])
def test_sections_validate_as_the_whole_file_at_the_edges(doc: dict[str, Any]) -> None:
    assert _through_sections(doc) == _through_model_file(doc)


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_shipped_files_validate_as_the_whole_file(path: Path) -> None:
    doc = load(path)
    assert _through_sections(doc) == _through_model_file(doc)


def test_a_file_of_one_kind_builds_only_that_kinds_validator(tmp_path: Path) -> None:
    # In a fresh interpreter: the whole file's validator stays unbuilt, and so do those of
    # kinds the file does not hold; the file's own kind's is built.
    script = """
from eaf.load.positions import PositionMap
from eaf.spec.document import ModelFile
from eaf.spec.elements import Service, System
from eaf.validate import validate_document
data = {"systems": [{"id": "a", "name": "A", "category": "portal"}]}
result = validate_document(data, PositionMap("m.yaml", "systems: []\\n"))
assert result.diagnostics == [] and result.spec is not None, result
assert result.spec.systems[0].id == "a"
print(ModelFile.__pydantic_complete__, Service.__pydantic_complete__)
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ('"Sở\\xadTTTT"', True),  # a soft hyphen by a hexadecimal escape
        ('"Sở\\u200bTTTT"', True),
        ('"Sở\\U0000202eTTTT"', True),
        ("Sở\u200bTTTT", True),  # written as it is
        ('"Sở \\"TTTT\\" \\\\ \\/"', False),  # escapes that write no invisible character
        ("Sở Thông tin và Truyền thông", False),
    ],
)
def test_an_invisible_character_in_a_name_is_found_however_it_is_written(
    written: str, found: bool
) -> None:
    """The names are searched only when the file's text may hold such a character: as it is
    (outside ASCII) or by a hexadecimal escape."""
    from eaf.load.positions import PositionMap
    from eaf.load.yaml import parse_bytes
    from eaf.validate import validate_document

    text = f"organizations:\n  - id: so-tttt\n    name: {written}\n"
    text += "    level: department\n    type: sở\n"
    parsed, _ = parse_bytes(text.encode(), "m.yaml")
    result = validate_document(parsed.data, PositionMap("m.yaml", text))
    assert [d.code for d in result.diagnostics] == (["EAF218"] if found else [])
