"""Pages over time: an element's timeline (its lifecycle, its dated changes, when its scopes
start and end, who takes over from it and from whom it takes over), and a page per plateau
with the architecture as it is (or will be) on that plateau's date: its diagrams and the
elements that exist then."""

from __future__ import annotations

from collections import defaultdict

from eaf.i18n import field_label, kind_plural, phase_label, tr, value_label
from eaf.model import SCOPE_FIELDS, Element, PlateauAt
from eaf.site import safe
from eaf.site.pages.common import (
    KIND_ORDER,
    SiteInput,
    cell,
    code,
    diagram,
    elink,
    header,
    name,
    sort_key,
)

#: The built-in views drawn again for each plateau (context views are drawn at the site's date).
PLATEAU_VIEWS = ("tong-the", "to-chuc", "tich-hop")


def plateau_stem(plateau: str, view: str) -> str:
    """The diagram of a view at a plateau: 'muc/giai-doan-2023-2025/tong-the'."""
    return f"muc/{plateau}/{view}"


def timeline(inp: SiteInput, element: Element, page: str) -> list[str]:
    """Every dated event of the element, in date order, as one table."""
    lang, spec = inp.lang, element.spec
    events: list[tuple[str, str]] = []
    if spec.lifecycle is not None:
        for phase, date in spec.lifecycle.phases():
            if date is not None:
                events.append((date, phase_label(lang, phase, element.kind)))
    for change in spec.changes:
        sets = "; ".join(
            f"{field_label(lang, k)} → {cell(inp, page, element.kind, k, v)}"
            for k, v in change.set.items()
        )
        events.append((change.date, sets))
    for scope_field in SCOPE_FIELDS:
        for scope in element.value(scope_field) or ():
            what = f"{field_label(lang, scope_field)}: {code(scope.select)}"
            if scope.since:
                events.append((scope.since, f"{field_label(lang, 'since')} — {what}"))
            if scope.until:
                events.append((scope.until, f"{field_label(lang, 'until')} — {what}"))
    end = spec.lifecycle.end_of_life if spec.lifecycle is not None else None
    if spec.successors:
        takers = ", ".join(
            f"{elink(inp, page, s.id)} ({value_label(lang, 'share', str(s.share))})"
            for s in spec.successors
        )
        events.append((end or "—", f"{field_label(lang, 'successors')}: {takers}"))
    for source, _, data in inp.graph.in_edges(element.id, data=True):
        if data.get("type") == "succeeded-by":
            before = inp.model.elements.get(source)
            ended = before.spec.lifecycle.end_of_life if before and before.spec.lifecycle else None
            share = value_label(lang, "share", str(data.get("share", "full")))
            label = tr(lang, "site.timeline.takes_over")
            events.append((ended or "—", f"{label}: {elink(inp, page, source)} ({share})"))
    if not events:
        return []
    out = [f"## {tr(lang, 'site.element.timeline')}", ""]
    out += header(lang, "col.date", "col.change")
    out += [f"| {safe.text(date)} | {event} |" for date, event in sorted(events, key=_by_date)]
    return [*out, ""]


def _by_date(event: tuple[str, str]) -> str:
    return event[0]


def plateaus_index(inp: SiteInput) -> str:
    lang = inp.lang
    out = [f"# {tr(lang, 'site.plateaus.title')}", "", tr(lang, "site.plateaus.intro"), ""]
    plateaus = inp.model.plateaus()
    if not plateaus:
        return "\n".join([*out, tr(lang, "site.plateaus.none")]) + "\n"
    out += header(lang, "col.plateau", "col.date", "col.kind")
    for p in plateaus:
        element = inp.shown(p.id) or inp.model.elements[p.id]
        link = f"[{safe.text(name(lang, element))}]({p.id}.md)"
        out.append(f"| {link} | {p.date} | {value_label(lang, 'kind', p.kind)} |")
    return "\n".join(out) + "\n"


def plateau_page(inp: SiteInput, plateau: PlateauAt) -> str:
    """The architecture on the plateau's date: its diagrams and the elements that exist then
    (those planned and not yet in use are not listed)."""
    lang, page = inp.lang, f"muc/{plateau.id}.md"
    element = inp.shown(plateau.id, plateau.date) or inp.model.elements[plateau.id]
    title = tr(lang, "site.plateau.title", name=name(lang, element), date=plateau.date)
    out = [f"# {safe.text(title)}", "", tr(lang, "site.plateau.intro", date=plateau.date), ""]
    for view in PLATEAU_VIEWS:
        out.append(diagram(inp, page, plateau_stem(plateau.id, view)))
    at = inp.model.at(plateau.date)
    by_kind: dict[str, list[Element]] = defaultdict(list)
    for e in at:
        by_kind[e.kind].append(e)
    for kind in KIND_ORDER:
        members = sorted(by_kind.get(kind, ()), key=sort_key)
        if not members:
            continue
        out += ["", f"## {kind_plural(lang, kind)} ({len(members)})", ""]
        out += [f"- {elink(inp, page, e.id, plateau.date)}" for e in members]
    return "\n".join(out) + "\n"
