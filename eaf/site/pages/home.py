"""The home page: the overall diagram and the headline KPIs."""

from __future__ import annotations

from eaf.i18n import tr
from eaf.site.pages.common import SiteInput, amount, chip, diagram, elink, header


def home(inp: SiteInput) -> str:
    lang = inp.lang
    out = [f"# {tr(lang, 'site.home.title')}", "", tr(lang, "site.home.intro")]
    out.append(diagram(inp, "index.md", "tong-the"))
    if inp.analysis is not None:
        out += [f"## {tr(lang, 'site.home.kpis')}", ""]
        out += header(lang, "col.kpi", "col.value", "col.target", "col.deadline", "col.status")
        for k in inp.analysis.kpis:
            if k.target is None:
                continue
            out.append(
                f"| {elink(inp, 'index.md', k.id)} | {amount(k.current, k.unit)} | "
                f"{amount(k.target, k.unit)} | {k.deadline or '—'} | "
                f"{chip(lang, k.status, target=k.target)} |"
            )
        out += ["", tr(lang, "site.home.computed", at=inp.analysis.at)]
    return "\n".join(out) + "\n"
