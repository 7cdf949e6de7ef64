"""Benchmark: `fazhi load` against rdflib-neo4j (Neo4j Labs' client-side RDF importer).

Both load the same build into the same Neo4j server in the same run:
- fazhi load: reads the build's Oxigraph store and writes the property graph of docs/model.md;
- rdflib-neo4j: `Graph(store=Neo4jStore(config)).parse(<all quads of the build as N-Triples>)`,
  batching on (batch_size 5000), HANDLE_VOCAB_URI_STRATEGY.IGNORE (its fastest mapping).
Reported: input triples/s and reports/s for both, on the same triple count (every quad of the
build), and the ratio. Each load starts from an empty database with no constraints or indexes
(each loader creates its own schema). The dump to N-Triples for rdflib-neo4j is done before its
clock starts (it is Rust, and not the importer's work). With --repeat K the order alternates
(fazhi first, then rdflib-neo4j first, ...) and medians over the K runs are reported.

    python benchmarks/load.py [BUILD_DIR] [--reports N] [--repeat K]   # no BUILD_DIR: a synthetic build of N reports
    (connection: NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD, defaults to the local server)

`measure_load(build_dir, uri, user, password)` is the entry point other benchmarks call.
WARNING: it clears the target database and drops its constraints and indexes (the final fazhi load
recreates its own).
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

from graph.neo4j_load import (
    BuildSource,
    Neo4jTarget,
    clear_database,
    connect,
    count_graph,
    load_build,
)


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


def drop_schema(target: Neo4jTarget) -> None:
    """Drop every constraint and index but the token lookups, so each loader runs with only the
    schema it creates itself (rdflib-neo4j would otherwise also maintain fazhi's indexes)."""
    driver = connect(target)
    try:
        with driver.session(database=target.database) as session:
            for rec in list(session.run("SHOW CONSTRAINTS YIELD name")):
                session.run(f"DROP CONSTRAINT `{rec['name']}` IF EXISTS").consume()
            for rec in list(session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'")):
                session.run(f"DROP INDEX `{rec['name']}` IF EXISTS").consume()
    finally:
        driver.close()


def _server_cpu() -> float | None:
    """CPU seconds used so far by the local server's JVM ($FAZHI_NEO4J_HOME/run/neo4j.pid), if readable."""
    import os

    home = os.environ.get("FAZHI_NEO4J_HOME")
    try:
        pid = int((Path(home) / "run" / "neo4j.pid").read_text().strip()) if home else 0
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _timed(fn, target: Neo4jTarget) -> dict:
    """Clear data and schema, run fn() -> seconds; wall seconds, client CPU, server CPU, graph size."""
    import resource

    clear_database(target)
    drop_schema(target)
    def client_cpu() -> float:  # this process and its finished children (fazhi load's reader process)
        return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                      resource.getrusage(resource.RUSAGE_CHILDREN)))

    cpu0, srv0 = client_cpu(), _server_cpu()
    seconds = fn()
    cpu1, srv1 = client_cpu(), _server_cpu()
    with connect(target) as driver:
        nodes = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=target.database).records[0]["n"]
        rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n", database_=target.database).records[0]["n"]
    out = {"seconds": seconds, "client_cpu_s": round(cpu1 - cpu0, 2),
           "nodes": nodes, "relationships": rels}
    if srv0 is not None and srv1 is not None:
        out["server_cpu_s"] = round(srv1 - srv0, 2)
    return out


def measure_load(build_dir: str | Path, uri: str, user: str, password: str,
                 database: str | None = None, repeat: int = 1) -> dict:
    """Load `build_dir` with fazhi load and with rdflib-neo4j into a cleared database; compare.

    Each load starts from an empty database without constraints or indexes (each loader creates
    its own). With repeat > 1 the order alternates (fazhi first, then rdflib-neo4j first, ...)
    and the reported figures are medians over the runs; `runs` lists every run.
    Returns triples, reports, and for each loader seconds, triples_per_s, reports_per_s, client
    (and, for the local server, server) CPU seconds; `ratio` = fazhi triples/s over rdflib-neo4j
    triples/s, computed on the same triple count. Leaves the database holding fazhi's load.
    """
    import statistics

    build_dir = Path(build_dir)
    target = Neo4jTarget(uri, user, password, database)
    triples, reports, nt = _build_triples(build_dir)

    def fazhi() -> float:
        summary = load_build(build_dir, target)
        if summary.failed:
            raise RuntimeError(f"fazhi load failed on {len(summary.failed)} reports: {summary.failed[:3]}")
        return summary.seconds

    def rdflib() -> float:
        return rdflib_neo4j_load(nt, uri, user, password, database or "neo4j")

    runs = []
    for i in range(max(1, repeat)):
        order = [("fazhi_load", fazhi), ("rdflib_neo4j", rdflib)]
        if i % 2:
            order.reverse()
        run = {name: _timed(fn, target) for name, fn in order}
        run["ratio"] = round(run["rdflib_neo4j"]["seconds"] / run["fazhi_load"]["seconds"], 2)
        run["order"] = [name for name, _ in order]
        runs.append(run)
    if runs[-1]["order"][-1] != "fazhi_load":
        _timed(fazhi, target)  # leave fazhi's graph in place (not reported)
    counts = count_graph(target)

    def summary(name: str) -> dict:
        seconds = statistics.median(r[name]["seconds"] for r in runs)
        out = {"seconds": round(seconds, 3), "triples_per_s": round(triples / seconds, 1),
               "reports_per_s": round(reports / seconds, 2)}
        for key in ("client_cpu_s", "server_cpu_s", "nodes", "relationships"):
            if all(key in r[name] for r in runs):
                out[key] = statistics.median(r[name][key] for r in runs)
        return out

    for run in runs:
        for name in ("fazhi_load", "rdflib_neo4j"):
            run[name]["seconds"] = round(run[name]["seconds"], 3)
    return {
        "build": str(build_dir), "triples": triples, "reports": reports, "repeat": len(runs),
        "fazhi_load": summary("fazhi_load"), "rdflib_neo4j": summary("rdflib_neo4j"),
        "ratio": round(statistics.median(r["ratio"] for r in runs), 2),
        "runs": runs,
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
    parser.add_argument("--repeat", type=int, default=1, help="runs, alternating which loader goes first; medians")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args(argv)
    target = Neo4jTarget.from_env()
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-load-") as tmp:
        build = Path(args.build_dir) if args.build_dir else synthetic_build(args.reports, Path(tmp))
        result = measure_load(build, target.uri, target.user, target.password, target.database,
                              repeat=args.repeat)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    f, r = result["fazhi_load"], result["rdflib_neo4j"]
    print(f"\n{result['triples']} triples, {result['reports']} reports: fazhi load {f['triples_per_s']:.0f} "
          f"triples/s ({f['reports_per_s']:.1f} reports/s), rdflib-neo4j {r['triples_per_s']:.0f} triples/s "
          f"({r['reports_per_s']:.1f} reports/s): {result['ratio']}x (median of {result['repeat']}: "
          f"{', '.join(str(run['ratio']) for run in result['runs'])})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
