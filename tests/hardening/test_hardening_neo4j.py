"""`fazhi load` when Neo4j is unreachable, refuses the password, or dies mid-load, via the CLI.

Each fault ends with a clear one-line message and a nonzero exit; the password (a distinctive
one, passed by --password and by NEO4J_PASSWORD) never appears on stdout or stderr; after a
SIGKILL of the server mid-load and a restart, no report is half loaded and a rerun completes.
The destructive tests run a PRIVATE Neo4j (own home, own port), never the shared one.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from hardening_support import REPO, fazhi_cmd, run_fazhi

SECRET = "Hardening-Secret-7f3a9c"  # distinctive: any leak is a plain substring match


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: nothing listens there


def _assert_clean_failure(proc, *words: str) -> None:
    assert proc.returncode != 0, proc.stdout
    assert "Traceback" not in proc.stderr, proc.stderr
    for w in words:
        assert w in proc.stderr, proc.stderr
    assert SECRET not in proc.stdout and SECRET not in proc.stderr, "the password was echoed"


@pytest.fixture(scope="module")
def small_build(tmp_path_factory) -> Path:
    from hardening_support import write_bad_corpus

    base = tmp_path_factory.mktemp("nb")
    write_bad_corpus(base / "scrape")
    proc = run_fazhi("build", base / "scrape", "--out", base / "out", "--quiet")
    assert proc.returncode == 0, proc.stderr
    return base / "out"


@pytest.mark.parametrize("how", ["flag", "env"])
def test_unreachable_server(small_build, how):
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    args = ["load", small_build, "--uri", uri]
    env = {"NEO4J_PASSWORD": SECRET}
    if how == "flag":
        args += ["--password", SECRET]
        env = {"NEO4J_PASSWORD": ""}
    t0 = time.monotonic()
    proc = run_fazhi(*args, env=env, timeout=180)
    _assert_clean_failure(proc, "cannot reach Neo4j", uri)
    assert time.monotonic() - t0 < 120, "an unreachable server should fail fast"


def test_closed_port_one_is_refused(small_build):
    proc = run_fazhi("load", small_build, "--uri", "bolt://127.0.0.1:1", "--password", SECRET,
                     timeout=180)
    _assert_clean_failure(proc, "127.0.0.1:1")


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "bolt://", "not a uri"])
def test_malformed_uri(small_build, uri):
    proc = run_fazhi("load", small_build, "--uri", uri, "--password", SECRET, timeout=180)
    _assert_clean_failure(proc)
    assert len(proc.stderr.strip().splitlines()) <= 3, proc.stderr


def test_not_a_build_directory(tmp_path):
    proc = run_fazhi("load", tmp_path / "nothing", "--uri", "bolt://127.0.0.1:1",
                     "--password", SECRET)
    _assert_clean_failure(proc)


@pytest.mark.neo4j
def test_wrong_password_against_the_shared_server(small_build):
    """Against the suite's Neo4j (NEO4J_URI from scripts/test.sh): refused, password not shown."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip("NEO4J_URI is unset: run the suite with scripts/test.sh")
    proc = run_fazhi("load", small_build, "--uri", uri, "--password", SECRET,
                     env={"NEO4J_PASSWORD": SECRET}, timeout=180)
    _assert_clean_failure(proc, "wrong user or password")


# ---------------------------------------------------------------- a private server


@pytest.fixture(scope="module")
def private_server(tmp_path_factory):
    if not shutil.which("java") or not shutil.which("mvn"):
        pytest.skip("java and mvn are needed to run a private Neo4j")
    from graph.neo4j_server import LocalNeo4j

    server = LocalNeo4j(home=tmp_path_factory.mktemp("neo4j-hardening") / "home",
                        port=_closed_port(), heap="512m", pagecache="128m")
    server.start(password=SECRET, timeout=180)
    yield server
    server.stop(timeout=60)


def _driver(server):
    from neo4j import GraphDatabase

    return GraphDatabase.driver(server.uri, auth=("neo4j", SECRET))


def _reports(snapshot: dict[str, tuple[int, int]]) -> list[str]:
    return [uri for uri in snapshot if "/id/report/" in uri]


def _snapshot(server) -> dict[str, tuple[int, int]]:
    """Per Report (or SummaryGraph) node: (nodes carrying its `report` property, their relationships)."""
    with _driver(server) as d:
        # a report's nodes carry its uri; a corpus summary graph's nodes carry the summary graph's,
        # recorded by its SummaryGraph node in the same transaction (graph/neo4j_summary.py)
        reports = {r["uri"] for r in d.execute_query(
            "MATCH (r) WHERE r:Report OR r:SummaryGraph RETURN r.uri AS uri").records}
        nodes = {r["r"]: r["c"] for r in d.execute_query(
            "MATCH (n) WHERE n.report IS NOT NULL RETURN n.report AS r, count(*) AS c").records}
        rels = {r["r"]: r["c"] for r in d.execute_query(
            "MATCH (n)-[e]-() WHERE n.report IS NOT NULL RETURN n.report AS r, count(e) AS c").records}
    orphans = set(nodes) - reports
    assert not orphans, f"per-report nodes without their Report node (half loaded): {sorted(orphans)[:3]}"
    return {r: (nodes.get(r, 0), rels.get(r, 0)) for r in reports}


@pytest.fixture(scope="module")
def big_build(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("nbig")
    proc = run_fazhi("bench", "corpus", "--reports", "150", "--out", base / "corpus")
    assert proc.returncode == 0, proc.stderr
    proc = run_fazhi("build", base / "corpus", "--out", base / "out", "--quiet", timeout=600)
    assert proc.returncode == 0, proc.stderr
    return base / "out"


@pytest.mark.slow
def test_wrong_password_against_a_private_server(private_server, small_build):
    proc = run_fazhi("load", small_build, "--uri", private_server.uri, "--password",
                     SECRET + "-wrong", timeout=180)
    assert proc.returncode != 0
    assert "wrong user or password" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert SECRET not in proc.stderr and SECRET not in proc.stdout


def _totals(server) -> tuple[int, int]:
    with _driver(server) as d:
        n = d.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
        r = d.execute_query("MATCH ()-[e]->() RETURN count(e) AS c").records[0]["c"]
    return n, r


@pytest.mark.slow
def test_hostile_query_values_change_nothing_in_neo4j(private_server, small_build):
    """The same hostile -p values as on the store, through `fazhi query --neo4j`."""
    from test_hardening_query import HOSTILE

    from graph.neo4j_load import Neo4jTarget, clear_database

    clear_database(Neo4jTarget(private_server.uri, "neo4j", SECRET))
    env = {"NEO4J_PASSWORD": SECRET}
    loaded = run_fazhi("load", small_build, "--uri", private_server.uri, env=env, timeout=300)
    assert loaded.returncode == 0, loaded.stderr
    before = _totals(private_server)
    control = run_fazhi("query", "evidence", "--neo4j", private_server.uri, "--format", "json",
                        "-p", "jurisdiction=410500", "-p", "mechanism=三项制度", env=env)
    assert control.returncode == 0 and json.loads(control.stdout), control.stderr
    for name, key, value in HOSTILE:
        required = {"evidence": ["jurisdiction=410500", "mechanism=三项制度"],
                    "adoption_curve": ["mechanism=三项制度"]}.get(name, [])
        params = [p for p in required if not p.startswith(f"{key}=")] + [f"{key}={value}"]
        args = ["query", name, "--neo4j", private_server.uri, "--format", "json"]
        for p in params:
            args += ["-p", p]
        proc = run_fazhi(*args, env=env)
        assert proc.returncode != 0 and key in proc.stderr, (key, value, proc.stdout[:300], proc.stderr)
        assert "Traceback" not in proc.stderr and SECRET not in proc.stderr + proc.stdout
    assert _totals(private_server) == before


@pytest.mark.slow
def test_server_killed_mid_load_leaves_no_half_report(private_server, big_build, tmp_path):
    from graph.neo4j_load import Neo4jTarget, clear_database

    clear_database(Neo4jTarget(private_server.uri, "neo4j", SECRET))
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env["NEO4J_PASSWORD"] = SECRET
    with open(tmp_path / "err", "wb") as err, open(tmp_path / "out", "wb") as out:
        proc = subprocess.Popen([*fazhi_cmd(), "load", str(big_build), "--uri", private_server.uri],
                                cwd=REPO, env=env, stdout=out, stderr=err)
        deadline = time.monotonic() + 300
        while proc.poll() is None:
            assert time.monotonic() < deadline, "no report reached Neo4j in 300 s"
            try:
                with _driver(private_server) as d:
                    n = d.execute_query("MATCH (r:Report) RETURN count(r) AS n").records[0]["n"]
            except Exception:  # noqa: BLE001 - the server is busy; poll again
                n = 0
            if n >= 10:
                break
            time.sleep(0.2)
        assert proc.poll() is None, "the load finished before the server could be killed"
        private_server.kill()
        try:
            rc = proc.wait(timeout=240)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail("fazhi load did not give up within 240 s of the server's death")
    stderr = (tmp_path / "err").read_text("utf-8", errors="replace")
    stdout = (tmp_path / "out").read_text("utf-8", errors="replace")
    assert rc != 0
    assert "Traceback" not in stderr, stderr[-3000:]
    assert "Neo4j" in stderr, stderr[-3000:]
    assert SECRET not in stderr and SECRET not in stdout

    private_server.start(password=SECRET, timeout=180)
    after_crash = _snapshot(private_server)  # raises on per-report nodes without a Report
    assert 0 < len(_reports(after_crash)) < 150, len(_reports(after_crash))

    rerun = run_fazhi("load", big_build, "--uri", private_server.uri, env={"NEO4J_PASSWORD": SECRET},
                      timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    complete = _snapshot(private_server)
    assert len(_reports(complete)) == 150
    assert len(complete) > 150  # and the corpus summary graphs
    forced = run_fazhi("load", big_build, "--uri", private_server.uri, "--force",
                       env={"NEO4J_PASSWORD": SECRET}, timeout=600)
    assert forced.returncode == 0, forced.stderr
    rewritten = _snapshot(private_server)
    assert rewritten == complete, "the rerun kept a report that differs from a full rewrite"
    for uri, counts in after_crash.items():
        assert counts == rewritten[uri], f"{uri} was half loaded when the server died: {counts}"
