"""The only place the stages are chained: files → parsed → typed → Model → graph (`load`),
then, over a loaded project, the analysis and the CI gate (`check`), what `eaf render` and
`eaf build` write (`build`), the comparison of two versions (`diff`) and the site's pages
(`site`). The command line and the mkdocs adapter call these functions and print what they
return; each stage below is a pure function of its input.

The typed stages (pydantic, networkx) are imported where they are used, so that a re-run of
`eaf validate` answered from the cache never pays for importing them.
"""

from eaf.pipeline.build import (
    BuildOutcome,
    RenderOutcome,
    UnknownView,
    build_project,
    render_project,
    write_outputs,
)
from eaf.pipeline.check import analyse_project, check_project, plateau_named
from eaf.pipeline.diff import DiffInput, DiffOutcome, diff_projects
from eaf.pipeline.load import (
    Project,
    Sources,
    UsageProblem,
    cache_for,
    date_named,
    load_project,
    query_project,
    read_sources,
    type_files,
    validate_project,
)
from eaf.pipeline.site import ModelHasErrors, cli_help, site_input, site_pages

__all__ = [
    "BuildOutcome",
    "DiffInput",
    "DiffOutcome",
    "ModelHasErrors",
    "Project",
    "RenderOutcome",
    "Sources",
    "UnknownView",
    "UsageProblem",
    "analyse_project",
    "build_project",
    "cache_for",
    "check_project",
    "cli_help",
    "date_named",
    "diff_projects",
    "load_project",
    "plateau_named",
    "query_project",
    "read_sources",
    "render_project",
    "site_input",
    "site_pages",
    "type_files",
    "validate_project",
    "write_outputs",
]
