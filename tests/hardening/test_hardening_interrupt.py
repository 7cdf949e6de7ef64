"""Ctrl-C during `fazhi build`: the previous store stays usable, a rerun completes the build.

The interrupt is sent like a terminal sends it: SIGINT to the whole process group (the build and
its extraction workers), once the store holds some of the new reports.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from hardening_support import REPO, fazhi_cmd, run_fazhi

pytestmark = pytest.mark.slow

FIRST = 40  # reports in the previous build
TOTAL = 400  # reports after the scrape grew: more than one store batch (graph.build.BATCH_REPORTS)


def _manifest_reports(out: Path) -> int:
    db = out / "manifest.sqlite"
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def report_graphs(out: Path) -> dict[str, int]:
    proc = run_fazhi("sparql", out, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                                    "FILTER(STRSTARTS(STR(?g), STR(id:report\\/))) } GROUP BY ?g",
                     "--format", "json")
    assert proc.returncode == 0, f"the store does not answer SPARQL: {proc.stderr}"
    return {r["g"]: int(r["n"]) for r in json.loads(proc.stdout)}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> list[Path]:
    """TOTAL generated reports (the bench corpus generator, real GB/T 2260 units), flattened."""
    base = tmp_path_factory.mktemp("syn")
    proc = run_fazhi("bench", "corpus", "--reports", str(TOTAL), "--out", base / "gen")
    assert proc.returncode == 0, proc.stderr
    flat = base / "all"
    flat.mkdir()
    files = []
    for f in sorted((base / "gen").rglob("*")):
        if f.is_file() and f.suffix in (".txt", ".html"):
            dest = flat / f.name
            shutil.copy(f, dest)
            files.append(dest)
    assert len(files) >= TOTAL - 10
    return files


@pytest.fixture(scope="module")
def clean_graphs(synthetic, tmp_path_factory) -> tuple[dict[str, int], dict]:
    """Report graphs and build.json of one uninterrupted build of all the reports."""
    base = tmp_path_factory.mktemp("clean")
    reports = base / "reports"
    reports.mkdir()
    for f in synthetic:
        shutil.copy(f, reports / f.name)
    clean = run_fazhi("build", reports, "--out", base / "out", "--quiet")
    assert clean.returncode == 0, clean.stderr
    return report_graphs(base / "out"), json.loads((base / "out" / "build.json").read_text("utf-8"))


@pytest.mark.parametrize("target", ["group", "main"])
def test_sigint_keeps_previous_store_and_rerun_completes(synthetic, clean_graphs, tmp_path, target):
    """group: Ctrl-C in a terminal (every process of the build); main: `kill -INT <pid>`."""
    reports, out = tmp_path / "reports", tmp_path / "out"
    reports.mkdir()
    for f in synthetic[:FIRST]:
        shutil.copy(f, reports / f.name)
    first = run_fazhi("build", reports, "--out", out, "--quiet")
    assert first.returncode == 0, first.stderr
    previous = report_graphs(out)
    assert len(previous) == FIRST

    for f in synthetic[FIRST:]:
        shutil.copy(f, reports / f.name)
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    with open(tmp_path / "err", "wb") as err, open(tmp_path / "stdout", "wb") as so:
        proc = subprocess.Popen([*fazhi_cmd(), "build", str(reports), "--out", str(out), "--quiet"],
                                cwd=REPO, env=env, stdout=so, stderr=err, start_new_session=True)
        deadline = time.monotonic() + 300
        while _manifest_reports(out) < FIRST + 10 and proc.poll() is None:
            assert time.monotonic() < deadline, "the build wrote no new report in 300 s"
            time.sleep(0.1)
        assert proc.poll() is None, "the build finished before it could be interrupted"
        if target == "group":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, signal.SIGINT)
        try:
            rc = proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            pytest.fail("fazhi build did not stop within 120 s of SIGINT")
    stderr = (tmp_path / "err").read_text("utf-8", errors="replace")
    assert rc != 0, "an interrupted build must not exit 0"
    assert "interrupted" in stderr, stderr
    assert "Traceback" not in stderr, f"SIGINT printed a traceback:\n{stderr[:3000]}"

    # the store opens, answers SPARQL, and the previous build's reports are intact
    after = report_graphs(out)
    for iri, triples in previous.items():
        assert after.get(iri) == triples, f"previous report {iri} damaged by the interrupt"
    assert FIRST < len(after) < len(synthetic), len(after)

    rerun = run_fazhi("build", reports, "--out", out, "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    completed = report_graphs(out)
    clean, clean_data = clean_graphs
    assert completed == clean, "interrupted + rerun differs from a clean build"
    assert len(completed) == len(synthetic)
    data = json.loads((out / "build.json").read_text("utf-8"))
    assert data["totals"]["reports"] == clean_data["totals"]["reports"] == len(synthetic)
    assert data["totals"]["facts"] == clean_data["totals"]["facts"]
