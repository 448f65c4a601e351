"""Running mkdocs for eaf: `eaf site build` and `eaf site serve` (the plugin itself is in
mkdocs_plugin). With the plugin, the only modules that import mkdocs."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from eaf.report import Report

PLUGIN_LOGGER = "mkdocs.plugins.eaf.site.mkdocs_plugin"


class SiteError(Exception):
    """The site could not be built: the model's diagnostics when the model has errors, else
    what mkdocs reported (a warning in strict mode, a broken mkdocs.yml)."""

    def __init__(
        self, message: str, *, model: Report | None = None, messages: Sequence[str] = ()
    ) -> None:
        super().__init__(message)
        self.model = model
        self.messages = tuple(messages)


class _Forward(logging.Handler):
    """Passes mkdocs' warnings and errors, and the eaf plugin's own messages, to a sink."""

    def __init__(self, sink: Callable[[str], None], *, plugin_info: bool) -> None:
        super().__init__(logging.INFO if plugin_info else logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING or record.name == PLUGIN_LOGGER:
            self.sink(record.getMessage())


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    """mkdocs warns that a dirty build may leave navigation stale: eaf's are not (every page
    whose inputs changed is rendered again, see eaf.site.rebuild), so the warning would only
    fail a strict build."""
    return not str(record.msg).startswith("A 'dirty' build is being performed")


@contextmanager
def _logs(sink: Callable[[str], None], *, plugin_info: bool = False) -> Iterator[None]:
    """mkdocs' log records, passed to `sink` while the block runs (mkdocs configures its
    logging only in its own command line, so they would otherwise be lost)."""
    logger = logging.getLogger("mkdocs")
    builder = logging.getLogger("mkdocs.commands.build")
    handler = _Forward(sink, plugin_info=plugin_info)
    old_level = logger.level
    logger.addHandler(handler)
    builder.addFilter(_not_the_dirty_warning)
    if logger.getEffectiveLevel() > handler.level:
        logger.setLevel(handler.level)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        builder.removeFilter(_not_the_dirty_warning)
        logger.setLevel(old_level)


#: The youngest generation's threshold of Python's cyclic garbage collector during a build.
#: The default (700 allocations) has it scan the young objects some 300 times in a one-edit
#: rebuild of the shipped model, and every object of the process twice: 0.09 s of its 1.1 s
#: of CPU. At 50,000 it scans a few times (0.03 s); the collector still runs, so a graph let
#: go (a day's, gigabytes in a national model) is still freed.
YOUNG_THRESHOLD = 50_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], YOUNG_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def build_site(
    config_file: Path, *, strict: bool = False, at: str | None = None
) -> tuple[int, int, float]:
    """`mkdocs build --dirty` on the project's mkdocs.yml (the site showing the architecture on
    `at`, a date or a plateau, when given): only the pages whose inputs changed since the
    last build into the same folder are rendered again. Returns the pages rendered, the pages
    in all and the seconds the build took; failures become a SiteError."""
    with _fewer_collections():
        return _build(config_file, strict=strict, at=at)


def _build(config_file: Path, *, strict: bool, at: str | None) -> tuple[int, int, float]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    messages: list[str] = []
    config = None
    try:
        with _logs(messages.append):
            config = load_config(str(config_file), strict=strict)
            plugin = config.plugins.get("eaf")
            if at is not None and plugin is not None:
                plugin.config["at"] = at
            config.plugins.on_startup(command="build", dirty=True)
            try:
                build(config, dirty=True)
            finally:
                config.plugins.on_shutdown()
    except (MkDocsException, SystemExit) as exc:
        plugin = config.plugins.get("eaf") if config is not None else None
        failure = getattr(plugin, "failure", None)
        if failure is not None:
            raise SiteError("the model has errors", model=failure) from None
        raise SiteError(str(exc) or "the site build failed", messages=messages) from None
    stats: tuple[int, int, float] = getattr(plugin, "stats", (0, 0, 0.0))
    return stats


def serve_site(config_file: Path, *, port: int, say: Callable[[str], None]) -> None:
    """`mkdocs serve` with live reload on 127.0.0.1:port; `say` gets the URL, each build's
    time and pages rendered, and mkdocs' warnings and errors."""
    import socket

    from mkdocs.commands.serve import serve

    # Fail before a long first build when the port is taken (mkdocs binds only after it).
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise SiteError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None

    from mkdocs.exceptions import MkDocsException

    try:
        with _logs(say, plugin_info=True), _fewer_collections():
            # Dirty: a rebuild renders only the pages whose inputs changed.
            serve(
                str(config_file),
                dev_addr=f"127.0.0.1:{port}",
                livereload=True,
                build_type="dirty",
            )
    except (MkDocsException, SystemExit) as exc:
        # The first build failed; what mkdocs and the plugin reported was said already.
        raise SiteError(str(exc) or "the site build failed") from None
