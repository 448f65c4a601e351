"""The roadmap as a timeline, drawn as SVG by eaf itself (Graphviz lays out graphs, not time
axes): the plateaus left to right in date order, one swimlane per roadmap phase, each work
package a bar from its start to its end, labelled with what it delivers.

Pure and deterministic: the same model gives the same bytes. Every text is XML-escaped; links
use the same '@@ROOT@@' placeholder as the diagrams Graphviz draws."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from eaf.i18n import tr, value_label
from eaf.model import Element, Model

WIDTH = 1200
LEFT = 230  # the swimlanes' titles
RIGHT = 30
AXIS = 48  # from the lowest row of plateau names down to the first swimlane (the years)
ROW = 18  # one row of plateau names
BAR = 22
LINE = 15  # one line of a bar's name or caption
DROP = 4  # the lines of a wrapped name under its bar start that much lower
TITLE_LINE = 17  # one line of a swimlane's title
GAP = 12
CAPTION_ROOM = 360  # a caption starts far enough left to hold at least this much
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

    marks = [
        _PlateauMark(p.id, x(_date(p.date)), f"{_name(lang, model.elements[p.id])} ({p.date})")
        for p in plateaus
    ]
    top = AXIS + ROW * _place(marks)
    lanes_drawn: list[str] = []
    bars_drawn: list[str] = []
    lanes = sorted({b.lane for b in drawn}, key=lambda lane: _lane_order(model, lane))
    y = top
    for lane in lanes:
        members = [b for b in drawn if b.lane == lane]
        title = _name(lang, model.elements[lane]) if lane else tr(lang, "timeline.no_phase")
        # A long title wraps inside its column, whole words, and the lane grows to hold it.
        title_lines = _wrap(title, LEFT - 16, 13, bold=True)
        content: list[str] = []
        inner = y + GAP
        for b in members:
            drawing, height = _bar(model, lang, b, x=x, y=inner, link_prefix=link_prefix)
            content += drawing
            inner += height
        height = max(inner - y + GAP, 18 + TITLE_LINE * (len(title_lines) - 1) + GAP)
        lanes_drawn.append(
            f'<rect x="0" y="{y}" width="{WIDTH}" height="{height}" fill="#fafafa" '
            f'stroke="#e0e0e0"/>'
        )
        lanes_drawn += [
            _text(8, y + 18 + TITLE_LINE * n, line, size=13, weight="bold")
            for n, line in enumerate(title_lines)
        ]
        bars_drawn += content
        y += height + GAP
    legend_y = y + 8
    legend = _legend(lang, legend_y)
    height = legend_y + 30
    axis: list[str] = []
    for year in range(first.year, last.year + 1):
        at = x(dt.date(year, 1, 1))
        axis.append(f'<line x1="{at}" y1="{top - 14}" x2="{at}" y2="{height}" stroke="#eeeeee"/>')
        axis.append(_text(at + 3, top - 18, str(year), size=11, fill="#757575"))
    names: list[str] = []
    for mark in marks:
        baseline = top - AXIS + 4 - ROW * mark.row  # the lowest line of its name
        axis.append(
            f'<line x1="{mark.x}" y1="{baseline + 4}" x2="{mark.x}" y2="{height}" '
            f'stroke="#5c6bc0" stroke-width="2" stroke-dasharray="6,4"/>'
        )
        count = len(mark.lines)
        texts = "".join(
            _text(mark.text_x, baseline - ROW * (count - 1 - n), line, size=12, anchor=mark.anchor)
            for n, line in enumerate(mark.lines)
        )
        names.append(_link(link_prefix, mark.id, mark.label, texts))
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}">\n'
        f"<title>{escape(tr(lang, 'timeline.title'))}</title>\n"
    )
    # Painted in this order: lanes, then the years and plateau lines behind the bars, then the
    # bars and their names over them, then the legend and the plateaus' names.
    parts = [*lanes_drawn, *axis, *bars_drawn, *legend, *names]
    return (head + "\n".join(parts) + "\n</svg>\n").encode("utf-8")


@dataclass(slots=True)
class _PlateauMark:
    """A plateau's dashed line and its name above the lanes, on the rows `_place` gives it."""

    id: str
    x: float
    label: str
    lines: list[str] = field(default_factory=list)
    text_x: float = 0.0
    anchor: str | None = None
    row: int = 0

    def extent(self) -> tuple[float, float]:
        """Where its name is drawn, left to right."""
        width = max(_width(line, 12) for line in self.lines)
        left = self.text_x - width if self.anchor == "end" else self.text_x
        return left, left + width


def _place(marks: list[_PlateauMark]) -> int:
    """Give each plateau's name a side of its line and the lowest rows where it overlaps no
    other name and no other plateau's line, and where its own line, running down to the
    lanes, crosses no name: plateaus close in time never draw their names over each other.
    Returns the number of rows used."""
    for mark in marks:
        room_right = WIDTH - 4 - (mark.x + 4)
        room_left = mark.x - 8
        whole = _width(mark.label, 12)
        if whole <= room_right:
            mark.lines, mark.text_x = [mark.label], mark.x + 4
        elif whole <= room_left:
            mark.lines, mark.text_x, mark.anchor = [mark.label], mark.x - 4, "end"
        elif room_right >= room_left:  # too long for one line either side: wrapped
            mark.lines, mark.text_x = _wrap(mark.label, int(room_right), 12), mark.x + 4
        else:
            mark.lines = _wrap(mark.label, int(room_left), 12)
            mark.text_x, mark.anchor = mark.x - 4, "end"
    texts: dict[int, list[tuple[float, float]]] = {}
    lines: dict[int, list[float]] = {}

    def fits(mark: _PlateauMark, row: int, *, strict: bool) -> bool:
        left, right = mark.extent()
        left, right = left - 6, right + 6  # a little air between two names
        rows = range(row, row + len(mark.lines))
        free = all(
            not any(a < right and left < b for a, b in texts.get(r, []))
            and not any(left < at < right for at in lines.get(r, []))
            for r in rows
        )
        # Its own line runs down through the rows below its name.
        return free and not (
            strict and any(a < mark.x < b for r in range(row) for a, b in texts.get(r, []))
        )

    for mark in _order(marks):
        # The row above every name always fits, unless its own line must cross a name below
        # (two names each spanning the other's line): then the crossing is accepted.
        candidates = range(max(texts, default=-1) + 2)
        strict = [r for r in candidates if fits(mark, r, strict=True)]
        mark.row = (
            strict[0] if strict else next(r for r in candidates if fits(mark, r, strict=False))
        )
        left, right = mark.extent()
        for r in range(mark.row, mark.row + len(mark.lines)):
            texts.setdefault(r, []).append((left - 6, right + 6))
        for r in range(mark.row):
            lines.setdefault(r, []).append(mark.x)
    return max((m.row + len(m.lines) for m in marks), default=0)


def _order(marks: list[_PlateauMark]) -> list[_PlateauMark]:
    """The marks in the order they are given rows: a plateau whose line runs under another's
    name first (it then takes the lower row, and its line stops below that name); otherwise,
    and where two names each span the other's line, in date order."""
    done: set[int] = set()
    order: list[_PlateauMark] = []

    def visit(i: int, path: set[int]) -> None:
        if i in done or i in path:
            return
        path.add(i)
        left, right = marks[i].extent()
        for j, other in enumerate(marks):
            if j != i and left < other.x < right:
                visit(j, path)
        path.discard(i)
        done.add(i)
        order.append(marks[i])

    for i in range(len(marks)):
        visit(i, set())
    return order


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
) -> tuple[list[str], int]:
    """A work package's bar, its name and what it delivers; and the height they take."""
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
    name = _named(b, lang, left, y + 15)
    out = [_link(link_prefix, b.package.id, tooltip, rect + "".join(name))]
    extra = LINE * (len(name) - 1) + (DROP if len(name) > 1 else 0)  # a wrapped name's lines
    below = y + BAR + 12 + extra
    if delivered:
        # Whole names only, as many as fit; the tooltip lists them all. A bar late in time
        # has its caption start further left, so that it has room.
        caption = f"{tr(lang, 'timeline.delivers')}: "
        start = max(LEFT + 6.0, min(left + 6, WIDTH - 8 - CAPTION_ROOM))
        room = WIDTH - 8 - start - _width(caption, 10)
        shown: list[str] = []
        for item in delivered:
            if _width(", ".join([*shown, item]) + " (+99)", 10) > room and shown:
                break
            shown.append(item)
        rest = f" (+{len(delivered) - len(shown)})" if len(shown) < len(delivered) else ""
        out.append(_text(start, below, caption + ", ".join(shown) + rest, size=10, fill="#546e7a"))
    return out, BAR + LINE + extra + GAP


def _named(b: Bar, lang: str, left: float, y: float) -> list[str]:
    """The package's name beside its bar's start; else ending just before the bar; else
    ending at the right edge; else wrapped over several lines: never cut (a name is the
    model's text). One text a line."""
    name = _name(lang, b.package)
    width = _width(name, 12)
    if left + 6 + width <= WIDTH - 8:
        return [_text(left + 6, y, name, size=12)]
    if left - 6 - width >= LEFT + 4:
        return [_text(left - 6, y, name, size=12, anchor="end")]
    if width <= WIDTH - 8 - (LEFT + 6):
        return [_text(WIDTH - 8, y, name, size=12, anchor="end")]
    # Wrapped on the wider side of the bar's start, or across the whole lane if both are
    # narrow.
    before, after = left - 6 - (LEFT + 4), WIDTH - 8 - (left + 6)
    if max(before, after) < CAPTION_ROOM:
        x, room, anchor = LEFT + 6.0, float(WIDTH - 8 - (LEFT + 6)), None
    elif after >= before:
        x, room, anchor = left + 6, after, None
    else:
        x, room, anchor = left - 6, before, "end"
    # The first line beside the bar, the others under it (clear of its border).
    lines = _wrap(name, int(room), 12)
    return [
        _text(x, y + LINE * n + (DROP if n else 0), line, size=12, anchor=anchor)
        for n, line in enumerate(lines)
    ]


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int,
    fill: str = "#263238",
    weight: str | None = None,
    anchor: str | None = None,
) -> str:
    extra = f' font-weight="{weight}"' if weight else ""
    extra += f' text-anchor="{anchor}"' if anchor else ""
    return (
        f'<text x="{x}" y="{y}" font-family="{FONT}" font-size="{size}" fill="{fill}"{extra}>'
        f"{escape(text)}</text>"
    )


def _wrap(text: str, room: int, size: int, *, bold: bool = False) -> list[str]:
    """A text in lines no wider than `room` pixels (estimated), broken between words; a word
    wider than a line is broken inside. Nothing is left out. (The SVG is drawn by the
    browser, whose font metrics eaf does not know; the site allows no tspan: one text each.)"""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if _width(candidate, size, bold=bold) <= room:
            line = candidate
            continue
        if line:
            lines.append(line)
        rest = word
        while _width(rest, size, bold=bold) > room and len(rest) > 1:
            cut = max(1, int(room / _width("n", size, bold=bold)))
            lines.append(rest[:cut])
            rest = rest[cut:]
        line = rest
    return [*lines, line] if line or not lines else lines


def _width(text: str, size: int, *, bold: bool = False) -> float:
    """About how wide a text is drawn, in pixels (Noto Sans averages ~0.55 em a letter,
    bold ~0.6): an estimate on the generous side, so that texts do not meet."""
    return len(text) * size * (0.6 if bold else 0.55)


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
