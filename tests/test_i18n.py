"""The vi/en catalogue (eaf/i18n.toml): complete in both languages, every id the code asks for
exists, none is unused, placeholders agree, and each family of ids (kinds, fields, values,
relations, states…) covers exactly what the model and the analysis can hold."""

from __future__ import annotations

import ast
import string
import typing
import unicodedata
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import pytest
from pydantic import BaseModel

from eaf.i18n import CATALOGUE, ENUMERATED_FIELDS, LANGS, tr
from eaf.spec import KIND_OF_SECTION, ModelFile
from eaf.spec.elements import OrgType
from eaf.spec.types import Lifecycle, SelectorText

EAF = Path(__file__).resolve().parent.parent / "eaf"
NAMESPACES = {key.split(".", 1)[0] for key in CATALOGUE}


# --- what the code asks for (read from its source) ----------------------------------------------


def _consumers() -> Iterator[tuple[Path, ast.Module]]:
    """eaf/i18n.py and the modules that import it, parsed."""
    for path in sorted(EAF.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports = any(
            isinstance(n, ast.ImportFrom) and n.module == "eaf.i18n" for n in ast.walk(tree)
        )
        if imports or path == EAF / "i18n.py":
            yield path, tree


def _looks_like_id(text: str) -> bool:
    head, dot, rest = text.partition(".")
    return bool(dot) and head in NAMESPACES and bool(rest) and " " not in text


def scan() -> tuple[dict[str, str], dict[str, str]]:
    """Message ids written as literals, and id families (the literal head of an f-string such
    as f"kind.{kind}"), each with where it is used."""
    literals: dict[str, str] = {}
    families: dict[str, str] = {}
    for path, tree in _consumers():
        where = path.relative_to(EAF.parent).as_posix()
        parts = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and node.values:
                parts |= {id(v) for v in node.values}
                head = node.values[0]
                text = head.value if isinstance(head, ast.Constant) else None
                if isinstance(text, str) and text.endswith(".") and _looks_like_id(text + "x"):
                    families[text] = f"{where}:{node.lineno}"
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and id(node) not in parts and _looks_like_id(text):
                literals[text] = f"{where}:{node.lineno}"
    return literals, families


LITERALS, FAMILIES = scan()


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# --- the catalogue itself -----------------------------------------------------------------------


def test_every_message_has_both_languages() -> None:
    for key, texts in CATALOGUE.items():
        assert set(texts) == set(LANGS), key
        assert all(texts[lang].strip() for lang in LANGS), key


def test_placeholders_agree() -> None:
    for key, texts in CATALOGUE.items():
        assert placeholders(texts["vi"]) == placeholders(texts["en"]), key


def test_english_texts_hold_no_vietnamese() -> None:
    """A Vietnamese word left on the English side would reach the English site."""
    for key, texts in CATALOGUE.items():
        marked = [
            c
            for c in texts["en"]
            if c in "đĐ" or (c.isalpha() and unicodedata.normalize("NFD", c) != c)
        ]
        assert not marked, (key, texts["en"])


def test_a_missing_id_is_an_error() -> None:
    with pytest.raises(KeyError):
        tr("vi", "site.no-such-message")
    with pytest.raises(KeyError):
        tr("fr", "site.home.title")
    assert tr("en", "site.home.computed", at="2025-01-01").startswith("Computed at 2025-01-01.")


# --- the code and the catalogue agree -----------------------------------------------------------


def test_every_id_the_code_uses_exists() -> None:
    missing = {key: where for key, where in LITERALS.items() if key not in CATALOGUE}
    assert missing == {}


def test_every_literal_lookup_fills_its_placeholders() -> None:
    """tr(lang, "id", name=…) passes exactly the placeholders the message has."""
    wrong = []
    for path, tree in _consumers():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr"):
                continue
            key = node.args[1] if len(node.args) > 1 else None
            if not (isinstance(key, ast.Constant) and key.value in CATALOGUE):
                continue
            given = {k.arg for k in node.keywords}
            if None in given:  # **values: checked by the tests that render the message
                continue
            if given != placeholders(CATALOGUE[key.value]["vi"]):
                wrong.append(f"{path.name}:{node.lineno} {key.value} {sorted(given)}")
    assert wrong == []


def test_no_message_is_unused() -> None:
    unused = [
        key
        for key in CATALOGUE
        if key not in LITERALS and not any(key.startswith(f) for f in FAMILIES)
    ]
    assert unused == []


# --- each family covers exactly what can be shown -----------------------------------------------


def _unwrap(annotation: object) -> Iterator[object]:
    """The types (and Annotated metadata) inside an annotation."""
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _unwrap(arg)
    metadata = getattr(annotation, "__metadata__", ())
    yield from metadata


def shapes() -> Iterator[tuple[str, type[BaseModel]]]:
    """(element kind, shape) for every element shape and the shapes nested in it."""
    seen: set[tuple[str, type[BaseModel]]] = set()

    def walk(kind: str, cls: type[BaseModel]) -> Iterator[tuple[str, type[BaseModel]]]:
        if (kind, cls) in seen:
            return
        seen.add((kind, cls))
        yield kind, cls
        for info in cls.model_fields.values():
            for t in _unwrap(info.annotation):
                if isinstance(t, type) and issubclass(t, BaseModel):
                    yield from walk(kind, t)

    for section, info in ModelFile.model_fields.items():
        for t in _unwrap(info.annotation):
            if isinstance(t, type) and issubclass(t, BaseModel):
                yield from walk(KIND_OF_SECTION[section], t)


def fields() -> Iterator[tuple[str, str, list[object]]]:
    """(kind, field name as written, the types and metadata of its annotation)."""
    for kind, cls in shapes():
        for name, info in cls.model_fields.items():
            yield kind, info.alias or name, [*_unwrap(info.annotation), *info.metadata]


def closed_values(types: list[object]) -> set[str]:
    """The values a field can take when they form a closed set (an enum or a Literal)."""
    out: set[str] = set()
    for t in types:
        if isinstance(t, type) and issubclass(t, StrEnum) and t is not OrgType:
            out |= {str(v) for v in t}
        if typing.get_origin(t) is typing.Literal:
            out |= {str(v) for v in typing.get_args(t)}
    return out


def expected_families() -> dict[str, set[str]]:
    from eaf.analysis.conformance import Reason
    from eaf.analysis.results import GapStatus
    from eaf.diagnostics import Severity
    from eaf.graph import EdgeType
    from eaf.model import DEFAULT_LAYER, LIFECYCLE_STATES
    from eaf.spec.elements import GovLevel
    from eaf.spec.framework import KpiStatus

    values: set[str] = set()
    for _, name, types in fields():
        group = "level" if name == "handling_levels" else name
        values |= {f"{group}.{v}" for v in closed_values(types)}
    # The reference page names each diagnostic code's severity with the rules' words.
    values |= {f"severity.{s}" for s in Severity}
    kinds = set(KIND_OF_SECTION.values())
    edges = {str(e) for e in EdgeType}
    return {
        "kind.": {k for k in kinds} | {f"{k}.plural" for k in kinds},
        "field.": {name for _, name, _ in fields()},
        "value.": values,
        "edge.": edges,
        "relation.": edges,
        "inverse.": edges,
        "kpi.status.": {str(s) for s in KpiStatus},
        "gap.": {str(s) for s in GapStatus},
        # What eaf.model.lifecycle_state returns; a diagram's legend shows the two drawn apart.
        "state.": set(LIFECYCLE_STATES),
        "unit-state.": set(LIFECYCLE_STATES),
        "decision-state.": set(LIFECYCLE_STATES),
        "unit-phase.": set(Lifecycle.model_fields),
        "decision-phase.": set(Lifecycle.model_fields),
        "diagram.legend.": {"planned", "retired"},
        # A built-in layer; interconnections fall in 'integration' when they name none.
        "layer.": set(DEFAULT_LAYER.values()) | {"integration"},
        "summary.level.": {str(level) for level in GovLevel},
        # An organisation chart's band per level of government.
        "diagram.level.": {str(level) for level in GovLevel},
        "conformance.why.": set(typing.get_args(Reason)),
    }


def test_the_code_uses_only_known_families() -> None:
    assert sorted(FAMILIES) == sorted(expected_families())


@pytest.mark.parametrize("family", sorted(expected_families()))
def test_each_family_covers_exactly_its_set(family: str) -> None:
    have = {key.removeprefix(family) for key in CATALOGUE if key.startswith(family)}
    assert have == expected_families()[family]


def test_enumerated_fields_are_the_closed_sets_of_the_model() -> None:
    closed = {name for _, name, types in fields() if closed_values(types)}
    assert closed == ENUMERATED_FIELDS


def test_selector_fields_are_the_models_selectors() -> None:
    from eaf.site.pages.common import is_selector

    for kind, name, types in fields():
        marked = any(isinstance(t, SelectorText) for t in types)
        assert is_selector(kind, name) == marked, (kind, name)
