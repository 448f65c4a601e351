"""The `eaf` group and the error boundary: every outcome becomes an exit code."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any, NoReturn

import click

from eaf import __version__
from eaf.cli import (
    build,
    check,
    diff,
    export,
    gaps,
    import_,
    init,
    query,
    render,
    schema,
    site,
    validate,
)
from eaf.cli.options import EXIT_INTERNAL, EXIT_OK, QUICK_EXIT, App


class _Group(click.Group):
    """Turns the pipeline's usage problems (an unknown plateau or view) into usage errors."""

    def invoke(self, ctx: click.Context) -> Any:
        from eaf.pipeline import UsageProblem

        try:
            return super().invoke(ctx)
        except UsageProblem as exc:
            # Name the command in the usage line, not the group.
            name = ctx.invoked_subcommand
            command = self.get_command(ctx, name) if name else None
            where = click.Context(command, info_name=name, parent=ctx) if command else ctx
            raise click.UsageError(str(exc), where) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eaf")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """eaf: an e-government architecture as code.

    Validates the YAML models under models/, builds their graph, checks them against the
    framework's rules and draws, analyses and publishes them.
    Exit codes: 0 clean, 1 findings, 2 usage error, 4 internal error.
    """
    ctx.obj = App(debug=debug)


for _module in (
    init,
    validate,
    check,
    schema,
    query,
    render,
    gaps,
    diff,
    site,
    build,
    export,
    import_,
):
    cli.add_command(_module.command)


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: maps every outcome to an exit code; a traceback only with --debug."""
    args = sys.argv[1:] if argv is None else argv
    # pydantic looks for plugins (observability hooks for an application's own models) in the
    # metadata of every installed package when it builds its first validator (~25 ms of CPU,
    # a tenth of `eaf validate` after a one-file edit), for hooks eaf's models do not want.
    # A value the user set, even an empty one, is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    run: Callable[..., Any] = cli.main
    try:
        run(args=args, prog_name="eaf", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else EXIT_OK
        if argv is None and QUICK_EXIT.asked:
            _quit(code)
        raise SystemExit(code) from None
    except Exception as exc:  # the boundary: nothing but a one-line message reaches users
        if "--debug" in args:
            traceback.print_exc()
        else:
            click.echo(
                f"eaf: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                err=True,
            )
        raise SystemExit(EXIT_INTERNAL) from None
    raise SystemExit(EXIT_OK)


def _quit(code: int) -> NoReturn:
    """End the process now, its output flushed (see eaf.cli.options.QuickExit)."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
