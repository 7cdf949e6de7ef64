"""The local server (graph/neo4j_server.py) on its own home and port, and a crash in mid-load.

Destructive: these tests start, SIGKILL and restart a PRIVATE server (fixture `own_server`),
never the shared one that scripts/test.sh started.
"""

from __future__ import annotations

import threading
import time

import pytest
from typer.testing import CliRunner

from fazhi.cli import app
from fazhi.errors import Neo4jError
from graph.neo4j_load import LoadSummary, Neo4jTarget, connect, load_build

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

PASSWORD = "own-server-pass-1"


def _cli(server, *args, env=None):
    extra = ["--timeout", "300"] if args[0] == "start" else []
    return CliRunner().invoke(app, ["neo4j", *args, *extra, "--home", str(server.home), "--port", str(server.port)],
                              env={"FAZHI_NEO4J_PASSWORD": PASSWORD, **(env or {})})


def test_start_status_second_start_stop(own_server):
    started = _cli(own_server, "start")
    assert started.exit_code == 0, started.output
    assert f"bolt://127.0.0.1:{own_server.port}" in started.output
    assert PASSWORD not in started.output
    assert _cli(own_server, "status").output.startswith("running")
    again = _cli(own_server, "start")
    assert again.exit_code == 0 and "already running" in again.output
    target = Neo4jTarget(own_server.uri, "neo4j", PASSWORD)
    with connect(target) as driver:
        [rec] = driver.execute_query("CALL dbms.components() YIELD versions, edition "
                                     "RETURN versions[0] AS v, edition AS e").records
    assert rec["v"].startswith("5.26.") and rec["e"] == "community"
    stopped = _cli(own_server, "stop")
    assert stopped.exit_code == 0 and "stopped" in stopped.output
    assert _cli(own_server, "status").output.startswith("not running")


def test_restart_with_another_password_is_refused_clearly(own_server):
    result = _cli(own_server, "start", env={"FAZHI_NEO4J_PASSWORD": "another-password-9"})
    assert result.exit_code == 1
    assert "initialised with a different password" in result.output
    assert "another-password-9" not in result.output and PASSWORD not in result.output
    assert not own_server.status().running


def _reports_in_neo4j(target) -> int:
    try:
        with connect(target, retry_seconds=1) as driver:
            return driver.execute_query("MATCH (r:Report) RETURN count(r) AS n").records[0]["n"]
    except Neo4jError:
        return -1


def test_kill_in_mid_load_leaves_no_half_report(own_server, synthetic_build):
    t0 = time.monotonic()

    def mark(what):
        print(f"{time.monotonic() - t0:7.1f}s {what}")

    own_server.start(password=PASSWORD, timeout=300)
    mark("started")
    target = Neo4jTarget(own_server.uri, "neo4j", PASSWORD)
    outcome: dict = {}

    def run():
        try:
            # small transactions so that the kill lands between and inside them
            outcome["summary"] = load_build(synthetic_build, target, retry_seconds=3, tx_rows=2000)
        except Neo4jError as err:
            outcome["error"] = str(err)

    loader = threading.Thread(target=run)
    loader.start()
    deadline = time.monotonic() + 300
    while _reports_in_neo4j(target) < 5 and loader.is_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    mark("killing")
    own_server.kill()  # SIGKILL the JVM: no clean shutdown
    loader.join(120)
    mark("loader stopped")
    assert not loader.is_alive()
    assert "error" in outcome, f"the load finished before the kill: {outcome.get('summary')}"
    assert "lost Neo4j" in outcome["error"] and PASSWORD not in outcome["error"]

    own_server.start(password=PASSWORD, timeout=300)
    mark("restarted")
    with connect(target) as driver:
        reports = driver.execute_query("MATCH (r:Report) RETURN count(r) AS n").records[0]["n"]
        # every Report present has all its per-report nodes; no per-report node lacks its Report
        half = driver.execute_query(
            "MATCH (r:Report) OPTIONAL MATCH (n {report: r.uri}) WITH r, count(n) AS present "
            "WHERE present <> r.loadedNodes RETURN count(r) AS n").records[0]["n"]
        strays = driver.execute_query(
            "MATCH (n) WHERE n.report IS NOT NULL AND NOT EXISTS { MATCH (r:Report {uri: n.report}) } "
            "RETURN count(n) AS n").records[0]["n"]
    assert 0 < reports < 150
    assert (half, strays) == (0, 0)

    mark("checked")
    summary: LoadSummary = load_build(synthetic_build, target)
    mark("reloaded")
    assert summary.failed == []
    assert summary.skipped == reports and summary.loaded == 150 - reports
    with connect(target) as driver:
        assert driver.execute_query("MATCH (r:Report) RETURN count(r) AS n").records[0]["n"] == 150
        half = driver.execute_query(
            "MATCH (r:Report) OPTIONAL MATCH (n {report: r.uri}) WITH r, count(n) AS present "
            "WHERE present <> r.loadedNodes RETURN count(r) AS n").records[0]["n"]
    assert half == 0
    own_server.stop()
    mark("stopped")
