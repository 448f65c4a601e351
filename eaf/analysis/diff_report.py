"""`eaf diff`'s text, Markdown (a pull-request comment) and JSON forms.

Values are printed as a person writes them in YAML (flow style: `true`, `[a, b]`,
`{select: …, except: […]}`). In Markdown, model text is escaped so that no name or value can
break a table, start a link or emphasis, or inject HTML."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from eaf.analysis.conformance import why
from eaf.analysis.diff_document import DiffDocument, KpiStateDoc, SideDoc
from eaf.analysis.values import changed_values
from eaf.i18n import field_label, kind_label, kpi_status_label, tr, value_label
from eaf.markup import md_code, md_text, one_line

#: Longer tables are folded in a <details> block in Markdown.
MAX_OPEN_ROWS = 10
#: Rows shown per Markdown table: a pull-request comment holds at most 65,536 characters.
MAX_ROWS = 50


def _side(side: SideDoc, lang: str, code: Callable[[str], str] = str) -> str:
    """'HEAD~1 (3f2a9c1)', a folder as given, or the working tree."""
    if side.source == "working-tree":
        return tr(lang, "diff.working_tree")
    label, sha = code(one_line(side.label)), short_sha(side.label, side.revision)
    return f"{label} ({code(sha)})" if sha else label


def short_sha(label: str, revision: str | None) -> str | None:
    """The commit's short SHA, to print beside a revision's name unless the name is one."""
    if revision is None or (re.fullmatch("[0-9a-f]{4,40}", label) and revision.startswith(label)):
        return None
    return revision[:7]


def _kpi(state: KpiStateDoc | None, lang: str) -> str:
    if state is None:
        return tr(lang, "diff.absent")
    value = "—" if state.value is None else f"{state.value:g}"
    return value + (f" ({kpi_status_label(lang, state.status)})" if state.status else "")


def _cell(value: bool | None, lang: str) -> str:
    if value is None:
        return tr(lang, "diff.not_applicable")
    return tr(lang, "word.yes") if value else tr(lang, "word.no")


def _field(lang: str, field: str) -> str:
    # The diff adds a change of 'kind' when an id moves to another kind of element.
    return tr(lang, "diff.element_kind") if field == "kind" else field_label(lang, field)


def _summary(d: DiffDocument, lang: str) -> list[tuple[str, str]]:
    """(what, how many of each sort) per section, e.g. ('Phần tử', '1 thêm mới, 0 loại bỏ')."""
    c = d.counts
    added, removed, changed = (tr(lang, f"gap.{s}") for s in ("added", "removed", "changed"))
    rows = [
        (
            tr(lang, "diff.elements"),
            [
                (c.elements_added, added),
                (c.elements_removed, removed),
                (c.elements_changed, changed),
            ],
        ),
        (tr(lang, "relations.title"), [(c.relations_added, added), (c.relations_removed, removed)]),
        (
            tr(lang, "diff.interconnections"),
            [(c.interconnections_added, added), (c.interconnections_removed, removed)],
        ),
    ]
    if d.analysed:
        new, fixed = _sort(lang, "+").lower(), _sort(lang, "−").lower()
        rows += [
            (tr(lang, "report.kpis"), [(c.kpis_changed, changed)]),
            (tr(lang, "diff.conformance"), [(c.findings_new, new), (c.findings_fixed, fixed)]),
            (tr(lang, "diff.coverage_cells"), [(c.coverage_changed, changed)]),
        ]
    return [(what, ", ".join(f"{n} {word}" for n, word in counts)) for what, counts in rows]


def _sort(lang: str, sign: str) -> str:
    """A finding the head side has ('+': new) or the base side had ('−': fixed)."""
    return tr(lang, "diff.new") if sign == "+" else tr(lang, "diff.fixed")


def _columns(lang: str, *keys: str) -> list[str]:
    return [tr(lang, key) for key in keys]


def _analysed_at(d: DiffDocument, lang: str, code: Callable[[str], str] = str) -> str:
    if not d.analysed:
        return tr(lang, "diff.not_analysed")
    base, head = d.base, d.head
    return (
        f"{tr(lang, 'diff.analysed_at')}: {code(base.plateau or '')} ({base.at}) → "
        f"{code(head.plateau or '')} ({head.at})."
    )


def _signed(added: list[Any], removed: list[Any]) -> list[tuple[str, Any]]:
    return [("+", x) for x in added] + [("−", x) for x in removed]


# --- text -------------------------------------------------------------------------------------


def to_text(d: DiffDocument, lang: str = "vi") -> str:
    out = [f"{tr(lang, 'diff.title')}: {_side(d.base, lang)} → {_side(d.head, lang)}"]
    if d.empty:
        return "\n".join([*out, tr(lang, "diff.no_changes")]) + "\n"
    out.append(_analysed_at(d, lang))
    summary = (f"  {what}: {counts}" for what, counts in _summary(d, lang))
    out += ["", f"{tr(lang, 'diff.summary')}:", *summary]

    def section(title: str, count: int, lines: list[str]) -> None:
        if count:
            out.extend(["", f"{title} ({count}):", *lines])

    def element(sign: str, kind: str, element_id: str, name: str) -> str:
        return f"  {sign} {kind_label(lang, kind)} {element_id}: {one_line(name)}"

    e = d.elements
    for sign, title, xs in (
        ("+", "diff.elements_added", e.added),
        ("−", "diff.elements_removed", e.removed),
    ):
        section(tr(lang, title), len(xs), [element(sign, x.kind, x.id, x.name) for x in xs])
    changed = []
    for x in e.changed:
        changed.append(element("~", x.kind, x.id, x.name))
        changed += [
            f"      {_field(lang, c.field)}: "
            + " → ".join(v or "—" for v in changed_values(c.before, c.after))
            for c in x.changes
        ]
    section(tr(lang, "diff.elements_changed"), len(e.changed), changed)
    relations = _signed(d.relations.added, d.relations.removed)
    section(
        tr(lang, "relations.title"),
        len(relations),
        [f"  {s} {r.source} —{tr(lang, f'relation.{r.type}')}→ {r.target}" for s, r in relations],
    )
    links = _signed(d.interconnections.added, d.interconnections.removed)
    section(
        tr(lang, "diff.interconnections"),
        len(links),
        [
            f"  {s} {i.id}: {one_line(i.name)}: {i.from_} → {i.to}"
            + (f" ({tr(lang, 'col.via').lower()} {', '.join(i.via)})" if i.via else "")
            for s, i in links
        ],
    )
    section(
        tr(lang, "report.kpis"),
        len(d.kpis),
        [
            f"  ~ {k.id}: {one_line(k.name)}: {_kpi(k.before, lang)} → {_kpi(k.after, lang)}"
            for k in d.kpis
        ],
    )
    findings = _signed(d.conformance.new, d.conformance.fixed)
    section(
        tr(lang, "diff.conformance"),
        len(findings),
        [
            f"  {s} {_sort(lang, s).lower()}: {value_label(lang, 'severity', f.severity)} {f.rule} "
            f"({one_line(f.rule_name)}): {f.element}: {one_line(why(lang, f.reason, f.values))}"
            for s, f in findings
        ],
    )
    section(
        tr(lang, "coverage.short"),
        len(d.coverage),
        [
            f"  ~ {c.unit} ({one_line(c.unit_name)}) × {c.criterion}: "
            f"{_cell(c.before, lang)} → {_cell(c.after, lang)}"
            for c in d.coverage
        ],
    )
    return "\n".join(out) + "\n"


# --- Markdown ---------------------------------------------------------------------------------


def to_markdown(d: DiffDocument, lang: str = "vi") -> str:
    def code(text: str) -> str:
        return md_code(text, in_table=False)

    out = [
        f"## {tr(lang, 'diff.title')}: {_side(d.base, lang, code)} → {_side(d.head, lang, code)}",
        "",
    ]
    if d.empty:
        return "\n".join([*out, tr(lang, "diff.no_changes")]) + "\n"
    out += [_analysed_at(d, lang, code), ""]
    out += [f"- **{what}**: {counts}" for what, counts in _summary(d, lang)]
    out.append("")

    def table(title: str, count: int, header: list[str], rows: list[list[str]]) -> None:
        if not rows:
            return
        body = [
            "| " + " | ".join(header) + " |",
            "|" + "---|" * len(header),
            *("| " + " | ".join(row) + " |" for row in rows[:MAX_ROWS]),
        ]
        if len(rows) > MAX_ROWS:
            body += ["", tr(lang, "diff.more", n=len(rows) - MAX_ROWS)]
        out.extend([f"### {title} ({count})", ""])
        if len(rows) > MAX_OPEN_ROWS:
            summary = tr(lang, "diff.show_rows", n=len(rows))
            body = [f"<details><summary>{summary}</summary>", "", *body, "", "</details>"]
        out.extend([*body, ""])

    def element(element_id: str, name: str) -> str:
        return f"{md_code(element_id)} {md_text(name)}"

    e = d.elements
    head = [tr(lang, "col.kind"), tr(lang, "col.id"), tr(lang, "col.name")]
    for title, xs in (("diff.elements_added", e.added), ("diff.elements_removed", e.removed)):
        rows = [[kind_label(lang, x.kind), md_code(x.id), md_text(x.name)] for x in xs]
        table(tr(lang, title), len(xs), head, rows)
    rows = []
    for x in e.changed:
        for n, c in enumerate(x.changes):
            before, after = changed_values(c.before, c.after)
            rows.append(
                [
                    element(x.id, x.name) if n == 0 else "",
                    md_text(_field(lang, c.field)),
                    "—" if before is None else md_code(before),
                    "—" if after is None else md_code(after),
                ]
            )
    table(
        tr(lang, "diff.elements_changed"),
        len(e.changed),
        _columns(lang, "col.element", "col.field", "col.before", "col.after"),
        rows,
    )
    relations = _signed(d.relations.added, d.relations.removed)
    table(
        tr(lang, "relations.title"),
        len(relations),
        ["", *_columns(lang, "col.from", "col.relation", "col.to")],
        [
            [s, md_code(r.source), md_text(tr(lang, f"relation.{r.type}")), md_code(r.target)]
            for s, r in relations
        ],
    )
    links = _signed(d.interconnections.added, d.interconnections.removed)
    table(
        tr(lang, "diff.interconnections"),
        len(links),
        ["", *_columns(lang, "col.id", "col.name", "col.from", "col.to", "col.via")],
        [
            [
                s,
                md_code(i.id),
                md_text(i.name),
                md_code(i.from_),
                md_code(i.to),
                ", ".join(md_code(v) for v in i.via) or "—",
            ]
            for s, i in links
        ],
    )
    table(
        tr(lang, "report.kpis"),
        len(d.kpis),
        _columns(lang, "col.id", "col.name", "col.before", "col.after"),
        [
            [md_code(k.id), md_text(k.name), _kpi(k.before, lang), _kpi(k.after, lang)]
            for k in d.kpis
        ],
    )
    findings = _signed(d.conformance.new, d.conformance.fixed)
    table(
        tr(lang, "diff.conformance"),
        len(findings),
        _columns(lang, "col.change", "col.severity", "col.rule", "col.element", "col.detail"),
        [
            [
                _sort(lang, s),
                value_label(lang, "severity", f.severity),
                element(f.rule, f.rule_name),
                md_code(f.element),
                md_text(why(lang, f.reason, f.values)),
            ]
            for s, f in findings
        ],
    )
    table(
        tr(lang, "coverage.short"),
        len(d.coverage),
        _columns(lang, "col.unit", "col.criterion", "col.before", "col.after"),
        [
            [
                element(c.unit, c.unit_name),
                element(c.criterion, c.criterion_name),
                _cell(c.before, lang),
                _cell(c.after, lang),
            ]
            for c in d.coverage
        ],
    )
    return "\n".join(out).rstrip("\n") + "\n"


# --- JSON -------------------------------------------------------------------------------------


def to_json(d: DiffDocument) -> str:
    return json.dumps(d.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=1) + "\n"


DIFF_FORMATS: dict[str, Callable[[DiffDocument, str], str]] = {
    "json": lambda d, lang: to_json(d),
    "md": to_markdown,
    "text": to_text,
}
"""The diff's formats by name (`eaf diff --format`)."""
