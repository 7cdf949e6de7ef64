"""Stable, derived IRIs. Never random: the same input always names the same node.

- jurisdictions by GB/T 2260 code          id/jurisdiction/410200
- concepts by readable notation            vocab/mechanism/double-random  (indicator/, agency-type/, policy-area/)
- reports by content hash (sha256 prefix)  id/report/3b2ecaf5beab3b6b
- facts from (report, span, rule)          id/report/<h>/fact/<rule>/<start>-<end>
- evidence of a fact                       id/report/<h>/evidence/<rule>/<start>-<end>
- agencies by jurisdiction + agency type   id/agency/410200/justice-bureau
- cited documents by normalised title      id/document/<sha1(title)[:16]>
- candidate mechanisms by normalised term  id/candidate/<sha1(term)[:16]>
- derived corpus summaries                 id/summary/mechanism/<notation>[/jurisdiction/<code>|/with/<notation>]
                                           id/summary/{jurisdictions,candidates,documents}
                                           id/summary/candidate/<hash>, id/summary/document/<hash>
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from rdflib.term import URIRef

from ontology.namespaces import ID, VOCAB

UNRESOLVED = "unresolved"
_SAFE = re.compile(r"[^A-Za-z0-9._~-]")

SCHEMES = ("mechanism", "indicator", "agency-type", "policy-area")


def _h(text: str, n: int = 16) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def report_key(sha256: str) -> str:
    return sha256[:16]


def jurisdiction(code: str) -> URIRef:
    return ID[f"jurisdiction/{code}"]


def scheme(name: str) -> URIRef:
    if name not in SCHEMES:
        raise ValueError(f"unknown concept scheme {name!r}; expected one of {SCHEMES}")
    return VOCAB[name]


def concept(scheme_name: str, notation: str) -> URIRef:
    if not name_ok(notation):
        raise ValueError(f"concept notation {notation!r} is not a readable slug")
    return URIRef(f"{scheme(scheme_name)}/{notation}")


def name_ok(notation: str) -> bool:
    return bool(notation) and not _SAFE.search(notation)


def report(sha256: str) -> URIRef:
    return ID[f"report/{report_key(sha256)}"]


def fact(sha256: str, rule: str, start: int, end: int) -> URIRef:
    return ID[f"report/{report_key(sha256)}/fact/{quote(rule, safe='')}/{start}-{end}"]


def evidence(sha256: str, rule: str, start: int, end: int) -> URIRef:
    return ID[f"report/{report_key(sha256)}/evidence/{quote(rule, safe='')}/{start}-{end}"]


def agency(jurisdiction_code: str | None, agency_type: str) -> URIRef:
    return ID[f"agency/{jurisdiction_code or UNRESOLVED}/{agency_type}"]


def policy_document(normalised_title: str) -> URIRef:
    return ID[f"document/{_h(normalised_title)}"]


def candidate(normalised_term: str) -> URIRef:
    return ID[f"candidate/{_h(normalised_term)}"]


# ---------------------------------------------------------------- derived corpus summaries

SUMMARY_PREFIX = str(ID["summary/"])
"""Every summary graph and summary node starts with this (report graphs never do)."""


def summary_graph(kind: str) -> URIRef:
    """The corpus-wide summary graphs: "jurisdictions", "candidates", "documents"."""
    if kind not in ("jurisdictions", "candidates", "documents"):
        raise ValueError(f"iri: unknown summary graph {kind!r}")
    return ID[f"summary/{kind}"]


def mechanism_summary(notation: str) -> URIRef:
    """A mechanism's summary graph, also the name of its fz:MechanismSummary node."""
    return ID[f"summary/mechanism/{notation}"]


def adoption_summary(notation: str, jurisdiction_code: str) -> URIRef:
    return ID[f"summary/mechanism/{notation}/jurisdiction/{jurisdiction_code}"]


def co_adoption(notation: str, other: str) -> URIRef:
    return ID[f"summary/mechanism/{notation}/with/{other}"]


def candidate_summary(candidate_iri: str) -> URIRef:
    return ID[f"summary/candidate/{str(candidate_iri).rsplit('/', 1)[-1]}"]


def document_summary(document_iri: str) -> URIRef:
    return ID[f"summary/document/{str(document_iri).rsplit('/', 1)[-1]}"]
