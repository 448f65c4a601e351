"""The reviewers' site: generated pages, a strict mkdocs-material build, links that resolve,
model text that cannot run, and (in a real Chromium) the diagram, search and coverage links."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
from click.testing import CliRunner
from markers import needs_chromium, needs_dot
from reviewing import built_files

from eaf.cli import cli
from eaf.site import safe
from eaf.site.pages.common import fold

REPO = Path(__file__).resolve().parent.parent

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "[c](javascript:alert(1))",
    "<iframe src=//evil></iframe><base href=//evil><meta http-equiv=refresh content=0>",
]


def xss_project(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "eaf.toml").write_text("", encoding="utf-8")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(REPO / "mkdocs.en.yml", root / "mkdocs.en.yml")
    shutil.copytree(REPO / "site", root / "site")
    lines = ["organizations:", "  - {id: tinh, name: Tỉnh Thử, level: province, type: tỉnh}"]
    lines += [
        "  - {id: tdm, name: Thành phố Thủ Dầu Một, level: district, type: thành phố, parent: tinh}"
    ]
    lines += [
        "  - {id: xa-hiep-thanh, name: Phường Hiệp Thành, level: commune, type: phường, parent: tdm}"
    ]
    lines += [
        "channels:",
        "  - {id: mot-cua, name: Một cửa, type: counter, deployment: [{select: 'level:commune'}]}",
    ]
    lines.append("systems:")
    for i, payload in enumerate(XSS):
        quoted = payload.replace("\\", "\\\\").replace('"', '\\"')
        lines += [
            f"  - id: he-thong-{i}",
            f'    name: "{quoted}"',
            f'    description: "{quoted} [x](javascript:alert(1)) [y](jAvAsCrIpT:alert(2))"',
            "    category: ioc",
            "    links: [{title: " + f'"{quoted}"' + ', url: "https://example.org/a?b=1"}]',
        ]
    lines += [
        "kpis:",
        "  - {id: k, name: Một cửa cấp xã, type: coverage, units: 'kind:organization,level:commune', by: 'kind:channel,type:counter', target: 100, deadline: '2022-12-31'}",
        "plateaus:",
        "  - {id: p0, name: Đầu, kind: baseline, date: '2022-01-01'}",
    ]
    (root / "models").mkdir(exist_ok=True)
    (root / "models" / "m.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_text_is_inert_and_descriptions_sanitised() -> None:
    assert safe.text("<b>*x*</b>") == "&lt;b&gt;&#42;x&#42;&lt;/b&gt;"
    # Escaped once: the reference for ' keeps its '#' (it was escaped again, shown as &#x27;).
    assert safe.text("People's #1") == "People&#x27;s &#35;1"
    html = safe.description(
        "a <img src=x onerror=alert(1)> [c](javascript:alert(1)) [d](https://ok.vn)"
    )
    assert "onerror" not in html and "javascript" not in html and 'href="https://ok.vn"' in html
    assert fold("Thủ Dầu Một") == "Thu Dau Mot"


def test_a_drawing_is_cleaned_once_for_every_page() -> None:
    """safe.drawing (cached) then for_page is safe.svg: links from the page's root, a link
    with a scheme dropped unless http(s), even where the root placeholder hides it."""
    ns = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    data = (
        f'<svg {ns}><script>alert(1)</script><g onclick="x()">'
        '<a xlink:href="@@ROOT@@elements/a.html" xlink:title="A"><text>A</text></a>'
        '<a xlink:href="@@ROOT@@javascript:alert(1)"><text>B</text></a>'
        '<a xlink:href="https://ok.vn"><text>C</text></a></g></svg>'
    ).encode()
    for root in ("", "../"):
        drawn = safe.svg(data, root)
        assert drawn == safe.for_page(safe.drawing(data), root)
        assert f'href="{root}elements/a.html"' in drawn and 'href="https://ok.vn"' in drawn
        assert "javascript" not in drawn and "script" not in drawn and "onclick" not in drawn
        assert 'aria-label="A"' in drawn


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.events: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)
            if name.startswith("on"):
                self.events.append(f"{tag} {name}")
        if tag == "script":
            self.scripts.append(dict(attrs).get("src") or "inline")


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory, site_builder: Callable[..., Path]) -> Path:
    return site_builder(xss_project(tmp_path_factory.mktemp("xss") / "p"))


@needs_dot
def test_strict_build_with_hostile_names_is_inert(xss_site: Path) -> None:
    for page in (xss_site / "elements").glob("*.html"):
        links = parse(page)
        assert links.events == [], page.name
        assert not [
            h for h in links.links if h.lower().lstrip().startswith(("javascript", "data:"))
        ]
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<iframe" not in text and "<base " not in text
        assert "<meta http-equiv=refresh" not in text


@needs_dot
def test_every_link_resolves(xss_site: Path) -> None:
    broken = []
    for page in xss_site.rglob("*.html"):
        if page.name == "404.html":  # served at any depth, so its links are site-absolute
            continue
        for link in parse(page).links:
            url = urlparse(link)
            if url.scheme or link.startswith(("#", "//")):
                continue
            target = (page.parent / unquote(url.path)).resolve()
            if url.path and not target.exists():
                broken.append(f"{page.relative_to(xss_site)} → {link}")
    assert broken == []


@needs_dot
def test_site_pages_exist(xss_site: Path) -> None:
    for page in (
        "index.html",
        "bao-phu.html",
        "thu-tuc.html",
        "phan-tich/index.html",
        "elements/tdm.html",
    ):
        assert (xss_site / page).is_file(), page
    home = (xss_site / "index.html").read_text(encoding="utf-8")
    assert "<svg" in home and 'href="elements/he-thong-0.html"' in home


def _build(root: Path) -> tuple[int, int]:
    """`eaf site build` in `root`: the pages it rendered, and all its pages."""
    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["site", "build"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    said = re.search(r"(\d+) of (\d+) pages rendered", result.output)
    assert said, result.output
    return int(said.group(1)), int(said.group(2))


@needs_dot
def test_a_rebuild_renders_what_changed_and_writes_what_a_clean_build_writes(
    tmp_path: Path,
) -> None:
    """After a one-line model edit, only the pages it touches are rendered again, and the site
    (pages, search index and its script) is byte for byte what a build from nothing writes."""
    edited = xss_project(tmp_path / "edited")
    rendered, total = _build(edited)
    assert rendered == total
    assert _build(edited) == (0, total)  # nothing changed: nothing rendered
    model = edited / "models" / "m.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("Phường Hiệp Thành", "Phường Hiệp Thành Mới"), "utf-8")
    rendered, again = _build(edited)
    assert again == total and 0 < rendered < total / 2, (rendered, total)
    fresh = tmp_path / "fresh"
    shutil.copytree(edited, fresh, ignore=shutil.ignore_patterns("build"))
    assert _build(fresh) == (total, total)
    got, want = built_files(edited / "build" / "site"), built_files(fresh / "build" / "site")
    assert sorted(got) == sorted(want)
    assert [p for p in want if got[p] != want[p]] == []
    assert "Hiep Thanh Moi" in got["search/search_index.json"].decode()


# --- in a real browser --------------------------------------------------------------------------


@needs_dot
@needs_chromium
def test_home_diagram_and_navigation(served: str, shipped_site: Path, browser: Any) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served + "index.html")
    assert page.locator(".eaf-diagram svg g.node").count() > 20
    assert errors == []
    page.locator('.eaf-diagram svg a[href="elements/lgsp-binh-duong.html"]').first.click()
    page.wait_for_url(re.compile(r"elements/lgsp-binh-duong\.html$"))
    assert "LGSP" in page.locator("h1").inner_text()
    page.screenshot(path=str(shipped_site.parent / "element.png"))
    page.close()


@needs_dot
@needs_chromium
def test_coverage_cells_link_to_units(shipped_site: Path, browser: Any) -> None:
    """From a folder (file://): the pages, diagrams and links work without a server."""
    page = browser.new_page()
    page.goto((shipped_site / "bao-phu.html").as_uri())
    rows = page.locator("svg.eaf-heat a")
    # The site shows the architecture at its target (2025-12-31): the 36 commune-level units of
    # Hồ Chí Minh City that replaced the former province's 91 on 2025-07-01, and the city.
    assert rows.count() == 37
    rows.nth(1).click()
    page.wait_for_url(re.compile(r"elements/[a-z0-9-]+\.html$"))
    assert page.locator("h1").inner_text()
    page.close()


@needs_dot
@needs_chromium
def test_hostile_names_never_run(xss_site: Path, browser: Any) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for html in sorted(xss_site.rglob("*.html")):
        page.goto(html.as_uri())
        for link in page.locator("a[href]").all()[:50]:
            href = link.get_attribute("href") or ""
            assert not href.strip().lower().startswith("javascript")
    assert dialogs == []
    page.close()


def test_reference_pages_are_generated_from_the_code() -> None:
    from eaf.codes import CATALOGUE
    from eaf.config import load_config
    from eaf.pipeline import load_project
    from eaf.schema import MODEL_FILE_SCHEMA_ID, schema_of
    from eaf.site.generate import SiteInput, generate
    from eaf.spec import ModelFile

    project = load_project(load_config(REPO / "tests" / "golden" / "small"))
    assert project.model is not None
    schema = schema_of(ModelFile, MODEL_FILE_SCHEMA_ID)
    pages = generate(SiteInput(project.model, project.graph, None, {}, schema))
    codes = pages["tham-chieu/ma-loi.md"]
    assert all(f"`{c.id}`" in codes for c in CATALOGUE)
    selectors = pages["tham-chieu/bo-chon.md"]
    assert "## Union and intersection" in selectors and "``" not in selectors
    reference = pages["tham-chieu/luoc-do.md"]
    assert "## System" in reference and "`security_level`" in reference
    for path, text in pages.items():
        if path.endswith(".md"):
            assert text.startswith("---\ntitle: "), path


def test_generated_text_in_english() -> None:
    from eaf.config import load_config
    from eaf.pipeline import load_project
    from eaf.site.generate import SiteInput, generate

    project = load_project(load_config(REPO))
    assert project.model is not None
    vi = generate(SiteInput(project.model, project.graph, None))
    en = generate(SiteInput(project.model, project.graph, None, lang="en"))
    assert "## Quan hệ" in vi["elements/ioc-binh-duong.md"]
    page = en["elements/ioc-binh-duong.md"]
    assert "## Relations" in page and "## Source" in page and "## Quan hệ" not in page
    assert page.startswith('---\ntitle: "Bình Dương Intelligent Operations Centre (IOC)"')
    assert "*Trung tâm Giám sát" in page  # and the Vietnamese one under it
    assert en["index.md"].count("# E-government architecture") == 1
    assert vi.keys() == en.keys()


@needs_dot
def test_the_english_site_builds_strictly(xss_site: Path) -> None:
    import os

    root = xss_site.parent.parent
    old = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["site", "build", "--lang", "en"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    page = (root / "build" / "site-en" / "elements" / "tdm.html").read_text(encoding="utf-8")
    assert "Relations" in page and '<html lang="en"' in page


@needs_dot
def test_serve_reloads_when_a_model_file_changes(tmp_path: Path) -> None:
    """`eaf site serve` rebuilds the pages when a model file changes (live reload), and says
    on stderr where it serves and how long each build took."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    root = xss_project(tmp_path / "p")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "stderr.txt"
    with log.open("wb") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "eaf", "site", "serve", "--port", str(port)],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    url = f"http://127.0.0.1:{port}/elements/tdm.html"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    def said() -> str:
        return log.read_text(encoding="utf-8")

    def wait_for(text: str, read: Callable[[], str] = page) -> bool:
        deadline = time.monotonic() + 90  # a bound on waiting, not a timing assertion
        while time.monotonic() < deadline:
            if text in read():
                return True
            time.sleep(0.5)
        return False

    try:
        assert wait_for("Thành phố Thủ Dầu Một")
        assert f"serving on http://127.0.0.1:{port}/" in said()
        assert re.search(r"^eaf: built \d+ pages in \d+\.\d s$", said(), re.MULTILINE), said()
        model = root / "models" / "m.yaml"
        model.write_text(
            model.read_text(encoding="utf-8").replace("Thành phố Thủ Dầu Một", "Thành phố Mới"),
            encoding="utf-8",
        )
        assert wait_for("Thành phố Mới")
        assert wait_for("eaf: rebuilt", said), said()
        # Only the pages the edit touched: the unit's, its parent's, its wards'…
        rebuilt = re.search(r"^eaf: rebuilt (\d+) of (\d+) pages in \d+\.\d s$", said(), re.M)
        assert rebuilt, said()
        assert 0 < int(rebuilt.group(1)) < int(rebuilt.group(2)), said()
        assert "Traceback" not in said()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_on_a_port_in_use_says_so(tmp_path: Path) -> None:
    import socket

    root = xss_project(tmp_path / "p")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        old = Path.cwd()
        os.chdir(root)
        try:
            result = CliRunner().invoke(cli, ["site", "serve", "--port", str(port)])
        finally:
            os.chdir(old)
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_a_long_relations_table_is_cut_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    from eaf.config import load_config
    from eaf.pipeline import load_project
    from eaf.site.generate import SiteInput, generate
    from eaf.site.pages import elements

    project = load_project(load_config(REPO / "tests" / "golden" / "small"))
    assert project.model is not None
    monkeypatch.setattr(elements, "MAX_RELATIONS", 1)
    said: list[str] = []
    pages = generate(SiteInput(project.model, project.graph, None), said.append)
    assert "page of 'cong-dvc': 5 relations, the first 1 shown" in said
    relations = pages["elements/cong-dvc.md"].split("## Quan hệ", 1)[1].split("## Nguồn")[0]
    assert relations.count("](../elements/") == 1
