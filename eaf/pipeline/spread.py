"""A cold `eaf validate` of a big model spread over two worker processes: each worker parses,
types and summarises the files it is given, one at a time to whichever is free, each on its own
(`incremental.look`: a file's own findings, definitions, references, links and scopes) and
sends back plain data; this process checks the whole model from those summaries, with the code
an incremental run uses (the resolver's reference check over the id table, the acyclic
relations replayed from the links) and leaves the same state a cold run leaves.

Why: in the one-process cold run the typed model is built here, then walked twice (by the
resolver, and by the summaries for the next run), and the parses cross a pipe; here each
element is typed and walked once, in a worker, and only plain data comes back (but for the
few specs below).

What needs the whole model comes back in a second round: the fields the selectors read (known
once every file's selector texts are), each file's projection of them, and what each selector
selects among each worker's elements (a selector without graph steps selects, in the whole
model, the union of what it selects in each part). The workers make their elements' node rows
as they go, with the fields guessed from the bytes (`guess_keys`), so that they can let each
typed file go; when the guess falls short they type their files again.

The checks of frameworks, successors and statistics codes read only a few fields: the
elements with successors, frameworks or dated changes, and the frameworks, are sent whole
(pickled, between this process and its own children); of the others only their lifecycle
dates and statistics code, and the checks see them with nothing else set: those named as a
successor or a framework, and the units whose code another unit holds at some time (the only
ones the statistics-code check can find a clash between; a national model has 13k coded
units: checking them all cost this process 0.2 s, now under 0.01 s).

When the model holds what this path does not handle (a file that fails to load, an id defined
twice or clashing with an invalid element, a selector that walks the graph), or a worker does
not finish, the answer is None and the one-process cold run answers instead: never a guess.
Such a model is found out as each file comes back, so it costs little of this path.
`tests/test_spread.py` compares both over the bad-input corpus, the shipped models, the
examples and random edits, and the states they leave."""

from __future__ import annotations

import contextlib
import marshal
import os
import pickle
import re
import signal
import threading
from collections import Counter, deque
from collections.abc import Sequence
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any

from eaf.cache import Cache
from eaf.config import Config
from eaf.diagnostics import to_plain
from eaf.frameworks import bind_frameworks
from eaf.links import PlainGraph, node_row, read_keys, walks
from eaf.load.yaml import parse_bytes
from eaf.model import Element, Model
from eaf.pipeline import incremental as inc
from eaf.pipeline.load import Sources
from eaf.pipeline.summary import definitions, in_order, selects_of
from eaf.resolve import TypedFile
from eaf.select import SelectorIndex, parse_selector
from eaf.select.methods import field_read
from eaf.spec.types import Lifecycle
from eaf.statistics_codes import check_statistics_codes, codes_ever, shared_codes
from eaf.succession import check_successors

if TYPE_CHECKING:
    from eaf.pipeline.incremental import Result, State

#: From this many bytes of model, a cold run is spread over two workers. Measured here (cold
#: runs in-process, three each way, generated models): at 0.37 MB the one-process run is
#: faster (0.16-0.24 s against 0.21-0.27 s), at 0.75 MB they are even, at 1.2 MB the workers
#: win (0.26-0.35 s against 0.38-0.44 s) and at 3.7 MB by a third.
SPREAD_FROM = 1024 * 1024


class _NoFacts:
    """The spec of an element with none of those fields set, as those checks read it: its
    lifecycle and its statistics code, if it has them, and nothing else."""

    successors = ()
    changes = ()

    def __init__(self, lifecycle: Lifecycle | None = None, statistics_code: Any = None) -> None:
        self.lifecycle = lifecycle
        self.statistics_code = statistics_code


def spread_cold(config: Config, sources: Sources, cache: Cache) -> tuple[Result, State] | None:
    """The cold run's result and state, from two workers; None when this path cannot answer
    (see the module's documentation) and the one-process cold run must."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return None
    workers: list[_Worker] = []
    guess = guess_keys(sources)
    try:
        for _ in range(min(2, len(sources.files))):
            worker = _Worker.start(sources, config, cache, guess=guess, started=workers)
            if worker is None:
                return None
            workers.append(worker)
        return _checked(config, sources, cache, workers)
    finally:
        for worker in workers:
            worker.stop()


#: What this process sends a worker for "no more files" in the first round.
_NO_MORE = -1


class _Worker:
    """A forked child working on the files it is given one by one, over a socket pair."""

    def __init__(self, pid: int, conn: Connection) -> None:
        self.pid: int | None = pid
        self.conn = conn

    @classmethod
    def start(
        cls,
        sources: Sources,
        config: Config,
        cache: Cache,
        *,
        guess: list[str],
        started: Sequence[_Worker],
    ) -> _Worker | None:
        """The worker, forked; None when it could not be. `started`: the workers forked before
        it, whose ends of their pipes it closes (their end-of-file is their parent's alone)."""
        from multiprocessing import Pipe

        try:
            here, there = Pipe()
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            here.close()
            there.close()
            return None
        if pid == 0:  # the child: work, then leave without running any exit handler
            here.close()
            for other in started:
                other.conn.close()
            code = 1
            with contextlib.suppress(BaseException):
                _work(there, sources, config, cache, guess=guess)
                code = 0
            os._exit(code)
        there.close()
        return cls(pid, here)

    def give(self, index: int) -> None:
        """The next file for the worker to look at (`_NO_MORE`: none)."""
        self.conn.send_bytes(marshal.dumps(index))

    def stop(self) -> None:
        """Ends the child (killed when it has not finished) and reaps it."""
        self.conn.close()
        if self.pid is None:
            return
        pid, self.pid = self.pid, None
        with contextlib.suppress(OSError):
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)


def _work(
    conn: Connection,
    sources: Sources,
    config: Config,
    cache: Cache,
    *,
    guess: list[str],
) -> None:
    """The worker: each file it is given looked at on its own, sent back at once, and its
    elements' node rows made with the fields `guess`ed to be those the selectors read; then,
    given the fields they do read and every selector text with its exceptions, each of its
    files' projection and what each selector selects among its elements. A file's typed
    elements are let go once its rows are made: holding half the model until the second round
    cost more (fresh memory to fault in) than typing it again when the guess falls short."""
    rows: dict[str, dict[str, dict[str, Any]]] = {}  # per file, its node rows
    texts: set[str] = set()
    unwritten: list[tuple[str, bytes]] = []  # summaries, stored once every file is sent
    wanted = frozenset(guess)
    given: list[int] = []  # the files this worker was given
    while (i := marshal.loads(conn.recv_bytes())) != _NO_MORE:  # noqa: S302 - our parent's
        given.append(i)
        source, _ = sources.files[i]
        entry, tf = _looked(sources, config, cache, i)
        if tf is None:
            conn.send_bytes(marshal.dumps((i, None, b"", b"", {}, [])))
            return
        # The summary is marshalled once: stored as it is, and sent as those bytes.
        summary = {k: entry.pop(k) for k in inc.DETAIL}
        detail = marshal.dumps(summary)
        entry["detail"] = key = inc.blob_key(detail)
        unwritten.append((key, detail))
        rows[source.rel], specs, lives, codes, file_texts = _gathered(tf, summary["defs"], wanted)
        facts = pickle.dumps(specs, protocol=pickle.HIGHEST_PROTOCOL)
        read = sorted(read_keys(file_texts))  # the selectors are parsed here already
        conn.send_bytes(marshal.dumps((i, entry, detail, facts, lives, codes, read)))
        texts.update(t for _, _, t, _ in summary["scopes"])
    # While the parent gathers: the summaries stored (before the second round's answer, after
    # which the parent saves the state that names them), and the selectors evaluated.
    for key, detail in unwritten:
        cache.put_bytes("summary", key, detail)
    nodes = {n: row for mine in rows.values() for n, row in mine.items()}
    index = SelectorIndex(PlainGraph(nodes, []))
    memo = {text: _evaluate(index, text) for text in sorted(texts)}
    request: Any = _NO_MORE  # the answer to the file sent last may still be "no more"
    while request == _NO_MORE:
        request = marshal.loads(conn.recv_bytes())  # noqa: S302 - from our own parent
    keys, excepts = request
    if not set(keys) <= set(guess):  # a field the guess missed: the rows are made again
        for i in given:
            _, tf = _looked(sources, config, cache, i)
            assert tf is not None  # it loaded the first time
            rows[tf.rel] = inc.file_nodes(tf, definitions(tf), keys)
        nodes = {n: row for mine in rows.values() for n, row in mine.items()}
        index, memo = SelectorIndex(PlainGraph(nodes, [])), {}
    projections = {rel: inc.projection(mine, keys) for rel, mine in rows.items()}
    file_of = {n: rel for rel, mine in rows.items() for n in mine}
    picks: dict[str, tuple[dict[str, int], dict[str, str]]] = {}
    for text, excluded in excepts.items():
        selected = memo[text] if text in memo else _evaluate(index, text)
        counts = dict(Counter(map(file_of.__getitem__, selected)))  # per file, at C speed
        picks[text] = (counts, {x: file_of[x] for x in excluded if x in selected})
    conn.send_bytes(marshal.dumps((projections, picks)))


def _looked(
    sources: Sources, config: Config, cache: Cache, i: int
) -> tuple[dict[str, Any], TypedFile | None]:
    """The i-th file looked at on its own (`incremental.look`), by the fast parse path. Its
    parse is not stored in the cache: writing the parses cost the workers a tenth of their
    time, and only a later `eaf build` or `eaf render` reads them (its own workers parse)."""
    source, raw = sources.files[i]
    key = sources.file_key(config, source.rel, raw)
    parsed, _ = parse_bytes(raw, source.rel, limits=config.limits, fast=True)
    return inc.look(config, cache, source, raw, key, parsed=parsed)


#: A scope's selector as written on its line (`select: ...`, quoted or not), and in it the
#: names followed by an operator: the fields (or methods) it reads.
_SELECT_LINE = re.compile(rb"""select["']?[ \t]*:([^\n]*)""")
_NAMED = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:!=|<=|>=|[:=<>])")


def guess_keys(sources: Sources) -> list[str]:
    """The fields the scopes' selectors read, guessed from the bytes (every name followed by
    an operator on a `select` line): more than they read when a line holds more than the
    selector (harmless), fewer only when a selector is written across lines or with escapes
    (the workers then make their node rows again)."""
    lines: set[bytes] = set()
    for _, raw in sources.files:
        lines.update(_SELECT_LINE.findall(raw))
    names = {name for line in lines for name in _NAMED.findall(line.decode("utf-8", "replace"))}
    return sorted(k for name in names if (k := field_read(name)) is not None)


def _evaluate(index: SelectorIndex, text: str) -> frozenset[str]:
    selector, _ = parse_selector(text)
    assert selector is not None  # only valid selectors are scopes' rows
    return index.evaluate(selector)


def _gathered(
    tf: TypedFile, defs: list[Any], wanted: frozenset[str]
) -> tuple[
    dict[str, dict[str, Any]],
    list[tuple[str, Any]],
    dict[str, dict[str, Any]],
    dict[str, Any],
    set[str],
]:
    """In one pass over the file's elements (`defs`, in their order): their node rows with the
    fields `wanted` (`incremental.file_nodes`); what the facts checks may read of them, (id,
    spec) of the frameworks and of those with successors, frameworks or dated changes (every
    element has the first and the last of these fields), and of the others their lifecycle
    dates (read only when one is named as a successor or a framework) and statistics code
    (read only when another unit holds it too); and every scope's selector text (as
    `selector_texts` gives them)."""
    rows: dict[str, dict[str, Any]] = {}
    specs: list[tuple[str, Any]] = []
    lives: dict[str, dict[str, Any]] = {}
    codes: dict[str, Any] = {}
    texts: set[str] = set()
    rel = tf.rel
    for (element_id, _, kind, _), spec in zip(defs, in_order(tf), strict=True):
        own = spec.__dict__
        rows[element_id] = node_row(spec, kind, rel, wanted)
        if kind == "framework" or own["successors"] or own["changes"] or own.get("frameworks"):
            specs.append((element_id, spec))
        else:
            if own.get("lifecycle") is not None:
                lives[element_id] = dict(own["lifecycle"].__dict__)
            if own.get("statistics_code") is not None:
                codes[element_id] = own["statistics_code"]
        texts.update(selects_of(spec))
    return rows, specs, lives, codes, texts


def _checked(
    config: Config, sources: Sources, cache: Cache, workers: Sequence[_Worker]
) -> tuple[Result, State] | None:
    """The whole model checked from what the workers send; None when this path cannot."""
    rels = [source.rel for source, _ in sources.files]
    got = _first_round(workers, rels, [len(raw) for _, raw in sources.files])
    if got is None:
        return None
    entries, facts, read, parts = got
    files = {rel: entries[i] for i, rel in enumerate(rels)}
    selectors = inc.selector_rows(files)
    keys = sorted(read)
    request = marshal.dumps((keys, {t: sorted(row[1]) for t, row in selectors.items()}))
    sending = _Request(workers, request)
    sending.start()
    # While the workers evaluate the selectors: the references, cycles and facts.
    rows, ids, invalid = _id_table(parts)
    positions = inc.Positions({s.rel: r for s, r in sources.files}, config)
    resolver = inc.TableResolver(rows, ids, invalid, positions)
    for rel, entry in files.items():
        entry["refdiags"] = inc.check_refs(resolver, rel, entry["refs"])
        entry["count"] = len(entry["defs"])
    cycles = inc.replay_cycles(resolver, files, rows)
    defining = tuple(rel for rel in sorted(files) if files[rel]["defs"])
    checked = _facts_checked(rows, *facts, defining=defining, positions=positions)
    placed = inc.place(checked, files)
    placed["cycles"] += cycles
    sending.join()
    if sending.failed:
        return None  # a worker is gone (killed, out of memory)
    for worker in workers:
        answer = _receive(worker.conn)
        if answer is None:
            return None
        projections, picks = answer
        for rel, proj in projections.items():
            files[rel]["proj"] = proj
        for text, (counts, members) in picks.items():
            selectors[text][0].update(counts)
            selectors[text][2].update(members)
    for row in selectors.values():
        row[0] = dict(sorted(row[0].items()))
        row[1] = frozenset(row[1])
    for rel, entry in files.items():
        entry["verdicts"] = inc.verdicts_of(entry, selectors, rows)
        found = inc.scope_diags(entry["scopes"], entry["verdicts"], positions, rel)
        entry["scopediags"] = [to_plain(d) for d in found]
    state: State = {
        "ok": placed.pop("ok"),
        "files": files,
        **placed,
        "facts_digest": inc.facts_digest(files),
        "selectors": selectors,
        "keys": keys,
    }
    return inc.result_of(sources, state, len(rows)), state


class _Request(threading.Thread):
    """The second round's request, sent to each worker from a thread of its own: a worker reads
    it once it has evaluated its selectors, and a request too big for the pipe's buffer (235 KB
    for the national model) held this process back meanwhile (0.14 s)."""

    def __init__(self, workers: Sequence[_Worker], request: bytes) -> None:
        super().__init__(daemon=True)
        self.workers = workers
        self.request = request
        self.failed = False

    def run(self) -> None:
        for worker in self.workers:
            try:
                worker.conn.send_bytes(self.request)
            except OSError:  # the worker is gone (killed, out of memory)
                self.failed = True
                return


def _receive(conn: Connection) -> Any:
    try:
        return marshal.loads(conn.recv_bytes())  # noqa: S302 - plain data from our own child
    except (EOFError, OSError, ValueError, TypeError):
        return None  # the worker died or sent what it should not have


_Facts = tuple[dict[str, Any], dict[str, dict[str, Any]], dict[str, Any]]


def _first_round(
    workers: Sequence[_Worker], rels: list[str], sizes: list[int]
) -> tuple[dict[int, dict[str, Any]], _Facts, set[str], dict[str, _Part]] | None:
    """Every file's entry (by index), what the facts checks read (specs, lifecycles and
    statistics codes by id), the fields the selectors read, and each file's part of the id
    table (by path: made as the file comes back, while the workers are busy with the next
    ones).

    The files are given out one at a time, largest first, to whichever worker sent one back
    (each has one more waiting, so that it never waits for this process): a worker on a core
    that is slower or shared with another program does less, and both finish together."""
    entries: dict[int, dict[str, Any]] = {}
    parts: dict[str, _Part] = {}
    specs: dict[str, Any] = {}
    lives: dict[str, dict[str, Any]] = {}
    codes: dict[str, Any] = {}
    read: set[str] = set()
    identities: set[str] = set()  # of valid and invalid elements alike: a clash ends the round
    queue = deque(sorted(range(len(rels)), key=lambda i: -sizes[i]))
    of_conn = {w.conn: w for w in workers}
    try:
        for _ in range(2):
            for worker in workers:
                worker.give(queue.popleft() if queue else _NO_MORE)
        while len(entries) < len(rels):
            for conn in wait(list(of_conn)):
                assert isinstance(conn, Connection)
                got = _receive(conn)
                if got is None or got[1] is None:
                    return None  # a file that fails to load: the one-process run reads it
                of_conn[conn].give(queue.popleft() if queue else _NO_MORE)
                i, entry, detail, file_specs, file_lives, file_codes, file_read = got
                entry.update(marshal.loads(detail))  # noqa: S302 - plain data from our child
                if not _answerable(entry, identities):
                    return None
                entries[i] = entry
                parts[rels[i]] = _table_part(rels[i], entry)
                specs.update(pickle.loads(file_specs))  # noqa: S301 - from our own child
                lives.update(file_lives)
                codes.update(file_codes)
                read.update(file_read)
    except OSError:
        return None  # a worker is gone (killed, out of memory): its pipe is closed
    return entries, (specs, lives, codes), read, parts


def _answerable(entry: dict[str, Any], identities: set[str]) -> bool:
    """Whether the file leaves the model one this path answers: none of its identities was
    seen before (`identities`, which it then joins) and none of its scopes' selectors walks the
    graph (their units are found over the graph's edges, which only the model has). Checked as
    each file comes back, so that a model this path cannot answer costs little of it."""
    mine = [ident for _, ident, _, _ in entry["defs"]] + [ident for _, ident in entry["invalid"]]
    if len(set(mine)) != len(mine) or not identities.isdisjoint(mine):
        return False
    identities.update(mine)
    return not any("+" in text and walks(text) for _, _, text, _ in entry["scopes"])


#: A file's elements (id → kind, file, path), their identities (identity → id) and its
#: invalid ids' identities.
_Part = tuple[dict[str, tuple[str, str, Any]], dict[str, str], list[str]]


def _table_part(rel: str, entry: dict[str, Any]) -> _Part:
    defs = entry["defs"]
    return (
        {element_id: (kind, rel, path) for element_id, _, kind, path in defs},
        {ident: element_id for element_id, ident, _, _ in defs},
        [ident for _, ident in entry["invalid"]],
    )


def _id_table(
    parts: dict[str, _Part],
) -> tuple[dict[str, tuple[str, str, Any]], dict[str, str], set[str]]:
    """The model's elements (id → kind, file, path), its identities and its invalid ids, in
    the order the resolver collects them (files in path order; `_answerable` saw no identity
    twice, so the files' parts never overlap)."""
    rows: dict[str, tuple[str, str, Any]] = {}
    ids: dict[str, str] = {}
    invalid: set[str] = set()
    for rel in sorted(parts):
        part_rows, part_ids, part_invalid = parts[rel]
        rows.update(part_rows)
        ids.update(part_ids)
        invalid.update(part_invalid)
    return rows, ids, invalid


def _facts_checked(
    rows: dict[str, tuple[str, str, Any]],
    specs: dict[str, Any],
    lives: dict[str, dict[str, Any]],
    codes: dict[str, Any],
    *,
    defining: tuple[str, ...],
    positions: Any,
) -> list[Any]:
    """The findings of the frameworks, successors and statistics-code checks, over the
    elements they act on (those with specs here, and the units whose statistics code another
    unit holds at some time: the only ones that can clash) and those they look up (named as a
    successor or a framework): the others they would only pass over. `defining`: the files
    that define elements, in path order."""
    named = {s.id for spec in specs.values() for s in spec.successors}
    named.update(n for spec in specs.values() for n in spec.__dict__.get("frameworks") or ())
    held = [(str(code),) for code in codes.values()]
    shared = shared_codes([*held, *(codes_ever(whole) for whole in specs.values())])
    coded = {i for i, code in codes.items() if str(code) in shared}
    elements: dict[str, Element] = {}
    # In the model's id order.
    for element_id in sorted(specs.keys() | {n for n in named if n in rows} | coded):
        kind, rel, path = rows[element_id]
        spec: Any = specs.get(element_id)
        if spec is None:
            life = lives.get(element_id)
            lifecycle = None if life is None else Lifecycle.model_construct(**life)
            spec = _NoFacts(lifecycle, codes.get(element_id))
        elements[element_id] = Element(element_id, kind, spec, rel, path)
    model = Model(elements, defining, positions)
    model, bound = bind_frameworks(model)
    return [*bound, *check_successors(model), *check_statistics_codes(model)]
