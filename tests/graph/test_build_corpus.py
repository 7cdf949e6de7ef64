"""`fazhi build` over the five real reports in ../shared/corpus (read in place, never copied)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from fazhi.cli import app
from graph.store import GraphStore
from graph.validate import validate_store

EXPECTED = {"410700", "411381", "140800", "410900", "410204"}


@pytest.fixture(scope="module")
def built(corpus_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "out"
    r = CliRunner().invoke(app, ["build", str(corpus_dir), "--out", str(out), "--workers", "2",
                                 "--quiet"])
    assert r.exit_code == 0, r.output
    assert "5 files: 5 extracted" in r.output
    return out


def test_expected_jurisdictions(built):
    store = GraphStore(built / "store", read_only=True)
    try:
        rows = store.query("SELECT DISTINCT ?code WHERE { ?r a fz:Report ; fz:about ?j . "
                           "?j fz:code ?code }")
        assert {s["code"].value for s in rows} == EXPECTED
        assert len(store.report_graphs()) == 5
    finally:
        store.close()


def test_build_json_and_tables(built):
    data = json.loads((built / "build.json").read_text(encoding="utf-8"))
    assert data["totals"]["reports"] == 5 and not data["errors"]
    assert {r["jurisdiction_code"] for r in data["reports"]} == EXPECTED
    assert data["totals"]["facts"].get("mechanism", 0) > 20
    with open(built / "adoptions.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["jurisdiction_code"] for r in rows} <= EXPECTED and len(rows) > 20
    # 运城市 2021 report: 双随机、一公开 is implemented there
    dr = [r for r in rows if (r["jurisdiction_code"], r["mechanism"]) == ("140800", "double-random")]
    assert dr and dr[0]["first_year_implemented"] == "2021" and dr[0]["province"] == "山西省"


def test_graphml_of_the_corpus_loads(built):
    g = nx.read_graphml(built / "graph.graphml")
    assert all(d.get("label") and d.get("type") for _, d in g.nodes(data=True))
    codes = {d.get("code") for _, d in g.nodes(data=True) if d["type"] == "Jurisdiction"}
    assert EXPECTED <= codes and {"410000", "140000"} <= codes


def test_rebuild_of_the_corpus_extracts_nothing(built, corpus_dir):
    before = (built / "graph.trig").read_bytes()
    r = CliRunner().invoke(app, ["build", str(corpus_dir), "--out", str(built), "--quiet"])
    assert r.exit_code == 0 and "0 extracted, 5 unchanged" in r.output
    assert (built / "graph.trig").read_bytes() == before


def test_corpus_build_conforms_to_the_shapes(built):
    result = validate_store(built)
    assert result.conforms, "\n".join(v.line() for v in result.violations[:20])


def test_cli_reports_a_bad_file_on_one_line_and_goes_on(corpus_files, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["build", str(bad), str(corpus_files[1]), "--out", str(out),
                                 "--workers", "1", "--quiet"])
    assert r.exit_code == 0, r.output
    assert "1 extracted" in r.output and "1 failed" in r.output
    lines = [ln for ln in r.output.splitlines() if "bad.txt" in ln]
    assert len(lines) == 1 and lines[0].startswith(str(bad))
    only_bad = CliRunner().invoke(app, ["build", str(bad), "--out", str(tmp_path / "o2"), "--quiet"])
    assert only_bad.exit_code == 1
    missing = CliRunner().invoke(app, ["build", str(tmp_path / "nope"), str(corpus_files[1]),
                                       "--out", str(out), "--quiet"])
    assert missing.exit_code == 0 and "nope: build: no such file or directory" in missing.output
    assert "1 failed" in missing.output
