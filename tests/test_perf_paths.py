"""The fast paths give the same answers as the slow ones: field descriptions read from one
parse per module (as pydantic's `use_attribute_docstrings` would), validation's scopes
evaluated over plain nodes and edges (as over the networkx graph), selectors intersected
smallest set first (as from the full node set), and `eaf validate` without networkx."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pydantic._internal._docs_extraction import extract_docstrings_from_cls

from eaf.config import load_config
from eaf.graph import build_graph
from eaf.links import plain_graph
from eaf.pipeline import load_project
from eaf.select import SelectorIndex, parse_selector
from eaf.spec.types import Strict, attribute_docstrings

REPO = Path(__file__).resolve().parent.parent


def _shapes(cls: type[Strict]) -> list[type[Strict]]:
    return [cls, *(s for sub in cls.__subclasses__() for s in _shapes(sub))]


def test_field_descriptions_are_pydantics_attribute_docstrings() -> None:
    import eaf.spec  # noqa: F401 - defines every shape

    shapes = _shapes(Strict)
    assert len(shapes) > 30
    described = 0
    for cls in shapes:
        docs = extract_docstrings_from_cls(cls, use_inspect=True)
        assert attribute_docstrings(cls.__module__).get(cls.__qualname__, {}) == docs, cls
        for name, info in cls.model_fields.items():
            if name in docs:
                assert info.description == docs[name], (cls, name)
            described += info.description is not None
    assert described > 300


def _selectors(model_root: Path) -> list[str]:
    project = load_project(load_config(model_root), graph=False)
    assert project.model is not None
    texts = {
        scope.select
        for element in project.model
        for field in ("deployment", "offered_by")
        for scope in element.value(field) or ()
    }
    return sorted(texts)


def test_plain_graph_selects_as_the_networkx_graph() -> None:
    project = load_project(load_config(REPO), scope_edges=False)
    assert project.model is not None
    plain = SelectorIndex(plain_graph(project.model))
    full = SelectorIndex(build_graph(project.model, scope_edges=False)[0])
    texts = [
        *_selectors(REPO),
        "kind:system,!tag:legacy",
        "+lgsp-binh-duong",
        "kind:organization,level:commune,!parent:tp-thu-dau-mot",
        "kind:system,security_level>=3,owner:*",
        "1+cong-dvc-binh-duong+1 kind:nothing",
        "kind:organization,level:commune,kind:organization",
    ]
    assert len(texts) > 10
    for text in texts:
        selector, problems = parse_selector(text)
        assert selector is not None and not problems, text
        assert plain.evaluate(selector) == full.evaluate(selector), text


def test_smallest_first_is_the_same_intersection() -> None:
    project = load_project(load_config(REPO), scope_edges=False)
    index = SelectorIndex(project.graph)
    nodes = index.nodes
    for text in _selectors(REPO):
        selector, _ = parse_selector(text)
        assert selector is not None
        expected: set[str] = set()
        for group in selector.groups:
            current = set(nodes)
            for atom in group.atoms:
                matched = index._expanded(atom)
                current = current - matched if atom.negated else current & matched
            expected |= current
        assert index.evaluate(selector) == expected, text


def _after_validate(root: Path, shown: str) -> str:
    """What `shown` (a Python expression) prints after `eaf validate --no-cache` of the project
    at `root`, in a fresh interpreter."""
    code = (
        "import sys; from eaf.cli.main import main\n"
        "try:\n    main(['validate', '--no-cache'])\nexcept SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        f"print({shown})"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def test_validate_does_not_import_networkx() -> None:
    assert _after_validate(REPO, "'networkx' in sys.modules") == "False"


def test_a_model_read_by_the_fast_path_alone_does_not_import_pyyaml(generated: Path) -> None:
    """PyYAML and eaf's composer are loaded only when a file needs them: a cold run of the
    generated model, every file of which the compiled reader takes, never imports them."""
    shown = "'yaml' in sys.modules, 'eaf.load.compose' in sys.modules"
    assert _after_validate(generated, shown) == "False False"
