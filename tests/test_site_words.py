"""What the reviewers read is said in their words: the reference pages carry no Python or
Sphinx markup and no broken lines, and diagrams are titled by their view's name."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from eaf.config import load_config
from eaf.i18n import CATALOGUE
from eaf.pipeline import Project, load_project
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
