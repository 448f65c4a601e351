"""The YAML test suite through eaf's loader: how many cases get each verdict (tests/yaml_suite.py
says what each means), and every failure with its reason.

    .venv/bin/python benchmarks/yaml_suite.py [--all]

Exit code 0 when there is no failure (accepted-invalid, misread, unlocated, crashed), 1 otherwise.
--all also lists the cases eaf refuses by a restriction, with the code it gives.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from yaml_suite import FAILURES, run_all


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="list restricted cases too")
    args = parser.parse_args()
    results = run_all()
    variants = run_all(nested=True)
    print(
        f"YAML test suite: {sum(len(v) for v in results.values())} cases, and "
        f"{sum(len(v) for v in variants.values())} of them again as the value of a key"
    )
    print(f"  {'verdict':<17} {'cases':>5} {'nested':>6}")
    for verdict, items in results.items():
        print(f"  {verdict:<17} {len(items):>5} {len(variants[verdict]):>6}")
    for verdict in (*FAILURES, *(("restricted",) if args.all else ())):
        for case_id, why in [*results[verdict], *variants[verdict]]:
            print(f"{verdict:<17} {case_id:<9} {why[:160]}")
    failed = any(results[v] or variants[v] for v in FAILURES)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
