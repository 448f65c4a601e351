"""Properties over the whole pipeline: injected faults are located on the mutated line; no
construct in a model is ever executed; output is deterministic; no unsafe YAML loading."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eaf.config import Config
from eaf.pipeline import load_project

REPO = Path(__file__).resolve().parent.parent
BASE = (REPO / "tests" / "golden" / "small" / "models" / "model.yaml").read_text(encoding="utf-8")
LINES = BASE.splitlines()
# Lines holding `key: value` inside an element (not list starts, not comments).
KEYED = [i for i, line in enumerate(LINES) if re.match(r"^ {4}[a-z_]+: \S", line)]


def run(tmp: Path, text: str) -> list[tuple[int, str]]:
    models = tmp / "models"
    models.mkdir(exist_ok=True)
    (models / "m.yaml").write_text(text, encoding="utf-8")
    config = Config(root=tmp, models=models, build=tmp / "build", schemas=tmp / "schemas")
    project = load_project(config, use_cache=False)
    return [
        (d.location.line, d.code)
        for d in project.diagnostics
        if d.location is not None and d.severity == "error"
    ]


def mutate(line: str, how: str) -> str:
    indent = line[: len(line) - len(line.lstrip())]
    key, _, value = line.strip().partition(": ")
    if how == "unknown-key":
        return f"{indent}{key}x: {value}"
    if how == "duplicate-key":
        return f"{line}\n{indent}{key}: {value}"
    if how == "tag":
        return f"{indent}{key}: !!str {value}"
    if how == "alias":
        return f"{indent}{key}: *nothing"
    if how == "anchor":
        return f"{indent}{key}: &a {value}"
    if how == "mapping-value":
        return f"{indent}{key}: {{x: 1}}"
    raise AssertionError(how)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    index=st.sampled_from(KEYED),
    how=st.sampled_from(
        ["unknown-key", "duplicate-key", "tag", "alias", "anchor", "mapping-value"]
    ),
)
def test_a_fault_is_reported_on_its_line(tmp_path_factory: object, index: int, how: str) -> None:
    tmp = tmp_path_factory.mktemp("m")  # type: ignore[attr-defined]
    lines = list(LINES)
    lines[index] = mutate(lines[index], how)
    expected_line = index + 2 if how == "duplicate-key" else index + 1
    found = run(tmp, "\n".join(lines) + "\n")
    assert any(line == expected_line for line, _ in found), (how, LINES[index], found)


def test_the_unmutated_model_is_clean(tmp_path: Path) -> None:
    assert run(tmp_path, BASE) == []


def test_tags_never_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    payloads = [
        f'x: !!python/object/apply:os.system ["touch {marker}"]',
        f'x: !!python/object/new:os.system ["touch {marker}"]',
        'x: !!python/name:os.system ""\n'
        f'y: !!python/object/apply:subprocess.call [["touch", "{marker}"]]',
    ]
    for payload in payloads:
        found = run(tmp_path, payload + "\n")
        assert any(code == "EAF106" for _, code in found)
        assert not marker.exists()


def test_no_unsafe_yaml_loading_in_the_code() -> None:
    pattern = re.compile(
        r"yaml\.(load|full_load|unsafe_load|load_all)\(|Loader=yaml\.(Full|Unsafe)"
    )
    offenders = [
        str(p.relative_to(REPO))
        for p in sorted((REPO / "eaf").rglob("*.py"))
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_runs_are_byte_identical(tmp_path: Path) -> None:
    text = BASE.replace("owner: so-tttt", "owner: so-tttx")
    assert run(tmp_path, text) == run(tmp_path, text)
    assert run(tmp_path, text)  # the change is found
