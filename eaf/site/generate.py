"""The site's pages as Markdown, generated from the model, its graph, the gap analysis and the
diagrams: posix path → text. Pure: no mkdocs, no disk; what is worth a warning goes to
``warn``. The mkdocs plugin adds the pages to a build; tests read them directly."""

from __future__ import annotations

from dataclasses import replace

from eaf.site.pages import analysis, diagrams, elements, time
from eaf.site.pages.common import KIND_ORDER, SiteInput, Warn, has_page, with_title
from eaf.site.pages.home import home
from eaf.site.pages.reference import reference_pages

__all__ = ["SiteInput", "generate"]


def generate(inp: SiteInput, warn: Warn | None = None) -> dict[str, str]:
    """Every page of the site, each with its title (and the names search finds it by, without
    diacritics) in front matter."""
    say: Warn = warn or (lambda message: None)
    pages: dict[str, str] = {
        "index.md": home(inp),
        "kien-truc/index.md": elements.kinds_index(inp),
        "kien-truc/lop.md": elements.by_layer(inp),
        "kien-truc/don-vi.md": elements.by_owner(inp),
        "so-do/index.md": elements.views_index(inp),
        "thu-tuc.md": elements.procedures(inp),
    }
    for kind in KIND_ORDER:  # every kind has its page, so the site's nav never breaks
        pages[f"kien-truc/{kind}.md"] = elements.kind_page(inp, kind)
    for element in inp.model:
        if has_page(inp, element.id):  # a summarised site: not every element (see has_page)
            path = f"elements/{element.id}.md"
            pages[path] = elements.element_page(inp, element, path, say)
    for stem in elements.diagram_stems(inp):
        pages[f"so-do/{stem}.md"] = elements.view_page(inp, stem)
    pages["muc/index.md"] = time.plateaus_index(inp)
    for plateau in inp.model.plateaus():
        pages[f"muc/{plateau.id}.md"] = time.plateau_page(inp, plateau)
    a = inp.analysis
    if a is not None:
        # The analysis is of its own date (the target's, unless the site is built --at one):
        # its pages name the elements as they are then.
        then = replace(inp, date=a.at)
        pages["bao-phu.md"] = analysis.coverage(then, a)
        pages["phan-tich/index.md"] = analysis.analysis_index(then, a)
        pages["phan-tich/khoang-cach.md"] = analysis.gaps(then, a)
        pages["phan-tich/chi-tieu.md"] = analysis.kpis(then, a)
        pages["phan-tich/tuan-thu.md"] = analysis.conformance(then, a)
        pages["phan-tich/day-du.md"] = analysis.completeness(then, a)
    pages.update(reference_pages(inp))
    terms = elements.search_terms(inp)
    # A diagram's own page gives it the room of the table of contents (it has no sections),
    # and so does the home page, the overall diagram first (its one section is in the nav).
    wide = {f"so-do/{stem}.md" for stem in elements.diagram_stems(inp)} | {"index.md"}
    out = {
        path: with_title(text, terms.get(path), hide=("toc",) if path in wide else ())
        for path, text in sorted(pages.items())
    }
    # Each diagram as its own file too: the pages link to it at full size.
    out.update(
        (diagrams.file_of(stem), diagrams.standalone(data, stem, inp.drawings.get(stem)))
        for stem, data in sorted(inp.svgs.items())
    )
    return out
