"""A summarised site (a model of more than ``[site] all_pages_up_to`` elements, see
`common.summarised`): the commune-level units, procedures, data sets and interconnections have
no page of their own; each province's page counts them (its units by level and by parent unit,
its systems, its procedures by field and online level, its data and interconnections, its
coverage), and the kind pages count them by province."""

from __future__ import annotations

from collections import Counter, defaultdict

from eaf.analysis.analyse import Analysis
from eaf.i18n import kind_plural, tr, value_label
from eaf.model import Element
from eaf.site import safe
from eaf.site.pages.common import (
    SiteInput,
    elink,
    fold,
    has_page,
    header,
    name,
    province_of,
    sort_key,
    table_box,
)

#: The levels of government from the top (a unit's count is shown in this order).
_LEVELS = ("national", "province", "department", "district", "commune")


def members(inp: SiteInput) -> dict[str | None, dict[str, list[Element]]]:
    """Every element by its province (None: none) and kind, each list in name order."""
    found: dict[str | None, dict[str, list[Element]]] | None = inp.memo.get(("by-province",))
    if found is None:
        table: dict[str | None, dict[str, list[Element]]] = defaultdict(lambda: defaultdict(list))
        for element in inp.model:
            shown = inp.shown(element.id) or element
            table[province_of(inp, element.id)][element.kind].append(shown)
        for kinds in table.values():
            for elements in kinds.values():
                elements.sort(key=sort_key)
        found = inp.memo["by-province",] = {p: dict(k) for p, k in table.items()}
    return found


def provinces(inp: SiteInput) -> list[Element]:
    """The province-level organisations, in name order."""
    return sorted(
        (
            inp.shown(e.id) or e
            for e in inp.model.of_kind("organization")
            if e.spec.__dict__.get("level") == "province"
        ),
        key=sort_key,
    )


def summary(inp: SiteInput, province: Element, page: str) -> list[str]:
    """The sections a province's page adds in a summarised site."""
    lang = inp.lang
    own = members(inp).get(province.id, {})
    out = [f"## {tr(lang, 'site.province.title')}", ""]
    out += [tr(lang, "site.province.intro", n=len(inp.model)), ""]
    out += _units(inp, province, own.get("organization", []), page)
    out += _systems(inp, own.get("system", []), page)
    out += _procedures(inp, own.get("service", []))
    out += _counted(inp, own, page)
    if inp.analysis is not None:
        out += _coverage(inp, inp.analysis, province, page)
    return out


def _units(inp: SiteInput, province: Element, units: list[Element], page: str) -> list[str]:
    """Its units counted by level and type, then by parent unit (the district, or the
    province itself since districts were abolished), each parent linked."""
    lang = inp.lang
    units = [u for u in units if u.id != province.id]
    if not units:
        return []
    out = [f"### {tr(lang, 'site.province.units', n=len(units))}", ""]
    out += header(lang, "site.province.col.level", "col.kind", "col.count")
    by_type = Counter(
        (str(u.spec.__dict__.get("level") or ""), str(u.spec.__dict__.get("type") or ""))
        for u in units
    )
    for (level, kind), count in sorted(by_type.items(), key=lambda i: (_rank(i[0][0]), i[0][1])):
        said = value_label(lang, "level", level) if level else "—"
        out.append(f"| {said} | {safe.text(kind) or '—'} | {count} |")
    communes: dict[str, list[Element]] = defaultdict(list)
    for unit in units:
        values = unit.spec.__dict__
        if values.get("level") == "commune" and values.get("parent"):
            up = inp.model.elements.get(str(values["parent"]))
            if up is not None and up.spec.__dict__.get("level") != "commune":
                communes[up.id].append(unit)
    if len(communes) > 1:  # under districts (before 2025), not all under the province
        out += ["", f"**{tr(lang, 'site.province.by_parent')}**", ""]
        out += header(lang, "col.unit", "col.count", "site.province.col.types")
        for parent in sorted(communes, key=lambda p: _name_key(inp, p)):
            types = Counter(str(u.spec.__dict__.get("type") or "—") for u in communes[parent])
            said = ", ".join(f"{n} {safe.text(t)}" for t, n in sorted(types.items()))
            out.append(f"| {elink(inp, page, parent)} | {len(communes[parent])} | {said} |")
    return [*out, ""]


def _systems(inp: SiteInput, systems: list[Element], page: str) -> list[str]:
    lang = inp.lang
    if not systems:
        return []
    out = [f"### {kind_plural(lang, 'system')} ({len(systems)})", ""]
    rows = header(lang, "col.name", "col.owner_parent", "col.layer")
    for system in systems:
        values = system.spec.__dict__
        owner = values.get("owner")
        layer = values.get("layer")
        layer_cell = elink(inp, page, str(layer)) if layer in inp.model.elements else "—"
        rows.append(
            f"| {elink(inp, page, system.id)} | {elink(inp, page, owner) if owner else '—'} "
            f"| {layer_cell} |"
        )
    return [*out, *table_box(lang, "site.kinds.filter", rows), ""]


def _procedures(inp: SiteInput, services: list[Element]) -> list[str]:
    """Its procedures counted by field, with how many are online at level 3 and 4."""
    lang = inp.lang
    if not services:
        return []
    fields: dict[str, Counter[int]] = defaultdict(Counter)
    for service in services:
        values = service.spec.__dict__
        fields[str(values.get("field") or "—")][int(values.get("online_level") or 0)] += 1
    out = [f"### {kind_plural(lang, 'service')} ({len(services)})", ""]
    columns = ("col.count", "site.province.col.online3", "site.province.col.online4")
    rows = header(lang, "site.procedures.col.field", *columns)
    for field_name in sorted(fields, key=lambda f: fold(f).lower()):
        counts = fields[field_name]
        rows.append(
            f"| {safe.text(field_name)} | {sum(counts.values())} | {counts[3]} | {counts[4]} |"
        )
    return [*out, *table_box(lang, "site.procedures.filter", rows), ""]


def _counted(inp: SiteInput, own: dict[str, list[Element]], page: str) -> list[str]:
    """The other kinds without pages (data sets, interconnections): counted by owner or
    source system."""
    lang = inp.lang
    out: list[str] = []
    for kind in ("data", "interconnection"):
        elements = own.get(kind, [])
        if not elements:
            continue
        ref = "from_" if kind == "interconnection" else "owner"
        by: Counter[str] = Counter(str(e.spec.__dict__.get(ref) or "") for e in elements)
        out += [f"### {kind_plural(lang, kind)} ({len(elements)})", ""]
        column = "col.from" if kind == "interconnection" else "col.owner_parent"
        rows = header(lang, column, "col.count")
        for ref_id in sorted(by, key=lambda r: _name_key(inp, r)):
            cell = elink(inp, page, ref_id) if ref_id else "—"
            rows.append(f"| {cell} | {by[ref_id]} |")
        out += [*table_box(lang, "site.kinds.filter", rows), ""]
    return out


def _coverage(inp: SiteInput, a: Analysis, province: Element, page: str) -> list[str]:
    """The coverage criteria over its units (on the analysis's date), and the units that miss
    one, named (they have no pages)."""
    lang = inp.lang
    criteria = [c for c in a.coverage.criteria if c.total]
    units = [u for u in a.coverage.units if province_of(inp, u.id) == province.id]
    if not criteria or not units:
        return []
    out = [f"### {tr(lang, 'coverage.title')}", ""]
    out += [tr(lang, "site.province.coverage_intro", at=a.at, units=len(units)), ""]
    out += header(lang, "col.criterion", "col.met", "site.province.col.missing")
    for c in criteria:
        cells = [u.cells.get(c.id) for u in units]
        met, applies = cells.count(True), sum(cell is not None for cell in cells)
        missing = sorted(
            (_name(inp, u.id) for u in units if u.cells.get(c.id) is False),
            key=lambda n: fold(n).lower(),
        )
        shown = ", ".join(safe.text(n) for n in missing[:12])
        if len(missing) > 12:
            shown += ", " + tr(lang, "site.province.more", n=len(missing) - 12)
        out.append(f"| {elink(inp, page, c.id)} | {met}/{applies} | {shown or '—'} |")
    return [*out, ""]


def by_province(inp: SiteInput, kind: str, page: str) -> list[str]:
    """A kind's elements without pages counted by province, each province linked."""
    lang = inp.lang
    table = members(inp)
    rows = header(lang, "site.province.col.province", "col.count")
    others = 0
    for province in provinces(inp):
        count = sum(1 for e in table.get(province.id, {}).get(kind, []) if not has_page(inp, e.id))
        if count:
            rows.append(f"| {elink(inp, page, province.id)} | {count} |")
    for province_id, kinds in table.items():
        if province_id is None or province_id not in inp.model.elements:
            others += sum(1 for e in kinds.get(kind, []) if not has_page(inp, e.id))
    hidden = sum(1 for e in inp.model.of_kind(kind) if not has_page(inp, e.id))
    out = [tr(lang, "site.province.by_province", n=hidden), "", *rows]
    if others:
        out += ["", tr(lang, "site.province.elsewhere", n=others)]
    return [*out, ""]


def _rank(level: str) -> int:
    return _LEVELS.index(level) if level in _LEVELS else len(_LEVELS)


def _name(inp: SiteInput, element_id: str) -> str:
    element = inp.shown(element_id)
    return name(inp.lang, element) if element else element_id


def _name_key(inp: SiteInput, element_id: str) -> tuple[str, str]:
    return fold(_name(inp, element_id)).lower(), element_id
