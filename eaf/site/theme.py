"""eaf's layer over the mkdocs-material theme, shipped in eaf/site/theme: main.html and the
CSS and scripts in assets/. Pure: which template folders and extra files a site needs."""

from __future__ import annotations

from collections.abc import MutableSequence
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

THEME_DIR = Path(str(package_files("eaf.site") / "theme"))
EXTRA_CSS = ("assets/eaf.css", "assets/eaf-diagram.css")
#: The diagrams' viewer after the Panzoom library it drives (shipped in assets/, with its
#: licence).
EXTRA_JAVASCRIPT = ("assets/eaf.js", "assets/panzoom.min.js", "assets/eaf-diagram.js")
#: Scripts the theme loads before its own: iframe-worker (MIT, squidfunk/iframe-worker 1.0.4,
#: its licence beside it) runs the theme's search worker when the site is opened from a
#: folder (file://), where browsers refuse to start a worker.
POLYFILLS = ("assets/vendor/iframe-worker.js",)


def add_theme(dirs: MutableSequence[str], has_custom_dir: bool) -> None:
    """eaf's templates after the project's custom_dir (so a project can still override them)
    and before the theme's, once."""
    theme_dir = str(THEME_DIR)
    if theme_dir not in dirs:
        dirs.insert(1 if has_custom_dir else 0, theme_dir)


def add_extras(css: MutableSequence[Any], javascript: MutableSequence[Any]) -> None:
    """eaf's CSS and scripts once each, whatever mkdocs.yml lists."""
    css.extend(c for c in EXTRA_CSS if c not in css)
    listed = {str(script) for script in javascript}
    javascript.extend(js for js in EXTRA_JAVASCRIPT if js not in listed)
