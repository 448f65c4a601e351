"""The reviewers' site across time: element pages show the element as it is on the site's
date (its name, fields and relations then; an element that has ended as on its last day, one
that has not begun as on its first), plateau pages name elements as they are on the plateau's
date, relations read the right way from both ends, and the analysis pages measure the target
unless the site is built at another date. Pages are generated without diagrams: seconds."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from eaf.config import load_config
from eaf.pipeline import Project, load_project, site_input
from eaf.site.generate import generate

REPO = Path(__file__).resolve().parent.parent
MODEL = """\
organizations:
  - {id: tinh, name: Ủy ban nhân dân tỉnh Mẫu, level: province, type: tỉnh}
  - id: huyen
    name: Huyện Sông Xanh
    level: district
    type: huyện
    parent: tinh
    lifecycle: {end_of_life: "2025-07-01"}
  - id: xa-binh
    name: Xã Bình
    level: commune
    type: xã
    parent: huyen
    changes:
      - {date: "2025-07-01", set: {name: Phường Bình Minh, type: phường, parent: tinh}}
  - id: xa-cu
    name: Xã Cũ
    level: commune
    type: xã
    parent: huyen
    lifecycle: {end_of_life: "2025-07-01"}
    successors: [xa-binh]
  - id: xa-moi
    name: Xã Mới
    level: commune
    type: xã
    parent: tinh
    lifecycle: {active: "2026-06-01"}
systems:
  - id: cong
    name: Cổng dịch vụ công
    category: portal
    owner: tinh
    deployment:
      - {select: "kind:organization,level:commune", until: "2025-07-01"}
      - {select: "xa-binh", since: "2025-07-01"}
kpis:
  - id: kpi-xa-cong
    name: Xã dùng cổng dịch vụ công
    type: coverage
    units: kind:organization,level:commune
    by: kind:system
    target: 100
    unit: "%"
    deadline: "2025-12-31"
plateaus:
  - {id: hien-trang, name: Hiện trạng 2024, kind: baseline, date: "2024-01-01"}
  - {id: muc-tieu, name: Mục tiêu 2025, kind: target, date: "2025-12-31"}
"""


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("site-time")
    (root / "eaf.toml").write_text("", encoding="utf-8")
    (root / "models").mkdir()
    (root / "models" / "model.yaml").write_text(MODEL, encoding="utf-8")
    project = load_project(load_config(root), use_cache=False)
    assert not project.diagnostics.has_errors(), project.diagnostics.sorted()
    return project


@pytest.fixture(scope="module")
def site(loaded: Project) -> Callable[..., dict[str, str]]:
    """site(at=None, lang="vi"): the generated pages, as `eaf site build [--at]` makes them."""
    built: dict[tuple[str | None, str], dict[str, str]] = {}

    def pages(at: str | None = None, lang: str = "vi") -> dict[str, str]:
        if (at, lang) not in built:
            built[at, lang] = generate(site_input(loaded, lang=lang, at=at))
        return built[at, lang]

    return pages


def heading(page: str) -> str:
    return next(line[2:] for line in page.splitlines() if line.startswith("# "))


def section(page: str, title: str) -> str:
    """The text under a `## title` heading, up to the next heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^#|\Z)", page, re.M | re.S)
    assert match, title
    return match[1]


def relations(page: str, title: str = "Quan hệ") -> list[str]:
    """The relations under their heading, one row per other end: 'label | name' (the page
    groups them by label: a bold or folded heading with its count, then a list; units of a
    long list under their place, after a colon)."""
    out, label = [], ""
    for line in section(page, title).splitlines():
        head = re.match(r"^(?:\*\*|<summary>)(.+) \(\d+\)(?:\*\*|</summary>)$", line)
        if head:
            label = head.group(1)
        elif line.startswith("- "):
            items = line[2:].split("): ", 1)[-1] if line.startswith("- **") else line[2:]
            for item in re.findall(r"\[([^]]*)\]\([^)]*\)( \([^)]*\))?", items):
                out.append(f"{label} | {item[0]}{item[1]}")
    return out


# --- names, fields and relations at the site's date --------------------------------------------


def test_a_renamed_commune_shows_its_name_on_the_site_date(site: Callable[..., dict]) -> None:
    before, after = site()["elements/xa-binh.md"], site("muc-tieu")["elements/xa-binh.md"]
    assert heading(before) == "Xã Bình"
    assert heading(after) == "Phường Bình Minh"
    assert 'title: "Phường Bình Minh"' in after
    assert "Loại | phường" in after and "Đơn vị cấp trên | [Ủy ban nhân dân tỉnh Mẫu]" in after
    # Its history stays on the timeline, whatever the date.
    assert "Tên → Phường Bình Minh" in section(after, "Dòng thời gian")
    # Everywhere it is linked, it is called what it is called then.
    assert "[Phường Bình Minh](../elements/xa-binh.md)" in site("muc-tieu")["elements/cong.md"]
    assert "[Phường Bình Minh]" in site("muc-tieu")["kien-truc/organization.md"]
    assert "[Xã Bình]" in site()["kien-truc/organization.md"]


def test_relations_are_those_of_the_site_date(site: Callable[..., dict]) -> None:
    assert "trực thuộc | Huyện Sông Xanh" in relations(site()["elements/xa-binh.md"])
    after = relations(site("muc-tieu")["elements/xa-binh.md"])
    assert "trực thuộc | Ủy ban nhân dân tỉnh Mẫu" in after
    assert not any("Huyện Sông Xanh" in row for row in after)
    # The scope that ended on 2025-07-01 no longer deploys the portal to the old commune.
    assert relations(site("muc-tieu")["elements/cong.md"]) == [
        "thuộc quyền chủ quản của | Ủy ban nhân dân tỉnh Mẫu",
        "triển khai tới | Phường Bình Minh",
    ]


def test_an_ended_element_is_shown_on_its_last_day(site: Callable[..., dict]) -> None:
    page = site("muc-tieu")["elements/xa-cu.md"]
    assert "Không còn vào ngày 2025-12-31" in page and "tại ngày 2025-06-30" in page
    assert relations(page) == [
        "được kế tiếp bởi | Phường Bình Minh (toàn bộ)",
        "được triển khai | Cổng dịch vụ công",
        "trực thuộc | Huyện Sông Xanh",
    ]


def test_a_planned_element_is_shown_on_its_first_day(site: Callable[..., dict]) -> None:
    page = site()["elements/xa-moi.md"]
    assert "Chưa có vào ngày 2024-01-01" in page and "tại ngày 2026-06-01" in page
    assert relations(page) == ["trực thuộc | Ủy ban nhân dân tỉnh Mẫu"]


def test_relations_read_the_right_way_from_both_ends(site: Callable[..., dict]) -> None:
    old, new = site("muc-tieu")["elements/xa-cu.md"], site("muc-tieu")["elements/xa-binh.md"]
    assert "được kế tiếp bởi | Phường Bình Minh (toàn bộ)" in relations(old)
    assert "kế tiếp | Xã Cũ (toàn bộ)" in relations(new)
    province = relations(site()["elements/tinh.md"])
    assert "chủ quản | Cổng dịch vụ công" in province
    assert "là cấp trên của | Huyện Sông Xanh" in province
    en = relations(site("muc-tieu", "en")["elements/xa-cu.md"], "Relations")
    assert "is succeeded by | Phường Bình Minh (in full)" in en
    assert "succeeds | Xã Cũ (in full)" in relations(
        site("muc-tieu", "en")["elements/xa-binh.md"], "Relations"
    )


def test_plateau_pages_name_elements_as_on_the_plateau_date(site: Callable[..., dict]) -> None:
    for pages in (site(), site("muc-tieu")):  # whatever the site's own date
        assert "[Xã Bình](../elements/xa-binh.md)" in pages["muc/hien-trang.md"]
        target = pages["muc/muc-tieu.md"]
        assert "[Phường Bình Minh](../elements/xa-binh.md)" in target
        assert "Xã Cũ" not in target and "Xã Mới" not in target


# --- the analysis measures the way to the target -------------------------------------------------


def test_the_analysis_is_at_the_target_unless_told(loaded: Project) -> None:
    default = site_input(loaded)
    assert default.date == "2024-01-01"  # the architecture at the baseline
    assert default.analysis is not None and default.analysis.at == "2025-12-31"
    told = site_input(loaded, at="hien-trang")
    assert told.analysis is not None and told.analysis.at == "2024-01-01"
    assert site_input(loaded, at="2025-03-01").analysis.at == "2025-03-01"  # type: ignore[union-attr]


def test_the_analysis_page_names_plateaus(site: Callable[..., dict]) -> None:
    page = site()["phan-tich/index.md"]
    assert "Từ mốc **Hiện trạng 2024** (2024-01-01) đến **Mục tiêu 2025** (2025-12-31)" in page
    assert "tính tại ngày 2025-12-31" in page and "`hien-trang`" not in page
    # Coverage at the target: the renamed commune under the province, by its new name.
    coverage = site()["bao-phu.md"]
    grouped = ">Ủy ban nhân dân tỉnh Mẫu · cấp xã</text>"  # the map's heading of its group
    assert grouped in coverage and "Phường Bình Minh" in coverage
    assert "Huyện Sông Xanh" not in coverage


def test_eaf_site_build_shows_the_baseline_and_analyses_the_target(
    site_builder: Callable[..., Path], tmp_path: Path
) -> None:
    """Through the command line (diagrams of a model this small take a second or two)."""
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(REPO / name, tmp_path / name)
    shutil.copytree(REPO / "site", tmp_path / "site")
    (tmp_path / "eaf.toml").write_text("", encoding="utf-8")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "model.yaml").write_text(MODEL, encoding="utf-8")
    built = site_builder(tmp_path)
    html = (built / "phan-tich" / "index.html").read_text(encoding="utf-8")
    assert "tính tại ngày 2025-12-31" in html and "<strong>Mục tiêu 2025</strong>" in html
    home = (built / "index.html").read_text(encoding="utf-8")
    assert "Tính tại ngày 2025-12-31" in home and "<td>100%</td>" in home
    element = (built / "elements" / "xa-binh.html").read_text(encoding="utf-8")
    assert (
        "Thông tin và quan hệ tại ngày 2024-01-01" in element
        and '>Xã Bình<a class="headerlink"' in element
    )
