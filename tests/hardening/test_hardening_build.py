"""`fazhi build` on a scraped folder full of bad inputs, through the real CLI in a child process.

One bad file never stops the batch; build.json records every error; every good report is in
the store (checked with `fazhi sparql`); duplicates by content become one report; a rerun
changes nothing; the 50 MB file is refused without the build's memory blowing up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hardening_support import REPO, run_fazhi, run_fazhi_measured, stderr_lines, write_bad_corpus

BAD = ["empty.txt", "whitespace.txt", "random_bytes.txt", "nav_only.html", "fake.pdf", "huge.txt"]
GOOD = ["good_anyang.txt", "good_jiaozuo_gb18030.txt", "good_huaxian_bom.txt", "good_big5.txt",
        "good_cut_utf8.txt"]


def _write_huge(path: Path) -> None:
    line = "全面推行行政执法三项制度，开展双随机一公开抽查210次。\n".encode()
    block = (line * (1024 * 1024 // len(line) + 1))[: 1024 * 1024]
    with open(path, "wb") as fh:
        for _ in range(50):
            fh.write(block)


def flat(stderr: str) -> str:
    """stderr with line breaks removed, for checks that are not about the one-line rule."""
    return stderr.replace("\n", "")


def sparql_rows(out: Path, query: str) -> list[dict]:
    proc = run_fazhi("sparql", out, query, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def report_graphs(out: Path) -> dict[str, int]:
    """Report graph IRI -> number of triples, read from the store through the CLI."""
    rows = sparql_rows(out, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                            "FILTER(STRSTARTS(STR(?g), STR(id:report\\/))) } GROUP BY ?g")
    return {r["g"]: int(r["n"]) for r in rows}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("build")
    root = base / "scrape"
    cases = write_bad_corpus(root)
    _write_huge(root / "huge.txt")
    out = base / "out"
    m = run_fazhi_measured("build", root, "--out", out, "--quiet", "--workers", "2", tmp=base)
    return root, cases, out, m


def test_build_exits_zero_without_traceback(built):
    _, _, _, m = built
    assert m.returncode == 0, m.stderr
    assert "Traceback" not in m.stderr


@pytest.mark.parametrize("name", BAD)
def test_each_bad_file_is_one_stderr_line_naming_it(built, name):
    """One line per bad file, whole: a log of a batch run (stderr not a terminal) is greppable."""
    root, _, _, m = built
    lines = [line for line in stderr_lines(m.stderr) if name in line]
    assert len(lines) == 1, m.stderr
    line = lines[0]
    assert str(root / name) in line
    expected = {"empty.txt": "empty", "whitespace.txt": "empty (whitespace only)",
                "random_bytes.txt": "binary or undecodable (not UTF-8, GB18030 or Big5 text)",
                "nav_only.html": "no article text after removing site navigation and footers",
                "fake.pdf": "not a valid PDF", "huge.txt": "over the 20 MB limit"}[name]
    assert expected in line.split(str(root / name), 1)[1], f"the reason is not on the line naming the file: {m.stderr!r}"


@pytest.mark.parametrize("name", BAD)
def test_build_json_records_each_error(built, name):
    root, _, out, _ = built
    data = json.loads((out / "build.json").read_text("utf-8"))
    assert sum(str(root / name) in e for e in data["errors"]) == 1, data["errors"]
    row = next(r for r in data["reports"] if r["file"] == str(root / name))
    assert "error" in row and "report" not in row


def test_every_good_report_is_in_the_store(built):
    root, cases, out, _ = built
    data = json.loads((out / "build.json").read_text("utf-8"))
    rows = {Path(r["file"]).name: r for r in data["reports"]}
    graphs = report_graphs(out)
    for name in GOOD:
        row = rows[name]
        assert "error" not in row, row
        assert row["jurisdiction"] == cases[name].jurisdiction and row["year"] == cases[name].year
        assert row["counts"].get("mechanism", 0) > 0 and row["counts"].get("metric", 0) > 0
        assert row["report"] in graphs and graphs[row["report"]] > 20, row["report"]
    assert data["totals"]["reports"] == len(GOOD) == len(graphs)


def test_metric_values_reach_the_store(built):
    """Numbers of the GB18030 and Big5 reports are in the graph, so they were decoded right."""
    _, cases, out, _ = built
    values = {float(r["v"]) for r in sparql_rows(
        out, "SELECT DISTINCT ?v WHERE { GRAPH ?g { ?m fz:value ?v } }")}
    for name in GOOD:
        assert cases[name].value in values, (name, cases[name].value)


def test_duplicates_by_content_are_one_report(built):
    _, _, out, _ = built
    data = json.loads((out / "build.json").read_text("utf-8"))
    rows = {Path(r["file"]).name: r for r in data["reports"]}
    assert rows["dup_of_anyang.txt"]["report"] == rows["good_anyang.txt"]["report"]
    assert rows["dup_of_anyang.txt"]["sha256"] == rows["good_anyang.txt"]["sha256"]


def test_50_mb_file_does_not_blow_up_the_build(built):
    _, _, _, m = built
    assert m.max_rss_mb < 800, f"peak RSS of the build (and its workers) {m.max_rss_mb:.0f} MB"


def test_rerun_changes_nothing_and_reports_the_bad_files_again(built):
    root, _, out, _ = built
    before = report_graphs(out)
    proc = run_fazhi("build", root, "--out", out, "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert "0 extracted" in proc.stdout, proc.stdout
    assert report_graphs(out) == before
    for name in BAD:
        assert name in flat(proc.stderr)


def test_only_bad_files_exit_nonzero(tmp_path):
    root = tmp_path / "scrape"
    write_bad_corpus(root)
    bad = [root / n for n in BAD if n != "huge.txt"]
    proc = run_fazhi("build", *bad, "--out", tmp_path / "out", "--quiet")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr


def test_dangling_symlink_named_explicitly(bad_corpus, tmp_path):
    root, _ = bad_corpus
    proc = run_fazhi("build", root / "dangling.txt", root / "good_anyang.txt",
                     "--out", tmp_path / "out", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert "dangling.txt" in flat(proc.stderr) and "no such file" in flat(proc.stderr), proc.stderr
    assert len(report_graphs(tmp_path / "out")) == 1


def test_fifo_named_explicitly_does_not_hang_the_build(bad_corpus, tmp_path):
    """A FIFO named like a report (e.g. a scraper's pipe): refused, not read forever."""
    root, _ = bad_corpus
    os.mkfifo(root / "pipe.txt")
    try:
        proc = run_fazhi("build", root / "pipe.txt", root / "good_anyang.txt",
                         "--out", tmp_path / "out", "--quiet", timeout=90)
    except subprocess.TimeoutExpired:
        pytest.fail("fazhi build hung on a FIFO named pipe.txt (still blocked after 90 s)")
    assert proc.returncode == 0, proc.stderr
    assert "pipe.txt" in flat(proc.stderr)
    assert len(report_graphs(tmp_path / "out")) == 1


# A hook inside the child: after every file was listed and hashed, one file disappears before
# the extraction workers read it.
_VANISH = """
import os, sys
import graph.build as build
_orig = build._run
def vanish_then_run(todo, *args, **kwargs):
    os.unlink(os.environ["FAZHI_TEST_VICTIM"])
    return _orig(todo, *args, **kwargs)
build._run = vanish_then_run
sys.argv[0] = "fazhi"
from fazhi.cli import main
main()
"""


def test_file_vanishing_between_hashing_and_extraction(bad_corpus, tmp_path):
    root, _ = bad_corpus
    victim = root / "good_jiaozuo_gb18030.txt"
    out = tmp_path / "out"
    env = {**os.environ, "FAZHI_TEST_VICTIM": str(victim), "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    proc = subprocess.run([sys.executable, "-c", _VANISH, "build", str(root), "--out", str(out),
                           "--quiet"], cwd=REPO, env=env, text=True, capture_output=True,
                          timeout=300)
    assert not victim.exists()
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert victim.name in flat(proc.stderr) and "no such file" in flat(proc.stderr), proc.stderr
    data = json.loads((out / "build.json").read_text("utf-8"))
    assert any(victim.name in e for e in data["errors"])
    graphs = report_graphs(out)
    assert len(graphs) == len(GOOD) - 1


def test_a_path_that_does_not_exist_fails_the_build(tmp_path):
    """A mistyped folder builds nothing: that must not look like success (exit 0)."""
    proc = run_fazhi("build", tmp_path / "no_such_folder", "--out", tmp_path / "out", "--quiet")
    assert "no_such_folder" in flat(proc.stderr) and "no such file" in flat(proc.stderr)
    assert "Traceback" not in proc.stderr
    assert proc.returncode != 0, f"exit 0 for a build of nothing: {proc.stdout}"
