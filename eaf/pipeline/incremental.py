"""`eaf validate` after an edit: only the changed files are parsed and validated; the rest of
the model is known from the last run's state (per file: its content key, its own diagnostics,
its summary, the findings about its references and scopes) and only what the edit can change
is checked again, with the resolver's and the scope checker's own code.

What is checked again: every reference of a changed file; the references elsewhere that name
an id the edit added, removed or moved, or whose finding points into a changed file (and, when
the ids or their order changed, every unknown reference, whose did-you-mean may change); the
acyclic relations (replayed from the summaries); every scope's verdict, from what each selector
text selects per file, patched with what it selects among the changed files' elements.

When an edit could change anything else, the run is a cold one (`None` here), never a guess:
an id the edit touches that clashes with another, a changed file with a duplicated id, a
selector that walks the graph (`x+`) or a selector text the last run did not evaluate, a change
to the facts the lifecycle, succession, framework and statistics-code checks read, a finding
of those checks in a changed file, a file that fails to load (now or in the last run: the
references to its ids are notes, EAF330), or any finding the state does not know how to place.
`tests/test_incremental.py` compares this path with cold runs over random edit sequences.

The common edit (a text changed: the file defines, references and scopes exactly what it did,
and what selectors can read of its elements is the same) needs nothing of the other files: its
own findings are made again and its scope findings located again. So the state is stored in
parts, each read only when needed: a small index (per file: its key, findings, verdicts and
digests) read every run, and per file its summary (definitions, references, links, scopes),
stored by content and read only when an edit must be checked against the whole model."""

from __future__ import annotations

import functools
import hashlib
import marshal
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from eaf import codes
from eaf.cache import Cache, content_key
from eaf.config import Config
from eaf.diagnostics import Diagnostic, from_plain, to_plain
from eaf.links import (
    PlainGraph,
    check_scopes,
    node_row,
    node_table,
    read_keys,
    scope_findings,
    scope_texts,
    walks,
)
from eaf.load.positions import Path_, PositionMap
from eaf.load.text import decode
from eaf.load.yaml import ParsedYaml
from eaf.model import Element
from eaf.pipeline.beside import Beside
from eaf.pipeline.load import Sources, parse_all, type_files
from eaf.pipeline.summary import (
    definitions,
    digest_text,
    selector_texts,
    spec_at,
    summarise,
)
from eaf.resolve import Resolver, TypedFile, identity, resolve
from eaf.select import SelectorIndex, parse_selector
from eaf.spec.types import RefTo

if TYPE_CHECKING:
    from eaf.load.discover import SourceFile

FORMAT = 2
#: A file's summary: stored apart from the index, by content, read only when needed.
DETAIL = ("defs", "invalid", "refs", "links", "scopes")
#: Findings each about one place in one file, made from that file alone.
_LOCAL = frozenset(
    c.id
    for c in (codes.DUPLICATE_ITEM, codes.SELF_LINK, codes.SELECTOR_SYNTAX, codes.SELECTOR_METHOD)
)
_REFS = frozenset(
    c.id for c in (codes.UNKNOWN_REFERENCE, codes.WRONG_KIND, codes.REFERENCE_UNCHECKED)
)
_IDS = frozenset(c.id for c in (codes.DUPLICATE_ID, codes.DUPLICATE_ID_CASE))
_FACTS = frozenset(
    c.id
    for c in (
        codes.OUTSIDE_FRAMEWORK,
        codes.SUCCESSOR_KIND,
        codes.SUCCESSOR_NO_END,
        codes.SUCCESSION_GAP,
        codes.STATISTICS_CODE_CLASH,
    )
)
_SCOPES = frozenset(c.id for c in (codes.SELECTOR_EMPTY, codes.EXCEPTION_UNUSED))

#: From this many bytes of model, a cold run makes the summaries in a forked process (below it
#: the fork and the copies it makes of the pages it touches cost about what they save).
BESIDE_FROM = 4 * 1024 * 1024

Plain = Any
State = dict[str, Any]
Result = tuple[list[Diagnostic], dict[str, int], dict[str, int]]


def state_key(config: Config) -> str:
    """One state per project and eaf (the cache lives in the project's build folder)."""
    return content_key("incremental", str(FORMAT), repr(config.limits))


class Positions(dict[str, PositionMap]):
    """Each file's position map, made when a finding in it is first located."""

    def __init__(self, raw: Mapping[str, bytes], config: Config) -> None:
        super().__init__()
        self.raw, self.config = raw, config

    def __missing__(self, rel: str) -> PositionMap:
        text, _ = decode(self.raw[rel], rel)
        positions = self[rel] = PositionMap(rel, text or "", self.config.limits)
        return positions

    def get(self, rel: str, default: Any = None) -> Any:
        """As `[rel]` for a file of the model (`Model.locate` asks with get)."""
        return self[rel] if rel in self.raw else default


class _Elements(Mapping[str, Element]):
    """The model's elements by id as (kind, file, path) rows: what reference checks read of
    them, without their specs."""

    def __init__(self, rows: dict[str, tuple[str, str, Path_]]) -> None:
        self.rows = rows

    def __getitem__(self, key: str) -> Element:
        kind, file, path = self.rows[key]
        return Element(key, kind, cast(Any, None), file, path)

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


class _Identities(Mapping[str, Element]):
    def __init__(self, ids: dict[str, str], elements: _Elements) -> None:
        self.ids, self.elements = ids, elements

    def __getitem__(self, key: str) -> Element:
        return self.elements[self.ids[key]]

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


class TableResolver(Resolver):
    """The resolver's reference and cycle checks over the model's id table."""

    def __init__(
        self,
        rows: dict[str, tuple[str, str, Path_]],
        ids: dict[str, str],
        invalid: set[str],
        positions: Positions,
    ) -> None:
        self.files = []
        self.positions = positions
        self.diags = []
        elements = _Elements(rows)
        self.elements = cast(dict[str, Element], elements)
        self.by_identity = cast(dict[str, Element], _Identities(ids, elements))
        self.invalid = invalid
        self.failed = defaultdict(list)  # a patched run has no file that failed to load
        self.unchecked = defaultdict(list)


def _file_of(d: Plain) -> str | None:
    loc = d[3]
    return None if loc is None else str(loc[0])


def _touches(plain: Plain, files: set[str]) -> bool:
    return _file_of(plain) in files or any(r is not None and r[0] in files for r in plain[6])


def _new_entry(key: str, diags: list[Diagnostic]) -> dict[str, Any]:
    """A file's entry with its own reading and typing findings; the rest filled in later.
    `detail` is the key its summary is stored under (None: not stored yet)."""
    return {
        "key": key,
        "local": [to_plain(d) for d in diags],
        "defs": [],
        "invalid": [],
        "refs": [],
        "links": [],
        "scopes": [],
        "facts": "",
        "successors": [],
        "proj": "",
        "refdiags": [],
        "scopediags": [],
        "verdicts": [],
        "detail": None,
    }


def projection(nodes: Mapping[str, dict[str, Any]], keys: Sequence[str]) -> str:
    """A digest of what selectors reading these fields (and ids, kinds) see of these nodes:
    when it is the same after an edit, every selector without graph steps selects the same of
    them (an atom matches a node by that node's own values)."""
    rows = [
        (node, data["kind"], [data["fields"].get(k) for k in keys])
        for node, data in sorted(nodes.items())
    ]
    text = digest_text(rows)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def file_nodes(tf: TypedFile, defs: list[Any], keys: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The `node_table` of the file's elements (`defs`), made from their specs directly."""
    wanted = frozenset(keys)
    return {
        element_id: node_row(spec_at(tf, path), kind, tf.rel, wanted)
        for element_id, _, kind, path in defs
    }


def look(
    config: Config,
    cache: Cache,
    source: SourceFile,
    raw: bytes,
    key: str,
    *,
    parsed: ParsedYaml | None = None,
) -> tuple[dict[str, Any], TypedFile | None]:
    """A file on its own: its entry with its own findings and summary (references not yet
    checked), every element of it taken as the one the model keeps; no typed file when it
    failed to load. `parsed`: its parse, when already made."""
    failed: dict[str, frozenset[str]] = {}
    typed, diags = type_files(
        Sources([(source, raw)], [], {source.rel: key}),  # the bytes are hashed once
        config,
        cache,
        failed=failed,
        parsed=None if parsed is None else iter([parsed]),
    )
    entry = _new_entry(key, diags)
    if not typed or failed:
        return entry, None
    tf = typed[0]
    entry["defs"] = definitions(tf)
    entry["invalid"] = [(i, identity(i)) for i, _ in tf.invalid_ids]
    local = Resolver([tf])  # for the findings the file alone decides, made in the same walk
    entry.update(summarise(tf, None, defs=entry["defs"], local=local))
    entry["local"] += [to_plain(d) for d in local.diags if d.code in _LOCAL]
    return entry, tf


def _entry(
    config: Config,
    cache: Cache,
    sources: Sources,
    source: SourceFile,
    raw: bytes,
    *,
    keys: Sequence[str],
) -> tuple[dict[str, Any], TypedFile | None]:
    """A changed file's entry (`look`), with its projection."""
    entry, tf = look(config, cache, source, raw, sources.file_key(config, source.rel, raw))
    if tf is not None:
        entry["proj"] = projection(file_nodes(tf, entry["defs"], keys), keys)
    return entry, tf


def facts_digest(files: Mapping[str, dict[str, Any]]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for rel in sorted(files):
        digest.update(repr((rel, files[rel]["facts"])).encode())
    return digest.hexdigest()


def _summaries(
    typed: Sequence[TypedFile], cache: Cache, keys: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Per typed file, what the state keeps of it that the file alone decides: its
    definitions, invalid ids, summary (stored, under `detail`) and projection. The model
    keeps the first definition of each identity (files in path order, as `Resolver.collect`
    adds them); the others are neither walked nor scoped."""
    ordered = sorted(typed, key=lambda tf: tf.rel)
    defs = {tf.rel: definitions(tf) for tf in ordered}
    first: dict[str, tuple[str, Path_]] = {}
    for tf in ordered:
        for _, ident, _, path in defs[tf.rel]:
            first.setdefault(ident, (tf.rel, path))

    def winner(element_id: str, path: Path_, *, rel: str) -> bool:
        return first.get(identity(element_id)) == (rel, path)

    out: dict[str, dict[str, Any]] = {}
    for tf in ordered:
        entry = out[tf.rel] = {
            "defs": defs[tf.rel],
            "invalid": [(i, identity(i)) for i, _ in tf.invalid_ids],
        }
        entry.update(summarise(tf, functools.partial(winner, rel=tf.rel), defs=defs[tf.rel]))
        entry["proj"] = projection(file_nodes(tf, entry["defs"], keys), keys)
        entry["detail"] = write_blob(cache, {k: entry[k] for k in DETAIL})
    return out


def cold(config: Config, sources: Sources, cache: Cache) -> tuple[Result, State]:
    """A full run, as `load_project` validates, leaving the state an edit is checked from.
    Once the files are typed, their summaries are made beside the resolver and the scope
    checks (eaf.pipeline.beside), which read the same typed files and nothing of each other
    (one process beside this one: a third would take a core from this one's longer work).
    From SPREAD_FROM bytes, two workers do most of it (eaf.pipeline.spread), when they can.
    What selectors can read (`keys`) is every field a selector text in the files names,
    valid or not: never less than the scopes evaluated later read."""
    from eaf.pipeline import spread  # it builds on this module's parts

    size = sum(len(raw) for _, raw in sources.files)
    if size >= spread.SPREAD_FROM:
        done = spread.spread_cold(config, sources, cache)
        if done is not None:
            return done
    files: dict[str, dict[str, Any]] = {}
    typed: list[TypedFile] = []
    failed: dict[str, frozenset[str]] = {}  # files that failed to load → ids they would define
    parses = parse_all(sources, config, cache)  # in two processes when it pays
    for source, raw in sources.files:
        key = sources.file_key(config, source.rel, raw)
        one = Sources([(source, raw)], [], {source.rel: key})
        found, diags = type_files(one, config, cache, failed=failed, parsed=parses)
        typed += found
        files[source.rel] = _new_entry(key, diags)
    parses.close()  # the parsing workers are gone before anything is forked
    keys = sorted(read_keys(selector_texts(typed)))
    big = size >= BESIDE_FROM
    with Beside(functools.partial(_summaries, typed, cache, keys), fork=big) as summaries:
        model, resolve_diags = resolve(typed, failed=failed)
        memo: dict[str, frozenset[str]] = {}
        nodes = node_table(model, read_keys(scope_texts(model)))
        scope_diags = check_scopes(model, memo, nodes)
        placed = place([*resolve_diags, *scope_diags], files)
        made = summaries.result()
    for rel, summary in made.items():
        files[rel].update(summary)
    # A file that failed to load turns references to its ids into notes: the next run is cold.
    ok = placed.pop("ok") and not failed
    selectors = selector_rows(files)
    for text, row in selectors.items():
        selected = memo[text]
        if walks(text):
            ok = False  # a selector that walks the graph depends on every reference
        for element_id in selected:
            rel = model.elements[element_id].file
            row[0][rel] = row[0].get(rel, 0) + 1
        row[2] = {x: model.elements[x].file for x in row[1] if x in selected}
        row[1] = frozenset(row[1])
    for element in model:
        files[element.file]["count"] = files[element.file].get("count", 0) + 1
    state: State = {
        "ok": ok,
        "files": files,
        **placed,
        "facts_digest": facts_digest(files),
        "selectors": selectors,
        "keys": keys,
    }
    for entry in files.values():
        entry["verdicts"] = verdicts_of(entry, selectors, model.elements)
        entry.setdefault("count", 0)
    return result_of(sources, state, len(model)), state


def selector_rows(files: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """Per selector text of the files' scopes, its row of the state's selector table, with
    only the exceptions filled in: [counts per file, exceptions, exceptions it selects]."""
    selectors: dict[str, Any] = {}
    for entry in files.values():
        for _, _, text, excepts in entry["scopes"]:
            selectors.setdefault(text, [{}, set(), {}])[1].update(excepts)
    return selectors


def place(diags: Sequence[Diagnostic], files: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Each whole-model finding put where the state keeps it: a file's own, reference and
    scope findings in its entry; clashes of ids, findings of the facts checks and cycles apart.
    What the state cannot place goes to `other`, and `ok` is False: the next run is cold."""
    placed: dict[str, Any] = {"ok": True, "ids": [], "facts": [], "cycles": [], "other": []}
    for d in diags:
        plain, rel = to_plain(d), d.location.path if d.location else None
        if rel not in files:
            placed["ok"] = False
            placed["other"].append(plain)
        elif d.code in _LOCAL:
            files[rel]["local"].append(plain)
        elif d.code in _REFS:
            files[rel]["refdiags"].append(plain)
        elif d.code in _SCOPES:
            files[rel]["scopediags"].append(plain)
        elif d.code in _IDS:
            placed["ids"].append(plain)
        elif d.code in _FACTS or d.message.startswith("cycle in 'successors'"):
            placed["facts"].append(plain)
        elif d.code == codes.CYCLE.id:  # the acyclic relations are replayed every run
            placed["cycles"].append(plain)
        else:
            placed["ok"] = False
            placed["other"].append(plain)
    return placed


def verdicts_of(
    entry: dict[str, Any], selectors: dict[str, Any], elements: Mapping[str, Any]
) -> list[Any]:
    """Per scope of the file: whether it selects nothing, and which exceptions it does not
    select (of those that exist)."""
    out = []
    for _, _, text, excepts in entry["scopes"]:
        counts, _, members = selectors[text]
        unused = [j for j, x in enumerate(excepts) if x not in members and x in elements]
        out.append((not any(counts.values()), unused))
    return out


def result_of(sources: Sources, state: State, elements: int) -> Result:
    files: dict[str, dict[str, Any]] = state["files"]
    diags = list(sources.diagnostics)
    plain: list[Plain] = [*state["ids"], *state["facts"], *state["cycles"], *state.get("other", [])]
    for entry in files.values():
        plain += entry["local"]
        plain += entry["refdiags"]
        plain += entry["scopediags"]
    diags += [from_plain(p) for p in plain]
    per_file = {rel: entry["count"] for rel, entry in files.items()}
    return diags, {"files": len(files), "elements": elements}, per_file


def patch(
    config: Config, sources: Sources, cache: Cache, state: State
) -> tuple[Result, State] | None:
    """The run after an edit, from the last run's state; None when it must be a cold one."""
    if not state.get("ok"):
        return None
    old: dict[str, dict[str, Any]] = state["files"]
    raw = {s.rel: r for s, r in sources.files}
    files: dict[str, dict[str, Any]] = {}
    changed: set[str] = set()
    typed: dict[str, TypedFile] = {}
    for source, data in sources.files:
        entry = old.get(source.rel)
        if entry is not None and entry["key"] == sources.file_key(config, source.rel, data):
            files[source.rel] = entry
            continue
        changed.add(source.rel)
        files[source.rel], tf = _entry(config, cache, sources, source, data, keys=state["keys"])
        if tf is None:
            return None  # a file that fails to load changes how references to its ids read
        typed[source.rel] = tf
    touched = changed | (old.keys() - files.keys())
    if not touched:
        return result_of(sources, state, sum(e["count"] for e in files.values())), state
    if any(_touches(d, touched) for d in [*state["ids"], *state["facts"]]):
        return None
    if facts_digest(files) != state["facts_digest"]:
        return None
    if _same_summaries(cache, state, files, changed):
        return _relocated(config, sources, state, files, changed)
    # Checked against the whole model: every file's summary is read.
    if not _read_details(cache, old):
        return None
    selectors = _read_blob(cache, state["selectors_key"])
    if not isinstance(selectors, dict):
        return None
    # The model's ids: a clash that involves a changed file is left to a cold run.
    rows: dict[str, tuple[str, str, Path_]] = {}
    ids: dict[str, str] = {}
    invalid: set[str] = set()
    owner: dict[str, str] = {}  # identity → the first file that defines it
    for rel in sorted(files):
        for element_id, ident, kind, path in files[rel]["defs"]:
            first = owner.setdefault(ident, rel)
            if ident in ids:
                if rel in changed or first in changed:
                    return None
                continue  # a clash between unchanged files: reported, and unchanged
            ids[ident] = element_id
            rows[element_id] = (kind, rel, path)
    for rel in sorted(files):
        for _, ident in files[rel]["invalid"]:
            first = owner.setdefault(ident, rel)
            clash = ident in invalid or first != rel or ident in ids
            if clash and (rel in changed or first in changed):
                return None
            invalid.add(ident)
    successors = {s for e in files.values() for s in e["successors"]}
    moved_defs: set[tuple[str, str, Path_]] = set()
    pool_changed = False
    for rel in touched:
        before = old.get(rel, {"defs": [], "invalid": []})
        after = files.get(rel, {"defs": [], "invalid": []})
        a = {(i, k, tuple(p)) for i, _, k, p in before["defs"]} | {
            (i, "", ()) for i, _ in before["invalid"]
        }
        b = {(i, k, tuple(p)) for i, _, k, p in after["defs"]} | {
            (i, "", ()) for i, _ in after["invalid"]
        }
        moved_defs |= a ^ b
        if [(i, k) for i, _, k, _ in before["defs"]] != [(i, k) for i, _, k, _ in after["defs"]]:
            pool_changed = True
        if {i for i, _, _, _ in before["defs"]} & successors or {
            i for i, _, _, _ in after["defs"]
        } & successors:
            return None
    moved = {identity(i) for i, _, _ in moved_defs}
    positions = Positions(raw, config)
    resolver = TableResolver(rows, ids, invalid, positions)
    # Scopes: what each selector selects, patched with the changed files' elements.
    for row in selectors.values():
        for rel in touched:
            row[0].pop(rel, None)
        row[2] = {x: f for x, f in row[2].items() if f not in touched}
    nodes: dict[str, Any] = {}
    for rel, tf in typed.items():
        nodes.update(file_nodes(tf, files[rel]["defs"], state["keys"]))
    if nodes:
        index = SelectorIndex(PlainGraph(nodes, []))
    for rel in changed:
        for _, _, text, excepts in files[rel]["scopes"]:
            row = selectors.get(text)
            if row is None or not set(excepts) <= set(row[1]):
                return None
    if nodes:
        for text, row in selectors.items():
            parsed, _ = parse_selector(text)
            assert parsed is not None
            for element_id in index.evaluate(parsed):
                rel = rows[element_id][1]
                row[0][rel] = row[0].get(rel, 0) + 1
                if element_id in row[1]:
                    row[2][element_id] = rel
    # References: those a changed id, a changed file or a changed pool of ids may concern.
    again = set(changed)
    for rel, entry in files.items():
        if rel in again:
            continue
        refdiags = entry["refdiags"]
        if (
            any(_touches(d, touched) for d in refdiags)
            or (pool_changed and any(d[0] == codes.UNKNOWN_REFERENCE.id for d in refdiags))
            or (moved and any(identity(r[2]) in moved for r in entry["refs"]))
        ):
            again.add(rel)
    for rel in again:
        files[rel] = {**files[rel], "refdiags": check_refs(resolver, rel, files[rel]["refs"])}
    cycles = replay_cycles(resolver, files, rows)
    # Scope verdicts; a file's findings are located again only when they changed.
    for rel in sorted(files):
        entry = files[rel]
        verdicts = verdicts_of(entry, selectors, rows)
        if rel in changed or verdicts != entry["verdicts"]:
            entry = files[rel] = dict(entry)
            entry["verdicts"] = verdicts
            found_diags = scope_diags(entry["scopes"], verdicts, positions, rel)
            entry["scopediags"] = [to_plain(d) for d in found_diags]
    counts = dict.fromkeys(files, 0)
    for _, rel, _ in rows.values():
        counts[rel] += 1
    for rel, n in counts.items():
        if files[rel].get("count") != n:
            files[rel] = {**files[rel], "count": n}
    new_state: State = {
        **state,
        "files": files,
        "cycles": cycles,
        "selectors": selectors,
        "selectors_key": None,
    }
    return result_of(sources, new_state, len(rows)), new_state


def check_refs(resolver: TableResolver, rel: str, refs: list[Any]) -> list[Plain]:
    """The findings about a file's references (its summary's `refs`), by the resolver's check."""
    resolver.diags = []
    rows = cast(_Elements, resolver.elements).rows
    get = rows.get
    # What check_ref finds right is passed over without making the elements it compares.
    wrong = [r for r in refs if (found := get(r[2])) is None or (r[3] and found[0] not in r[3])]
    for owner_id, path, text, kinds, once in wrong:
        holder = Element(owner_id, "", cast(Any, None), rel, ())
        resolver.check_ref(holder, tuple(path), text, RefTo(tuple(kinds), once))
    return [to_plain(d) for d in resolver.diags]


def replay_cycles(
    resolver: Resolver,
    files: Mapping[str, dict[str, Any]],
    rows: Mapping[str, tuple[str, str, Path_]],
) -> list[Plain]:
    """The cycles of the acyclic relations, replayed from every file's links."""
    acyclic: dict[str, dict[str, tuple[str, Path_]]] = {}
    dated: dict[str, dict[str, dict[str, tuple[str | None, Path_]]]] = {}
    for rel in sorted(files):
        for relation, date, element_id, text, kinds, path in files[rel]["links"]:
            target = None
            if text is not None:
                found = rows.get(text)
                if found is None or (kinds and found[0] not in kinds):
                    continue
                target = text
            if date is None:
                if target is not None:
                    acyclic.setdefault(relation, {})[element_id] = (target, tuple(path))
            else:
                dated.setdefault(relation, {}).setdefault(date, {})[element_id] = (
                    target,
                    tuple(path),
                )
    resolver.diags = []
    resolver.all_cycles(acyclic, dated)
    return [to_plain(d) for d in resolver.diags]


def scope_diags(
    scopes: list[Any], verdicts: list[Any], positions: Mapping[str, PositionMap], rel: str
) -> list[Diagnostic]:
    """A file's scope findings from its scopes (element, path, selector, exceptions) and their
    verdicts (selects nothing; the exceptions, by index, it does not select), in the order
    the one-process run makes them (the model's id order). The file's positions are made only
    when it has one (they read it again)."""
    found: list[Diagnostic] = []
    rows = sorted(zip(scopes, verdicts, strict=True), key=lambda row: str(row[0][0]))
    for (element_id, path, text, excepts), (empty, unused) in rows:
        if empty or unused:
            found += scope_findings(
                element_id,
                text,
                list(excepts),
                tuple(path),
                positions[rel],
                empty=empty,
                unused=list(unused),
            )
    return found


def _same_summaries(
    cache: Cache, state: State, files: dict[str, dict[str, Any]], changed: set[str]
) -> bool:
    """Whether the edit left every changed file defining, referencing, linking and scoping
    exactly what it did, with the same values for the selectors to read, and no finding about
    the rest of the model points into it: then only its own findings change."""
    old: dict[str, dict[str, Any]] = state["files"]
    if not changed <= old.keys() or files.keys() != old.keys():
        return False
    if any(_touches(d, changed) for d in state["cycles"]):
        return False
    for rel, entry in old.items():
        if rel not in changed and any(_touches(d, changed) for d in entry["refdiags"]):
            return False
    for rel in changed:
        before, after = old[rel], files[rel]
        # A reference finding of its own would have to be located again: from the id table.
        if before["refdiags"] or before["proj"] != after["proj"]:
            return False
        detail = _read_blob(cache, before["detail"])
        if not isinstance(detail, dict) or any(detail.get(k) != after[k] for k in DETAIL):
            return False
    return True


def _relocated(
    config: Config,
    sources: Sources,
    state: State,
    files: dict[str, dict[str, Any]],
    changed: set[str],
) -> tuple[Result, State]:
    """The run after an edit that `_same_summaries` allows: the changed files' own findings
    are new, their scopes' verdicts the same (located again: lines may have moved)."""
    old: dict[str, dict[str, Any]] = state["files"]
    positions = Positions({s.rel: r for s, r in sources.files}, config)
    files = dict(files)
    for rel in sorted(changed):
        before, after = old[rel], files[rel]
        found = scope_diags(after["scopes"], before["verdicts"], positions, rel)
        files[rel] = {
            **before,
            "key": after["key"],
            "local": after["local"],
            "scopediags": [to_plain(d) for d in found],
        }
    new_state: State = {**state, "files": files}
    return result_of(sources, new_state, sum(e["count"] for e in files.values())), new_state


def _read_blob(cache: Cache, key: Any) -> Any:
    if not isinstance(key, str):
        return None
    data = cache.get_bytes("summary", key)
    if data is None:
        return None
    try:
        return marshal.loads(data)  # noqa: S302 - plain data, eaf's own
    except (EOFError, ValueError, TypeError):
        return None


def write_blob(cache: Cache, value: Any) -> str:
    """Stores plain data under a key made from it; the key."""
    return store_blob(cache, marshal.dumps(value))


def store_blob(cache: Cache, data: bytes) -> str:
    """Stores marshalled plain data under a key made from it; the key."""
    key = blob_key(data)
    cache.put_bytes("summary", key, data)
    return key


def blob_key(data: bytes) -> str:
    """The key `store_blob` stores these marshalled bytes under."""
    return content_key("summary", data)


def _read_details(cache: Cache, files: dict[str, dict[str, Any]]) -> bool:
    """Every file's summary read into its entry; False when one is missing from the cache."""
    for entry in files.values():
        if "defs" in entry:
            continue
        detail = _read_blob(cache, entry.get("detail"))
        if not isinstance(detail, dict) or not set(DETAIL) <= detail.keys():
            return False
        entry.update(detail)
    return True


def _save(cache: Cache, key: str, state: State) -> None:
    """The index, and the summaries and selector table not stored yet."""
    light: dict[str, dict[str, Any]] = {}
    for rel, entry in state["files"].items():
        if entry.get("detail") is None:
            entry["detail"] = write_blob(cache, {k: entry[k] for k in DETAIL})
        light[rel] = {k: v for k, v in entry.items() if k not in DETAIL}
    index = {k: v for k, v in state.items() if k != "selectors"}
    if index.get("selectors_key") is None:
        index["selectors_key"] = write_blob(cache, state["selectors"])
    index["files"] = light
    cache.put("state", key, index)


def validate_incrementally(config: Config, sources: Sources, cache: Cache) -> Result:
    """Every finding of `eaf validate` on these sources: patched from the last run's state
    when it can be, otherwise from a cold run; either way the state is left for the next."""
    if cache.directory is None:
        return cold(config, sources, cache)[0]
    key = state_key(config)
    state = cache.get("state", key)
    done = patch(config, sources, cache, state) if isinstance(state, dict) else None
    if done is None:
        done = cold(config, sources, cache)
    result, state = done
    _save(cache, key, state)
    return result
