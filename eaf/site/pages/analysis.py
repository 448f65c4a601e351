"""The analysis pages: coverage per unit, the gaps between two plateaus, KPIs, conformance to
the framework's rules and the completeness of the model's data."""

from __future__ import annotations

from collections import defaultdict

from eaf.analysis.analyse import Analysis
from eaf.analysis.conformance import Violation
from eaf.analysis.formats import facts_sentence
from eaf.analysis.provenance import STATUSES
from eaf.analysis.results import FactCounts, GapItem, UnitRow
from eaf.codes import RULE_VIOLATED
from eaf.diagnostics import Location
from eaf.i18n import (
    capital,
    field_label,
    gap_label,
    kind_plural,
    kpi_status_label,
    layer_label,
    tr,
    value_label,
)
from eaf.site import safe
from eaf.site.pages.common import SiteInput, amount, cell, code, elink, header, name


def coverage(inp: SiteInput, a: Analysis) -> str:
    lang, page = inp.lang, "bao-phu.md"
    out = [f"# {tr(lang, 'coverage.title')}", "", tr(lang, "site.coverage.intro", at=a.at), ""]
    out += header(lang, "col.criterion", "col.met")
    for c in a.coverage.criteria:
        out.append(f"| {elink(inp, page, c.id)} | {c.covered}/{c.total} |")
    by_parent: dict[str, list[UnitRow]] = defaultdict(list)
    for unit in a.coverage.units:
        if unit.level == "commune":
            by_parent[unit.parent].append(unit)

    def unit_name(unit_id: str) -> str:
        element = inp.shown(unit_id)
        return name(lang, element) if element else unit_id

    for parent in sorted(by_parent, key=unit_name):
        out += ["", f"## {safe.text(unit_name(parent))}", "", '<div class="eaf-grid">']
        for unit in sorted(by_parent[parent], key=lambda u: unit_name(u.id)):
            applicable = [v for v in unit.cells.values() if v is not None]
            met = sum(1 for v in applicable if v)
            band = min(4, (round(100 * met / len(applicable)) if applicable else 0) // 25)
            label = unit_name(unit.id)
            out.append(
                f'<a class="eaf-cell eaf-band-{band}" href="elements/{safe.attr(unit.id)}.html" '
                f'title="{safe.attr(label)}: {met}/{len(applicable)}">{safe.text(label)}'
                f'<span class="eaf-score">{met}/{len(applicable)}</span></a>'
            )
        out.append("</div>")
    return "\n".join(out) + "\n"


def analysis_index(inp: SiteInput, a: Analysis) -> str:
    lang = inp.lang
    counts = ", ".join(
        f"{a.gaps.count(s)} {gap_label(lang, s)}" for s in ("added", "removed", "changed", "kept")
    )
    span = a.span()
    for key, plateau in (("f", a.from_plateau), ("to", a.to_plateau)):
        # Each plateau by its name on its own date.
        element = inp.shown(plateau.id, plateau.date)
        span[key] = safe.text(name(lang, element)) if element else code(plateau.id)
    period = tr(lang, "site.analysis.period", **span)
    findings = tr(lang, "site.analysis.findings", n=len(a.conformance))
    return (
        f"# {tr(lang, 'site.analysis.title')}\n\n{period}\n\n"
        f"- [{tr(lang, 'site.gaps.title')}](khoang-cach.md): {counts}\n"
        f"- [{tr(lang, 'site.kpis.title')}](chi-tieu.md)\n"
        f"- [{tr(lang, 'conformance.title')}](tuan-thu.md): {findings}\n"
        f"- [{tr(lang, 'site.completeness.short')}](day-du.md): {a.completeness.score:g}%\n"
        f"- [{tr(lang, 'coverage.short')}](../bao-phu.md)\n"
    )


def gaps(inp: SiteInput, a: Analysis) -> str:
    lang, page = inp.lang, "phan-tich/khoang-cach.md"
    out = [f"# {tr(lang, 'site.gaps.title')}", ""]
    out += header(lang, "col.layer", "col.component", "col.change", "col.detail", "col.wps")
    for i in a.gaps.items:
        if i.status == "kept":
            continue
        detail = "; ".join(
            f"{field_label(lang, c.field)}: {cell(inp, page, i.kind, c.field, c.before)} → "
            f"{cell(inp, page, i.kind, c.field, c.after)}"
            for c in i.changes
        ) or ", ".join(
            f"→ {elink(inp, page, s.id)} ({value_label(lang, 'share', s.share)})"
            for s in i.successors
        )
        wps = ", ".join(elink(inp, page, w) for w in i.work_packages)
        missing = f"**{tr(lang, 'site.gaps.no_work_package')}**"
        wps = wps or (missing if i.id in a.gaps.uncovered else "—")
        out.append(
            f"| {_layer(inp, page, i)} | {elink(inp, page, i.id)} | {gap_label(lang, i.status)} "
            f"| {detail} | {wps} |"
        )
    idle = ", ".join(elink(inp, page, w) for w in a.gaps.idle_work_packages) or "—"
    out += ["", f"**{tr(lang, 'gaps.idle')}:** {idle}"]
    return "\n".join(out) + "\n"


def _layer(inp: SiteInput, page: str, item: GapItem) -> str:
    """The item's layer: the model's layer, or a built-in one the model does not define."""
    if not item.layer:
        return ""
    if item.layer in inp.model.elements:
        return elink(inp, page, item.layer)
    return layer_label(inp.lang, item.layer)


def kpis(inp: SiteInput, a: Analysis) -> str:
    lang, page = inp.lang, "phan-tich/chi-tieu.md"
    out = [f"# {tr(lang, 'site.kpis.title')}", ""]
    out += header(
        lang, "col.kpi", "col.value", "col.target", "col.deadline", "col.status", "col.reported"
    )
    for k in a.kpis:
        value = amount(k.current, k.unit)
        if k.value is not None and k.denominator:
            value += f" ({k.numerator}/{k.denominator})"
        reported = "—"
        if k.reported is not None:
            reported = f"{amount(k.reported, k.unit)} ({k.reported_date})"
        target = amount(k.target, k.unit)
        status = "—" if k.status is None else kpi_status_label(lang, k.status)
        out.append(
            f"| {elink(inp, page, k.id)} | {value} | {target} | {k.deadline or '—'} | "
            f"{status} | {reported} |"
        )
    return "\n".join(out) + "\n"


def conformance(inp: SiteInput, a: Analysis) -> str:
    """Each rule violation, said in the site's language from what the analysis found (the
    diagnostics' own messages are English, for the command line)."""
    lang, page = inp.lang, "phan-tich/tuan-thu.md"
    out = [f"# {tr(lang, 'conformance.title')}", ""]
    if not a.violations:
        out.append(tr(lang, "conformance.none"))
    located = [(inp.model.locate(v.element)[0], v) for v in a.violations]
    # In the order of the findings of `eaf gaps`: by where the element is written.
    located.sort(key=lambda lv: (*_where(lv[0]), lv[1].element, lv[1].rule))
    for location, v in located:
        level = capital(value_label(lang, "severity", v.severity))
        where = f" ({code(str(location))})" if location else ""
        out.append(f"- **{level}** `{RULE_VIOLATED.id}` {_finding(inp, page, v)}{where}")
    return "\n".join(out) + "\n"


def _where(location: Location | None) -> tuple[str, int, int]:
    return (location.path, location.line, location.col) if location else ("", 0, 0)


def _finding(inp: SiteInput, page: str, v: Violation) -> str:
    lang, rule = inp.lang, inp.model.elements[v.rule]
    values = dict(v.values)
    # A route's ends are elements; every other value is a selector, shown as written.
    ends = ("source", "target") if v.reason == "route" else ()
    shown = {k: elink(inp, page, x) if k in ends else code(x) for k, x in values.items()}
    why = tr(lang, f"conformance.why.{v.reason}", **shown)
    element, rule_link = elink(inp, page, v.element), elink(inp, page, rule.id)
    said = tr(lang, "conformance.finding", element=element, rule=rule_link, why=why)
    basis = safe.text(rule.spec.__dict__["legal_basis"])
    return f"{said} — {tr(lang, 'conformance.legal_basis', basis=basis)}"


def completeness(inp: SiteInput, a: Analysis) -> str:
    lang, page, c = inp.lang, "phan-tich/day-du.md", a.completeness
    out = [f"# {tr(lang, 'completeness.title')}", ""]
    out += [f"{tr(lang, 'site.completeness.score')}: **{c.score:g}%**.", ""]
    out += [facts_sentence(c.facts, lang), ""]
    out += header(lang, "col.kind", "col.complete", "col.confirmed")
    for kind, pair in c.by_kind.items():
        share = f"{100 * pair.filled / pair.expected:.0f}%"
        sure = c.facts_by_kind.get(kind, FactCounts())
        total = sum(getattr(sure, s) for s in STATUSES)
        out.append(
            f"| {kind_plural(lang, kind)} | {share} ({pair.filled}/{pair.expected}) "
            f"| {sure.confirmed_share:g}% ({sure.confirmed}/{total}) |"
        )
    out += ["", *header(lang, "col.component", "col.missing")]
    for m in c.missing:
        lacking = ", ".join(field_label(lang, f) for f in m.fields)
        out.append(f"| {elink(inp, page, m.id)} | {lacking} |")
    return "\n".join(out) + "\n"
