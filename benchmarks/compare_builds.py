"""Compare two `fazhi build` output directories: the exports byte for byte, the store quad for
quad (every report graph; the vocab graph up to blank-node labels), build.json up to timings.

    python benchmarks/compare_builds.py OLD_DIR NEW_DIR

Used to check that a speed change of the build changed no output. Exit status 1 on a difference.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from graph.build import EXPORTS, file_sha256
from graph.rdf import VOCAB_GRAPH
from graph.store import GraphStore


def _store_digests(path: Path) -> dict[str, tuple[int, str]]:
    """graph name -> (number of quads, sha256 of its sorted N-Triples lines)."""
    store = GraphStore(path / "store", read_only=True)
    try:
        out = {}
        for name in store.graph_names():
            quads = store.graph_quads(name)  # canonical blank-node labels for the vocab graph
            lines = sorted(f"{q.subject} {q.predicate} {q.object}" for q in quads)
            out[name] = (len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest())
        return out
    finally:
        store.close()


def _build_json(path: Path) -> dict:
    data = json.loads((path / "build.json").read_text(encoding="utf-8"))
    data.pop("timings", None)
    data.pop("fingerprint", None)  # the code's hash: differs between the two versions compared
    for row in data.get("reports", []):
        row.pop("timings", None)
    return data


def compare(old: Path, new: Path) -> list[str]:
    problems = []
    for name in EXPORTS:
        a, b = file_sha256(old / name), file_sha256(new / name)
        print(f"{name:28s} {'same' if a == b else 'DIFFERENT'} {a[:16]} {b[:16]}")
        if a != b:
            problems.append(name)
    sa, sb = _store_digests(old), _store_digests(new)
    same = sa == sb
    print(f"{'store':28s} {'same' if same else 'DIFFERENT'} {len(sa)} / {len(sb)} graphs, "
          f"{sum(n for n, _ in sa.values())} / {sum(n for n, _ in sb.values())} quads "
          f"(vocab {sa.get(VOCAB_GRAPH.value, (0,))[0]})")
    if not same:
        problems.append("store")
    ja, jb = _build_json(old), _build_json(new)
    print(f"{'build.json (no timings)':28s} {'same' if ja == jb else 'DIFFERENT'}")
    if ja != jb:
        problems.append("build.json")
    return problems


if __name__ == "__main__":
    sys.exit(1 if compare(Path(sys.argv[1]), Path(sys.argv[2])) else 0)
