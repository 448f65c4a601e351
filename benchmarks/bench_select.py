"""Benchmark of selector evaluation at national scale: a graph of 100,000 nodes, three
selectors (a kind, a conjunction with a comparison and a negation, everything downstream of a
node), against the floor of one plain Python pass over the nodes' attributes per selector.

    python benchmarks/bench_select.py [--nodes 100000] [--repeat 5]

Target: building the index and answering the three selectors within a few times the floor.
"""

from __future__ import annotations

import argparse
import time

import networkx as nx

from eaf.select import SelectorIndex, parse_selector

SELECTORS = ("kind:system", "kind:system,online_level>=3,!level:commune", "n1+")


def graph(n: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    kinds = ("system", "organization", "data")
    g.add_nodes_from(
        (
            f"n{i}",
            {
                "kind": kinds[i % 3],
                "file": f"models/f{i % 50}.yaml",
                "fields": {"level": "commune" if i % 2 else "province", "online_level": i % 5},
            },
        )
        for i in range(n)
    )
    g.add_edges_from((f"n{i // 2}", f"n{i}", {"type": "uses"}) for i in range(1, n))
    return g


def floor(g: nx.MultiDiGraph) -> float:
    start = time.perf_counter()
    nodes = g.nodes(data=True)
    _ = {n for n, d in nodes if d["kind"] == "system"}
    _ = {
        n
        for n, d in nodes
        if d["kind"] == "system"
        and d["fields"]["online_level"] >= 3
        and d["fields"]["level"] != "commune"
    }
    _ = nx.descendants(g, "n1")
    return time.perf_counter() - start


def eaf(g: nx.MultiDiGraph) -> float:
    parsed = [parse_selector(text)[0] for text in SELECTORS]
    start = time.perf_counter()
    index = SelectorIndex(g)
    for selector in parsed:
        assert selector is not None
        index.evaluate(selector)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    g = graph(args.nodes)
    base = min(floor(g) for _ in range(args.repeat))
    ours = min(eaf(g) for _ in range(args.repeat))
    print(f"{args.nodes} nodes: floor {base:.3f} s, eaf {ours:.3f} s, {ours / base:.2f}x floor")


if __name__ == "__main__":
    main()
