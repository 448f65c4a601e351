"""A diagram on a page: the SVG inlined (its nodes open element pages), in a frame a reader can
pan and zoom (eaf-diagram.js, over the Panzoom library shipped in the theme's assets), with a
link to the drawing at full size, written beside the pages as its own file. Every word is in
eaf/i18n.toml; model text reaches the page through eaf.site.safe."""

from __future__ import annotations

from eaf.i18n import tr
from eaf.site import safe

#: Where a diagram's own file is, from the site's top: 'so-do/svg/context/lgsp.svg'.
FILES = "so-do/svg"


def file_of(stem: str) -> str:
    return f"{FILES}/{stem}.svg"


def figure(
    lang: str, root: str, stem: str, data: bytes, title: str, *, cleaned: str | None = None
) -> str:
    """The diagram's frame: its controls (hidden until the viewer starts), the drawing named
    for assistive technology, and the link to its file. ``cleaned``: the drawing as
    safe.drawing cleaned it already (from the cache), if it has been."""
    name = tr(lang, "diagram.viewer.name", title=title)
    buttons = [
        ("in", "+", "diagram.viewer.zoom_in"),
        ("out", "−", "diagram.viewer.zoom_out"),
        ("fit", tr(lang, "diagram.viewer.fit"), "diagram.viewer.fit_label"),
        ("full", tr(lang, "diagram.viewer.full"), "diagram.viewer.full_label"),
    ]
    controls = "".join(
        f'<button type="button" class="eaf-diagram__button" data-eaf-zoom="{action}" '
        f'aria-label="{safe.attr(tr(lang, words))}" title="{safe.attr(tr(lang, words))}" '
        f"hidden>{safe.attr(text)}</button>"
        for action, text, words in buttons
    )
    link = (
        f'<a class="eaf-diagram__button" href="{safe.attr(root + file_of(stem))}" '
        f'title="{safe.attr(tr(lang, "diagram.viewer.file_label"))}">'
        f"{safe.attr(tr(lang, 'diagram.viewer.file'))}</a>"
    )
    bar = (
        f'<div class="eaf-diagram__bar" role="toolbar" '
        f'aria-label="{safe.attr(tr(lang, "diagram.viewer.controls"))}">{controls}{link}</div>'
    )
    hint = safe.attr(tr(lang, "diagram.viewer.hint"))
    drawing = (
        safe.svg(data, root, label=name)
        if cleaned is None
        else safe.for_page(cleaned, root, label=name)
    )
    view = (
        f'<div class="eaf-diagram__view" title="{hint}">'
        f'<div class="eaf-diagram__canvas">{drawing}</div></div>'
    )
    return (
        f'\n<div class="eaf-diagram" role="figure" aria-label="{safe.attr(name)}">\n'
        f"{bar}\n{view}\n</div>\n"
    )


def standalone(data: bytes, stem: str, cleaned: str | None = None) -> str:
    """The diagram's own file: the same drawing at its full size, its links from where the
    file is."""
    root = "../" * file_of(stem).count("/")
    drawn = safe.svg(data, root) if cleaned is None else safe.for_page(cleaned, root)
    return drawn + "\n"
