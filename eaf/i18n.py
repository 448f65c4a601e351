"""Every text eaf writes for people (the site, the gap and diff reports, the diagrams) in
Vietnamese and English, looked up by message id in one catalogue (eaf/i18n.toml).

The language is always passed in: there is no current language. A missing id or language is
a bug and raises KeyError (tests/test_i18n.py checks that every id the code asks for exists,
that none is unused and that both languages take the same placeholders). Model data (names,
ids, codes, dates, numbers, selectors) is never looked up here: it is shown as written."""

from __future__ import annotations

import tomllib
from importlib.resources import files

LANGS = ("vi", "en")


def _load() -> dict[str, dict[str, str]]:
    raw = tomllib.loads((files("eaf") / "i18n.toml").read_text(encoding="utf-8"))
    catalogue: dict[str, dict[str, str]] = {}
    for key, entry in raw.items():
        if not isinstance(entry, dict) or sorted(entry) != sorted(LANGS):
            raise ValueError(f"i18n.toml: '{key}' needs exactly a vi and an en text")
        catalogue[key] = {lang: str(entry[lang]) for lang in LANGS}
    return catalogue


#: Message id → {language → text}. Texts may hold str.format placeholders ("{at}") and,
#: where they are Markdown, Markdown of their own; model text never goes into them unescaped.
CATALOGUE: dict[str, dict[str, str]] = _load()

#: Fields whose values come from a closed set and are shown by their label; a value's id is
#: ``value.<group>.<value>``, the group being the field's name unless it shares another's set.
ENUMERATED_FIELDS = frozenset(
    {
        "category",
        "direction",
        "group_by",
        "handling_levels",
        "hosting",
        "kind",
        "level",
        "scope",
        "severity",
        "share",
        "status",
        "type",
    }
)
_VALUE_GROUP = {"handling_levels": "level"}


def tr(lang: str, key: str, /, **values: object) -> str:
    """The text of ``key`` in ``lang``, its placeholders filled from ``values``."""
    text = CATALOGUE[key][lang]
    return text.format(**values) if values else text


def kind_label(lang: str, kind: str) -> str:
    """'Hệ thống' / 'System'."""
    return tr(lang, f"kind.{kind}")


def kind_plural(lang: str, kind: str) -> str:
    """'Hệ thống thông tin' / 'Information systems': a heading over elements of a kind."""
    return tr(lang, f"kind.{kind}.plural")


def field_label(lang: str, field: str) -> str:
    """A field of the model by its label ('security_level' → 'Cấp độ an toàn thông tin')."""
    return tr(lang, f"field.{field}")


def value_label(lang: str, field: str, value: object) -> str:
    """A value of an enumerated field by its label ('level', 'province' → 'cấp tỉnh')."""
    return tr(lang, f"value.{_VALUE_GROUP.get(field, field)}.{value}")


def edge_label(lang: str, edge_type: str) -> str:
    """A graph relation as a noun ('deployed-to' → 'triển khai tại')."""
    return tr(lang, f"edge.{edge_type}")


def state_label(lang: str, state: str, kind: str = "") -> str:
    """A lifecycle state at a date: future, planned, active, retired or gone; an
    organisation's in the words of a body or unit (established, dissolved or merged), a
    decision's in those of a legal instrument (in force, no longer in force)."""
    if kind == "organization":
        return tr(lang, f"unit-state.{state}")
    if kind == "decision":
        return tr(lang, f"decision-state.{state}")
    return tr(lang, f"state.{state}")


def phase_label(lang: str, phase: str, kind: str = "") -> str:
    """A lifecycle phase (plan, phase_in, active, phase_out, end_of_life) as an event in the
    life of an element of ``kind``: 'Ngừng sử dụng' for a system, 'Hết hiệu lực' for a
    decision, 'Giải thể, sáp nhập hoặc chia tách' for a unit."""
    if kind == "organization":
        return tr(lang, f"unit-phase.{phase}")
    if kind == "decision":
        return tr(lang, f"decision-phase.{phase}")
    return tr(lang, f"field.{phase}")


def kpi_status_label(lang: str, status: str) -> str:
    return tr(lang, f"kpi.status.{status}")


def gap_label(lang: str, status: str) -> str:
    """What happened to an element between two plateaus: added, removed, changed, kept."""
    return tr(lang, f"gap.{status}")


def layer_label(lang: str, layer: str) -> str:
    """A built-in layer an element is drawn in when the model defines no such layer."""
    return tr(lang, f"layer.{layer}")


def capital(text: str) -> str:
    """The text with its first letter upper-case ('lỗi' → 'Lỗi'), the rest kept."""
    return text[:1].upper() + text[1:]
