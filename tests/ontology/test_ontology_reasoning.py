"""OWL RL closure of the ontology, the vocabularies and a well-formed report graph: the domain and
range axioms must not give any node two of the ontology's main classes, and nothing is owl:Nothing."""

from __future__ import annotations

import owlrl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from ontology.vocab import load_graph

FZ = "https://w3id.org/fazhi-kg/ontology#"
MAIN = [URIRef(FZ + c) for c in (
    "Jurisdiction Report Mechanism MechanismCandidate PolicyArea Adoption Agency AgencyType "
    "Observation Indicator PioneerClaim PolicyDocument Evidence JurisdictionLevel DocType Stage"
).split()]


@pytest.fixture(scope="module")
def closure(good_report_ttl) -> Graph:
    g = load_graph()
    g.parse(data=good_report_ttl, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return g


def test_no_node_gets_two_main_classes(closure):
    clashes = {}
    for s in set(closure.subjects(RDF.type, None)):
        types = [c for c in MAIN if (s, RDF.type, c) in closure]
        if len(types) > 1:
            clashes[str(s)] = [str(t)[len(FZ):] for t in types]
    assert clashes == {}


def test_nothing_is_unsatisfiable(closure):
    assert list(closure.subjects(RDF.type, OWL.Nothing)) == []


@pytest.mark.parametrize(("node", "cls"), [
    ("https://w3id.org/fazhi-kg/vocab/mechanism/double-random", "http://www.w3.org/2004/02/skos/core#Concept"),
    ("https://w3id.org/fazhi-kg/id/agency/410700/market-regulation", "http://www.w3.org/ns/org#Organization"),
    ("https://w3id.org/fazhi-kg/id/report/0123456789abcdef/fact/metric.count/50-54", "http://purl.org/linked-data/cube#Observation"),
    ("https://w3id.org/fazhi-kg/id/report/0123456789abcdef/evidence/metric.count/50-54", "http://www.w3.org/ns/prov#Entity"),
])
def test_reused_classes_are_entailed(closure, node, cls):
    assert (URIRef(node), RDF.type, URIRef(cls)) in closure
