"""Both twins of every named question return the same rows: the embedded store (SPARQL) and the
real Neo4j (Cypher) after `fazhi load`, on the seed corpus build and on the invented graph.

Needs the Neo4j started by scripts/test.sh (NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD).
The test empties that database before each load.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from queries.catalog import catalog
from queries.params import Bound
from queries.run import Neo4jBackend, StoreBackend, finish_rows, run_query

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

# (query, parameters, must the seed corpus give rows?)
SEED_CASES = [
    ("adoption_timeline", {"mechanism": "双随机、一公开", "province": "河南"}, True),
    ("adoption_timeline", {"mechanism": "Government-court linkage", "province": "41"}, True),
    ("adoption_timeline", {"mechanism": "双随机、一公开", "province": "山西"}, True),
    ("first_adopters", {"mechanism": "双随机一公开"}, True),
    ("first_adopters", {"mechanism": "府院联动"}, True),
    ("adoption_curve", {"mechanism": "双随机一公开"}, True),
    ("adoption_curve", {"mechanism": "double-random", "province": "河南"}, True),
    ("followers", {"mechanism": "双随机一公开", "province": "河南"}, True),
    ("followers", {"mechanism": "领导干部学法用法", "province": "山西"}, False),
    ("jurisdiction_profile", {"jurisdiction": "邓州市"}, True),
    ("jurisdiction_profile", {"jurisdiction": "开封市鼓楼区"}, True),
    ("compare_indicator", {"indicator": "行政机关负责人出庭应诉率", "province": "河南"}, True),
    ("compare_indicator", {"indicator": "行政执法人员数", "province": "河南"}, True),
    ("compare_indicator", {"indicator": "行政机关负责人出庭应诉率", "province": "山西"}, False),
    ("co_adoption", {}, True),
    ("co_adoption", {"limit": "5"}, True),
    ("co_adoption", {"limit": "100000"}, True),
    ("mechanism_agencies", {"mechanism": "法治政府建设示范创建", "province": "河南"}, True),
    ("mechanism_agencies", {"mechanism": "领导干部学法用法", "province": "河南"}, True),
    ("mechanism_agencies", {"mechanism": "领导干部学法用法", "province": "山西"}, False),
    ("cited_documents", {"level": "national"}, True),
    ("cited_documents", {"level": "provincial"}, False),
    ("cited_documents", {"level": "local"}, False),
    ("evidence", {"jurisdiction": "411381", "mechanism": "双随机一公开"}, True),
    ("evidence", {"jurisdiction": "运城市", "mechanism": "双随机一公开"}, True),
    ("new_mechanisms", {}, True),
    ("new_mechanisms", {"limit": "100000"}, True),
    ("top_mechanisms", {}, True),
    ("first_adoptions", {"province": "河南", "mechanism": "双随机一公开"}, True),
    ("first_adoptions", {"province": "山西", "mechanism": "双随机一公开"}, True),
    ("first_adoptions", {"province": "41", "mechanism": "府院联动"}, False),
    ("pioneer_claims", {"province": "河南"}, True),
    ("pioneer_claims", {"province": "14"}, False),
    ("reports", {"province": "河南"}, True),
    ("reports", {"province": "山西省"}, True),
]


def test_seed_cases_cover_every_query():
    assert {name for name, _, _ in SEED_CASES} == set(catalog())


@pytest.fixture(scope="module")
def target():
    if not os.environ.get("NEO4J_URI"):
        pytest.skip("NEO4J_URI is not set: run through scripts/test.sh, which starts Neo4j")
    from graph.neo4j_load import Neo4jTarget

    return Neo4jTarget.from_env()


def _load(build: Path, target) -> Neo4jBackend:
    """Empty the database, then `fazhi load DIR` (the command a user runs)."""
    from fazhi.cli import app
    from graph.neo4j_load import clear_database

    clear_database(target)
    args = ["load", str(build), "--uri", target.uri, "--user", target.user]
    if target.database:
        args += ["--database", target.database]
    result = CliRunner().invoke(app, args, env={"NEO4J_PASSWORD": target.password})
    assert result.exit_code == 0, result.output
    return Neo4jBackend.connect(target.uri, target.user, target.password, target.database)


@pytest.fixture(scope="module")
def seed_pair(tmp_path_factory, corpus_dir, target):
    from fazhi.cli import app

    out = tmp_path_factory.mktemp("seed_build") / "out"
    result = CliRunner().invoke(app, ["build", str(corpus_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    neo = _load(out, target)
    yield StoreBackend.open(out), neo
    neo.close()


@pytest.mark.parametrize("name, params, nonempty", SEED_CASES,
                         ids=[f"{n}-{'-'.join(map(str, p.values())) or 'all'}" for n, p, _ in SEED_CASES])
def test_seed_build_twins_agree(seed_pair, name, params, nonempty):
    store, neo = seed_pair
    from_store = run_query(name, params, store)
    from_neo4j = run_query(name, params, neo)
    assert from_store == from_neo4j
    if nonempty:
        assert from_store, f"{name} {params} returned no rows on the seed corpus"


def test_seed_diffusion_facts(seed_pair):
    """What a reader of the five reports would check: 双随机一公开 is adopted by several places."""
    store, _ = seed_pair
    timeline = [r for province in ("河南", "山西")
                for r in run_query("adoption_timeline", {"mechanism": "双随机一公开", "province": province}, store)]
    assert len({r["jurisdiction_code"] for r in timeline}) >= 3
    for r in timeline:
        assert r["first_year"] >= 2015 and r["quote"] and r["report"].startswith("https://w3id.org/fazhi-kg/id/report/")


@pytest.fixture(scope="module")
def synthetic_pair(tmp_path_factory, target, seed_pair):
    """A small synthetic corpus (`fazhi bench corpus`), built and loaded like the seed."""
    from fazhi.cli import app

    root = tmp_path_factory.mktemp("synthetic")
    made = CliRunner().invoke(app, ["bench", "corpus", "-n", "60", "--seed", "3", "--out", str(root / "corpus")])
    assert made.exit_code == 0, made.output
    built = CliRunner().invoke(app, ["build", str(root / "corpus"), "--out", str(root / "out")])
    assert built.exit_code == 0, built.output
    neo = _load(root / "out", target)
    yield StoreBackend.open(root / "out"), neo
    neo.close()


def _synthetic_params(store) -> dict[str, str]:
    """Parameters the synthetic data surely has: its most adopted mechanism, most observed
    indicator, and the jurisdiction with most reports."""
    top = run_query("top_mechanisms", {"limit": "1"}, store)[0]["mechanism"]
    indicator = next(iter(store.store.query(
        "PREFIX fz: <https://w3id.org/fazhi-kg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?n (COUNT(*) AS ?c) WHERE { GRAPH ?g { ?o fz:indicator ?i } "
        "GRAPH <https://w3id.org/fazhi-kg/vocab/> { ?i skos:notation ?n } } GROUP BY ?n ORDER BY DESC(?c) ?n LIMIT 1")))
    code = next(iter(store.store.query(
        "PREFIX fz: <https://w3id.org/fazhi-kg/ontology#> "
        "SELECT ?code (COUNT(*) AS ?c) WHERE { GRAPH ?r { ?r fz:about ?j . ?j fz:code ?code } } "
        "GROUP BY ?code ORDER BY DESC(?c) ?code LIMIT 1")))["code"].value
    return {"mechanism": top, "indicator": indicator["n"].value, "jurisdiction": code, "province": code[:2],
            "level": "national"}


@pytest.mark.parametrize("name", sorted(catalog()))
def test_synthetic_build_twins_agree(synthetic_pair, name):
    store, neo = synthetic_pair
    q = catalog()[name]
    params = {k: v for k, v in _synthetic_params(store).items() if q.param(k)}
    from_store = run_query(q, params, store)
    assert from_store == run_query(q, params, neo)
    if name not in ("evidence", "followers", "cited_documents", "first_adopters"):
        assert from_store, f"{name} {params} returned no rows on the synthetic build"


@pytest.fixture(scope="module")
def mini_pair(mini_build, target, seed_pair, synthetic_pair, tmp_path_factory):
    # after the seed tests (module fixtures are torn down in reverse), reload with the invented graph
    build = tmp_path_factory.mktemp("mini_copy")
    shutil.copytree(mini_build / "store", build / "store")
    neo = _load(build, target)
    yield StoreBackend.open(build), neo
    neo.close()


@pytest.mark.parametrize("name", sorted(catalog()))
def test_invented_graph_twins_agree(mini_pair, name):
    store, neo = mini_pair
    from queries_graph import concept

    q = catalog()[name]
    values = {"mechanism": Bound(concept("mechanism", "double-random"), iri=True),
              "indicator": Bound(concept("indicator", "head-court-appearance-rate"), iri=True),
              "jurisdiction": Bound("410700"), "province": Bound("410000"), "level": Bound("national")}
    bound = {p.name: values.get(p.name, Bound(int(p.default) if p.default else None)) for p in q.params}
    a = finish_rows(q, store.execute(q, bound))
    b = finish_rows(q, neo.execute(q, bound))
    assert a and a == b


@pytest.mark.parametrize("value", ["x' OR 1=1 //", "') RETURN 1 AS x //", '"}) MATCH (n) DETACH DELETE n //',
                                   "<http://evil>"])
def test_hostile_text_as_a_cypher_parameter_matches_nothing(mini_pair, value):
    _, neo = mini_pair
    with neo.driver.session(database=neo.database) as s:
        before = s.run("MATCH (n) RETURN count(n) AS n").single()["n"]
    for name, params in [("jurisdiction_profile", {"jurisdiction": Bound(value)}),
                         ("cited_documents", {"level": Bound(value)}),
                         ("adoption_curve", {"mechanism": Bound(value), "province": Bound(value)}),
                         ("followers", {"mechanism": Bound(value), "province": Bound(value)}),
                         ("first_adoptions", {"province": Bound(value), "mechanism": Bound(value)})]:
        q = catalog()[name]
        assert list(neo.execute(q, params)) == []
    with neo.driver.session(database=neo.database) as s:
        assert s.run("MATCH (n) RETURN count(n) AS n").single()["n"] == before
