"""Fuzzing in the suite, bounded by example count (benchmarks/fuzz.py runs a million): mutated
YAML through the loader and mutated models through the whole pipeline never raise, and every
diagnostic is located inside its file."""

from __future__ import annotations

import functools
import random

from fuzzing import REPO, Model, check_loader, check_model, load_model, mutate, mutate_model, seeds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@functools.cache
def _seeds() -> list[bytes]:
    return seeds()


@functools.cache
def _model() -> Model:
    return load_model(REPO / "tests" / "cases" / "valid" / "every-section")


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(min_value=0), rng=st.randoms(use_true_random=False))
def test_mutated_yaml_is_handled(index: int, rng: random.Random) -> None:
    pool = _seeds()
    raw = mutate(pool[index % len(pool)], rng, pool)
    assert check_loader(raw, track=rng.random() < 0.3) == []


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rng=st.randoms(use_true_random=False))
def test_mutated_models_pass_the_whole_pipeline(rng: random.Random) -> None:
    model = _model()
    assert check_model(model, mutate_model(model, rng)) == []


def test_the_fuzzers_find_what_they_look_for() -> None:
    """The checks are not vacuous: a diagnostic placed past the end of its file is caught."""
    from fuzzing import unlocated

    from eaf import codes
    from eaf.diagnostics import Location

    bad = codes.YAML_SYNTAX("x", Location("m.yaml", 3, 1))
    whole = codes.UNREADABLE_FILE("x", Location("m.yaml"))
    nowhere = codes.YAML_SYNTAX("x")
    assert unlocated([bad, whole, nowhere], {"m.yaml": "a: 1\n"}) == [bad, nowhere]
    assert len(_seeds()) > 400
