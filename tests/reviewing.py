"""A reviewer in Chromium, for the browser tests of the site: a page at 1400×1000 that
records console errors, says what a reviewer would see wrong, saves screenshots under
build/screenshots/ and searches as one types."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from markers import CHROMIUM

REPO = Path(__file__).resolve().parent.parent
SHOTS = REPO / "build" / "screenshots"
#: What a reader must not see on a page: a character reference left as text.
_REFERENCE = re.compile(r"&#x?[0-9a-fA-F]+;|&amp;|&lt;|&gt;|&quot;")
#: How the tests start the system Chromium: no sandbox (CI runs as root), nothing fetched in the
#: background.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium() -> Iterator[Any]:
    """The system Chromium, driven by Playwright, while the block runs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def built_files(site: Path) -> dict[str, bytes]:
    """What a site build wrote, file by file, but the sitemap: its dates are the build's (the
    one thing an incremental build may write differently)."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.name.startswith("sitemap.xml")
    }


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A built site from a static web server on the loopback, as reviewers reach it: its
    address while the block runs."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Reader:
    """A page at 1400×1000 that records the console's errors."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, url: str) -> Any:
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        return self.page

    def problems(self) -> list[str]:
        """What a reviewer would see wrong: the page wider than the window, references shown
        as text, errors on the console."""
        page, found = self.page, list(self.errors)
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wide > 0:
            found.append(f"{page.url}: {wide} px wider than the window")
        shown = _REFERENCE.findall(page.evaluate("document.body.innerText"))
        if shown:
            found.append(f"{page.url}: shows {sorted(set(shown))}")
        return found

    def shoot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"))


def search(page: Any, query: str) -> list[str]:
    """The titles of the theme's search results for `query`, typed as a reader types it,
    best first, once the results have settled."""
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.fill("")
    box.type(query, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    meta = page.locator(".md-search-result__meta")
    previous = None
    for _ in range(40):  # the results of the last keystroke: until they no longer change
        titles = page.locator(".md-search-result__item > a h1").all_inner_texts()
        if titles == previous:
            break
        previous = titles
        page.wait_for_timeout(250)
    assert "Initializing" not in meta.inner_text() and "khởi tạo" not in meta.inner_text()
    return [" ".join(t.split()) for t in previous or []]
