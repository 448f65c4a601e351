"""What the reviewers read is said in their words: the reference pages carry no Python or
Sphinx markup and no broken lines, diagrams are titled by their view's name, and the
Vietnamese gap report (Markdown, CSV) says statuses, kinds, layers, levels, fields and rule
findings in Vietnamese, as the site does."""

from __future__ import annotations

import csv
import io
import itertools
import re
from pathlib import Path

import pytest

from eaf.analysis.formats import to_csv, to_markdown
from eaf.config import load_config
from eaf.i18n import CATALOGUE
from eaf.pipeline import Project, analyse_project, load_project
from eaf.schema import MODEL_FILE_SCHEMA_ID, schema_of
from eaf.site.generate import SiteInput, generate
from eaf.site.pages.reference import plain, prose
from eaf.spec import ModelFile

REPO = Path(__file__).resolve().parent.parent
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>'


@pytest.fixture(scope="module")
def small() -> Project:
    project = load_project(load_config(REPO / "tests" / "golden" / "small"), use_cache=False)
    assert project.model is not None
    return project


@pytest.fixture(scope="module")
def pages(small: Project) -> dict[str, str]:
    assert small.model is not None
    schema = schema_of(ModelFile, MODEL_FILE_SCHEMA_ID)
    svgs = {"tong-the": SVG, "lo-trinh": SVG, "to-chuc": SVG}
    return generate(SiteInput(small.model, small.graph, None, svgs, schema))


# --- reference pages ----------------------------------------------------------------------------


def test_code_markup_becomes_code_spans() -> None:
    assert plain(":func:`parse_selector` and :class:`~eaf.select.Selector`, ``a``") == (
        "`parse_selector` and `Selector`, `a`"
    )
    assert prose("Two lines\n`[xa-moi]` joined.") == "Two lines `[xa-moi]` joined&#46;"


def test_the_selector_reference_speaks_to_model_writers(pages: dict[str, str]) -> None:
    page = pages["tham-chieu/bo-chon.md"]
    assert not re.search(r":[a-z]+:`", page)
    for word in ("Python", "raises", "parse_selector", "validate_methods", "typed", "posix"):
        assert word not in page, word
    assert "## Errors" in page and "eaf reports every problem in a selector" in page


def test_schema_descriptions_are_one_paragraph(pages: dict[str, str]) -> None:
    page = pages["tham-chieu/luoc-do.md"]
    lines = page.splitlines()
    # Inside a table every line is a row: a description cut in two would break the table.
    for before, line in itertools.pairwise(lines):
        if before.startswith("|") and line and not line.startswith("|"):
            pytest.fail(f"a row broken across lines: {before!r} / {line!r}")
    successors = next(line for line in lines if line.startswith("| `successors` |"))
    assert "`[xa-moi]`" in successors and "&#96;" not in successors


# --- diagrams -----------------------------------------------------------------------------------


def test_diagrams_are_titled_by_their_view(pages: dict[str, str]) -> None:
    index = pages["so-do/index.md"]
    overall = CATALOGUE["view.overall"]["vi"]
    assert f"- [{overall}](tong-the.md)" in index
    assert f"[{CATALOGUE['view.organisation']['vi']}](to-chuc.md)" in index
    assert "[tong&#45;the]" not in index and "[to&#45;chuc]" not in index
    assert pages["so-do/tong-the.md"].startswith(f'---\ntitle: "{overall}"')


# --- the Vietnamese gap report ------------------------------------------------------------------

VIOLATING = """\
organizations:
  - {id: tinh, name: Tỉnh Mẫu, level: province, type: tỉnh}
  - {id: xa-a, name: Xã A, level: commune, type: xã, parent: tinh}
systems:
  - {id: cong, name: Cổng, category: portal, level: province, security_level: 2}
rules:
  - id: r-cap-do
    name: Hệ thống cấp tỉnh từ cấp độ 3
    type: field
    applies_to: kind:system,level:province
    require: security_level>=3
    legal_basis: Nghị định 85/2016/NĐ-CP
kpis:
  - id: k
    name: Xã dùng cổng
    type: coverage
    units: kind:organization,level:commune
    by: kind:system
    target: 100
    unit: "%"
    deadline: "2025-12-31"
plateaus:
  - {id: p0, name: Đầu, kind: baseline, date: "2024-01-01"}
  - {id: p1, name: Cuối, kind: target, date: "2025-12-31"}
"""

#: Values of the closed sets a report states, as the model and eaf write them: never shown
#: as they are on the Vietnamese report.
RAW = {
    *("added", "removed", "changed", "kept", "met", "missed", "on-track", "at-risk"),
    *("organization", "system", "rule", "kpi", "plateau", "coverage", "field", "count"),
    *("province", "commune", "applications", "error", "warning", "security_level", "gaps"),
}


@pytest.fixture(scope="module")
def violating(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("gaps-vi")
    (root / "eaf.toml").write_text("", encoding="utf-8")
    (root / "models").mkdir()
    (root / "models" / "m.yaml").write_text(VIOLATING, encoding="utf-8")
    return load_project(load_config(root), use_cache=False)


def test_the_vietnamese_csv_says_its_words_in_vietnamese(violating: Project) -> None:
    text = to_csv(analyse_project(violating), "vi").removeprefix("\ufeff")
    table = list(csv.DictReader(io.StringIO(text)))
    words = {row[c] for row in table for c in ("Bảng", "Loại", "Lớp", "Trạng thái")}
    assert not words & RAW, sorted(words & RAW)
    assert {"khoảng cách", "chỉ tiêu", "bao phủ", "tuân thủ", "đầy đủ"} <= {
        r["Bảng"] for r in table
    }
    assert {"Hệ thống", "Tổ chức", "cấp xã", "lỗi", "giữ nguyên"} <= words
    finding = next(row for row in table if row["Bảng"] == "tuân thủ")
    assert finding["Tên"] == (
        "'cong' không tuân thủ quy tắc 'r-cap-do' (Hệ thống cấp tỉnh từ cấp độ 3): "
        "không thỏa mãn điều kiện 'security_level>=3'"
    )


def test_the_vietnamese_markdown_says_its_words_in_vietnamese(violating: Project) -> None:
    text = to_markdown(analyse_project(violating), "vi")
    cells = {
        c.strip() for line in text.splitlines() if line.startswith("|") for c in line.split("|")
    }
    assert not cells & RAW, sorted(cells & RAW)
    # The explanation is model text in Markdown: '_' and '>' escaped, shown as written.
    assert (
        "- lỗi `EAF501` 'cong' không tuân thủ quy tắc 'r-cap-do' (Hệ thống cấp tỉnh từ cấp độ 3): "
        "không thỏa mãn điều kiện 'security\\_level&gt;=3'"
    ) in text
    assert "Căn cứ pháp lý: Nghị định 85/2016/NĐ-CP." in text
    assert "does not conform" not in text and "Legal basis" not in text
    english = to_markdown(analyse_project(violating), "en")
    assert "'cong' does not conform to rule 'r-cap-do'" in english
