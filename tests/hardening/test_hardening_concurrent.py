"""Two commands on one build folder at once: a second `fazhi build` is refused, readers still read."""

from __future__ import annotations

import json
import os
import subprocess
import time

import pytest
from hardening_support import REPO, fazhi_cmd, run_fazhi

pytestmark = pytest.mark.slow

REPORTS = 300


def test_second_build_on_the_same_folder_is_refused_and_the_first_completes(tmp_path):
    proc = run_fazhi("bench", "corpus", "--reports", str(REPORTS), "--out", tmp_path / "corpus")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    first = subprocess.Popen([*fazhi_cmd(), "build", str(tmp_path / "corpus"), "--out", str(out),
                              "--quiet"], cwd=REPO, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not (out / "store" / "LOCK").exists():
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline, "the first build never opened its store"
        time.sleep(0.05)

    reader = run_fazhi("sparql", out, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                       "--format", "json")
    second = run_fazhi("build", tmp_path / "corpus", "--out", out, "--quiet")
    assert first.poll() is None, "the first build ended before the second started: test is void"
    stdout, stderr = first.communicate(timeout=600)

    assert reader.returncode == 0, f"a reader cannot read during a build: {reader.stderr}"
    assert int(json.loads(reader.stdout)[0]["n"]) >= 0
    assert second.returncode != 0, second.stdout
    assert "Traceback" not in second.stderr, second.stderr
    assert "store" in second.stderr and str(out) in second.stderr.replace("\n", "")

    assert first.returncode == 0, stderr
    data = json.loads((out / "build.json").read_text("utf-8"))
    assert data["totals"]["reports"] == REPORTS, "the refused build damaged the first one"
    rows = run_fazhi("sparql", out, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                                    "FILTER(STRSTARTS(STR(?g), STR(id:report\\/))) }", "--format", "json")
    assert int(json.loads(rows.stdout)[0]["n"]) == REPORTS
