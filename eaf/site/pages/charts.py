"""Small pictures drawn at build time as SVG: a KPI's value over time and the coverage of the
units as a heat map. Deterministic (fixed sizes, numbers rounded the same way every time), no
script, and readable without colour: every mark has a shape or a sign as well as a colour and
a tooltip, every picture an aria-label and a table beside it. Model text enters through
safe.attr (the SVG is raw HTML on the page: Markdown never reads inside it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from eaf.site import safe

#: One point of a KPI's history: its date, value and whether a source reported it (else the
#: model gives it, at a plateau), with the label its tooltip shows.
KPI_WIDTH, KPI_HEIGHT = 600, 190
_LEFT, _RIGHT, _TOP, _BOTTOM = 52, 24, 26, 30


@dataclass(frozen=True, slots=True)
class Point:
    date: str
    value: float
    reported: bool
    label: str
    """What the tooltip says of the point (a plateau's name, or the words for reported)."""


def _num(value: float) -> str:
    """A coordinate: one decimal, no trailing zeros, no negative zero."""
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _day(date: str) -> int:
    return dt.date.fromisoformat(date).toordinal()


def _figure(value: float, unit: str) -> str:
    return f"{value:g}{'' if unit in ('', '%') else ' '}{unit}"


def kpi_chart(
    points: Sequence[Point],
    *,
    target: float | None,
    deadline: str | None,
    unit: str,
    label: str,
    words: dict[str, str],
) -> str:
    """A KPI's values at each plateau (a line of dots) and as reported (diamonds), each with
    its figure, over a year grid, with its target (a dashed line) and deadline (a dotted
    line). `words` names the target and the deadline in the page's language; `label` is the
    picture's aria-label."""
    if not points:
        return ""
    days = [_day(p.date) for p in points] + ([_day(deadline)] if deadline else [])
    first, last = min(days), max(days)
    span = max(last - first, 1)
    top = max([p.value for p in points] + ([target] if target is not None else []))
    top = 100.0 if unit == "%" and top <= 100 else (top * 1.15 if top > 0 else 1.0)
    width, height = KPI_WIDTH - _LEFT - _RIGHT, KPI_HEIGHT - _TOP - _BOTTOM

    def x(date: str) -> float:
        return _LEFT + width * (_day(date) - first) / span if last > first else _LEFT + width / 2

    def y(value: float) -> float:
        return _TOP + height * (1 - value / top)

    out = [
        f'<svg class="eaf-chart" viewBox="0 0 {KPI_WIDTH} {KPI_HEIGHT}" width="{KPI_WIDTH}" '
        f'height="{KPI_HEIGHT}" role="img" aria-label="{safe.attr(label)}" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    begin, end = dt.date.fromordinal(first).year, dt.date.fromordinal(last).year
    for year in range(begin, end + 1):
        at = x(max(f"{year}-01-01", dt.date.fromordinal(first).isoformat()))
        out.append(
            f'<line class="eaf-chart-grid" x1="{_num(at)}" y1="{_TOP}" x2="{_num(at)}" '
            f'y2="{_num(y(0))}"/><text class="eaf-chart-tick" x="{_num(at)}" '
            f'y="{KPI_HEIGHT - 10}" text-anchor="middle">{year}</text>'
        )
    out += [
        f'<line class="eaf-chart-axis" x1="{_LEFT}" y1="{_num(y(0))}" x2="{_LEFT + width}" '
        f'y2="{_num(y(0))}"/>',
        f'<text class="eaf-chart-tick" x="{_LEFT - 6}" y="{_num(y(0) + 4)}" '
        'text-anchor="end">0</text>',
        f'<text class="eaf-chart-tick" x="{_LEFT - 6}" y="{_num(y(top) + 4)}" '
        f'text-anchor="end">{safe.attr(_figure(round(top, 1), unit))}</text>',
    ]
    if deadline is not None:
        tip = f"{words['deadline']}: {deadline}"
        out.append(
            f'<line class="eaf-chart-deadline" x1="{_num(x(deadline))}" y1="{_TOP}" '
            f'x2="{_num(x(deadline))}" y2="{_num(y(0))}"><title>{safe.attr(tip)}</title></line>'
        )
    computed = [p for p in points if not p.reported]
    if len(computed) > 1:
        path = " ".join(f"{_num(x(p.date))},{_num(y(p.value))}" for p in computed)
        out.append(f'<polyline class="eaf-chart-line" points="{path}"/>')
    if target is not None:  # over the line: where the values reach it, it still shows
        tip = f"{words['target']}: {_figure(target, unit)}"
        out.append(
            f'<line class="eaf-chart-target" x1="{_LEFT}" y1="{_num(y(target))}" '
            f'x2="{_LEFT + width}" y2="{_num(y(target))}"><title>{safe.attr(tip)}</title></line>'
        )
    labelled: list[float] = []
    for p in points:
        tip = safe.attr(f"{p.label} ({p.date}): {_figure(p.value, unit)}")
        px, py = x(p.date), y(p.value)
        if p.reported:
            r = 6
            out.append(
                f'<polygon class="eaf-chart-reported" points="{_num(px)},{_num(py - r)} '
                f'{_num(px + r)},{_num(py)} {_num(px)},{_num(py + r)} {_num(px - r)},{_num(py)}">'
                f"<title>{tip}</title></polygon>"
            )
        else:
            out.append(
                f'<circle class="eaf-chart-point" cx="{_num(px)}" cy="{_num(py)}" r="5">'
                f"<title>{tip}</title></circle>"
            )
        if all(abs(px - other) > 44 for other in labelled):  # a figure where there is room
            labelled.append(px)
            ty = py + (20 if p.reported or py < _TOP + 14 else -10)
            out.append(
                f'<text class="eaf-chart-value" x="{_num(px)}" y="{_num(ty)}" '
                f'text-anchor="middle">{safe.attr(_figure(p.value, unit))}</text>'
            )
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True, slots=True)
class HeatRow:
    """A unit of the heat map: its name, its page and its cells (met, not met, or None where
    the criterion does not apply), and the group (its parent) it is drawn under."""

    name: str
    href: str
    cells: tuple[bool | None, ...]
    group: str


CELL, GAP, HEAD = 22, 2, 26
#: A unit's name in the map: at most this many characters (the whole name in its tooltip),
#: about 7 px each.
NAME_CHARS, CHAR_PX = 40, 7


def heat_map(rows: Sequence[HeatRow], columns: int, *, label: str, words: dict[str, str]) -> str:
    """Units (rows, under a heading per group) × criteria (columns, numbered 1…n as in the
    table beside it): a green square with ✓ where the unit meets the criterion, a red one with
    ✗ where it does not, an empty outline where it does not apply. `words`: met, not met and
    not applicable in the page's language."""
    if not rows or not columns:
        return ""
    names = NAME_CHARS * CHAR_PX if any(len(r.name) > NAME_CHARS for r in rows) else 0
    names = 16 + (names or max(len(r.name) for r in rows) * CHAR_PX)
    lines: list[str] = []
    y = HEAD
    group = None
    for row in rows:
        if row.group != group:
            group = row.group
            y += 6
            lines.append(
                f'<text class="eaf-heat-group" x="0" y="{y + 14}">{safe.attr(group)}</text>'
            )
            y += CELL
        shown = row.name if len(row.name) <= NAME_CHARS else row.name[: NAME_CHARS - 1] + "…"
        lines.append(
            f'<a href="{safe.attr(row.href)}"><title>{safe.attr(row.name)}</title>'
            f'<text class="eaf-heat-name" x="{names - 8}" y="{y + 15}" text-anchor="end">'
            f"{safe.attr(shown)}</text></a>"
        )
        for i, cell in enumerate(row.cells):
            x = names + i * (CELL + GAP)
            state = "na" if cell is None else "met" if cell else "unmet"
            word = words[state]
            sign = {"met": "✓", "unmet": "✗", "na": ""}[state]
            lines.append(
                f'<g class="eaf-heat-{state}"><title>{safe.attr(f"{row.name} — {i + 1}: {word}")}'
                f'</title><rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="3"/>'
                + (
                    f'<text x="{x + CELL // 2}" y="{y + 16}" text-anchor="middle">{sign}</text>'
                    if sign
                    else ""
                )
                + "</g>"
            )
        y += CELL + GAP
    width = names + columns * (CELL + GAP)
    heads = "".join(
        f'<text class="eaf-heat-col" x="{names + i * (CELL + GAP) + CELL // 2}" y="{HEAD - 8}" '
        f'text-anchor="middle">{i + 1}</text>'
        for i in range(columns)
    )
    return (
        f'<svg class="eaf-heat" viewBox="0 0 {width} {y + 4}" width="{width}" height="{y + 4}" '
        f'role="img" aria-label="{safe.attr(label)}" xmlns="http://www.w3.org/2000/svg">'
        f"{heads}{''.join(lines)}</svg>"
    )
