"""The roadmap as a timeline, drawn as SVG by eaf itself (Graphviz lays out graphs, not time
axes): the plateaus left to right in date order, one swimlane per roadmap phase, each work
package a bar from its start to its end, labelled with what it delivers.

Pure and deterministic: the same model gives the same bytes. Every text is XML-escaped; links
use the same '@@ROOT@@' placeholder as the diagrams Graphviz draws."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from eaf.i18n import tr, value_label
from eaf.model import Element, Model

WIDTH = 1200
LEFT = 230  # the swimlanes' titles
RIGHT = 30
TOP = 84  # the plateaus' names (on two staggered rows) and the years
BAR = 22
LINE = 15  # one line of a bar's caption
GAP = 12
FONT = "Noto Sans"
STATUS_FILL = {
    "done": "#c8e6c9",
    "in-progress": "#bbdefb",
    "planned": "#ffffff",
    "cancelled": "#eeeeee",
}


@dataclass(frozen=True, slots=True)
class Bar:
    package: Element
    start: dt.date
    end: dt.date
    lane: str


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _name(lang: str, element: Element) -> str:
    return element.spec.name_en if lang == "en" and element.spec.name_en else element.spec.name


def bars(model: Model, only: Collection[str] | None = None) -> list[Bar]:
    """Each work package's bar (those in `only`, when given): its period, or its phase (from
    the phase's start, or the plateau before it, to the phase's date); a package with neither
    is left out."""
    plateaus = model.plateaus()
    out = []
    for wp in model.of_kind("work_package"):
        if only is not None and wp.id not in only:
            continue
        period = wp.value("period")
        phase = model.elements.get(str(wp.value("phase") or ""))
        if period is not None:
            start, end = _date(period.start), _date(period.end)
        elif phase is not None:
            end = _date(str(phase.value("date")))
            before = [p for p in plateaus if p.date < str(phase.value("date"))]
            starts = phase.value("starts") or (before[-1].date if before else None)
            start = _date(str(starts)) if starts else end - dt.timedelta(days=365)
        else:
            continue
        out.append(Bar(wp, start, end, phase.id if phase is not None else ""))
    return sorted(out, key=lambda b: (b.lane, b.start, b.end, b.package.id))


def roadmap_svg(
    model: Model,
    lang: str = "vi",
    link_prefix: str = "@@ROOT@@elements/",
    *,
    only: Collection[str] | None = None,
) -> bytes:
    """The timeline as an SVG document (of the work packages in `only`, when given)."""
    plateaus = model.plateaus()
    drawn = bars(model, only)
    dates = [_date(p.date) for p in plateaus] + [d for b in drawn for d in (b.start, b.end)]
    if not dates:
        return _empty(tr(lang, "timeline.empty"))
    first = dt.date(min(dates).year, 1, 1)
    last = dt.date(max(dates).year + 1, 1, 1)
    span = (last - first).days

    def x(day: dt.date) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span, 1)

    lanes = sorted({b.lane for b in drawn}, key=lambda lane: _lane_order(model, lane))
    body: list[str] = []
    y = TOP
    for lane in lanes:
        members = [b for b in drawn if b.lane == lane]
        height = sum(BAR + LINE + GAP for _ in members) + GAP
        title = _name(lang, model.elements[lane]) if lane else tr(lang, "timeline.no_phase")
        body.append(
            f'<rect x="0" y="{y}" width="{WIDTH}" height="{height}" fill="#fafafa" '
            f'stroke="#e0e0e0"/>'
        )
        body.append(_text(8, y + 18, title, size=13, weight="bold", wrap=LEFT - 16))
        y += GAP
        for b in members:
            body += _bar(model, lang, b, x=x, y=y, link_prefix=link_prefix)
            y += BAR + LINE + GAP
        y += GAP
    legend_y = y + 8
    body += _legend(lang, legend_y)
    height = legend_y + 30
    axis: list[str] = []
    for year in range(first.year, last.year + 1):
        at = x(dt.date(year, 1, 1))
        axis.append(f'<line x1="{at}" y1="{TOP - 14}" x2="{at}" y2="{height}" stroke="#eeeeee"/>')
        axis.append(_text(at + 3, TOP - 18, str(year), size=11, fill="#757575"))
    for row, p in enumerate(plateaus):
        at = x(_date(p.date))
        element = model.elements[p.id]
        top = TOP - 44 - (row % 2) * 18  # staggered: plateaus close in time keep their names
        axis.append(
            f'<line x1="{at}" y1="{top + 4}" x2="{at}" y2="{height}" stroke="#5c6bc0" '
            f'stroke-width="2" stroke-dasharray="6,4"/>'
        )
        label = f"{_name(lang, element)} ({p.date})"
        # Near the right edge a name ends at its line instead of starting there.
        if at + _width(label, 12) > WIDTH - 4:
            text = _text(at - 4, top, label, size=12, anchor="end", wrap=int(at) - 8)
        else:
            text = _text(at + 4, top, label, size=12)
        axis.append(_link(link_prefix, p.id, label, text))
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}">\n'
        f"<title>{escape(tr(lang, 'timeline.title'))}</title>\n"
    )
    return (head + "\n".join([*body, *axis]) + "\n</svg>\n").encode("utf-8")


def _legend(lang: str, y: int) -> list[str]:
    """What a bar's fill says: the work package's status."""
    out = [_text(8, y + 15, tr(lang, "diagram.legend"), size=11, weight="bold")]
    left = LEFT
    for status, fill in STATUS_FILL.items():
        label = value_label(lang, "status", status)
        dash = ' stroke-dasharray="4,3"' if status in ("planned", "cancelled") else ""
        out.append(
            f'<rect x="{left}" y="{y + 3}" width="28" height="14" rx="3" fill="{fill}" '
            f'stroke="#455a64"{dash}/>'
        )
        out.append(_text(left + 34, y + 15, label, size=11))
        left += 54 + int(_width(label, 11))
    return out


def _lane_order(model: Model, lane: str) -> tuple[str, str]:
    element = model.elements.get(lane)
    return (str(element.value("date")) if element else "9999", lane)


def _bar(
    model: Model,
    lang: str,
    b: Bar,
    *,
    x: Callable[[dt.date], float],
    y: int,
    link_prefix: str,
) -> list[str]:
    left, right = x(b.start), max(x(b.end), x(b.start) + 4)
    status = str(b.package.value("status") or "planned")
    ids = b.package.value("delivers") or ()
    delivered = [_name(lang, model.elements[i]) for i in ids if i in model.elements]
    tooltip = f"{_name(lang, b.package)} · {b.start} → {b.end} · " + value_label(
        lang, "status", status
    )
    if delivered:
        tooltip += f"\n{tr(lang, 'timeline.delivers')}: " + ", ".join(delivered)
    rect = (
        f'<rect x="{left}" y="{y}" width="{round(right - left, 1)}" height="{BAR}" rx="4" '
        f'fill="{STATUS_FILL.get(status, "#ffffff")}" stroke="#455a64"'
        + (' stroke-dasharray="4,3"' if status in ("planned", "cancelled") else "")
        + "/>"
    )
    out = [_link(link_prefix, b.package.id, tooltip, rect + _fitted(b, lang, left, y + 15))]
    if delivered:
        # Whole names only, as many as fit; the tooltip lists them all.
        caption = f"{tr(lang, 'timeline.delivers')}: "
        room = WIDTH - left - 12 - _width(caption, 10)
        shown: list[str] = []
        for name in delivered:
            if _width(", ".join([*shown, name]) + " (+99)", 10) > room and shown:
                break
            shown.append(name)
        rest = f" (+{len(delivered) - len(shown)})" if len(shown) < len(delivered) else ""
        out.append(
            _text(
                left + 6, y + BAR + 12, caption + ", ".join(shown) + rest, size=10, fill="#546e7a"
            )
        )
    return out


def _fitted(b: Bar, lang: str, left: float, y: float) -> str:
    """The package's name beside its bar's start, or ending at the right edge when it would
    run over it: never cut (a name is the model's text)."""
    name = _name(lang, b.package)
    if left + 6 + _width(name, 12) <= WIDTH - 8:
        return _text(left + 6, y, name, size=12)
    return _text(WIDTH - 8, y, name, size=12, anchor="end")


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int,
    fill: str = "#263238",
    weight: str | None = None,
    wrap: int | None = None,
    anchor: str | None = None,
) -> str:
    """A text, cut with '…' where it would run over `wrap` pixels (an estimate: the SVG is
    drawn by the browser, whose font metrics eaf does not know)."""
    if wrap is not None and _width(text, size) > wrap:
        keep = max(4, int(wrap / (size * 0.55)) - 1)
        text = text[:keep] + "…"
    extra = f' font-weight="{weight}"' if weight else ""
    extra += f' text-anchor="{anchor}"' if anchor else ""
    return (
        f'<text x="{x}" y="{y}" font-family="{FONT}" font-size="{size}" fill="{fill}"{extra}>'
        f"{escape(text)}</text>"
    )


def _width(text: str, size: int) -> float:
    """About how wide a text is drawn, in pixels (Noto Sans averages ~0.55 em a letter)."""
    return len(text) * size * 0.55


def _link(prefix: str, element_id: str, tooltip: str, inner: str) -> str:
    href = quoteattr(f"{prefix}{element_id}.html")
    return f"<a xlink:href={href} xlink:title={quoteattr(tooltip)}>{inner}</a>"


def _empty(message: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="60" viewBox="0 0 640 60">\n'
        f'<text x="10" y="34" font-family="{FONT}" font-size="14">{escape(message)}</text>\n'
        "</svg>\n"
    ).encode()
