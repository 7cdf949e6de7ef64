"""The exports of a build: GraphML (main + bipartite projection), adoptions.csv, panel.csv, TriG."""

from __future__ import annotations

import csv
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, URIRef

sys.path.insert(0, str(Path(__file__).parent / "golden"))

import graph_sample as sample  # noqa: E402

from graph.tables import ADOPTIONS_COLUMNS, PANEL_COLUMNS  # noqa: E402

GML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("exports")
    src = root / "src"
    src.mkdir()
    sample.write_report(src, "a-2021.txt", "延津县", 2021, ["双随机一公开"], ["府院联动"])
    sample.write_report(src, "b-2022.txt", "延津县", 2022, ["双随机一公开", "府院联动"])
    sample.write_report(src, "c-2022.txt", "封丘县", 2022, ["行政执法公示制度"])
    # one report with every fact kind (agency, metric, claim, citation, candidate)
    sample.build_with_rich_report(src, root / "out")
    return root / "out"


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_graphml_loads_with_networkx_and_has_labels_and_types(out):
    g = nx.read_graphml(out / "graph.graphml")
    assert g.number_of_nodes() > 50 and g.number_of_edges() > 50
    for n, data in g.nodes(data=True):
        assert data.get("label") and data.get("type"), n
    for u, v, data in g.edges(data=True):
        assert data.get("label") and data.get("type"), (u, v)
    types = {d["type"] for _, d in g.nodes(data=True)}
    assert {"Report", "Jurisdiction", "Adoption", "Observation", "PioneerClaim", "Agency",
            "PolicyDocument", "MechanismCandidate", "Evidence", "Mechanism"} <= types


def test_graphml_has_no_empty_values_and_unique_ids(out):
    root = ET.parse(out / "graph.graphml").getroot()
    node_ids = [n.get("id") for n in root.iter(GML + "node")]
    edge_ids = [e.get("id") for e in root.iter(GML + "edge")]
    assert len(node_ids) == len(set(node_ids))
    assert len(edge_ids) == len(set(edge_ids)) and all(edge_ids)
    assert all((d.text or "").strip() for d in root.iter(GML + "data"))
    declared = set(node_ids)
    for e in root.iter(GML + "edge"):
        assert e.get("source") in declared and e.get("target") in declared


def test_graphml_adoption_carries_year_and_stage(out):
    g = nx.read_graphml(out / "graph.graphml")
    adoptions = [(n, d) for n, d in g.nodes(data=True) if d["type"] == "Adoption"]
    assert adoptions
    for n, d in adoptions:
        assert d["stage"] in ("implemented", "planned") and d["year"] in (2021, 2022)
        edges = [e for e in g.out_edges(n, data=True) if e[2]["type"] == "OF_MECHANISM"]
        assert len(edges) == 1 and edges[0][2]["stage"] == d["stage"]
    shared_edges = [(u, v, d["type"]) for u, v, d in g.edges(data=True) if d["type"] == "WITHIN"]
    assert len(shared_edges) == len(set(shared_edges))  # jurisdictions repeated per report, once here


def test_bipartite_projection(out):
    g = nx.read_graphml(out / "adoption-bipartite.graphml")
    assert {d["type"] for _, d in g.nodes(data=True)} == {"Jurisdiction", "Mechanism"}
    for _, d in g.nodes(data=True):
        assert d["label"]
    edges = {(u.rsplit("/", 1)[1], v.rsplit("/", 1)[1]): d for u, v, d in g.edges(data=True)}
    dr = edges[("410726", "double-random")]
    assert dr["first_year"] == 2021 and dr["n_reports"] == 3 and dr["stages"] == "implemented"
    cg = edges[("410726", "government-court-linkage")]
    assert cg["first_year"] == 2022 and cg["first_year_mentioned"] == 2021
    assert cg["stages"] == "implemented;planned"
    for _, _, d in g.edges(data=True):
        assert all(v not in (None, "") for v in d.values())


def test_adoptions_csv_hand_checked_rows(out):
    rows = read_csv(out / "adoptions.csv")
    assert tuple(rows[0].keys()) == ADOPTIONS_COLUMNS
    by = {(r["jurisdiction_code"], r["mechanism"]): r for r in rows}
    cg = by[("410726", "government-court-linkage")]
    assert cg == {
        "jurisdiction_code": "410726", "jurisdiction": "延津县", "province": "河南省",
        "level": "county", "mechanism": "government-court-linkage", "mechanism_zh": "府院联动",
        "mechanism_en": "government-court linkage", "first_year_implemented": "2022",
        "first_year_mentioned": "2021", "stages": "implemented;planned", "n_reports": "3",
        "first_quote": "府院联动", "first_report": "b-2022.txt",
    }
    fq = by[("410727", "enforcement-publicity")]
    assert (fq["first_year_implemented"], fq["n_reports"], fq["jurisdiction"]) == ("2022", "1", "封丘县")
    assert not any(r["mechanism"].startswith("http") for r in rows)  # candidates stay out


def test_panel_csv_conventions(out):
    rows = read_csv(out / "panel.csv")
    assert tuple(rows[0].keys()) == PANEL_COLUMNS
    mechs = {r["mechanism"] for r in rows}
    assert mechs == {"double-random", "government-court-linkage", "enforcement-publicity"}
    assert {r["year"] for r in rows} == {"2021", "2022"}
    assert len(rows) == 2 * 3 * 2  # units x mechanisms x years
    key = {(r["jurisdiction_code"], r["mechanism"], r["year"]): r for r in rows}
    # adopted in the unit's first observed year: left-censored
    assert key[("410726", "double-random", "2021")] | {} == {
        "jurisdiction_code": "410726", "jurisdiction": "延津县", "province": "河南省",
        "level": "county", "year": "2021", "mechanism": "double-random", "observed": "1",
        "adopted": "1", "first_year": "2021", "left_censored": "1"}
    # planned in 2021, implemented in 2022: adopted switches on in 2022, not censored
    assert key[("410726", "government-court-linkage", "2021")]["adopted"] == "0"
    assert key[("410726", "government-court-linkage", "2022")]["adopted"] == "1"
    assert key[("410726", "government-court-linkage", "2021")]["left_censored"] == "0"
    # 封丘县 has no 2021 report: observed 0, adopted as known so far
    r = key[("410727", "enforcement-publicity", "2021")]
    assert (r["observed"], r["adopted"], r["first_year"]) == ("0", "0", "2022")
    # a never-adopter stays in the risk set with an empty first_year
    r = key[("410727", "double-random", "2022")]
    assert (r["observed"], r["adopted"], r["first_year"], r["left_censored"]) == ("1", "0", "", "0")


def test_trig_parses_with_one_graph_per_report_plus_vocab(out):
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    reports = {n for n in names if "/id/report/" in n}
    assert len(reports) == 4
    assert "https://w3id.org/fazhi-kg/vocab/" in names
    assert len(ds.graph(URIRef("https://w3id.org/fazhi-kg/vocab/"))) > 100


def test_trig_block_of_a_report_equals_its_golden_graph(out):
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    ex = sample.extraction(name="yanjin-2022.txt")
    name = URIRef(str(__import__("ontology.iri", fromlist=["report"]).report(ex.document.sha256)))
    golden = Dataset()
    golden.parse(Path(__file__).parent / "golden" / "yanjin-2022.trig", format="trig")
    from rdflib.compare import isomorphic

    assert isomorphic(ds.graph(name), golden.graph(name))


@pytest.mark.parametrize("name,mechanism", [
    ("延津县", "double-random"),
    ('A,"B"\nC', "double-random"),
    ("县, 区", 'odd,"notation"'),
])
def test_panel_csv_quotes_unit_and_mechanism_cells(tmp_path, name, mechanism):
    import io

    from graph.manifest import AdoptionRow, Manifest, ReportSummary
    from graph.tables import write_panel

    manifest = Manifest(tmp_path / "manifest.sqlite")
    rows = []
    for i, year in enumerate((2020, 2022)):
        adoption = AdoptionRow("410726", name, "河南省", "county", mechanism, "机制", "mechanism",
                               2021, "implemented", "引文", 3)
        summary = ReportSummary(sha256=f"{i}" * 64, report_iri=f"urn:r{i}", doc=f"{i}.txt",
                                jurisdiction_code="410726", jurisdiction=name, province="河南省",
                                level="county", year=year, doc_type="annual_report", title=None,
                                counts={}, adoptions=(adoption,) if i else ())
        rows.append((f"/r/{i}.txt", summary, b"", b""))
    manifest.record_reports(rows, "fp")
    fh = io.StringIO(newline="")
    assert write_panel(manifest, fh) == 3
    got = list(csv.reader(io.StringIO(fh.getvalue(), newline="")))
    assert got[0] == list(PANEL_COLUMNS)
    assert got[1:] == [["410726", name, "河南省", "county", str(y), mechanism, obs, adopted, "2021", "0"]
                       for y, obs, adopted in ((2020, "1", "0"), (2021, "0", "1"), (2022, "1", "1"))]


def test_a_failing_export_in_the_helper_process_fails_the_build(tmp_path, monkeypatch):
    from fazhi.errors import GraphBuildError
    from graph import build as build_module
    from graph import tables

    assert "panel.csv" in build_module.EXPORTS_IN_CHILD
    monkeypatch.setattr(build_module.os, "cpu_count", lambda: 2)  # the helper runs on 1 core too

    def broken(manifest, fh):
        raise OSError("disk full (test)")

    monkeypatch.setattr(tables, "write_panel", broken)  # the forked helper inherits the patch
    src = tmp_path / "src"
    src.mkdir()
    sample.write_report(src, "a-2021.txt", "延津县", 2021, ["双随机一公开"])
    with pytest.raises(GraphBuildError, match="panel.csv"):
        sample.build_with_rich_report(src, tmp_path / "out")
    assert not (tmp_path / "out" / "panel.csv").exists()
    assert not (tmp_path / "out" / ".panel.csv.tmp").exists()
    assert (tmp_path / "out" / "graph.trig").is_file()  # the other exports were written
