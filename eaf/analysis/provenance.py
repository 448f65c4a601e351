"""Where each fact of an element comes from, and how sure it is: a field's value rests on the
dated change that set it last, else on the element's `sources` entry for the field, else on the
element's `source`; each scope in force and each reported value rests on its own source first."""

from __future__ import annotations

from dataclasses import dataclass

from eaf.model import SCOPE_FIELDS, Element
from eaf.spec.facts import fact_keys
from eaf.spec.introspect import attribute_of_key
from eaf.spec.types import Source

#: Statuses in the order reports list them; 'unsourced' when nothing says where a fact is from.
STATUSES = ("confirmed", "derived", "assumed", "uncertain", "unsourced")


@dataclass(frozen=True, slots=True)
class Fact:
    field: str
    """The key of the field in the file."""
    source: Source | None
    """Where the value comes from; None: nothing says."""
    item: int | None = None
    """For a scope or a reported value: its index in the field's list (as of the date)."""

    @property
    def status(self) -> str:
        return str(self.source.status) if self.source is not None else "unsourced"


def _empty(value: object) -> bool:
    return value is None or value in ([], {})


def field_source(element: Element, key: str, date: str | None) -> Source | None:
    """The source of a field's value on `date` (None: as written, before any change)."""
    spec = element.spec
    last = None
    if date is not None:
        for change in sorted(spec.changes, key=lambda c: c.date):
            if change.date <= date and key in change.set:
                last = change
    if last is not None and last.source is not None:
        return last.source
    return spec.sources.get(key) or spec.source


def facts(element: Element, date: str | None = None) -> list[Fact]:
    """Every fact `element` states, with its source. `element` is the element as it is on
    `date` (Element.at) or as written when `date` is None."""
    out: list[Fact] = []
    cls = type(element.spec)
    attribute = attribute_of_key(cls)
    for key in fact_keys(cls):
        value = element.value(attribute[key])
        if _empty(value):
            continue
        fallback = field_source(element, key, date)
        if key in SCOPE_FIELDS or key == "reported":
            out += [
                Fact(key, item.source or fallback, i)
                for i, item in enumerate(value)
                if key != "reported" or date is None or item.date <= date
            ]
        else:
            out.append(Fact(key, fallback))
    return out
