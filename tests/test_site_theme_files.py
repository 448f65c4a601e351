"""The theme's files mkdocs copies into a build, listed by eaf's loader (which does not walk
the theme's dot-folders: mkdocs-material's 14,000 icons) are those mkdocs' own loader lists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markers import needs_dot
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from eaf.site.mkdocs_plugin import _one_env, _ThemeLoader
from eaf.site.theme import add_theme

REPO = Path(__file__).resolve().parent.parent


def theme_files(get_env: object) -> list[tuple[str, str]]:
    config = load_config(str(REPO / "mkdocs.yml"))
    add_theme(config.theme.dirs, bool(config.theme.custom_dir))
    env = get_env(config.theme) if callable(get_env) else config.theme.get_env()
    files = Files([])
    files.add_files_from_theme(env, config)
    return sorted((f.src_uri, f.abs_src_path or "") for f in files)


def test_the_theme_files_a_build_copies_are_those_mkdocs_lists() -> None:
    def quick(theme: object) -> object:
        get_env = _one_env(theme)
        env = get_env()
        assert isinstance(env.loader, _ThemeLoader)
        assert get_env() is env  # one for the whole build
        return env

    want = theme_files(None)
    assert ("assets/eaf.css", str(REPO / "eaf" / "site" / "theme" / "assets" / "eaf.css")) in want
    assert any(uri.startswith("assets/javascripts/") for uri, _ in want)  # the theme's own
    assert theme_files(quick) == want


def test_the_loader_leaves_out_only_what_is_under_a_dot_folder(tmp_path: Path) -> None:
    for name in ("a.html", ".hidden.css", "x/b.css", "x/.y/c.svg", ".icons/d.svg"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    assert _ThemeLoader([str(tmp_path)]).list_templates() == [".hidden.css", "a.html", "x/b.css"]


@needs_dot
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_search_reads_the_words_the_theme_gives_it(
    lang: str, shipped_site: Path, shipped_site_en: Path
) -> None:
    """The theme's search asks the theme for its word separator and pipeline from the one
    environment of the build (eaf's templates in it): the words mkdocs-material gives."""
    site = shipped_site if lang == "vi" else shipped_site_en
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    config = load_config(str(REPO / ("mkdocs.yml" if lang == "vi" else "mkdocs.en.yml")))
    words = config.theme.get_env().get_template("partials/language.html", None, {"config": config})
    separator = words.module.t("search.config.separator")  # type: ignore[attr-defined]
    pipeline = words.module.t("search.config.pipeline")  # type: ignore[attr-defined]
    assert separator and pipeline
    assert index["config"]["separator"] == separator
    assert index["config"]["pipeline"] == [p for p in re.split(r"\s*,\s*", pipeline) if p]
