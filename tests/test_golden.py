"""Byte-exact goldens of what reviewers read: the gap reports (text, Markdown, JSON, CSV) and the
generated site pages of a small model across time (tests/golden/time). A change to any of them
is deliberate: run with EAF_UPDATE_GOLDEN=1 to refresh, and say in the commit what changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eaf.analysis.formats import GAP_FORMATS
from eaf.config import load_config
from eaf.pipeline import Project, analyse_project, load_project, site_input
from eaf.site.generate import generate

GOLDEN = Path(__file__).resolve().parent / "golden" / "time"
UPDATE = bool(os.environ.get("EAF_UPDATE_GOLDEN"))
REPORTS = [("text", "vi"), ("md", "vi"), ("json", "vi"), ("csv", "vi")]
REPORTS += [("text", "en"), ("md", "en"), ("csv", "en")]
SUFFIX = {"text": "txt", "md": "md", "json": "json", "csv": "csv"}


@pytest.fixture(scope="module")
def project() -> Project:
    loaded = load_project(load_config(GOLDEN), use_cache=False)
    assert not loaded.diagnostics.has_errors()
    return loaded


def compare(produced: str, golden: Path) -> None:
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(produced, encoding="utf-8", newline="")
    assert golden.is_file(), f"missing golden {golden} (EAF_UPDATE_GOLDEN=1 writes it)"
    assert produced == golden.read_bytes().decode("utf-8"), golden.name


@pytest.mark.parametrize(("fmt", "lang"), REPORTS)
def test_gap_report(project: Project, fmt: str, lang: str) -> None:
    analysis = analyse_project(project)
    name = f"gaps{'' if lang == 'vi' else '.' + lang}.{SUFFIX[fmt]}"
    compare(GAP_FORMATS[fmt](analysis, lang), GOLDEN / "gaps" / name)


# The reference pages (codes, selectors, schema, command line) are generated from the code and
# tested on their own; here: the pages made from the model.
def model_pages(project: Project, lang: str) -> dict[str, str]:
    # As `eaf site build` makes them (the architecture at the baseline, the analysis at the
    # target), without the diagrams.
    pages = generate(site_input(project, lang=lang))
    return {path: text for path, text in pages.items() if not path.startswith("tham-chieu/")}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_site_pages(project: Project, lang: str) -> None:
    pages = model_pages(project, lang)
    directory = GOLDEN / "site" / lang
    if UPDATE:
        for stale in directory.rglob("*"):
            if stale.is_file() and stale.relative_to(directory).as_posix() not in pages:
                stale.unlink()
    for path, text in sorted(pages.items()):
        compare(text, directory / path)
    written = sorted(
        p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()
    )
    assert written == sorted(pages)
