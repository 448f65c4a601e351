"""The analysis pages: coverage per unit, the gaps between two plateaus, KPIs, conformance to
the framework's rules and the completeness of the model's data."""

from __future__ import annotations

from collections import defaultdict

from eaf.analysis.analyse import Analysis
from eaf.analysis.conformance import Violation
from eaf.analysis.formats import facts_sentence
from eaf.analysis.provenance import STATUSES
from eaf.analysis.results import Criterion, FactCounts, GapItem, KpiResult, UnitRow
from eaf.codes import RULE_VIOLATED
from eaf.diagnostics import Location
from eaf.i18n import (
    capital,
    field_label,
    gap_label,
    kind_plural,
    layer_label,
    tr,
    value_label,
)
from eaf.model import SCOPE_FIELDS
from eaf.site import safe
from eaf.site.pages import charts
from eaf.site.pages.common import (
    SiteInput,
    amount,
    cell,
    chip,
    code,
    elink,
    fold,
    header,
    name,
    province_of,
    scopes,
    summarised,
    table_box,
)


def coverage(inp: SiteInput, a: Analysis) -> str:
    """The criteria with their totals, numbered; the units × criteria heat map (its rows link
    to the units); the same as a table, folded away."""
    lang, page = inp.lang, "bao-phu.md"
    criteria = [(i, c) for i, c in enumerate(a.coverage.criteria) if c.total]
    units = _units(inp, a.coverage.units)
    intro = tr(lang, "site.coverage.intro", at=a.at, units=len(units), criteria=len(criteria))
    out = [f"# {tr(lang, 'coverage.title')}", "", intro, ""]
    out += header(lang, "col.number", "col.criterion", "col.met")
    for n, (_, c) in enumerate(criteria, 1):
        out.append(f"| {n} | {elink(inp, page, c.id)} | {c.covered}/{c.total} |")
    if not units or not criteria:
        return "\n".join(out) + "\n"
    if summarised(inp):  # a large model: its units have no pages, counted by province
        return "\n".join(out + _by_province(inp, a, [c for _, c in criteria])) + "\n"
    words = {
        "met": tr(lang, "site.coverage.met"),
        "unmet": tr(lang, "site.coverage.unmet"),
        "na": tr(lang, "site.coverage.na"),
    }
    rows = [
        charts.HeatRow(
            label,
            f"elements/{unit.id}.html",
            tuple(unit.cells.get(c.id) for _, c in criteria),
            group,
        )
        for group, label, unit in units
    ]
    picture = tr(lang, "site.coverage.picture", units=len(units), criteria=len(criteria))
    out += ["", f"## {tr(lang, 'site.coverage.map')}", "", _legend(words), ""]
    out += [
        '<div class="eaf-figure eaf-heat-box">',
        charts.heat_map(rows, len(criteria), label=picture, words=words),
        "</div>",
        "",
    ]
    signs = {True: "✓", False: "✗", None: "—"}
    out += [
        '<details class="eaf-units" markdown="1">',
        f"<summary>{tr(lang, 'site.coverage.table', n=len(units))}</summary>",
        "",
        "| "
        + " | ".join([tr(lang, "col.unit"), *(str(n) for n in range(1, len(criteria) + 1))])
        + " |",
        "|" + "---|" * (len(criteria) + 1),
    ]
    for _, _, unit in units:
        marks = " | ".join(signs[unit.cells.get(c.id)] for _, c in criteria)
        out.append(f"| {elink(inp, page, unit.id, a.at)} | {marks} |")
    out += ["", "</details>"]
    return "\n".join(out) + "\n"


def _by_province(inp: SiteInput, a: Analysis, criteria: list[Criterion]) -> list[str]:
    """The criteria met over each province's units ("met of those it applies to"), each
    province linked to its page, which names the units that miss one."""
    lang, page = inp.lang, "bao-phu.md"
    by: dict[str | None, list[UnitRow]] = defaultdict(list)
    for unit in a.coverage.units:
        by[province_of(inp, unit.id)].append(unit)
    numbers = " | ".join(str(n) for n in range(1, len(criteria) + 1))
    out = ["", f"## {tr(lang, 'site.coverage.map')}", ""]
    out += [f"| {tr(lang, 'site.province.col.province')} | {tr(lang, 'col.unit')} | {numbers} |"]
    out.append("|" + "---|" * (len(criteria) + 2))
    order = sorted(by, key=lambda p: ("" if p is None else fold(_named(inp, p)).lower(), p or ""))
    for province in order:
        units = by[province]
        marks = []
        for c in criteria:
            cells = [u.cells.get(c.id) for u in units]
            marks.append(f"{cells.count(True)}/{sum(x is not None for x in cells)}")
        place = elink(inp, page, province) if province is not None else "—"
        out.append(f"| {place} | {len(units)} | {' | '.join(marks)} |")
    return out


def _named(inp: SiteInput, element_id: str) -> str:
    element = inp.shown(element_id)
    return name(inp.lang, element) if element else element_id


def _units(inp: SiteInput, rows: list[UnitRow]) -> list[tuple[str, str, UnitRow]]:
    """The units of the coverage, each with its group (its parent and level, by name) and its
    own name, in the order of the groups and then of the names."""

    def named(unit_id: str) -> str:
        element = inp.shown(unit_id)
        return name(inp.lang, element) if element else unit_id

    out = []
    for unit in rows:
        group = named(unit.parent) if unit.parent else ""
        if unit.level:
            level = value_label(inp.lang, "level", unit.level)
            group = f"{group} · {level}" if group else capital(level)
        out.append((group, named(unit.id), unit))
    order = {group: i for i, (group, _, _) in reversed(list(enumerate(out)))}
    return sorted(out, key=lambda g: (order[g[0]], fold(g[1]).lower(), g[2].id))


def _legend(words: dict[str, str]) -> str:
    marks = {"met": "✓", "unmet": "✗", "na": ""}
    return (
        '<p class="eaf-legend">'
        + " ".join(
            f'<span class="eaf-key eaf-heat-{w}"><span class="eaf-swatch">{marks[w]}</span> '
            f"{safe.attr(text)}</span>"
            for w, text in words.items()
        )
        + "</p>"
    )


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
    """The changes between the two plateaus in a table the reader filters and sorts; a
    deployment's change as its selectors before and after (their sources are on the
    element's page)."""
    lang, page = inp.lang, "phan-tich/khoang-cach.md"
    out = [f"# {tr(lang, 'site.gaps.title')}", ""]
    rows = header(lang, "col.layer", "col.component", "col.change", "col.detail", "col.wps")

    def value(kind: str, field: str, v: object) -> str:
        if field in SCOPE_FIELDS and isinstance(v, list):
            return scopes(inp, page, v)
        return cell(inp, page, kind, field, v)

    for i in a.gaps.items:
        if i.status == "kept":
            continue
        detail = "; ".join(
            f"{field_label(lang, c.field)}: {value(i.kind, c.field, c.before)} → "
            f"{value(i.kind, c.field, c.after)}"
            for c in i.changes
        ) or ", ".join(
            f"→ {elink(inp, page, s.id)} ({value_label(lang, 'share', s.share)})"
            for s in i.successors
        )
        wps = ", ".join(elink(inp, page, w) for w in i.work_packages)
        missing = f"**{tr(lang, 'site.gaps.no_work_package')}**"
        wps = wps or (missing if i.id in a.gaps.uncovered else "—")
        rows.append(
            f"| {_layer(inp, page, i)} | {elink(inp, page, i.id)} | {gap_label(lang, i.status)} "
            f"| {detail} | {wps} |"
        )
    out += table_box(lang, "site.gaps.filter", rows)
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
    """Every KPI in one table, its status as a chip; then each KPI with the picture of its
    values at the plateaus and as reported."""
    lang, page = inp.lang, "phan-tich/chi-tieu.md"
    out = [f"# {tr(lang, 'site.kpis.title')}", "", tr(lang, "site.kpis.intro", at=a.at), ""]
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
        out.append(
            f"| {elink(inp, page, k.id)} | {value} | {target} | {k.deadline or '—'} | "
            f"{chip(lang, k.status, target=k.target)} | {reported} |"
        )
    for k in a.kpis:
        element = inp.shown(k.id, a.at)
        title = safe.text(name(lang, element)) if element else code(k.id)
        status = chip(lang, k.status, target=k.target)
        out += ["", f"## {title} {{#{k.id}}}", "", f"{status} {_standing(inp, k)}", ""]
        out += kpi_history(inp, k.id, page)
    return "\n".join(out) + "\n"


def _standing(inp: SiteInput, k: KpiResult) -> str:
    """'90.6% of a 100% target, due 2025-12-31', in the page's language."""
    lang = inp.lang
    value, target = amount(k.current, k.unit), amount(k.target, k.unit)
    if k.target is None:
        return tr(lang, "site.kpis.value", value=value)
    return tr(lang, "site.kpis.standing", value=value, target=target, deadline=k.deadline or "—")


def kpi_history(inp: SiteInput, kpi_id: str, page: str) -> list[str]:
    """A KPI's values over time: the picture, its legend, and the values as a table."""
    points = inp.kpi_history.get(kpi_id, [])
    kpi = inp.model.elements.get(kpi_id)
    if not points or kpi is None:
        return []
    lang, spec = inp.lang, kpi.spec.__dict__
    unit = str(spec.get("unit") or "")
    reported = tr(lang, "site.kpis.reported")
    drawn = []
    for p in points:
        plateau = inp.shown(p.plateau, p.date) if p.plateau else None
        label = name(lang, plateau) if plateau else (p.plateau or reported)
        drawn.append(charts.Point(p.date, p.value, p.plateau is None, label))
    words = {"target": tr(lang, "col.target"), "deadline": tr(lang, "col.deadline")}
    element = inp.shown(kpi_id) or kpi
    label = tr(lang, "site.kpis.picture", name=name(lang, element))
    picture = charts.kpi_chart(
        drawn,
        target=spec.get("target"),
        deadline=spec.get("deadline"),
        unit=unit,
        label=label,
        words=words,
    )
    out = ['<div class="eaf-figure">', picture, _kpi_legend(lang), "</div>", ""]
    out += ['<details class="eaf-units" markdown="1">']
    out += [f"<summary>{tr(lang, 'site.kpis.values', n=len(points))}</summary>", ""]
    out += header(lang, "col.date", "col.value", "col.source")
    for p, d in zip(points, drawn, strict=True):
        source = safe.text(d.label) if p.plateau else reported
        out.append(f"| {p.date} | {amount(p.value, unit)} | {source} |")
    return [*out, "", "</details>", ""]


def _kpi_legend(lang: str) -> str:
    keys = (
        ("point", "site.kpis.computed"),
        ("reported", "site.kpis.reported"),
        ("target", "col.target"),
        ("deadline", "col.deadline"),
    )
    return (
        '<p class="eaf-legend">'
        + " ".join(
            f'<span class="eaf-key eaf-key-{k}"><span class="eaf-swatch"></span> '
            f"{safe.attr(tr(lang, key))}</span>"
            for k, key in keys
        )
        + "</p>"
    )


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
