"""The exports opened by the receiving tools themselves, for real: `likec4 validate`, Mermaid's
`mmdc` (the system Chromium through a puppeteer config), mxGraph (draw.io's model) decoding
every page in Chromium (Playwright with the system Chromium), and LibreOffice opening the XLSX
workbook (headless conversion; its exit code says nothing, so its output is checked).

Each tool runs once per format on a folder of files. Tools come from `make tools`
(tests/tools/package.json) and the system packages; a missing one skips its test, or fails it
under CI=true."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from interop_support import npm_file, npm_tool, program

from eaf.export.csv_ import text_cell
from eaf.export.table import Cell

TIMEOUT = 900
CHROMIUM_HOW = "apt-get install chromium"


@pytest.fixture
def shipped_exports(interop_shipped: tuple[Path, dict[str, Path]]) -> dict[str, Path]:
    return interop_shipped[1]


@pytest.fixture
def hostile_exports(interop_hostile: tuple[Path, dict[str, Path]]) -> dict[str, Path]:
    return interop_hostile[1]


def _clean(output: str) -> list[str]:
    """likec4's log lines that report a problem (colour codes removed)."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", output)
    return [
        line
        for line in text.splitlines()
        if " WARN " in line or " ERROR " in line or "Invalid" in line
    ]


# --- LikeC4 --------------------------------------------------------------------------------------


def test_likec4_validate_accepts_the_shipped_model(shipped_exports: dict[str, Path]) -> None:
    """`likec4 validate` on the shipped model's export. Its layout check (of manual layouts,
    which eaf never writes) lays out every view in WebAssembly Graphviz and takes minutes on the
    shipped model, so it is skipped here and run on the hostile model below."""
    likec4 = npm_tool("likec4")
    folder = shipped_exports["likec4"].parent
    done = subprocess.run(
        [str(likec4), "validate", "--skip-layout", str(folder)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert _clean(done.stdout + done.stderr) == []
    assert "found 1 source files" in re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)


def test_likec4_validate_with_layout_accepts_hostile_names(
    hostile_exports: dict[str, Path],
) -> None:
    likec4 = npm_tool("likec4")
    folder = hostile_exports["likec4"].parent
    done = subprocess.run(
        [str(likec4), "validate", str(folder)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert _clean(done.stdout + done.stderr) == []


def test_likec4_validate_fails_on_a_broken_file(tmp_path: Path) -> None:
    """The checker checks: a reference to nothing makes it fail."""
    likec4 = npm_tool("likec4")
    (tmp_path / "bad.c4").write_text(
        "model {\n  a = element 'A'\n  a -> nowhere\n}\n", encoding="utf-8"
    )
    done = subprocess.run(
        [str(likec4), "validate", "--skip-layout", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode != 0


# --- Mermaid -------------------------------------------------------------------------------------


def _mermaid_files(shipped: Path, hostile: Path) -> list[Path]:
    """Every hostile diagram; the shipped model's views and a context of each kind of element
    (all 300 contexts render too, but take minutes: see site/xuat-nhap.md)."""
    files = sorted(hostile.glob("*.mmd")) + sorted(shipped.glob("*.mmd"))
    files += [
        hostile / "context" / f"{n}.mmd" for n in ("tinh", "huyen-a", "xa-1", "xa-2", "cong-dvc")
    ]
    contexts = sorted((shipped / "context").glob("*.mmd"))
    picked: dict[str, Path] = {}
    for path in contexts:
        first = path.read_text(encoding="utf-8").splitlines()[2:3]
        macro = first[0].split("(")[0].strip() if first else ""
        picked.setdefault(macro, path)
    for name in ("so-tttt", "lgsp-binh-duong", "cong-dvc-binh-duong", "tp-thu-dau-mot"):
        if (shipped / "context" / f"{name}.mmd").exists():
            picked[name] = shipped / "context" / f"{name}.mmd"
    return files + sorted(set(picked.values()))


def test_mmdc_renders_every_diagram(
    shipped_exports: dict[str, Path], hostile_exports: dict[str, Path], tmp_path: Path
) -> None:
    mmdc = npm_tool("mmdc")
    chromium = program("chromium", "chromium-browser", how=CHROMIUM_HOW)
    files = _mermaid_files(shipped_exports["mermaid"], hostile_exports["mermaid"])
    assert len(files) > 20
    blocks = [f"```mermaid\n{f.read_text(encoding='utf-8')}```\n" for f in files]
    (tmp_path / "all.md").write_text("\n".join(blocks), encoding="utf-8")
    config = {"executablePath": chromium, "args": ["--no-sandbox", "--disable-gpu"]}
    (tmp_path / "puppeteer.json").write_text(json.dumps(config), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run(
        [
            str(mmdc),
            "-p",
            str(tmp_path / "puppeteer.json"),
            "-i",
            str(tmp_path / "all.md"),
            "-o",
            str(out / "all.md"),
            "-q",
            "-j",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    svgs = sorted(out.glob("*.svg"))
    assert len(svgs) == len(files)
    texts = [svg.read_text(encoding="utf-8") for svg in svgs]
    assert not [t for t in texts if "Syntax error" in t or "<svg" not in t]
    hostile = "".join(texts)
    # model text shows as text: the payload is escaped, never an element or a handler
    assert "&lt;img src=x onerror=alert(1)&gt;" in hostile
    assert "<img" not in hostile and "<script" not in hostile


# --- draw.io -------------------------------------------------------------------------------------

DECODE = """
(pages) => pages.map(([name, xml]) => {
  const doc = mxUtils.parseXml(xml);
  const model = new mxGraphModel();
  new mxCodec(doc).decode(doc.documentElement, model);
  let vertices = 0, edges = 0;
  const broken = [];
  for (const id in model.cells) {
    const cell = model.cells[id];
    if (cell.vertex) vertices++;
    if (cell.edge) {
      edges++;
      const s = model.getTerminal(cell, true), t = model.getTerminal(cell, false);
      if (!s || !t || !s.vertex || !t.vertex) broken.push(id);
    }
  }
  return {name, vertices, edges, broken};
})
"""


def test_drawio_pages_decode_in_mxgraph_with_every_edge_end_present(
    shipped_exports: dict[str, Path], hostile_exports: dict[str, Path]
) -> None:
    from lxml import etree

    chromium = program("chromium", "chromium-browser", how=CHROMIUM_HOW)
    client = npm_file("mxgraph/javascript/mxClient.min.js")
    from playwright.sync_api import sync_playwright

    pages = []
    expected = []
    for path in (shipped_exports["drawio"], hostile_exports["drawio"]):
        root = etree.parse(
            str(path), etree.XMLParser(no_network=True, resolve_entities=False)
        ).getroot()
        for diagram in root.findall("diagram"):
            xml = etree.tostring(diagram.find("mxGraphModel"), encoding="unicode")
            pages.append([diagram.get("name"), xml])
            cells = diagram.findall("mxGraphModel/root/mxCell")
            expected.append(
                (
                    sum(c.get("vertex") == "1" for c in cells),
                    sum(c.get("edge") == "1" for c in cells),
                )
            )
    assert len(pages) >= 10
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.set_content("<html><body></body></html>")
            page.evaluate(
                "() => { window.mxLoadResources = false; window.mxLoadStylesheets = false; }"
            )
            page.add_script_tag(content=client.read_text(encoding="utf-8"))
            decoded = page.evaluate(DECODE, pages)
        finally:
            browser.close()
    assert [(d["vertices"], d["edges"]) for d in decoded] == expected
    assert [d["broken"] for d in decoded] == [[] for _ in decoded]
    assert sum(edges for _, edges in expected) > 50


# --- LibreOffice ---------------------------------------------------------------------------------


def _shown(cell: Cell) -> str:
    """A cell as LibreOffice writes it to CSV: booleans as TRUE/FALSE, text as it is."""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    text = text_cell(cell)
    return text[1:] if text.startswith("'") and isinstance(cell, str) else text


@pytest.mark.parametrize("which", ["shipped", "hostile"])
def test_libreoffice_opens_the_workbook(
    which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    soffice = program("soffice", "libreoffice", how="apt-get install libreoffice-calc-nogui")
    workbook: Path = request.getfixturevalue(f"{which}_exports")["xlsx"]
    out = tmp_path / "out"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(out),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    # LibreOffice exits 0 even when it fails: what it wrote is the verdict.
    book = load_workbook(workbook)
    for sheet in book.worksheets:
        written = out / f"{workbook.stem}-{sheet.title}.csv"
        assert written.is_file(), (sheet.title, done.stdout, done.stderr)
        rows = list(csv.reader(io.StringIO(written.read_text(encoding="utf-8"))))
        ours = [[_shown(c.value) for c in row] for row in sheet.iter_rows()]
        width = max(len(r) for r in ours)
        theirs = [r + [""] * (width - len(r)) for r in rows]
        assert theirs == [r + [""] * (width - len(r)) for r in ours], sheet.title
