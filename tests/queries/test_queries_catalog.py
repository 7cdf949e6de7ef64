"""Every named question is a Cypher + SPARQL twin with one header, and its parameters are
really parameters in both texts (no value is ever formatted in)."""

from __future__ import annotations

import re

import pytest

from fazhi.errors import QueryError
from queries.catalog import catalog, load_query, parse_header
from queries.run import sort_rows

REQUIRED = {
    "adoption_timeline", "first_adopters", "adoption_curve", "followers", "jurisdiction_profile",
    "compare_indicator", "co_adoption", "mechanism_agencies", "cited_documents", "evidence",
    "new_mechanisms",
}
QUERIES = sorted(catalog())


def test_catalog_has_the_required_questions():
    assert REQUIRED <= set(QUERIES)


def _top_projection(sparql: str) -> list[str]:
    body = "\n".join(l for l in sparql.splitlines() if not l.lstrip().startswith(("#", "PREFIX")))
    select = re.search(r"SELECT\s+(.*?)\s+WHERE", body, re.DOTALL)
    assert select, "no top-level SELECT"
    # drop `(... AS ?x)` expressions but keep their target names
    proj = select.group(1)
    return re.findall(r"\?(\w+)\)?", proj.replace("AS ?", "AS_?"))


@pytest.mark.parametrize("name", QUERIES)
def test_twins_declare_and_use_the_same_parameters(name):
    q = catalog()[name]
    declared = {p.name for p in q.params}
    used_cypher = set(re.findall(r"\$(\w+)", q.cypher))
    assert used_cypher == declared, f"{name}.cypher uses {used_cypher}, header declares {declared}"
    projected = set(_top_projection(q.sparql))
    for p in declared:
        # pyoxigraph substitutes only variables of the top-level projection
        assert p in projected, f"{name}.rq does not project ?{p}"
    for c in q.column_names:
        assert c in projected, f"{name}.rq does not return column {c}"
        assert re.search(rf"\bAS {c}\b|^\s*{c}\b|,\s*{c}\b|RETURN {c}\b", q.cypher, re.MULTILINE), f"{name}.cypher lacks {c}"


@pytest.mark.parametrize("name", QUERIES)
def test_twins_order_their_rows(name):
    """Either both texts sort, or the header declares an `order` the runner applies to both."""
    q = catalog()[name]
    assert "ORDER BY" in q.cypher
    assert "ORDER BY" in q.sparql or q.order


def test_headers_must_agree(tmp_path):
    (tmp_path / "q.rq").write_text("# title: A\n# column: x (str) x\nSELECT ?x WHERE {}", encoding="utf-8")
    (tmp_path / "q.cypher").write_text("// title: B\n// column: x (str) x\nRETURN 1 AS x", encoding="utf-8")
    with pytest.raises(QueryError, match="headers"):
        load_query("q", tmp_path)


def test_missing_twin_is_named(tmp_path):
    (tmp_path / "lonely.rq").write_text("# title: A\n# column: x (str) x\nSELECT ?x WHERE {}", encoding="utf-8")
    with pytest.raises(QueryError, match="lonely.cypher"):
        load_query("lonely", tmp_path)


@pytest.mark.parametrize(
    "header, message",
    [
        ("# column: x (str) x\n", "title"),
        ("# title: T\n", "column"),
        ("# title: T\n# param: m (colour, required) x\n# column: x (str) x\n", "malformed param"),
        ("# title: T\n# column: x (complex) x\n", "malformed column"),
        ("# title: T\n# column: x (str) x\n# order: x sideways\n", "malformed order"),
        ("# title: T\n# column: x (str) x\n# order: y desc\n", "undeclared columns"),
    ],
)
def test_malformed_headers_are_rejected(header, message):
    with pytest.raises(QueryError, match=message):
        parse_header(header + "SELECT", "bad.rq")


def test_header_parses_params_and_defaults():
    h = parse_header(
        "// title: T\n// param: limit (int, optional, default 20) how many\n"
        "// param: mechanism (mechanism, required) which\n// column: n (int) count\nMATCH", "t.cypher"
    )
    assert [(p.name, p.kind, p.required, p.default) for p in h.params] == [
        ("limit", "int", False, "20"), ("mechanism", "mechanism", True, None)]
    assert [(c.name, c.type) for c in h.columns] == [("n", "int")]


def test_header_order_is_parsed_and_applied_by_the_runner():
    h = parse_header("# title: T\n# column: n (int) n\n# column: s (str) s\n# order: n desc, s\nSELECT", "t.rq")
    assert h.order == (("n", True), ("s", False))
    rows = [{"n": 1, "s": "b"}, {"n": None, "s": "a"}, {"n": 2, "s": "z"}, {"n": 1, "s": None}, {"n": 2, "s": "c"}]
    assert sort_rows(rows, h.order) == [
        {"n": 2, "s": "c"}, {"n": 2, "s": "z"}, {"n": 1, "s": None}, {"n": 1, "s": "b"}, {"n": None, "s": "a"}]
