"""One catalogue of hostile names through every output: each stays literal, shown exactly as the
model writes it. Markdown (the gap report, the diff) rendered by a CommonMark/GFM renderer,
CSV read back as a spreadsheet reads it (no formula), JSON, DOT laid out by Graphviz (labels and
tooltips in the SVG), eaf's own timeline SVG, and the site in Chromium (headings, links, the
diagrams' labels)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from markers import needs_chromium, needs_dot
from reviewing import chromium

from eaf.cli import cli

REPO = Path(__file__).resolve().parent.parent

#: Names that a careless output would read as syntax: HTML, Markdown (inline and block), GFM
#: tables, Graphviz escapes, character references and record fields, spreadsheet formulas,
#: Jinja, attribute lists, right-to-left script. Each is one line (EAF219) with no bidi control
#: (EAF218), as a model's names are.
NAMES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "a | b || c",
    "[liên kết](javascript:alert(1))",
    "*đậm* _nghiêng_ **x** ~~y~~",
    "`mã` ``hai``",
    "# tiêu đề",
    "1. danh sách",
    "- mục",
    "> trích dẫn",
    "\\N \\G \\L \\T \\H \\E",
    "C:\\",
    "{x|y} <port>",
    "&amp; &lt; &#x27; &nbsp;",
    "=1+1",
    ' =HYPERLINK("http://x")',
    "+1 @SUM(A1)",
    "-2",
    "a:b:c",
    "]]> <!-- x",
    "${x} {{ y }} {% z %}",
    "<https://example.org>",
    "![ảnh](x.png) [[wiki]]",
    "'đơn' \"kép\"",
    "{: .cls #id }",
    "مرحبا שלום",
    "\\n \\\\ \\",
    "Bộ Tài chính (*) $x$",
    "---",
]
IDS = {f"s{i:02d}": name for i, name in enumerate(NAMES)}


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def hostile_model() -> str:
    """Every name a system (half of them changed by the target, so the gap report lists
    them), a link title and an interconnection's name too."""
    lines = ["organizations:", "  - {id: tinh, name: Tỉnh Thử, level: province, type: tỉnh}"]
    lines.append("systems:")
    for i, (id_, name) in enumerate(IDS.items()):
        lines += [
            f"  - id: {id_}",
            f"    name: {_q(name)}",
            "    category: ioc",
            "    owner: tinh",
            f"    links: [{{title: {_q(name)}, url: 'https://example.org/'}}]",
            "    lifecycle: {active: '2020-01-01'}",
        ]
        if i % 2:
            lines.append("    changes: [{date: '2023-06-01', set: {security_level: 3}}]")
    lines.append("interconnections:")
    ids = list(IDS)
    for i, (a, b) in enumerate(itertools.pairwise(ids)):
        lines.append(f"  - {{id: c{i:02d}, name: {_q(NAMES[i])}, from: {a}, to: {b}}}")
    new = ", ".join(ids[1::2])
    lines += [
        "work_packages:",
        f"  - {{id: wp, name: Nâng cấp, delivers: [{new}], "
        "period: {start: '2023-01-01', end: '2024-01-01'}}",
        "plateaus:",
        "  - {id: p0, name: Đầu, kind: baseline, date: '2022-01-01'}",
        "  - {id: p1, name: Cuối, kind: target, date: '2025-01-01'}",
    ]
    return "\n".join(lines) + "\n"


def run(root: Path, *args: str) -> str:
    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile project, validated clean and built (model.json, gaps, diagrams)."""
    root = tmp_path_factory.mktemp("literal") / "p"
    (root / "models").mkdir(parents=True)
    (root / "eaf.toml").write_text("", encoding="utf-8")
    (root / "models" / "m.yaml").write_text(hostile_model(), encoding="utf-8")
    out = run(root, "validate", "--strict")
    assert "0 errors, 0 warnings" in out
    if shutil.which("dot") is not None:
        run(root, "build")
    else:
        run(root, "gaps", "--format", "json", "--fail-on", "never")
    return root


# --- Markdown -------------------------------------------------------------------------------


class Cells(HTMLParser):
    """The text of every table cell, list item and heading of rendered HTML, and its tags."""

    BLOCKS = ("td", "th", "li", "h1", "h2", "h3", "p")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.texts: list[str] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in self.BLOCKS:
            self._open.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS and self._open:
            self.texts.append("".join(self._open.pop()).strip())

    def handle_data(self, data: str) -> None:
        for part in self._open:
            part.append(data)


def render_markdown(text: str) -> Cells:
    """Markdown as GitHub and GitLab render it: CommonMark with GFM tables and strike-through."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    cells = Cells()
    cells.feed(parser.render(text))
    return cells


#: Tags the reports write themselves; a name must add none (no link, image, emphasis, HTML).
REPORT_TAGS = {"h1", "h2", "h3", "p", "strong", "table", "thead", "tbody", "tr", "th", "td", "code"}
REPORT_TAGS |= {"ul", "li", "details", "summary", "br"}


def test_the_gap_report_in_markdown_shows_each_name_as_written(built: Path) -> None:
    text = run(built, "gaps", "--format", "md", "--fail-on", "never")
    cells = render_markdown(text)
    assert set(cells.tags) <= REPORT_TAGS, set(cells.tags) - REPORT_TAGS
    changed = [name for i, name in enumerate(NAMES) if i % 2]
    for name in changed:
        assert name.strip() in cells.texts, name
    # Every row of the gaps table has as many cells as its header: no '|' split a row.
    rows = [line for line in text.splitlines() if line.startswith("| ") and "`s" in line]
    assert len(rows) == len(changed)


def test_the_diff_in_markdown_shows_each_name_as_written(built: Path, tmp_path: Path) -> None:
    base = tmp_path / "base"
    (base / "models").mkdir(parents=True)
    (base / "eaf.toml").write_text("", encoding="utf-8")
    (base / "models" / "m.yaml").write_text(
        "organizations:\n  - {id: tinh, name: Tỉnh Thử, level: province, type: tỉnh}\n",
        encoding="utf-8",
    )
    text = run(tmp_path, "diff", str(base), str(built), "--format", "md")
    cells = render_markdown(text)
    assert set(cells.tags) <= REPORT_TAGS, set(cells.tags) - REPORT_TAGS
    for name in NAMES:
        assert name.strip() in cells.texts, name


# --- CSV and JSON ---------------------------------------------------------------------------


def test_csv_cells_are_the_names_and_never_formulas(built: Path) -> None:
    text = run(built, "gaps", "--format", "csv", "--fail-on", "never")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    names = {r[1]: r[2] for r in rows if r[1] in IDS}
    assert set(names) == set(IDS)
    for id_, cell in names.items():
        formula = re.match(r"[ \t\r\n]*[=+\-@]", IDS[id_]) is not None
        # A cell a spreadsheet would compute starts with the apostrophe that keeps it text.
        assert cell == ("'" + IDS[id_] if formula else IDS[id_]), (cell, IDS[id_])
    for row in rows:
        for cell in row:
            assert not re.match(r"[ \t\r\n]*[=+\-@]", cell), cell


def test_json_holds_each_name_exactly(built: Path) -> None:
    gaps = json.loads(run(built, "gaps", "--format", "json", "--fail-on", "never"))

    def names(node: object) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str) and isinstance(node.get("name"), str):
                yield node["id"], node["name"]
            for value in node.values():
                yield from names(value)
        elif isinstance(node, list):
            for value in node:
                yield from names(value)

    found = {i: n for i, n in names(gaps) if i in IDS}
    assert found == {i: n for i, n in IDS.items() if i in found} and len(found) >= len(IDS) // 2
    if (built / "build" / "model.json").exists():
        model = json.loads((built / "build" / "model.json").read_text(encoding="utf-8"))
        assert {e["id"]: e["name"] for e in model["elements"] if e["id"] in IDS} == IDS


# --- DOT and SVG ----------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def squeeze(text: str) -> str:
    """Without white space: a label is wrapped on spaces, so only the characters compare."""
    return "".join(text.split())


@needs_dot
def test_every_diagram_draws_each_name_as_written(built: Path) -> None:
    """Graphviz's SVG: each node's label (wrapped) and tooltip ('Hệ thống: <name>') show the
    name exactly; eaf's timeline too."""
    seen: dict[str, int] = {}
    for path in sorted((built / "build" / "diagrams").rglob("*.svg")):
        root = ET.fromstring(path.read_bytes())
        for a in root.iter(f"{SVG}a"):
            href = a.get(f"{XLINK}href") or a.get("href") or ""
            found = re.search(r"elements/(s\d\d)/", href)
            if found is None:
                continue
            name = IDS[found.group(1)]
            text = " ".join(t.text or "" for t in a.iter(f"{SVG}text"))
            tooltip = a.get(f"{XLINK}title")
            if tooltip is not None:  # Graphviz: the kind, then the name
                assert tooltip.split(": ", 1)[1] == " ".join(name.split()), (path.name, tooltip)
            if text.strip():
                assert squeeze(text) == squeeze(name), (path.name, text, name)
                seen[found.group(1)] = seen.get(found.group(1), 0) + 1
    assert set(seen) == set(IDS)
    # The DOT files: no name can add an attribute or change a node's shape.
    for path in (built / "build" / "diagrams").rglob("*.dot"):
        dot = path.read_text(encoding="utf-8")
        outside_strings = _outside_strings(dot)
        assert "onmouseover" not in outside_strings and "alert" not in outside_strings
        assert 'shape="record"' not in dot and 'shape="Mrecord"' not in dot


def _outside_strings(dot: str) -> str:
    """DOT without its quoted strings and HTML-like labels (<…>, nested): its syntax alone."""
    out, i, depth = [], 0, 0
    while i < len(dot):
        c = dot[i]
        if depth:
            depth += {"<": 1, ">": -1}.get(c, 0)
        elif c == '"':
            i += 1
            while i < len(dot) and dot[i] != '"':
                i += 2 if dot[i] == "\\" else 1
        elif c == "<":
            depth = 1
        else:
            out.append(c)
        i += 1
    return "".join(out)


# --- the site, in Chromium ------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(built: Path) -> Path:
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(REPO / name, built / name)
    shutil.copytree(REPO / "site", built / "site", dirs_exist_ok=True)
    run(built, "site", "build")
    return built / "build" / "site"


#: An element's text without the heading's permalink ('¶').
_WITHOUT_PERMALINK = """e => Array.from(e.childNodes)
    .filter(n => !(n.classList && n.classList.contains('headerlink')))
    .map(n => n.textContent).join('')"""


@needs_dot
@needs_chromium
def test_the_site_shows_each_name_as_written_in_a_browser(site: Path) -> None:
    with chromium() as browser:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for id_, name in IDS.items():
            page.goto((site / "elements" / f"{id_}.html").as_uri())
            heading = page.locator("h1").first.evaluate(_WITHOUT_PERMALINK)
            assert heading == name.strip(), id_
            assert page.title().startswith(name.strip()), (page.title(), name)
            # The element's own node in its context diagram: label and accessible name.
            node = page.locator(f'.eaf-diagram svg a[href$="{id_}.html"]').first
            assert node.get_attribute("aria-label").split(": ", 1)[1] == " ".join(name.split())
            assert squeeze(node.text_content()) == squeeze(name)
            # Its link title, and the names of its neighbours in the relations table.
            assert page.get_by_role("link", name=name.strip(), exact=True).count() >= 1
        page.goto((site / "kien-truc" / "system.html").as_uri())
        for id_, name in IDS.items():
            links = page.locator(f'article a[href$="elements/{id_}.html"]')
            texts = {t.strip() for t in links.all_inner_texts() if t.strip()}
            assert texts == {name.strip()}, (id_, texts)
        assert dialogs == []


# --- eaf export -----------------------------------------------------------------------------


def test_exports_hold_each_name_as_written(built: Path) -> None:
    """The exports a machine reads back: CSV (a formula guarded, also after white space, and
    `eaf import csv` gives the name back), XLSX text cells, ArchiMate names, draw.io values
    (shown as text: html=0). Mermaid, LikeC4 and Structurizr are checked by their own tools
    in tests/test_interop_tools.py."""
    from openpyxl import load_workbook

    from eaf.importers.csv_ import _cell

    out = built / "build" / "export"
    for fmt in ("csv", "xlsx", "archimate", "drawio"):
        run(built, "export", fmt)
    rows = list(csv.DictReader(io.StringIO((out / "csv" / "system.csv").read_text("utf-8-sig"))))
    assert {r["id"]: _cell(r["name"]) for r in rows} == IDS
    for row in rows:
        assert not re.match(r"[ \t\r\n]*[=+\-@]", row["name"]), row["name"]
    book = load_workbook(out / "eaf.xlsx")
    sheet = list(book["system"].iter_rows(values_only=True))
    assert {r[0]: r[1] for r in sheet[1:]} == IDS
    archimate = ET.parse(out / "eaf.archimate.xml").getroot()
    ns = archimate.tag.split("}")[0] + "}"
    names = {
        (e.get("identifier") or "").rsplit("-", 1)[-1]: e.findtext(f"{ns}name")
        for e in archimate.iter(f"{ns}element")
    }
    assert {k: v for k, v in names.items() if k in IDS} == IDS
    drawio = ET.parse(out / "eaf.drawio").getroot()
    cells = [c for c in drawio.iter("mxCell") if c.get("value")]
    assert set(NAMES) <= {c.get("value") for c in cells}
    assert all("html=1" not in (c.get("style") or "") for c in cells)
