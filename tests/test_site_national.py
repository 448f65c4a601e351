"""A large model's site and drawings, on a few real provinces of the national model
(benchmarks/national.py --small) with eaf.toml's limits set below its size: the commune-level
units, procedures, data sets and interconnections get no page (each province's page counts
them), context diagrams are drawn for the elements a reader opens, and the strict build has
no broken link. The same model under the limits keeps a page and a diagram per element."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import build_site
from markers import needs_dot

from eaf.config import ConfigError, config_from, load_config
from eaf.pipeline import load_project
from eaf.pipeline.site import site_pages
from eaf.render.run import plan
from eaf.site.pages.common import SiteInput, alive_on, page_day

REPO = Path(__file__).resolve().parent.parent
LIMITS = "[views]\nall_contexts_up_to = 100\n\n[site]\nall_pages_up_to = 100\n"


def _project(root: Path, settings: str) -> Path:
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "national.py"), "--small", "3,6", "--out", root],
        check=True,
        capture_output=True,
    )
    shutil.copytree(REPO / "site", root / "site")
    shutil.copy(REPO / "mkdocs.yml", root)
    (root / "eaf.toml").write_text(settings, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three provinces, six communes each: 275 elements, more than the limits of 100."""
    return _project(tmp_path_factory.mktemp("national") / "p", LIMITS)


@pytest.fixture(scope="module")
def pages(large: Path) -> dict[str, str]:
    return site_pages(load_config(large))


def _kinds(root: Path) -> dict[str, str]:
    project = load_project(load_config(root))
    assert project.model is not None
    return {e.id: e.kind for e in project.model}


def _levels(root: Path) -> dict[str, str]:
    project = load_project(load_config(root))
    assert project.model is not None
    return {
        e.id: str(e.spec.__dict__.get("level")) for e in project.model if e.kind == "organization"
    }


def test_a_large_model_has_pages_only_for_what_carries_them(
    large: Path, pages: dict[str, str]
) -> None:
    kinds, levels = _kinds(large), _levels(large)
    assert len(kinds) > 100
    with_page = {p.removeprefix("elements/").removesuffix(".md") for p in pages}
    with_page &= set(kinds)
    expected = {
        i
        for i, k in kinds.items()
        if k not in ("service", "data", "interconnection") and levels.get(i) != "commune"
    }
    assert with_page == expected
    # What has no page is still reachable: each kind page counts it under its province.
    counted = pages["thu-tuc.md"]
    assert (
        sum(int(n) for n in re.findall(r"\.md\) \| (\d+) \|", counted))
        == Counter(kinds.values())["service"]
    )


def test_each_province_page_summarises_its_units_systems_and_procedures(
    large: Path, pages: dict[str, str]
) -> None:
    page = pages["elements/ubnd-ha-noi.md"]
    summary = page[page.index("## Tóm tắt theo tỉnh") :]
    # Six communes of Hà Nội, each with its one-stop unit, under the city itself.
    assert "| cấp xã | phường | 6 |" in summary and "| cấp xã | bộ phận một cửa | 6 |" in summary
    assert "### Thủ tục hành chính (12)" in summary
    assert "### Hệ thống thông tin (6)" in summary
    assert "(../elements/tthc-ha-noi.md)" in summary  # each system linked to its page
    assert "### Mức độ bao phủ theo đơn vị" in summary
    # A commune has no page: a link to it leads to its province's page.
    communes = [i for i, lv in _levels(large).items() if lv == "commune"]
    assert not any(f"elements/{c}.md" in pages for c in communes)
    deployed = pages["elements/tthc-ha-noi.md"]
    assert not any(f"elements/{c}.md" in deployed for c in communes)


def test_the_same_model_under_the_limits_has_every_page(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", "")
    found = site_pages(load_config(root))
    kinds = _kinds(root)
    assert {f"elements/{i}.md" for i in kinds} <= set(found)
    assert "Tóm tắt theo tỉnh" not in found["elements/ubnd-ha-noi.md"]


@needs_dot
def test_the_summarised_site_builds_strictly_with_every_link_resolving(large: Path) -> None:
    site = build_site(large)  # strict: a broken Markdown link fails it
    broken = []
    for html in site.rglob("*.html"):
        if html.name == "404.html":
            continue
        links = _Links()
        links.feed(html.read_text(encoding="utf-8"))
        for link in links.found:  # the diagrams' nodes included
            url = urlparse(link)
            if url.scheme or link.startswith(("#", "//")) or not url.path:
                continue
            if not (html.parent / unquote(url.path)).resolve().exists():
                broken.append(f"{html.relative_to(site)} → {link}")
    assert broken == []
    assert (site / "elements" / "ubnd-ha-noi.html").is_file()
    assert not list((site / "elements").glob("tthc-[0-9]*.html"))  # procedures


def test_context_diagrams_of_a_large_model_are_those_a_reader_opens(large: Path) -> None:
    project = load_project(load_config(large))
    assert project.model is not None
    levels = _levels(large)
    kinds = {e.id: e.kind for e in project.model}
    jobs, _ = plan(project.model, None, all_contexts_up_to=100)
    drawn = {j.stem.removeprefix("context/") for j in jobs if j.stem.startswith("context/")}
    many = {"service", "data", "work_package", "view", "interconnection"}
    assert drawn == {
        i
        for i, k in kinds.items()
        if k not in many and not (k == "organization" and levels[i] == "commune")
    } & set(project.model.at("2022-12-31", planned=True).elements)
    assert "ubnd-ha-noi" in drawn and "tthc-ha-noi" in drawn
    # Under the limit: every element there is on the drawings' date (the baseline, before
    # the communes of 2025), but views and interconnections.
    every, _ = plan(project.model, None, all_contexts_up_to=1000)
    stems = {j.stem.removeprefix("context/") for j in every if j.stem.startswith("context/")}
    assert drawn < stems
    assert {kinds[i] for i in stems - drawn} == {"service", "data", "work_package"}
    # One asked for by name is drawn whatever its kind.
    procedure = min(i for i in stems if kinds[i] == "service")
    (job,) = plan(project.model, None, only=(f"context-{procedure}",), all_contexts_up_to=100)[0]
    assert job.stem == f"context/{procedure}"


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({"site": {"all_pages_up_to": -1}}, "whole number"),
        ({"views": {"all_contexts_up_to": "many"}}, "whole number"),
        ({"views": {"all_context_up_to": 10}}, "unknown setting"),
        ({"site": 3}, "must be a table"),
    ],
)
def test_bad_limits_are_usage_errors(settings: dict[str, object], said: str) -> None:
    with pytest.raises(ConfigError, match=said):
        config_from(Path("."), settings)


def test_limits_default_to_5000() -> None:
    config = config_from(Path("."), {})
    assert (config.all_contexts_up_to, config.all_pages_up_to) == (5000, 5000)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [v for k, v in attrs if k in ("href", "src") and v]


def test_a_summarised_page_of_what_begins_later_shows_it_at_a_plateau(large: Path) -> None:
    """A unit of 2025-07-01 is shown, on a site of 2022-12-31, at the first plateau it is part
    of (2025-12-31), not on its own first day: a large model's days are hundreds, each a graph.
    Under the limit, on its own first day, as before."""
    project = load_project(load_config(large))
    assert project.model is not None
    unit = next(e for e in project.model if e.id.startswith("mot-cua-phuong-ba-dinh"))
    day = "2022-12-31"
    big = SiteInput(project.model, project.graph, None, date=day, all_pages_up_to=100)
    small = SiteInput(project.model, project.graph, None, date=day, all_pages_up_to=1000)
    assert (page_day(big, unit), page_day(small, unit)) == ("2025-12-31", "2025-07-01")
    assert alive_on(unit, day) == "2025-07-01"


def test_a_summarised_hub_page_says_its_relations_are_cut_without_failing_the_build(
    large: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large model's platforms have thousands of relations: the page says how many it
    lists, and no warning fails the strict build (under the limit, a cut is a warning)."""
    from eaf.site.pages import elements

    monkeypatch.setattr(elements, "MAX_RELATIONS", 5)
    heard: list[str] = []
    found = site_pages(load_config(large), warn=heard.append)
    assert not [w for w in heard if "relations" in w]
    assert "Mô hình lớn: liệt kê 5 trong số " in found["elements/lgsp-ha-noi.md"]
