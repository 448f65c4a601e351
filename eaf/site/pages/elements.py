"""The architecture's pages: one per element, an index per kind, elements by layer and by
owning unit, the diagrams, and the table of administrative procedures."""

from __future__ import annotations

import functools
from collections import defaultdict

import networkx as nx

from eaf.analysis.formats import fact_status_label
from eaf.analysis.provenance import Fact, facts
from eaf.analysis.snapshot import snapshot
from eaf.graph import build_graph, element_json
from eaf.i18n import (
    field_label,
    kind_label,
    kind_plural,
    state_label,
    tr,
    value_label,
)
from eaf.model import DEFAULT_LAYER, SCOPE_FIELDS, Element, exists_at, lifecycle_state
from eaf.site import safe
from eaf.site.pages import provinces
from eaf.site.pages.analysis import kpi_history
from eaf.site.pages.common import (
    KIND_ORDER,
    SiteInput,
    Warn,
    cell,
    diagram,
    elink,
    fold,
    has_page,
    header,
    name,
    page_day,
    scopes,
    sort_key,
    summarised,
    table_box,
    yes_no,
)
from eaf.site.pages.time import timeline
from eaf.spec.types import Source
from eaf.views.defs import view_defs

#: Fields shown in their own sections of an element's page, or not at all.
SKIP_FIELDS = {
    "id",
    "name",
    "description",
    "source",
    "sources",
    "lifecycle",
    "changes",
    "links",
    "successors",
}
#: Statuses from the surest to the least sure: a field with several facts (scopes, reported
#: values) is marked by its least sure one.
_SURENESS = ("confirmed", "derived", "uncertain", "assumed", "unsourced")
#: Relations an element's page lists at most: more would make the page too long to read.
MAX_RELATIONS = 300
#: A kind of relation with more members than this is folded away (<details>) under its count.
FOLD_AFTER = 8


def kinds_index(inp: SiteInput) -> str:
    lang = inp.lang
    out = [f"# {tr(lang, 'site.kinds.title')}", "", *header(lang, "col.kind", "col.count")]
    for kind in KIND_ORDER:
        count = len(inp.model.of_kind(kind))
        if count:
            out.append(f"| [{kind_plural(lang, kind)}]({kind}.md) | {count} |")
    return "\n".join(out) + "\n"


def kind_page(inp: SiteInput, kind: str) -> str:
    """The elements of a kind in one table the reader can filter and sort."""
    lang, page = inp.lang, f"kien-truc/{kind}.md"
    elements = _shown(inp, inp.model.of_kind(kind))
    out = [f"# {kind_plural(lang, kind)}", "", tr(lang, "site.kinds.count", n=len(elements)), ""]
    if summarised(inp):  # a large model: those without pages counted by province
        if any(not has_page(inp, e.id) for e in elements):
            out += provinces.by_province(inp, kind, page)
        elements = [e for e in elements if has_page(inp, e.id)]
    rows = header(lang, "col.name", "col.id", "col.owner_parent", "col.source")
    for e in sorted(elements, key=sort_key):
        values = e.spec.__dict__
        owner = values.get("owner") or values.get("parent")
        owner_cell = elink(inp, page, owner) if owner else "—"
        rows.append(
            f"| {elink(inp, page, e.id)} | `{e.id}` | {owner_cell} | {_source_badge(inp, e)} |"
        )
    if not elements:
        return "\n".join(out) + "\n"
    return "\n".join(out + table_box(lang, "site.kinds.filter", rows)) + "\n"


def _shown(inp: SiteInput, elements: list[Element]) -> list[Element]:
    """The elements as the site shows them on its date (names and fields then)."""
    return [inp.shown(e.id) or e for e in elements]


def _source_badge(inp: SiteInput, element: Element) -> str:
    source = element.spec.source
    return "—" if source is None else value_label(inp.lang, "status", source.status)


def element_page(inp: SiteInput, element: Element, page: str, warn: Warn) -> str:
    """The element as it is on the site's date (or, when it does not exist then, on the
    nearest day it does): its name, fields and relations then, and its whole history."""
    lang, when = inp.lang, page_day(inp, element)
    then = inp.shown(element.id) or element
    if when is not None and summarised(inp):  # perhaps a plateau's day: see page_day
        then = element.at(when)
    spec = then.spec
    own = name(lang, then)
    out = [f"# {safe.text(own)}", ""]
    kind = safe.attr(kind_label(lang, element.kind))
    out.append(f'<p class="eaf-kind">{kind} · <code>{safe.attr(element.id)}</code></p>')
    # The name in the other language, under the heading.
    other = spec.name if own != spec.name else spec.name_en
    if other:
        out.append(f"*{safe.text(other)}*")
    out.append("")
    if when is not None:
        out += [_as_of(lang, inp.date or when, when), ""]
    if spec.description:
        out += ["", safe.description(spec.description), ""]
    out.append(diagram(inp, page, f"context/{element.id}"))
    out += _fields(inp, then, page, when)
    province = element.kind == "organization" and spec.__dict__.get("level") == "province"
    if province and summarised(inp):  # its province's summary: see eaf.site.pages.provinces
        out += provinces.summary(inp, then, page)
    if element.kind == "kpi" and inp.kpi_history.get(element.id):
        out += [f"## {tr(lang, 'site.kpis.history')}", "", *kpi_history(inp, element.id, page)]
    out += timeline(inp, element, page)
    out += _relations(inp, element, page, when, warn)
    out += _source(inp, then)
    state = lifecycle_state(element, inp.date)
    if state != "active":
        label = f"{tr(lang, 'site.element.state')}: {state_label(lang, state, element.kind)}"
        out.append(f'<p class="eaf-state">{safe.attr(label)}</p>')
    return "\n".join(out) + "\n"


def _as_of(lang: str, site: str, when: str) -> str:
    """The day the page shows the element on, and why when it is not the site's."""
    if when == site:
        return tr(lang, "site.element.as_of", date=when)
    key = "site.element.as_of_first" if when > site else "site.element.as_of_last"
    return tr(lang, key, site=site, date=when)


def _fields(inp: SiteInput, element: Element, page: str, when: str | None) -> list[str]:
    """The fields of the element as shown (dated changes up to its date applied), each value
    that is not confirmed marked with how sure it is."""
    data = element_json(element)
    rows = [(k, v) for k, v in data.items() if k not in SKIP_FIELDS and v not in ([], {}, None)]
    if not rows:
        return []
    lang = inp.lang
    least: dict[str, Fact] = {}
    for fact in facts(element, when):
        if fact.field not in least or _less_sure(fact, least[fact.field]):
            least[fact.field] = fact
    out = [f"## {tr(lang, 'site.element.fields')}", ""]
    out += header(lang, "col.field", "col.value", "col.certainty")
    for k, v in rows:
        sure = _sureness(lang, least[k]) if k in least else ""
        value = scopes(inp, page, v) if k in SCOPE_FIELDS else cell(inp, page, element.kind, k, v)
        out.append(f"| {field_label(lang, k)} | {value} | {sure} |")
    return [*out, ""]


def _less_sure(a: Fact, b: Fact) -> bool:
    return _SURENESS.index(a.status) > _SURENESS.index(b.status)


def _sureness(lang: str, fact: Fact) -> str:
    """A chip for a value that is not confirmed (its note as a tooltip); nothing otherwise."""
    if fact.status == "confirmed":
        return ""
    label = safe.attr(fact_status_label(lang, fact.status))
    note = fact.source.note if fact.source is not None else None
    title = f' title="{safe.attr(note)}"' if note else ""
    return f'<span class="eaf-assumed"{title}>{label}</span>'


#: A relation as an element's page lists it: the edge's type, whether the element is its
#: source ("out") or its target ("in"), the other end, and a successor's share.
Relation = tuple[str, str, str, str]


def relations_on(inp: SiteInput) -> dict[str, list[Relation]]:
    """Every element's relations in the architecture of the day its page shows it on (the
    site's date, or the nearest day it exists). Elements are taken a day at a time, and a
    day other than the site's is built only with the per-unit edges of that day's elements:
    each of those days costs a part of a graph, not a whole one kept in memory."""
    key = ("relations", inp.date or "")
    found: dict[str, list[Relation]] | None = inp.memo.get(key)
    if found is not None:
        return found
    days: dict[str | None, list[str]] = defaultdict(list)
    for e in inp.model:
        if has_page(inp, e.id):  # only a page lists relations
            days[page_day(inp, e)].append(e.id)
    found = inp.memo[key] = {}
    for day, ids in sorted(days.items(), key=lambda d: d[0] or ""):
        if day is None:
            graph = inp.graph
        elif day == inp.date:
            graph = snapshot(inp.model, day).graph
        else:
            graph, _ = build_graph(inp.model.at(day), around=frozenset(ids))
        for element_id in ids:
            found[element_id] = _incident(graph, element_id) if element_id in graph else []
    for e in inp.model:  # a summarised site's elements without pages: nothing to list
        found.setdefault(e.id, [])
    return found


def _incident(graph: nx.MultiDiGraph, element_id: str) -> list[Relation]:
    out = [
        (d["type"], "out", target, d.get("share", ""))
        for _, target, d in graph.out_edges(element_id, data=True)
    ]
    return out + [
        (d["type"], "in", source, d.get("share", ""))
        for source, _, d in graph.in_edges(element_id, data=True)
    ]


def _relations(
    inp: SiteInput, element: Element, page: str, when: str | None, warn: Warn
) -> list[str]:
    """Both ends of every relation of the architecture on `when` (the site's date, or the
    nearest day the element exists), each read from this element: "is succeeded by Y" here,
    "succeeds X" on Y's page; the other ends named as they are then. Succession joins two
    days (one ends, the next takes over), so it comes from the model's whole graph, its ends
    named as on the site's date."""
    lang = inp.lang
    succession = (
        [r for r in _incident(inp.graph, element.id) if r[0] == "succeeded-by"]
        if element.id in inp.graph
        else []
    )
    # (label, other end, share) → the date the other end is named on.
    edges: dict[tuple[str, str, str], str | None] = {}
    for relations, on in ((relations_on(inp)[element.id], when), (succession, None)):
        for kind, direction, other, share in relations:
            label = tr(lang, f"relation.{kind}" if direction == "out" else f"inverse.{kind}")
            edges[label, other, share] = on
    if not edges:
        return []
    cut = []
    if len(edges) > MAX_RELATIONS:
        if summarised(inp):  # a large model's hubs: thousands of relations, said on the page
            cut = [tr(lang, "site.relations.cut", shown=MAX_RELATIONS, n=len(edges)), ""]
        else:
            warn(f"page of '{element.id}': {len(edges)} relations, the first {MAX_RELATIONS} shown")
    groups: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
    for label, other, share in sorted(edges, key=_by_label)[:MAX_RELATIONS]:
        groups[label].append((other, share, edges[label, other, share]))
    out = [f"## {tr(lang, 'relations.title')}", "", *cut]
    for label, members in groups.items():
        head = f"{label} ({len(members)})"
        body = _members(inp, page, members)
        if len(members) > FOLD_AFTER:
            out += ['<details class="eaf-relations" markdown="1">', f"<summary>{head}</summary>"]
            out += ["", *body, "", "</details>", ""]
        else:
            out += [f"**{head}**", "", *body, ""]
    return out


def _members(inp: SiteInput, page: str, members: list[tuple[str, str, str | None]]) -> list[str]:
    """The other ends of one kind of relation as a list; units under their parent and level
    on the day they are shown, with a count, when they belong to more than one."""
    lang = inp.lang

    def link(other: str, share: str, on: str | None) -> str:
        part = f" ({value_label(lang, 'share', share)})" if share else ""
        return elink(inp, page, other, on) + part

    def key(member: tuple[str, str, str | None]) -> tuple[str, str]:
        shown = inp.shown(member[0], member[2])
        return sort_key(shown) if shown else (member[0], member[0])

    ordered = sorted(members, key=key)
    places: dict[tuple[str, str], list[tuple[str, str, str | None]]] = defaultdict(list)
    for member in ordered:
        shown = inp.shown(member[0], member[2])
        values = shown.spec.__dict__ if shown is not None and shown.kind == "organization" else {}
        places[values.get("parent") or "", str(values.get("level") or "")].append(member)
    if len(places) < 2:
        return [f"- {link(*m)}" for m in ordered]
    out = []
    for (parent, level), units in sorted(places.items(), key=lambda p: _place(inp, *p[0])):
        where = _place(inp, parent, level, units[0][2])[2]
        out.append(f"- **{where}** ({len(units)}): " + ", ".join(link(*m) for m in units))
    return out


def _place(inp: SiteInput, parent: str, level: str, on: str | None = None) -> tuple[int, str, str]:
    """How a group of units is named and ordered: its parent's name then its level ('Thành
    phố Thủ Dầu Một · cấp xã'), higher levels first."""
    lang = inp.lang
    order = ("national", "province", "department", "district", "commune")
    rank = order.index(level) if level in order else len(order)
    owner = inp.shown(parent, on) if parent else None
    named = safe.text(name(lang, owner)) if owner else ""
    said = value_label(lang, "level", level) if level else ""
    label = " · ".join(x for x in (named, said) if x) or tr(lang, "site.relations.other")
    return rank, fold(named).lower(), label


def _by_label(edge: tuple[str, str, str]) -> tuple[str, str, str]:
    """Relations in the order of their labels, read without diacritics (đ after d)."""
    return _folded(edge[0]), edge[1], edge[2]


@functools.cache
def _folded(label: str) -> str:
    return fold(label).lower()  # a few dozen labels, sorted on every page


def _one_source(lang: str, source: Source) -> list[str]:
    status = safe.attr(value_label(lang, "status", source.status))
    css = "eaf-confirmed" if str(source.status) == "confirmed" else "eaf-assumed"
    document = f" — {safe.text(source.document)}" if source.document else ""
    out = [f'<p><span class="{css}">{status}</span>{document}</p>']
    if source.note:
        out.append(f"<p>{safe.text(source.note)}</p>")
    return out


def _source(inp: SiteInput, element: Element) -> list[str]:
    lang, spec = inp.lang, element.spec
    out = [f"## {tr(lang, 'site.element.source')}", ""]
    source = spec.source
    if source is None:
        out.append(tr(lang, "site.element.no_source"))
    else:
        out += _one_source(lang, source)
    if spec.sources:
        out += ["", f"**{tr(lang, 'site.element.field_sources')}**", ""]
        for key, own in sorted(spec.sources.items()):
            said = "".join(_one_source(lang, own)).removeprefix("<p>")
            out.append(f"<p>{safe.text(field_label(lang, key))}: {said}")
    for link in spec.links:
        out.append(
            f'<p><a href="{safe.attr(link.url)}" rel="noopener noreferrer">'
            f"{safe.text(link.title)}</a></p>"
        )
    return out


def by_layer(inp: SiteInput) -> str:
    lang, page = inp.lang, "kien-truc/lop.md"
    groups: dict[str, list[Element]] = defaultdict(list)
    for e in _shown(inp, list(inp.model)):
        layer = e.spec.__dict__.get("layer") or DEFAULT_LAYER.get(e.kind)
        if layer:
            groups[str(layer)].append(e)
    layers = sorted(
        _shown(inp, inp.model.of_kind("layer")),
        key=lambda e: (e.spec.__dict__.get("order", 0), e.id),
    )
    out = [f"# {tr(lang, 'site.by_layer.title')}", ""]
    for layer in layers:
        members = sorted(groups.get(layer.id, []), key=sort_key)
        out += [f"## {safe.text(name(lang, layer))}", ""]
        out += _listed(inp, page, members) or [tr(lang, "site.by_layer.empty")]
        out.append("")
    return "\n".join(out) + "\n"


def by_owner(inp: SiteInput) -> str:
    lang, page = inp.lang, "kien-truc/don-vi.md"
    owned: dict[str, list[Element]] = defaultdict(list)
    for e in _shown(inp, list(inp.model)):  # each under its owner on the site's date
        if e.spec.owner:
            owned[e.spec.owner].append(e)

    def owner_key(owner: str) -> str:
        element = inp.shown(owner)
        return fold(element.spec.name).lower() if element else owner

    out = [f"# {tr(lang, 'site.by_owner.title')}", ""]
    for owner in sorted(owned, key=owner_key):
        element = inp.shown(owner)
        out += [f"## {safe.text(name(lang, element) if element else owner)}", ""]
        out += _listed(inp, page, sorted(owned[owner], key=sort_key))
        out.append("")
    return "\n".join(out) + "\n"


def _listed(inp: SiteInput, page: str, members: list[Element]) -> list[str]:
    """Elements as a list of links; in a summarised site, those without pages counted by
    kind instead."""
    out = [f"- {elink(inp, page, e.id)}" for e in members if has_page(inp, e.id)]
    hidden: dict[str, int] = defaultdict(int)
    for e in members:
        if not has_page(inp, e.id):
            hidden[e.kind] += 1
    for kind, count in sorted(hidden.items()):
        kinds = kind_plural(inp.lang, kind).lower()
        said = tr(inp.lang, "site.province.not_listed", n=count, kind=kinds)
        out.append(f"- {said}")
    return out


def diagram_stems(inp: SiteInput) -> list[str]:
    """The diagrams with a page of their own (context diagrams sit on element pages, each
    plateau's on its page)."""
    return sorted(s for s in inp.svgs if not s.startswith(("context/", "muc/")))


def _title(inp: SiteInput, stem: str) -> str:
    """A diagram's title: its view's name (built-in views have theirs in the catalogue)."""
    views = {d.spec.id: d.spec for d in view_defs(inp.model)}
    view = views.get(stem)
    if view is None:
        return stem
    return view.name_en if inp.lang == "en" and view.name_en else view.name


def views_index(inp: SiteInput) -> str:
    out = [f"# {tr(inp.lang, 'site.views.title')}", ""]
    out += [f"- [{safe.text(_title(inp, stem))}]({stem}.md)" for stem in diagram_stems(inp)]
    return "\n".join(out) + "\n"


def view_page(inp: SiteInput, stem: str) -> str:
    return f"# {safe.text(_title(inp, stem))}\n{diagram(inp, f'so-do/{stem}.md', stem)}\n"


def procedures(inp: SiteInput) -> str:
    """Every administrative procedure in one table the reader can filter and sort."""
    lang, page = inp.lang, "thu-tuc.md"
    services = sorted(_shown(inp, inp.model.of_kind("service")), key=sort_key)
    out = [f"# {tr(lang, 'site.procedures.title')}", ""]
    if summarised(inp):  # a large model: procedures have no pages, counted by province
        out += [tr(lang, "site.kinds.count", n=len(services)), ""]
        return "\n".join(out + provinces.by_province(inp, "service", page)) + "\n"
    out += [tr(lang, "site.procedures.intro", n=len(services)), ""]
    rows = header(
        lang,
        "site.procedures.col.procedure",
        "site.procedures.col.field",
        "site.procedures.col.level",
        "site.procedures.col.online",
        "site.procedures.col.eligible",
        "site.procedures.col.national",
    )
    for e in services:
        v = e.spec.__dict__
        levels = ", ".join(value_label(lang, "handling_levels", x) for x in v["handling_levels"])
        rows.append(
            f"| {elink(inp, page, e.id)} | {safe.text(v['field'])} | {levels} "
            f"| {v['online_level'] or '—'} | {v['eligible_level'] or '—'} "
            f"| {yes_no(lang, v['npsp_integrated'])} |"
        )
    return "\n".join(out + table_box(lang, "site.procedures.filter", rows)) + "\n"


#: How much a unit of each level outranks a lower one of the same name in search (the city
#: before the ward named after it).
_LEVEL_BOOST = {"national": 1.4, "province": 1.4, "department": 1.2, "district": 1.2}


def search_terms(inp: SiteInput) -> dict[str, dict[str, str | float]]:
    """How search finds each element's page (see eaf.site.rebuild): its name without
    diacritics (`fold`), a unit's own name without its type, with and without diacritics
    (`exact`: "Thủ Dầu Một" for the city, so typing it puts the city first), its parent unit's
    name without diacritics (`place`: the wards of the city come next) and with them, weighing
    less (`parent_name`: the theme's search matches each word typed as a prefix, so "Thu" finds
    "Thuận" as well as "Thuan": a ward of Thuận An would come before the city's own wards if
    its parent's name counted twice), and a `boost`: less for what is not in use on the site's
    date, more for a unit of a higher level."""
    out: dict[str, dict[str, str | float]] = {}
    for e in inp.model:
        if not has_page(inp, e.id):
            continue
        shown = inp.shown(e.id) or e
        values = shown.spec.__dict__
        terms: dict[str, str | float] = {"fold": fold(shown.spec.name)}
        exact = _proper_name(shown)
        if exact:
            terms["exact"] = _both(exact)
        parent = inp.shown(values.get("parent") or "")
        if parent is not None and _proper_name(parent) != exact:
            terms["place"] = fold(parent.spec.name)
            if terms["place"] != parent.spec.name:
                terms["parent_name"] = parent.spec.name
        alive = inp.date is None or exists_at(e, inp.date)
        level = _LEVEL_BOOST.get(str(values.get("level")), 1.0) if e.kind == "organization" else 1
        if (boost := (1.0 if alive else 0.5) * level) != 1.0:
            terms["boost"] = boost
        out[f"elements/{e.id}.md"] = terms
    return out


def _proper_name(unit: Element) -> str:
    """A unit's name without its type ('Thành phố Thủ Dầu Một' → 'Thủ Dầu Một'); '' for
    what is not a unit or is not named so."""
    kind = str(unit.spec.__dict__.get("type") or "") if unit.kind == "organization" else ""
    name = unit.spec.name
    if kind and name.lower().startswith(kind + " "):
        return name[len(kind) + 1 :].strip()
    return ""


def _both(text: str) -> str:
    """The text, and again without diacritics when it has any."""
    folded = fold(text)
    return text if folded == text else f"{text} {folded}"
