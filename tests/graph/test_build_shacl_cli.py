"""SHACL conformance of a seed build (`fazhi validate`), and the `fazhi sparql` command."""

from __future__ import annotations

import re

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "golden"))

import graph_sample as sample  # noqa: E402

from fazhi.cli import app  # noqa: E402
from graph.store import GraphStore  # noqa: E402
from graph.validate import pick, validate_store  # noqa: E402
from ontology import iri  # noqa: E402
from ontology.namespaces import FZ  # noqa: E402


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("seed")
    src = root / "src"
    src.mkdir()
    sample.write_report(src, "a-2021.txt", "延津县", 2021, ["双随机一公开"], ["府院联动"])
    # one report with every fact kind (agency, metric, claim, citation, candidate)
    sample.build_with_rich_report(src, root / "out")
    return root / "out"


def test_seed_build_conforms_to_the_shapes(seed):
    result = validate_store(seed)
    from graph.store import GraphStore

    summaries = GraphStore(seed / "store", read_only=True).summary_graphs()
    assert len(summaries) > 3  # mechanisms, candidates, documents, jurisdictions
    assert result.graphs_checked == result.graphs_total == 2 + len(summaries)
    assert result.conforms, "\n".join(v.line() for v in result.violations)


def test_a_broken_report_graph_is_caught(seed, tmp_path):
    import shutil

    out = tmp_path / "broken"
    shutil.copytree(seed, out)
    store = GraphStore(out / "store")
    g = sorted(store.report_graphs())[0]
    bad = NamedNode(str(iri.fact("0" * 64, "test.broken", 1, 2)))
    store.store.add(Quad(bad, NamedNode(str(__import__("rdflib").RDF.type)),
                         NamedNode(str(FZ.Observation)), NamedNode(g)))
    store.store.add(Quad(bad, NamedNode(str(FZ.value)), Literal("many"), NamedNode(g)))
    store.close()
    result = validate_store(out)
    assert not result.conforms
    assert {v.graph for v in result.violations} == {g}
    assert all(v.focus == bad.value for v in result.violations)
    r = CliRunner().invoke(app, ["validate", str(out)])
    assert r.exit_code == 1 and bad.value in r.output


def test_validate_cli_exit_zero_when_conforming(seed):
    r = CliRunner().invoke(app, ["validate", str(seed), "--sample", "1"])
    assert r.exit_code == 0, r.output
    # a sample of one report graph and one summary graph
    assert re.search(r"\b2 of \d+ report and summary graphs checked: conforms", r.output), r.output


def test_pick_spreads_a_sample():
    names = [f"g{i:03d}" for i in range(100)]
    assert pick(names, None) == names
    assert pick(names, 4) == ["g000", "g025", "g050", "g075"]


# DISTINCT matters: shared nodes (jurisdictions) repeat in every report graph, and Oxigraph's
# union default graph keeps one copy per graph (see docs/graph.md).
QUERY = """SELECT ?code (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?a a fz:Adoption ; fz:jurisdiction ?j ; fz:stage fz:Implemented . ?j fz:code ?code .
} GROUP BY ?code ORDER BY ?code"""


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_sparql_cli_formats(seed, fmt):
    r = CliRunner().invoke(app, ["sparql", str(seed), QUERY, "--format", fmt])
    assert r.exit_code == 0, r.output
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.output)))
        assert rows == [{"code": "410726", "n": "4"}]
    elif fmt == "json":
        assert json.loads(r.output) == [{"code": "410726", "n": "4"}]
    else:
        assert "410726" in r.output and "1 rows" in r.output


def test_sparql_cli_reads_a_query_file_and_reports_bad_queries(seed, tmp_path):
    q = tmp_path / "ask.rq"
    q.write_text("ASK { ?r a fz:Report ; fz:about/fz:within/fz:code \"410700\" }", encoding="utf-8")
    r = CliRunner().invoke(app, ["sparql", str(seed), str(q)])
    assert r.exit_code == 0 and r.output.strip() == "true"
    bad = CliRunner().invoke(app, ["sparql", str(seed), "SELECT WHERE {"])
    assert bad.exit_code == 1 and "does not parse" in bad.output
    missing = CliRunner().invoke(app, ["sparql", str(tmp_path / "nothing"), "ASK {}"])
    assert missing.exit_code == 1 and "no store" in missing.output
