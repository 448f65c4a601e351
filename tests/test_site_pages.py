"""The reviewers' pages as a reviewer sees them, in Chromium at 1400×1000: the coverage map,
the KPIs, the procedures table and search, on the shipped model's site served and opened
from a folder (file://). Each page has no horizontal overflow, no reference shown as text
(`&#…;`, `&amp;`) and no console error; search ranks a name typed without diacritics first.
Screenshots are written to build/screenshots/ (CI keeps them)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markers import needs_chromium, needs_dot
from reviewing import Reader, search

from eaf.config import load_config
from eaf.pipeline import load_project, site_input

REPO = Path(__file__).resolve().parent.parent
pytestmark = [
    needs_dot,
    needs_chromium,
]


@pytest.fixture
def reader(browser: Any) -> Iterator[Reader]:
    r = Reader(browser)
    yield r
    r.page.close()


# --- the pages --------------------------------------------------------------------------------


def test_the_home_page(served: str, reader: Reader) -> None:
    page = reader.open(served + "index.html")
    chips = page.locator("article .eaf-chip")  # the headline KPIs' status, in words
    assert chips.count() >= 3
    assert set(chips.all_inner_texts()) <= {"đạt", "đúng tiến độ", "có nguy cơ", "không đạt"}
    chips.first.scroll_into_view_if_needed()
    reader.shoot("home-kpis")  # (the diagrams' tests shoot the home page's top as "home")
    assert reader.problems() == []


@pytest.mark.parametrize(
    ("path", "typed", "shown"),
    [
        ("kien-truc/system.html", "cong dich vu", "cổng dịch vụ"),
        ("phan-tich/khoang-cach.html", "loai bo", "loại bỏ"),
    ],
)
def test_the_kind_and_gap_tables_filter(
    served: str, reader: Reader, path: str, typed: str, shown: str
) -> None:
    page = reader.open(served + path)
    rows = page.locator(".eaf-table table tbody tr")
    total = rows.count()
    page.locator(".eaf-table input.eaf-filter").fill(typed)
    visible = [r for r in rows.all() if r.is_visible()]
    assert 0 < len(visible) < total
    assert all(shown in r.inner_text().lower() for r in visible)
    assert page.locator(".eaf-table .eaf-count").inner_text() == f"{len(visible)} / {total}"
    assert reader.problems() == []


def test_the_coverage_page(served: str, reader: Reader) -> None:
    page = reader.open(served + "bao-phu.html")
    picture = page.locator("svg.eaf-heat")
    assert picture.get_attribute("role") == "img" and picture.get_attribute("aria-label")
    rows = picture.locator("a")
    assert rows.count() == 37  # the units of the analysis date (2025-12-31): a row each
    cells = picture.locator("g.eaf-heat-met, g.eaf-heat-unmet, g.eaf-heat-na")
    assert cells.count() == 37 * page.locator("article table").first.locator("tbody tr").count()
    assert page.locator("g.eaf-heat-met text").first.text_content() == "✓"  # not colour alone
    reader.shoot("coverage")
    assert reader.problems() == []
    rows.nth(1).click()
    page.wait_for_url(re.compile(r"elements/[a-z0-9-]+\.html$"))
    assert page.locator("h1").inner_text()


def test_the_kpi_page(served: str, reader: Reader) -> None:
    page = reader.open(served + "phan-tich/chi-tieu.html")
    table = page.locator("article table").first
    status = [r.locator("td").nth(4) for r in table.locator("tbody tr").all()]
    # Each KPI's status is a chip with its word; one without a status says why (a rank that is
    # only followed has no target), so no status cell is left blank or "—".
    words = {"đạt", "đúng tiến độ", "có nguy cơ", "không đạt"}
    chips = [c.locator(".eaf-chip") for c in status]
    assert len(chips) >= 10 and all(c.count() == 1 for c in chips)
    shown = [c.inner_text() for c in chips]
    assert set(shown) <= words | {"chỉ theo dõi", "chưa có số liệu"}
    assert len(set(shown) & words) >= 2
    untargeted = page.locator("article table").first.locator("tbody tr", has_text="PAR Index")
    assert untargeted.locator(".eaf-chip-none").inner_text() == "chỉ theo dõi"
    charts = page.locator("svg.eaf-chart")
    assert charts.count() >= 10
    for chart in charts.all():
        assert chart.get_attribute("aria-label")
    reader.shoot("kpis")
    # The first KPI drawn with values at two plateaus or more (a line, not a dot).
    kpi = page.evaluate(
        """() => [...document.querySelectorAll("article h2[id]")].find(h => {
            let next = h.nextElementSibling;
            while (next && !next.matches("h2, .eaf-figure")) next = next.nextElementSibling;
            return next && next.matches(".eaf-figure")
                && next.querySelectorAll("circle").length > 1;
        })?.id"""
    )
    assert kpi, "no KPI drawn with values at two plateaus"
    page.locator(f"#{kpi}").scroll_into_view_if_needed()
    reader.shoot("kpi-chart")
    assert reader.problems() == []
    page = reader.open(served + f"elements/{kpi}.html")
    assert page.locator("svg.eaf-chart circle").count() >= 2
    assert page.locator("svg.eaf-chart polyline").count() == 1
    assert reader.problems() == []


def test_the_procedures_table_filters_and_sorts(served: str, reader: Reader) -> None:
    page = reader.open(served + "thu-tuc.html")
    table = page.locator(".eaf-table table")
    rows = table.locator("tbody tr")
    total = rows.count()
    assert total > 10
    reader.shoot("procedures")
    assert reader.problems() == []
    page.locator(".eaf-table input.eaf-filter").fill("ho tich")  # typed without diacritics
    shown = [r for r in rows.all() if r.is_visible()]
    assert 0 < len(shown) < total
    assert all("hộ tịch" in r.inner_text().lower() for r in shown)
    page.locator(".eaf-table input.eaf-filter").fill("")
    heading = table.locator("th").nth(3)  # the online level
    heading.locator("button").focus()
    page.keyboard.press("Enter")
    assert heading.get_attribute("aria-sort") == "ascending"
    levels = [r.locator("td").nth(3).inner_text() for r in rows.all()]
    numbers = [int(v) for v in levels if v.isdigit()]
    assert numbers == sorted(numbers) and numbers


def test_a_system_lists_its_relations_by_kind_and_place(served: str, reader: Reader) -> None:
    """The one-stop system, deployed to every department, district and commune: its units
    under their district and level, each group with its count, folded under the relation's."""
    page = reader.open(served + "elements/mot-cua-dien-tu.html")
    folded = page.locator("details.eaf-relations")
    assert folded.count() >= 1
    headings = page.evaluate(
        """() => {
            const out = [];
            let at = document.getElementById("quan-he").nextElementSibling;
            for (; at && at.tagName !== "H2"; at = at.nextElementSibling) {
                const head = at.matches("p") && at.querySelector(":scope > strong");
                if (head) out.push(head.innerText);
            }
            return out;
        }"""
    )
    assert headings  # short groups are open, each with its count
    for heading in headings:
        assert re.fullmatch(r".+ \(\d+\)", heading), heading
    deployed = folded.filter(has_text="triển khai tới")
    summary = deployed.locator("summary").inner_text()
    count = int(re.search(r"\((\d+)\)", summary).group(1))  # type: ignore[union-attr]
    assert count > 100
    deployed.locator("summary").click()
    places = deployed.locator("li")
    assert places.count() >= 9  # the units under their district, each with a count
    assert re.search(r"Thành phố Thủ Dầu Một · cấp xã \(\d+\)", deployed.inner_text())
    deployed.scroll_into_view_if_needed()
    reader.shoot("element-relations")
    assert reader.problems() == []


# --- search -----------------------------------------------------------------------------------


@functools.cache
def units_of(parent: str) -> set[str]:
    """The names of the units under `parent` on the site's date."""
    project = load_project(load_config(REPO))
    inp = site_input(project)
    return {
        shown.spec.name
        for e in inp.model.of_kind("organization")
        if (shown := inp.shown(e.id)) is not None and shown.spec.__dict__.get("parent") == parent
    }


@pytest.mark.parametrize("where", ["served", "folder"])
def test_search_finds_names_typed_without_diacritics(
    where: str, served: str, shipped_site: Path, reader: Reader
) -> None:
    url = served + "index.html" if where == "served" else (shipped_site / "index.html").as_uri()
    page = reader.open(url)
    titles = search(page, "Thu Dau Mot")
    assert titles[0] == "Thành phố Thủ Dầu Một", titles
    wards = units_of("tp-thu-dau-mot")
    assert len(wards) > 5 and set(titles[1:6]) <= wards, titles  # then its wards
    results = page.locator(".md-search-result")
    assert results.is_visible() and page.locator(".md-search-result__item").first.is_visible()
    header = page.locator(".md-header").bounding_box()
    assert header is not None and header["height"] < 80  # the header does not grow
    reader.shoot("search" if where == "served" else "search-folder")
    titles = search(page, "Hiep Thanh")
    assert titles[0] == "Phường Hiệp Thành", titles
    titles = search(page, "Thủ Dầu Một")  # typed with its diacritics, the city still first
    assert titles[0] == "Thành phố Thủ Dầu Một", titles
    assert reader.problems() == []


def test_the_index_holds_no_drawing(shipped_site: Path) -> None:
    """Diagram ids, SVG text and CSS stay out of the search index."""
    import json

    index = json.loads((shipped_site / "search" / "search_index.json").read_text("utf-8"))
    text = " ".join(f"{d['title']} {d['text']}" for d in index["docs"])
    # (A brace alone is no junk: the schema reference shows YAML maps in its code.)
    for junk in ("cluster_", "legend_1", "node1", "stroke-width", "fill:", "eaf-heat", "{fill"):
        assert junk not in text, junk
    # Nor the diagram viewer's buttons (the guide, written by hand, may name them).
    pages = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("elements/"))
    assert "Vừa khung" not in pages and "Toàn màn hình" not in pages
    assert (
        (shipped_site / "search" / "search_index.js")
        .read_text("utf-8")
        .startswith("var __index = {")
    )
    folded = {d["location"]: d.get("fold") for d in index["docs"]}
    assert folded["elements/tp-thu-dau-mot.html"] == "Thanh pho Thu Dau Mot"
