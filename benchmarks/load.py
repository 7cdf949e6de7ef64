"""Benchmark: `fazhi load` against rdflib-neo4j (Neo4j Labs' client-side RDF importer).

Both load the same build into the same (cleared) Neo4j database in the same run:
- fazhi load: reads the build's Oxigraph store and writes the property graph of docs/model.md;
- rdflib-neo4j: `Graph(store=Neo4jStore(config)).parse(<all quads of the build as N-Triples>)`,
  batching on (batch_size 5000), HANDLE_VOCAB_URI_STRATEGY.IGNORE (its fastest mapping).
Reported: input triples/s and reports/s for both, and the ratio. The dump to N-Triples for
rdflib-neo4j is done before its clock starts (it is Rust, and not the importer's work). fazhi runs
first, so rdflib-neo4j gets the server warmed up by it.

    python benchmarks/load.py [BUILD_DIR] [--reports N]   # no BUILD_DIR: a synthetic build of N reports
    (connection: NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD, defaults to the local server)

`measure_load(build_dir, uri, user, password)` is the entry point other benchmarks call.
WARNING: it clears the target database.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.neo4j_load import BuildSource, Neo4jTarget, clear_database, count_graph, load_build  # noqa: E402


def _build_triples(build_dir: Path) -> tuple[int, int, bytes]:
    """(triples in the build, report graphs, the whole build as N-Triples)."""
    from pyoxigraph import RdfFormat, serialize

    source = BuildSource(build_dir)
    quads = list(source.store.quads_for_pattern(None, None, None, None))
    nt = serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES)
    return len(quads), len(source.report_graphs()), nt


def rdflib_neo4j_load(nt: bytes, uri: str, user: str, password: str, database: str = "neo4j") -> float:
    """Seconds rdflib-neo4j takes to import `nt` (N-Triples) into `database`."""
    from rdflib import Graph
    from rdflib_neo4j import HANDLE_VOCAB_URI_STRATEGY, Neo4jStore, Neo4jStoreConfig

    config = Neo4jStoreConfig(
        auth_data={"uri": uri, "database": database, "user": user, "pwd": password},
        handle_vocab_uri_strategy=HANDLE_VOCAB_URI_STRATEGY.IGNORE,
        batching=True, batch_size=5000)
    with contextlib.redirect_stdout(io.StringIO()):  # it prints its progress ("IMPORTED n TRIPLES")
        t0 = time.perf_counter()
        graph = Graph(store=Neo4jStore(config=config))
        graph.parse(data=nt, format="nt")
        graph.close(True)
        return time.perf_counter() - t0


def measure_load(build_dir: str | Path, uri: str, user: str, password: str,
                 database: str | None = None) -> dict:
    """Load `build_dir` with fazhi load and with rdflib-neo4j into a cleared database; compare.

    Returns triples, reports, and for each loader seconds, triples_per_s, reports_per_s;
    `ratio` = fazhi triples/s over rdflib-neo4j triples/s. Leaves the database holding fazhi's load.
    """
    build_dir = Path(build_dir)
    target = Neo4jTarget(uri, user, password, database)
    triples, reports, nt = _build_triples(build_dir)

    # fazhi first, so rdflib-neo4j runs on the server that fazhi's run has warmed up (conservative)
    clear_database(target)
    summary = load_build(build_dir, target)
    if summary.failed:
        raise RuntimeError(f"fazhi load failed on {len(summary.failed)} reports: {summary.failed[:3]}")
    fazhi_s = summary.seconds
    counts = count_graph(target)

    clear_database(target)
    rdflib_s = rdflib_neo4j_load(nt, uri, user, password, database or "neo4j")

    clear_database(target)
    load_build(build_dir, target)  # leave fazhi's graph in place (not timed)

    def rates(seconds: float) -> dict:
        return {"seconds": round(seconds, 3), "triples_per_s": round(triples / seconds, 1),
                "reports_per_s": round(reports / seconds, 2)}

    return {
        "build": str(build_dir), "triples": triples, "reports": reports,
        "fazhi_load": {**rates(fazhi_s), "nodes_created": summary.nodes_created,
                       "relationships_created": summary.relationships_created},
        "rdflib_neo4j": rates(rdflib_s),
        "ratio": round(rdflib_s / fazhi_s, 2),
        "graph": {k: v for k, v in counts.items() if v},
    }


def synthetic_build(reports: int, workdir: Path, seed: int = 0) -> Path:
    """A build of `reports` synthetic reports (`fazhi bench corpus` then `fazhi build`)."""
    corpus, out = workdir / "corpus", workdir / "build"
    fazhi = [sys.executable, "-c", "from fazhi.cli import main; main()"]
    subprocess.run([*fazhi, "bench", "corpus", "-n", str(reports), "--seed", str(seed), "--out", str(corpus)],
                   check=True, capture_output=True)
    subprocess.run([*fazhi, "build", str(corpus), "--out", str(out)], check=True, capture_output=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("build_dir", nargs="?", help="a `fazhi build` output directory")
    parser.add_argument("--reports", type=int, default=500, help="synthetic reports when no build_dir")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args(argv)
    target = Neo4jTarget.from_env()
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-load-") as tmp:
        build = Path(args.build_dir) if args.build_dir else synthetic_build(args.reports, Path(tmp))
        result = measure_load(build, target.uri, target.user, target.password, target.database)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    f, r = result["fazhi_load"], result["rdflib_neo4j"]
    print(f"\n{result['triples']} triples, {result['reports']} reports: fazhi load {f['triples_per_s']:.0f} "
          f"triples/s ({f['reports_per_s']:.1f} reports/s), rdflib-neo4j {r['triples_per_s']:.0f} triples/s "
          f"({r['reports_per_s']:.1f} reports/s): {result['ratio']}x", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
