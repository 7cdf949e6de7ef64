"""Hostile `fazhi query -p` values and `fazhi sparql` updates against a built store, via the CLI.

A value that tries Cypher or SPARQL injection either is refused with a clear message naming the
parameter (exit nonzero, no traceback) or travels as a plain value and matches nothing; the
store is byte-for-byte the same graph afterwards.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hardening_support import run_fazhi, write_bad_corpus


def _store_state(out: Path) -> dict[str, int]:
    proc = run_fazhi("sparql", out, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                                    "GROUP BY ?g", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return {r["g"]: int(r["n"]) for r in json.loads(proc.stdout)}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    base = tmp_path_factory.mktemp("q")
    write_bad_corpus(base / "scrape")
    out = base / "out"
    proc = run_fazhi("build", base / "scrape", "--out", out, "--quiet")
    assert proc.returncode == 0, proc.stderr
    state = _store_state(out)
    assert len(state) >= 5
    return out, state


def _query(out: Path, name: str, *params: str):
    args = ["query", name, "--store", out, "--format", "json"]
    for p in params:
        args += ["-p", p]
    return run_fazhi(*args)


def test_legitimate_values_return_rows(store):
    """The control: the same queries with honest values do answer (so refusals below mean something)."""
    out, _ = store
    proc = _query(out, "evidence", "jurisdiction=410500", "mechanism=三项制度")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows and all("三项制度" in r["quote"] for r in rows)
    proc = _query(out, "top_mechanisms", "limit=3")
    assert proc.returncode == 0 and len(json.loads(proc.stdout)) == 3


HOSTILE = [
    ("evidence", "jurisdiction", "410500' OR '1'='1"),
    ("evidence", "jurisdiction", '410500"}) MATCH (n) DETACH DELETE n //'),
    ("evidence", "jurisdiction", "410500 } } ; DROP ALL ; SELECT * { ?s ?p ?o"),
    ("evidence", "jurisdiction", "<https://w3id.org/fazhi-kg/id/report/>"),
    ("evidence", "jurisdiction", "4105\u202e00\x01"),  # argv cannot carry NUL
    ("evidence", "jurisdiction", "安阳市" * 2000),
    ("evidence", "mechanism", "三项制度' OR 1=1 //"),
    ("evidence", "mechanism", "?x } UNION { ?s ?p ?o"),
    ("evidence", "mechanism", "https://w3id.org/fazhi-kg/vocab/mechanism/x> } ; CLEAR ALL ; #"),
    ("adoption_curve", "province", "河南' }) DETACH DELETE n //"),
    ("top_mechanisms", "limit", "1; DROP ALL"),
    ("top_mechanisms", "limit", "-1"),
    ("top_mechanisms", "limit", "99999999999999999999"),
    ("top_mechanisms", "limit", "3 } UNION { ?s ?p ?o }"),
    ("cited_documents", "level", "local' OR 1=1"),
]


@pytest.mark.parametrize(("name", "key", "value"), HOSTILE)
def test_hostile_value_is_refused_and_changes_nothing(store, name, key, value):
    out, before = store
    required = {"evidence": ["jurisdiction=410500", "mechanism=三项制度"],
                "adoption_curve": ["mechanism=三项制度"]}.get(name, [])
    params = [p for p in required if not p.startswith(f"{key}=")] + [f"{key}={value}"]
    proc = _query(out, name, *params)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode != 0, f"accepted {key}={value!r}: {proc.stdout[:500]}"
    assert key in proc.stderr, f"the message does not name the parameter: {proc.stderr}"
    assert len(proc.stderr.strip().splitlines()) <= 3, proc.stderr
    assert _store_state(out) == before


def test_unknown_and_malformed_parameters_are_refused(store):
    out, before = store
    for params in (["evil=1"], ["=410500"], ["jurisdiction"]):
        proc = _query(out, "jurisdiction_profile", *params)
        assert proc.returncode != 0, params
        assert "Traceback" not in proc.stderr and proc.stderr.strip(), params
    assert _store_state(out) == before


@pytest.mark.parametrize("update", [
    "DROP ALL",
    "CLEAR DEFAULT",
    "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
    "INSERT DATA { GRAPH <urn:evil> { <urn:a> <urn:b> <urn:c> } }",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
])
def test_fazhi_sparql_cannot_change_the_store(store, update):
    out, before = store
    proc = run_fazhi("sparql", out, update, "--format", "json")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode != 0, f"an update was accepted: {update}"
    assert _store_state(out) == before
