"""The architecture's pages: one per element, an index per kind, elements by layer and by
owning unit, the diagrams, and the table of administrative procedures."""

from __future__ import annotations

import json
from collections import defaultdict

from eaf.graph import element_json
from eaf.i18n import (
    edge_label,
    field_label,
    kind_label,
    kind_plural,
    state_label,
    tr,
    value_label,
)
from eaf.model import DEFAULT_LAYER, Element, lifecycle_state
from eaf.site import safe
from eaf.site.pages.common import (
    KIND_ORDER,
    SiteInput,
    Warn,
    cell,
    diagram,
    elink,
    fold,
    header,
    name,
    sort_key,
    yes_no,
)
from eaf.site.pages.time import timeline

#: Fields shown in their own sections of an element's page, or not at all.
SKIP_FIELDS = {"id", "name", "description", "source", "lifecycle", "changes", "links", "successors"}
#: Rows of an element's relations table: more would make the page too long to read.
MAX_RELATIONS = 300


def kinds_index(inp: SiteInput) -> str:
    lang = inp.lang
    out = [f"# {tr(lang, 'site.kinds.title')}", "", *header(lang, "col.kind", "col.count")]
    for kind in KIND_ORDER:
        count = len(inp.model.of_kind(kind))
        if count:
            out.append(f"| [{kind_plural(lang, kind)}]({kind}.md) | {count} |")
    return "\n".join(out) + "\n"


def kind_page(inp: SiteInput, kind: str) -> str:
    lang, page = inp.lang, f"kien-truc/{kind}.md"
    elements = inp.model.of_kind(kind)
    out = [f"# {kind_plural(lang, kind)}", "", tr(lang, "site.kinds.count", n=len(elements)), ""]
    out += header(lang, "col.name", "col.id", "col.owner_parent", "col.source")
    for e in sorted(elements, key=sort_key):
        values = e.spec.__dict__
        owner = values.get("owner") or values.get("parent")
        owner_cell = elink(inp, page, owner) if owner else "—"
        out.append(
            f"| {elink(inp, page, e.id)} | `{e.id}` | {owner_cell} | {_source_badge(inp, e)} |"
        )
    return "\n".join(out) + "\n"


def _source_badge(inp: SiteInput, element: Element) -> str:
    source = element.spec.source
    return "—" if source is None else value_label(inp.lang, "status", source.status)


def element_page(inp: SiteInput, element: Element, page: str, warn: Warn) -> str:
    lang, spec = inp.lang, element.spec
    own = name(lang, element)
    out = [f"# {safe.text(own)}", ""]
    kind = safe.attr(kind_label(lang, element.kind))
    out.append(f'<p class="eaf-kind">{kind} · <code>{safe.attr(element.id)}</code></p>')
    # The name in the other language, under the heading.
    other = spec.name if own != spec.name else spec.name_en
    if other:
        out.append(f"*{safe.text(other)}*")
    # Search finds names typed without diacritics.
    out += [f'<p class="eaf-fold">{safe.text(fold(spec.name))}</p>', ""]
    if spec.description:
        out += ["", safe.description(spec.description), ""]
    out.append(diagram(inp, page, f"context/{element.id}"))
    out += _fields(inp, element, page)
    out += timeline(inp, element, page)
    out += _relations(inp, element, page, warn)
    out += _source(inp, element)
    state = lifecycle_state(element, inp.date)
    if state != "active":
        label = f"{tr(lang, 'site.element.state')}: {state_label(lang, state)}"
        out.append(f'<p class="eaf-state">{safe.attr(label)}</p>')
    return "\n".join(out) + "\n"


def _fields(inp: SiteInput, element: Element, page: str) -> list[str]:
    """The fields as they are on the site's date (dated changes up to then applied)."""
    data = element_json(element.at(inp.date) if inp.date else element)
    rows = [(k, v) for k, v in data.items() if k not in SKIP_FIELDS and v not in ([], {}, None)]
    if not rows:
        return []
    lang = inp.lang
    out = [f"## {tr(lang, 'site.element.fields')}", "", *header(lang, "col.field", "col.value")]
    out += [f"| {field_label(lang, k)} | {cell(inp, page, element.kind, k, v)} |" for k, v in rows]
    return [*out, ""]


def _relations(inp: SiteInput, element: Element, page: str, warn: Warn) -> list[str]:
    lang, graph = inp.lang, inp.graph
    relations = {
        (edge_label(lang, data["type"]), "→", target)
        for _, target, data in graph.out_edges(element.id, data=True)
    }
    relations |= {
        (edge_label(lang, data["type"]), "←", source)
        for source, _, data in graph.in_edges(element.id, data=True)
    }
    if not relations:
        return []
    if len(relations) > MAX_RELATIONS:
        warn(f"page of '{element.id}': {len(relations)} relations, the first {MAX_RELATIONS} shown")
    out = [f"## {tr(lang, 'relations.title')}", ""]
    out += header(lang, "col.relation", "col.direction", "col.component")
    for label, arrow, other in sorted(relations)[:MAX_RELATIONS]:
        out.append(f"| {label} | {arrow} | {elink(inp, page, other)} |")
    return [*out, ""]


def _source(inp: SiteInput, element: Element) -> list[str]:
    lang, spec = inp.lang, element.spec
    out = [f"## {tr(lang, 'site.element.source')}", ""]
    source = spec.source
    if source is None:
        out.append(tr(lang, "site.element.no_source"))
    else:
        status = safe.attr(value_label(lang, "status", source.status))
        css = "eaf-assumed" if str(source.status) in ("assumed", "uncertain") else "eaf-confirmed"
        out.append(f'<p><span class="{css}">{status}</span> — {safe.text(source.document)}</p>')
        if source.note:
            out.append(f"<p>{safe.text(source.note)}</p>")
    for link in spec.links:
        out.append(
            f'<p><a href="{safe.attr(link.url)}" rel="noopener noreferrer">'
            f"{safe.text(link.title)}</a></p>"
        )
    return out


def by_layer(inp: SiteInput) -> str:
    lang, model, page = inp.lang, inp.model, "kien-truc/lop.md"
    groups: dict[str, list[Element]] = defaultdict(list)
    for e in model:
        layer = e.spec.__dict__.get("layer") or DEFAULT_LAYER.get(e.kind)
        if layer:
            groups[str(layer)].append(e)
    layers = sorted(model.of_kind("layer"), key=lambda e: (e.spec.__dict__.get("order", 0), e.id))
    out = [f"# {tr(lang, 'site.by_layer.title')}", ""]
    for layer in layers:
        members = sorted(groups.get(layer.id, []), key=sort_key)
        out += [f"## {safe.text(name(lang, layer))}", ""]
        out += [f"- {elink(inp, page, e.id)}" for e in members] or [tr(lang, "site.by_layer.empty")]
        out.append("")
    return "\n".join(out) + "\n"


def by_owner(inp: SiteInput) -> str:
    lang, model, page = inp.lang, inp.model, "kien-truc/don-vi.md"
    owned: dict[str, list[Element]] = defaultdict(list)
    for e in model:
        if e.spec.owner:
            owned[e.spec.owner].append(e)

    def owner_key(owner: str) -> str:
        return fold(model.elements[owner].spec.name).lower() if owner in model.elements else owner

    out = [f"# {tr(lang, 'site.by_owner.title')}", ""]
    for owner in sorted(owned, key=owner_key):
        element = model.elements.get(owner)
        out += [f"## {safe.text(name(lang, element) if element else owner)}", ""]
        out += [f"- {elink(inp, page, e.id)}" for e in sorted(owned[owner], key=sort_key)]
        out.append("")
    return "\n".join(out) + "\n"


def diagram_stems(inp: SiteInput) -> list[str]:
    """The diagrams with a page of their own (context diagrams sit on element pages, each
    plateau's on its page)."""
    return sorted(s for s in inp.svgs if not s.startswith(("context/", "muc/")))


def _title(inp: SiteInput, stem: str) -> str:
    element = inp.model.elements.get(stem)
    return name(inp.lang, element) if element else stem


def views_index(inp: SiteInput) -> str:
    out = [f"# {tr(inp.lang, 'site.views.title')}", ""]
    out += [f"- [{safe.text(_title(inp, stem))}]({stem}.md)" for stem in diagram_stems(inp)]
    return "\n".join(out) + "\n"


def view_page(inp: SiteInput, stem: str) -> str:
    return f"# {safe.text(_title(inp, stem))}\n{diagram(inp, f'so-do/{stem}.md', stem)}\n"


def procedures(inp: SiteInput) -> str:
    lang = inp.lang
    heads = (
        "site.procedures.col.procedure",
        "site.procedures.col.field",
        "site.procedures.col.level",
        "site.procedures.col.online",
        "site.procedures.col.eligible",
        "site.procedures.col.national",
    )
    cells = "".join(f"<th>{safe.attr(tr(lang, h))}</th>" for h in heads)
    out = [
        f"# {tr(lang, 'site.procedures.title')}",
        "",
        f'<input class="eaf-filter" type="search" '
        f'placeholder="{safe.attr(tr(lang, "site.procedures.filter"))}" '
        f'aria-label="{safe.attr(tr(lang, "site.procedures.filter_label"))}">',
        "",
        '<table class="eaf-sortable">',
        f"<thead><tr>{cells}</tr></thead>",
        "<tbody>",
    ]
    for e in sorted(inp.model.of_kind("service"), key=sort_key):
        v = e.spec.__dict__
        levels = ", ".join(value_label(lang, "handling_levels", x) for x in v["handling_levels"])
        out.append(
            f'<tr><td><a href="{safe.attr(f"elements/{e.id}.html")}">{safe.text(name(lang, e))}</a>'
            f'<span class="eaf-fold">{safe.text(fold(e.spec.name))}</span></td>'
            f"<td>{safe.text(v['field'])}</td><td>{safe.attr(levels)}</td>"
            f"<td>{v['online_level'] or '—'}</td><td>{v['eligible_level'] or '—'}</td>"
            f"<td>{yes_no(lang, v['npsp_integrated'])}</td></tr>"
        )
    out += ["</tbody>", "</table>"]
    return "\n".join(out) + "\n"


def search_index(inp: SiteInput) -> str:
    """Names of every element, with and without diacritics, for the search that works from a
    folder (file://), where the theme's search cannot run."""
    rows = [
        {"t": name(inp.lang, e), "f": fold(e.spec.name).lower(), "u": f"elements/{e.id}.html"}
        for e in inp.model
    ]
    return "window.EAF_INDEX = " + json.dumps(rows, ensure_ascii=False, sort_keys=True) + ";\n"
