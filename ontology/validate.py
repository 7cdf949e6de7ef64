"""SHACL validation of fazhi graphs against `shapes.ttl`.

`validate(data_graph)` runs pyshacl on the data merged with the ontology and the four
vocabularies (so `sh:class fz:Mechanism` finds the concepts a report graph only points to) and
returns a `ValidationReport`. Non-conformance is a result, not an error: the CLI decides to exit
nonzero. Only unreadable shapes or ontology files raise (`OntologyError`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Dataset, Graph, Literal, Namespace
from rdflib.namespace import RDF, SH, SKOS
from rdflib.term import Node, URIRef

from fazhi.errors import OntologyError
from ontology import ttl_path
from ontology.namespaces import FZ
from ontology.vocab import load_graph

SHAPES_FILE = "shapes.ttl"
FZSH = Namespace("https://w3id.org/fazhi-kg/shapes#")
VOCABULARY_SHAPES = frozenset(FZSH[n] for n in (
    "ConceptShape", "MechanismShape", "IndicatorShape", "AgencyTypeShape", "PolicyAreaShape",
    "ConceptSchemeShape",
))
"""Shapes of the SKOS vocabularies: run only when the data graph itself defines concepts, since
the packaged vocabularies (merged into every validation) are checked by their own tests."""
_CONCEPT_CLASSES = (SKOS.Concept, SKOS.ConceptScheme, FZ.Mechanism, FZ.Indicator, FZ.AgencyType, FZ.PolicyArea)

Violation = tuple[str, str | None, str]
"""(focus node, result path or None, message) of one SHACL violation."""


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of one validation: `conforms`, the violations sorted, and pyshacl's text."""

    conforms: bool
    violations: tuple[Violation, ...] = ()
    text: str = ""

    def messages(self) -> tuple[str, ...]:
        """The distinct violation messages, sorted (handy for tests and summaries)."""
        return tuple(sorted({m for _f, _p, m in self.violations}))


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The packaged SHACL shapes (parsed once per process)."""
    g = Graph()
    try:
        g.parse(ttl_path(SHAPES_FILE), format="turtle")
    except Exception as err:  # rdflib raises several parser-specific types
        raise OntologyError(f"{SHAPES_FILE}: cannot be parsed: {err}") from err
    return g


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """fazhi.ttl plus the four vocabularies, merged into every data graph before validation."""
    try:
        return load_graph()
    except Exception as err:
        raise OntologyError(f"ontology files cannot be parsed: {err}") from err


def _flat(data_graph: Graph) -> Graph:
    """A new plain Graph of every triple of `data_graph` (all named graphs of a Dataset)."""
    flat = Graph()
    if isinstance(data_graph, Dataset) or getattr(data_graph, "context_aware", False):
        for s, p, o, *_ in data_graph.quads((None, None, None, None)):
            flat.add((s, p, o))
    else:
        for triple in data_graph:
            flat.add(triple)
    return flat


def _defines_concepts(data_graph: Graph) -> bool:
    return any(next(iter(data_graph.subjects(RDF.type, c)), None) is not None for c in _CONCEPT_CLASSES)


def _data_shapes() -> list[URIRef]:
    g = shapes_graph()
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    return sorted(s for s in shapes if isinstance(s, URIRef) and s not in VOCABULARY_SHAPES)


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def validate(data_graph: Graph) -> ValidationReport:
    """Validate `data_graph` (a report graph, a Dataset of report graphs, or the vocabulary).

    The vocabulary shapes run only when `data_graph` itself types SKOS concepts or schemes.

    Never raises for non-conforming data; raises `OntologyError` only if the packaged shapes or
    ontology cannot be read.
    """
    from pyshacl import validate as shacl_validate  # slow import, only when validating

    merged = _flat(data_graph)
    use_shapes = None if _defines_concepts(merged) else _data_shapes()
    # The ontology and vocabularies are merged in here rather than passed as pyshacl's
    # `ont_graph`, which only inoculates class axioms and would not bring in the concepts a
    # report graph points to (sh:class fz:Mechanism would then fail).
    for triple in ontology_graph():
        merged.add(triple)
    conforms, results, text = shacl_validate(
        merged,
        use_shapes=use_shapes,
        shacl_graph=shapes_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        meta_shacl=False,
        advanced=False,
        inplace=True,  # the merged graph is ours to annotate
    )
    violations: list[Violation] = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        if results.value(r, SH.resultSeverity) != SH.Violation:
            continue
        message = results.value(r, SH.resultMessage)
        violations.append((
            _text(results.value(r, SH.focusNode)) or "",
            _text(results.value(r, SH.resultPath)),
            str(message) if isinstance(message, Literal) else str(results.value(r, SH.sourceConstraintComponent)),
        ))
    violations.sort(key=lambda v: (v[0], v[1] or "", v[2]))
    return ValidationReport(conforms=bool(conforms), violations=tuple(violations), text=str(text))


def validate_vocabulary() -> ValidationReport:
    """Validate the packaged ontology and vocabularies themselves (every shape applies)."""
    return validate(ontology_graph())
