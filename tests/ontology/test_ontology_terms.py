"""fazhi.ttl against the closed FZ namespace, and the reuse of standard vocabularies."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ontology import ttl_path
from ontology.namespaces import DOC_TYPE_IRI, FZ, LEVEL_IRI, ORG, QB, STAGE_IRI

ONTOLOGY = Graph().parse(ttl_path("fazhi.ttl"), format="turtle")
NS = str(FZ._NS)
TERMS = sorted(FZ.__annotations__)
PROV = "http://www.w3.org/ns/prov#"
TTL_FILES = sorted(p.name for p in Path(ttl_path("fazhi.ttl")).parent.glob("*.ttl"))


def test_ontology_header_has_a_version():
    onts = list(ONTOLOGY.subjects(RDF.type, OWL.Ontology))
    assert onts == [URIRef("https://w3id.org/fazhi-kg/ontology")]
    assert ONTOLOGY.value(onts[0], OWL.versionInfo) is not None


@pytest.mark.parametrize("term", TERMS)
def test_every_fz_term_is_declared_with_zh_and_en_labels(term):
    s = URIRef(NS + term)
    types = set(ONTOLOGY.objects(s, RDF.type))
    assert types & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                    OWL.NamedIndividual}, f"fz:{term} is not declared in fazhi.ttl"
    langs = {o.language for o in ONTOLOGY.objects(s, RDFS.label) if isinstance(o, Literal)}
    assert {"zh", "en"} <= langs, f"fz:{term} lacks an rdfs:label @zh or @en"


@pytest.mark.parametrize("fname", TTL_FILES)
def test_every_fz_term_used_in_a_ttl_file_exists_in_the_namespace(fname):
    g = Graph().parse(ttl_path(fname), format="turtle")
    used = {str(t) for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    unknown = sorted(u[len(NS):] for u in used if u[len(NS):] not in FZ.__annotations__)
    assert unknown == [], f"{fname} uses fz: terms missing from ontology.namespaces.FZ: {unknown}"


def test_declared_terms_are_exactly_the_namespace():
    declared = {str(s)[len(NS):] for s in ONTOLOGY.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}
    assert declared == set(TERMS)


def test_a_typo_in_the_namespace_raises():
    with pytest.raises(AttributeError):
        FZ.Adoptoin  # noqa: B018


@pytest.mark.parametrize("prop", [t for t in TERMS if t[0].islower()])
def test_every_property_has_a_domain_and_a_range(prop):
    s = URIRef(NS + prop)
    assert ONTOLOGY.value(s, RDFS.domain) is not None, f"fz:{prop} has no rdfs:domain"
    assert ONTOLOGY.value(s, RDFS.range) is not None, f"fz:{prop} has no rdfs:range"


@pytest.mark.parametrize(("cls", "parent"), [
    (FZ.Mechanism, SKOS.Concept), (FZ.Indicator, SKOS.Concept), (FZ.AgencyType, SKOS.Concept),
    (FZ.PolicyArea, SKOS.Concept), (FZ.Evidence, URIRef(PROV + "Entity")),
    (FZ.Agency, ORG.Organization), (FZ.Observation, QB.Observation),
])
def test_standard_vocabularies_are_reused(cls, parent):
    assert (cls, RDFS.subClassOf, parent) in ONTOLOGY
    comment = str(ONTOLOGY.value(cls, RDFS.comment))
    name = {SKOS.Concept: "skos:Concept", ORG.Organization: "W3C ORG", QB.Observation: "Data Cube"}.get(parent, "prov:Entity")
    assert name in comment, f"the rdfs:comment of {cls} does not say it reuses {name}"


def test_agency_type_refines_org_classification():
    assert (FZ.agencyType, RDFS.subPropertyOf, ORG.classification) in ONTOLOGY
    assert (FZ.cites, RDFS.subPropertyOf, DCTERMS.references) in ONTOLOGY
    assert (FZ.policyArea, RDFS.subPropertyOf, SKOS.broader) in ONTOLOGY


@pytest.mark.parametrize(("mapping", "cls"), [
    (STAGE_IRI, FZ.Stage), (DOC_TYPE_IRI, FZ.DocType), (LEVEL_IRI, FZ.JurisdictionLevel),
])
def test_enumerated_individuals_are_typed_and_closed(mapping, cls):
    members = set(ONTOLOGY.subjects(RDF.type, cls))
    assert members == set(mapping.values())
    one_of = [o for eq in ONTOLOGY.objects(cls, OWL.equivalentClass) for o in ONTOLOGY.objects(eq, OWL.oneOf)]
    assert len(one_of) == 1
    assert set(ONTOLOGY.items(one_of[0])) == members


@pytest.mark.parametrize(("prop", "datatype"), [
    (FZ.year, "gYear"), (FZ.yearCovered, "gYear"), (FZ.value, "decimal"),
    (FZ.startOffset, "integer"), (FZ.endOffset, "integer"), (FZ.synthetic, "boolean"),
])
def test_datatypes_of_time_and_numbers(prop, datatype):
    assert str(ONTOLOGY.value(prop, RDFS.range)) == "http://www.w3.org/2001/XMLSchema#" + datatype
