"""The SKOS vocabularies as Python records, loaded once from the packaged `.ttl` files.

The `.ttl` files are the truth; this module only reads them. Extractors match text against
`Concept.labels()`; the graph builder writes concept IRIs; queries resolve a user's label or
alias (`双随机、一公开`, `双随机一公开`, the English gloss) with `Vocabulary.resolve`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, SKOS

from fazhi.errors import OntologyError
from ontology import ttl_path
from ontology.iri import SCHEMES, scheme as scheme_iri
from ontology.namespaces import FZ

VOCAB_FILES = {
    "mechanism": "mechanisms.ttl",
    "indicator": "indicators.ttl",
    "agency-type": "agency-types.ttl",
    "policy-area": "policy-areas.ttl",
}


@dataclass(frozen=True, slots=True)
class Concept:
    scheme: str  # one of ontology.iri.SCHEMES
    notation: str  # readable slug, the last IRI segment
    iri: str
    pref_zh: str
    pref_en: str
    alt_labels: tuple[str, ...] = ()  # zh variants seen in real text
    broader: tuple[str, ...] = ()  # notations (a mechanism's policy area lives in "policy-area")
    parts: tuple[str, ...] = ()  # notations of component concepts (composites)
    unit: str | None = None  # indicators only
    origin: str | None = None  # where and when it started, as known
    definition: str | None = None
    policy_area: str | None = None  # mechanisms only: notation of its fz:policyArea

    def labels(self) -> tuple[str, ...]:
        """prefLabel@zh first, then every altLabel."""
        return (self.pref_zh, *self.alt_labels)


def _notation(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _lang(g: Graph, s, p, lang: str) -> list[str]:
    return sorted(str(o) for o in g.objects(s, p) if isinstance(o, Literal) and o.language == lang)


class Vocabulary:
    """All concept schemes. Lookups are by notation or by any label (exact, after `normalise`)."""

    def __init__(self, concepts: list[Concept]):
        self._by_scheme: dict[str, dict[str, Concept]] = {s: {} for s in SCHEMES}
        self._by_label: dict[tuple[str, str], Concept] = {}
        for c in concepts:
            self._by_scheme[c.scheme][c.notation] = c
            for label in (*c.labels(), c.pref_en, c.notation):
                key = (c.scheme, normalise_label(label))
                other = self._by_label.get(key)
                if other is not None and other.notation != c.notation:
                    raise OntologyError(
                        f"{VOCAB_FILES[c.scheme]}: label {label!r} belongs to both "
                        f"{other.notation} and {c.notation}"
                    )
                self._by_label[key] = c

    def concepts(self, scheme: str) -> list[Concept]:
        return list(self._by_scheme[scheme].values())

    def get(self, scheme: str, notation: str) -> Concept | None:
        return self._by_scheme[scheme].get(notation)

    def resolve(self, scheme: str, label: str) -> Concept | None:
        """A concept by notation, zh prefLabel, altLabel or English gloss; None if none matches."""
        return self._by_label.get((scheme, normalise_label(label)))


_STRIP = str.maketrans("", "", " \u3000、·•\"'“”‘’「」『』")


def normalise_label(label: str) -> str:
    """Key for label lookup: case-folded, without spaces, 、, and quotation marks."""
    return label.translate(_STRIP).casefold()


def load_graph() -> Graph:
    """The ontology and all vocabularies in one rdflib Graph."""
    g = Graph()
    for name in ("fazhi.ttl", *VOCAB_FILES.values()):
        g.parse(ttl_path(name), format="turtle")
    return g


def _check_references(concepts: list[Concept]) -> None:
    """Every broader / part / policy area names an existing concept (else OntologyError)."""
    known = {(c.scheme, c.notation) for c in concepts}
    notations = {c.notation for c in concepts}
    for c in concepts:
        fname = VOCAB_FILES[c.scheme]
        for b in c.broader:
            if b not in notations:
                raise OntologyError(f"{fname}: {c.notation} has skos:broader {b!r}, which is no concept")
        for part in c.parts:
            if (c.scheme, part) not in known:
                raise OntologyError(f"{fname}: {c.notation} has dcterms:hasPart {part!r}, which is no {c.scheme} concept")
        if c.policy_area is not None and ("policy-area", c.policy_area) not in known:
            raise OntologyError(f"{fname}: {c.notation} has fz:policyArea {c.policy_area!r}, which is no policy area")


def load_from(files: Mapping[str, str]) -> Vocabulary:
    """A Vocabulary from the given `{scheme name: .ttl path}` files (every scheme optional).

    Raises OntologyError naming the file when a file cannot be parsed, a concept lacks exactly
    one prefLabel @zh and @en, a label belongs to two concepts of a scheme, or a broader / part /
    policy-area reference names no concept.
    """
    concepts: list[Concept] = []
    for scheme_name, path in files.items():
        if scheme_name not in SCHEMES:
            raise OntologyError(f"{path}: unknown concept scheme {scheme_name!r}; expected one of {SCHEMES}")
        g = Graph()
        try:
            g.parse(path, format="turtle")
        except Exception as err:  # rdflib raises several parser-specific types
            raise OntologyError(f"{path}: cannot be parsed as Turtle: {err}") from err
        s_iri = scheme_iri(scheme_name)
        for c in sorted(set(g.subjects(SKOS.inScheme, s_iri))):
            zh = _lang(g, c, SKOS.prefLabel, "zh")
            en = _lang(g, c, SKOS.prefLabel, "en")
            if len(zh) != 1 or len(en) != 1:
                raise OntologyError(f"{path}: {c} needs exactly one prefLabel@zh and @en")
            unit = g.value(c, FZ.unit)
            origin = g.value(c, FZ.origin)
            definition = g.value(c, SKOS.definition)
            area = g.value(c, FZ.policyArea)
            concepts.append(
                Concept(
                    scheme=scheme_name,
                    notation=_notation(str(c)),
                    iri=str(c),
                    pref_zh=zh[0],
                    pref_en=en[0],
                    alt_labels=tuple(_lang(g, c, SKOS.altLabel, "zh")),
                    broader=tuple(sorted(_notation(str(b)) for b in g.objects(c, SKOS.broader))),
                    parts=tuple(sorted(_notation(str(p)) for p in g.objects(c, DCTERMS.hasPart))),
                    unit=str(unit) if unit is not None else None,
                    origin=str(origin) if origin is not None else None,
                    definition=str(definition) if definition is not None else None,
                    policy_area=_notation(str(area)) if area is not None else None,
                )
            )
    if set(files) == set(SCHEMES):
        _check_references(concepts)
    return Vocabulary(concepts)


@lru_cache(maxsize=1)
def load() -> Vocabulary:
    """The packaged vocabularies (parsed once per process)."""
    return load_from({name: ttl_path(fname) for name, fname in VOCAB_FILES.items()})
