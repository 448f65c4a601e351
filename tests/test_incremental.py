"""`eaf validate` after edits, answered from the last run's state (eaf.pipeline.incremental),
gives exactly what a cold run gives: the same diagnostics (as JSON) and counts, over seeded
random edit sequences on a small generated model: descriptions changed, ids renamed, added
and removed, references broken and fixed, files broken, deleted, renamed, added and restored."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from eaf import codes
from eaf.config import load_config
from eaf.diagnostics import to_plain
from eaf.pipeline import incremental
from eaf.pipeline.load import validate_project

ROOT = Path(__file__).resolve().parents[1]


def _outcome(root: Path, *, use_cache: bool) -> tuple[object, ...]:
    report = validate_project(load_config(root), use_cache=use_cache)
    return (
        [to_plain(d) for d in report.diagnostics],
        report.stats,
        report.files,
        report.ok,
    )


def _edit(rng: random.Random, models: Path, originals: dict[str, str]) -> str:
    files = sorted(models.rglob("*.yaml"))
    path = rng.choice(files)
    text = path.read_text(encoding="utf-8")
    ids = [line.split("id: ", 1)[1] for line in text.splitlines() if line.startswith("  - id: ")]
    kind = rng.choice(
        [
            "describe",
            "describe",
            "rename",
            "rename",
            "break-ref",
            "break-ref",
            "restore",
            "restore",
            "syntax",
            "delete",
            "move",
            "add",
            "duplicate",
            "drop-element",
            "bad-value",
        ]
    )
    if kind == "describe" and 'description: "' in text:
        path.write_text(text.replace('description: "', 'description: "x', 1), encoding="utf-8")
    elif kind == "rename" and ids:
        old = rng.choice(ids)
        path.write_text(text.replace(f"  - id: {old}\n", f"  - id: {old}-r\n", 1), encoding="utf-8")
    elif kind == "break-ref" and "owner: " in text:
        path.write_text(text.replace("owner: ", "owner: nosuch-", 1), encoding="utf-8")
    elif kind == "restore":
        rel = rng.choice(sorted(originals))
        (models.parent / rel).parent.mkdir(parents=True, exist_ok=True)
        (models.parent / rel).write_text(originals[rel], encoding="utf-8")
    elif kind == "syntax":
        path.write_text(text + "\n  - [broken: \n", encoding="utf-8")
    elif kind == "delete" and len(files) > 2:
        path.unlink()
    elif kind == "move":
        path.rename(path.with_name("moved-" + path.name))
    elif kind == "add":
        new = ids[:1]
        path.with_name(f"added-{rng.randrange(1000)}.yaml").write_text(
            "actors:\n"
            + "".join(f'  - id: {i}{rng.choice(["", "-x"])}\n    name: "E"\n' for i in new),
            encoding="utf-8",
        )
    elif kind == "duplicate":
        shutil.copy(path, path.with_name("copy-" + path.name))
    elif kind == "drop-element" and ids:
        victim = rng.choice(ids)
        path.write_text(text.replace(f"  - id: {victim}\n", "  - id: \n", 1), encoding="utf-8")
    elif kind == "bad-value" and "level: " in text:
        path.write_text(text.replace("level: ", "level: comune-", 1), encoding="utf-8")
    else:
        return "nothing"
    return kind


def _calls(
    monkeypatch: pytest.MonkeyPatch, name: str, module: ModuleType = incremental
) -> list[bool]:
    """Each call of ``<module>.<name>`` while the test runs: whether it returned something
    (an edit ``patch`` could not answer returns None, and the run is a cold one)."""
    calls: list[bool] = []
    original = getattr(module, name)

    def recording(*args: object) -> object:
        result = original(*args)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(module, name, recording)
    return calls


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_matches_cold(
    generated: Path, tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    patched = _calls(monkeypatch, "patch")
    root = tmp_path / "m"
    shutil.copytree(generated, root)
    models = root / "models"
    originals = {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in models.rglob("*.yaml")
    }
    rng = random.Random(seed)
    assert _outcome(root, use_cache=True) == _outcome(root, use_cache=False)
    done = []
    for _ in range(14):
        done.append(_edit(rng, models, originals))
        warm = _outcome(root, use_cache=True)
        assert warm == _outcome(root, use_cache=False), done
    # The path under test was taken, not only the cold run it falls back to.
    assert sum(patched) >= 2, (patched, done)


def test_common_edits_are_patched(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Texts and references edited, broken and fixed: never a cold run, same findings."""
    colds = _calls(monkeypatch, "cold")
    root = tmp_path / "m"
    shutil.copytree(generated, root)
    files = sorted((root / "models").rglob("*.yaml"))
    _outcome(root, use_cache=True)
    assert len(colds) == 1
    for path in files[-3:]:
        text = path.read_text(encoding="utf-8")
        for edited in (
            text.replace('description: "', 'description: "y', 2),
            text.replace("owner: ", "owner: nosuch-", 1),
            text.replace("owner: ", "owner: ", 1),
            text,
        ):
            path.write_text(edited, encoding="utf-8")
            assert _outcome(root, use_cache=True) == _outcome(root, use_cache=False)
    assert len(colds) == 1 + 12  # one cold run per cold comparison, none for the edits


def test_text_edits_read_no_other_file(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A comment or a description edited (lines added, so findings move) is answered from the
    index and the edited file alone; a value the selectors read (a tag) changed makes scopes
    select nothing: that is checked against the whole model. Either way, what a cold run
    finds."""
    whole = _calls(monkeypatch, "_read_details")
    root = tmp_path / "m"
    shutil.copytree(generated, root)
    models = root / "models"
    services = sorted((models / "services").glob("*.yaml"))[0]
    scope = '      - select: "kind:organization,level:district,tag:binh-duong"\n'
    assert scope in services.read_text(encoding="utf-8")
    # An exception the scope does not select: a finding that moves with the lines above it.
    original = services.read_text(encoding="utf-8").replace(
        scope, scope + "        except: [tthc-92]\n", 1
    )
    services.write_text(original, encoding="utf-8")
    first = _outcome(root, use_cache=True)
    assert [d[0] for d in first[0]] == [codes.EXCEPTION_UNUSED.id]  # type: ignore[attr-defined]
    for edited in (
        "# a comment: every line below moves\n" + original,
        original.replace('description: "', 'description: "a longer\n      text, ', 1),
        original.replace('description: "', 'description: "b', 3),
        original,
    ):
        services.write_text(edited, encoding="utf-8")
        assert _outcome(root, use_cache=True) == _outcome(root, use_cache=False)
    assert whole == []
    organizations = sorted((models / "organizations").glob("*.yaml"))[0]
    text = organizations.read_text(encoding="utf-8")
    assert "tags: [binh-duong]" in text
    organizations.write_text(text.replace("tags: [binh-duong]", "tags: [elsewhere]"), "utf-8")
    untagged = _outcome(root, use_cache=True)
    assert untagged == _outcome(root, use_cache=False)
    empty = codes.SELECTOR_EMPTY.id
    assert any(d[0] == empty for d in untagged[0]), "scopes now select nothing"  # type: ignore[attr-defined]
    assert len(whole) == 1
    organizations.write_text(text, encoding="utf-8")
    assert _outcome(root, use_cache=True) == _outcome(root, use_cache=False)


def test_the_first_of_a_duplicated_id_is_the_one_kept(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two different elements under one id: the first (by file) is the model's, its parent
    closes a cycle the second's would not. An edit elsewhere is patched from the state, which
    must have summarised the same one."""
    patched = _calls(monkeypatch, "patch")
    root = tmp_path / "m"
    shutil.copytree(generated, root)
    extra = root / "models" / "zz"
    extra.mkdir()
    org = (
        '  - id: {id}\n    name: "{name}"\n    level: department\n    type: "sở"\n'
        "    parent: {to}\n"
    )
    (extra / "a-dup.yaml").write_text(
        "organizations:\n" + org.format(id="dupx", name="A", to="dupy"), encoding="utf-8"
    )
    (extra / "b-dup.yaml").write_text(
        "organizations:\n"
        + org.format(id="dupx", name="B", to="nosuch-org")
        + org.format(id="dupy", name="Y", to="dupx"),
        encoding="utf-8",
    )
    first = _outcome(root, use_cache=True)
    assert first == _outcome(root, use_cache=False)
    assert any("cycle in 'parent'" in d[2] for d in first[0]), first[0]
    # An id renamed elsewhere: checked against the whole model, from every file's summary.
    services = sorted((root / "models" / "services").glob("*.yaml"))[0]
    text = services.read_text(encoding="utf-8")
    start = text.index("  - id: ") + len("  - id: ")
    old_id = text[start : text.index("\n", start)]
    services.write_text(text.replace(f"  - id: {old_id}\n", f"  - id: {old_id}-r\n", 1), "utf-8")
    assert _outcome(root, use_cache=True) == _outcome(root, use_cache=False)
    assert patched == [True]
