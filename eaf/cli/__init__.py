"""The command line: a thin adapter over the pipeline. Only this package imports click.

`main` holds the error boundary and the group; `options` the options and helpers the commands
share; each command lives in a module of its own and reads as options → pipeline → reporter →
exit code. Commands import the heavier stages they need themselves, so `eaf validate` answered
from the cache starts in a fraction of the time.
"""

from eaf.cli.main import cli, main

__all__ = ["cli", "main"]
