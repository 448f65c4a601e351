"""The YAML test suite (tests/yaml_test_suite, MIT) through eaf's loader: every valid case is
loaded to exactly the suite's data or refused by a located, coded eaf restriction; every invalid
case is refused, located. tests/yaml_suite.py defines the verdicts; benchmarks/yaml_suite.py
prints the counts."""

from __future__ import annotations

import pytest
from yaml_suite import FAILURES, Case, cases, run_all, same, verdict


def test_the_suite_is_all_there() -> None:
    all_cases = cases()
    assert len(all_cases) == 402
    assert sum(c.fail for c in all_cases) == 94
    assert len({c.id for c in all_cases}) == len(all_cases)
    for case in all_cases:
        if not case.fail:
            assert case.tree is not None or case.json is not None, case.id


def test_no_case_is_accepted_invalid_misread_unlocated_or_crashes() -> None:
    results = run_all()
    failures = [f"{v} {i}: {why}" for v in FAILURES for i, why in results[v]]
    assert failures == []
    assert len(results["loaded"]) >= 150
    assert sum(len(v) for v in results.values()) == 402


def test_nested_cases_get_the_same_treatment() -> None:
    """Each case again as the value of a key: what eaf detects where libyaml is wrong does not
    depend on being at the top of the file."""
    results = run_all(nested=True)
    failures = [f"{v} {i}: {why}" for v in FAILURES for i, why in results[v]]
    assert failures == []
    assert sum(len(v) for v in results.values()) >= 250


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (Case("x", "", True, "a: 1\n", None, None), "accepted-invalid"),
        (Case("x", "", False, "a: 1\n", None, '{"a": "1"}'), "misread"),
        (Case("x", "", False, "a: [b\n", None, '{"a": ["b"]}'), "misread"),
        (Case("x", "", False, "a: &x 1\n", None, '{"a": 1}'), "restricted"),
        (Case("x", "", True, "a: [b\n", None, None), "rejected"),
        (Case("x", "", False, "a: 1\n", None, '{"a": 1}'), "loaded"),
    ],
)
def test_the_verdicts_are_what_they_say(case: Case, expected: str) -> None:
    assert verdict(case)[0] == expected


def test_equality_is_typed() -> None:
    assert same({"a": [1, 2.0]}, {"a": [1.0, 2]})
    assert not same(True, 1)
    assert not same("1", 1)
    assert not same(None, "")
