"""Parameters are resolved in Python and travel as parameters: aliases resolve, bad values are
refused with a QueryError naming them, hostile text never changes what a query does."""

from __future__ import annotations

import pytest

from fazhi.errors import QueryError
from queries.catalog import catalog, get
from queries.params import Bound, bind, resolve_jurisdiction, resolve_province
from queries.run import StoreBackend, normalise_row, run_query

HOSTILE = [
    "x' OR 1=1 //",
    '"} ; DROP GRAPH <https://w3id.org/fazhi-kg/vocab/> ; SELECT * WHERE { ?s ?p ?o',
    "') RETURN 1 AS x //",
    "<http://evil>",
    "410700' }} UNION { ?s ?p ?o",
    "\u202e\u0000\ufffd💣 MATCH (n) DETACH DELETE n",
    "$mechanism",
    "?mechanism",
]


@pytest.fixture(scope="module")
def store(mini_build):
    return StoreBackend.open(mini_build)


@pytest.mark.parametrize("alias", ["双随机、一公开", "双随机一公开", "“双随机、一公开”", "double-random",
                                   "Double random, one public (random inspections with public results)"])
def test_any_label_alias_or_notation_names_the_mechanism(store, alias):
    rows = run_query("adoption_curve", {"mechanism": alias}, store)
    assert rows and rows[0]["province_name"] == "全部"
    assert rows == run_query("adoption_curve", {"mechanism": "双随机一公开"}, store)


def test_mechanism_resolves_to_the_concept_iri():
    bound = bind(get("followers"), {"mechanism": "双随机、一公开", "province": "河南"})
    assert bound["province"] == Bound("410000")
    assert bound["mechanism"] == Bound("https://w3id.org/fazhi-kg/vocab/mechanism/double-random", iri=True)


@pytest.mark.parametrize("value, code", [("邓州市", "411381"), ("开封市鼓楼区", "410204"), ("411381", "411381"),
                                         ("新乡市", "410700"), ("山西省", "140000")])
def test_jurisdiction_names_resolve_to_codes(value, code):
    assert resolve_jurisdiction(value) == code


def test_ambiguous_jurisdiction_is_refused_with_candidates():
    with pytest.raises(QueryError, match="410204"):
        bind(get("jurisdiction_profile"), {"jurisdiction": "鼓楼区"})


@pytest.mark.parametrize("value, code", [("河南", "410000"), ("河南省", "410000"), ("41", "410000"),
                                         ("410000", "410000"), ("内蒙古", "150000"), ("not a province", None)])
def test_province_resolution(value, code):
    assert resolve_province(value) == code


def test_province_parameter_filters_the_curve(store):
    rows = run_query("adoption_curve", {"mechanism": "双随机一公开", "province": "山西"}, store)
    assert [(r["province_name"], r["year"], r["cumulative"]) for r in rows] == [("山西省", 2021, 1)]


def test_limit_keeps_the_first_rows(store):
    assert len(run_query("co_adoption", {"limit": "2"}, store)) == 2
    assert len(run_query("co_adoption", {}, store)) == 3  # default 20 > 3 pairs


@pytest.mark.parametrize(
    "name, params, message",
    [
        ("followers", {}, "missing required parameter mechanism"),
        ("followers", {"mechanism": "不存在的机制"}, "不存在的机制"),
        ("followers", {"mechanism": "双随机一公开", "colour": "red"}, "unknown parameter"),
        ("co_adoption", {"limit": "0"}, "1..100000"),
        ("co_adoption", {"limit": "ten"}, "ten"),
        ("cited_documents", {"level": "global"}, "global"),
        ("compare_indicator", {"indicator": "满意度指数X"}, "满意度指数X"),
        ("adoption_curve", {"mechanism": "放管服", "province": "火星"}, "火星"),
    ],
)
def test_bad_parameters_raise_query_error(store, name, params, message):
    with pytest.raises(QueryError, match=message):
        run_query(name, params, store)


def test_unknown_query_lists_known_ones():
    with pytest.raises(QueryError, match="adoption_curve"):
        get("adoption_curv")


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name", sorted(n for n, q in catalog().items() if q.params))
def test_hostile_values_are_refused_before_any_query(store, name, value):
    q = get(name)
    for p in q.params:
        params = {x.name: "双随机一公开" if x.kind == "mechanism" else None for x in q.params if x.required}
        params[p.name] = value
        with pytest.raises(QueryError):
            run_query(q, params, store)


def _quad_count(backend) -> int:
    return len(backend.store)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_reaching_the_store_matches_nothing_and_changes_nothing(store, value):
    """Bypass resolution: hostile text bound as the parameter itself is only ever a literal."""
    before = _quad_count(store)
    dr = Bound("https://w3id.org/fazhi-kg/vocab/mechanism/double-random", iri=True)
    for name, params in [
        ("jurisdiction_profile", {"jurisdiction": Bound(value)}),
        ("evidence", {"jurisdiction": Bound(value), "mechanism": dr}),
        ("adoption_curve", {"mechanism": dr, "province": Bound(value)}),
        ("cited_documents", {"level": Bound(value)}),
        ("followers", {"mechanism": Bound("https://evil.example/x?q=1%27%20OR%201=1", iri=True),
                       "province": Bound("410000")}),
        ("followers", {"mechanism": dr, "province": Bound(value)}),
        ("first_adoptions", {"province": Bound(value), "mechanism": dr}),
    ]:
        q = get(name)
        rows = [normalise_row(q, r) for r in store.execute(q, params)]
        assert rows == [], f"{name} returned rows for {value!r}"
    assert _quad_count(store) == before
    # and the graph still answers normally afterwards
    assert run_query("followers", {"mechanism": "双随机一公开", "province": "河南"}, store)
