"""graph.build.report_lines: a report graph's N-Quads and graph.trig block written straight from
its records must be byte for byte what pyoxigraph and `trig_block` make of its quads, also for
awkward literals (quotes, backslashes, newlines, U+2028, control characters, IRIs in the text)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest
from pyoxigraph import Dataset, Literal, NamedNode, Quad, RdfFormat, parse, serialize

sys.path.insert(0, str(Path(__file__).parent / "golden"))

import graph_sample as sample  # noqa: E402

from fazhi.records import Fact, Span  # noqa: E402
from graph.build import report_lines, trig_block  # noqa: E402
from graph.rdf import (RDF_TYPE, XSD_GYEAR, Lit, RdfBuilder, ReportGraph, quoted,  # noqa: E402
                       zh)
from graph.store import TRIG_PREFIXES  # noqa: E402

RDF_TYPE_TEXT = f"<{RDF_TYPE}>"
FZ_REPORT_TEXT = "<https://w3id.org/fazhi-kg/ontology#Report>"
AWKWARD = [
    'say "法治" twice',
    "back\\slash \\n not a newline",
    "line one\nline two\r\n\ttabbed",
    "para\u2028graph\u2029sep",
    "".join(chr(c) for c in range(0x20)) + "\x7f",
    "\ufeffbom \ufffd replacement \U0001F600 emoji",
    f"text naming {RDF_TYPE_TEXT} and {FZ_REPORT_TEXT} and <{XSD_GYEAR}>",
    f" {RDF_TYPE_TEXT} ",
    "<>&'",
    "non\ufffecharacters\uffff",
    "",
]


def awkward_extraction():
    """The sample report with facts whose quotes, labels and sentences hold awkward strings."""
    base = sample.extraction()
    text = base.document.text + "\n".join(AWKWARD) + "\n"
    doc = replace(base.document, text=text, title='标题 "带引号" \\ 与\n换行',
                  doc_number="延政文〔2023〕1号\u2028", issuer="延津县\x07人民政府")
    facts = list(base.facts)
    at = len(base.document.text)
    for i, s in enumerate(AWKWARD):
        if not s:
            continue
        span = Span(at, at + len(s), s)
        facts.append(Fact(kind="claim", doc=doc.doc, span=span, rule=f"claim.awkward{i}",
                          confidence=0.5, label=s, scope=s, claim_type="率先"))
        facts.append(Fact(kind="metric", doc=doc.doc, span=span, rule=f"metric.awkward{i}",
                          confidence=0.5, value=1.5, unit=s, indicator=s, approx=True))
        facts.append(Fact(kind="mechanism_candidate", doc=doc.doc, span=span,
                          rule=f"mechanism.awkward{i}", confidence=0.5, label=s + "机制",
                          stage="implemented"))
        at += len(s) + 1
    return replace(base, document=doc, facts=tuple(facts))


def built_graphs():
    builder = RdfBuilder(sample.vocabulary())
    yield "sample", builder.build(sample.extraction())
    yield "awkward", builder.build(awkward_extraction())
    subject = "https://w3id.org/fazhi-kg/id/report/0000000000000000/fact/x/1-2"
    yield "rdf:type objects", ReportGraph("https://w3id.org/fazhi-kg/id/report/0000000000000000", (
        (subject, RDF_TYPE, RDF_TYPE),
        (subject, "https://w3id.org/fazhi-kg/ontology#claimed", RDF_TYPE),
        (subject, "https://w3id.org/fazhi-kg/ontology#quote", Lit(f" {RDF_TYPE_TEXT} ")),
        (subject, "https://w3id.org/fazhi-kg/ontology#quote", zh(FZ_REPORT_TEXT)),
        (RDF_TYPE, RDF_TYPE, "https://w3id.org/fazhi-kg/ontology#Report"),
        (subject, "http://example.org/p", Lit("x", "", "http://www.w3.org/2001/XMLSchema#string")),
    ))


@pytest.mark.parametrize("name,rg", list(built_graphs()), ids=[n for n, _ in built_graphs()])
def test_lines_and_block_are_the_bytes_of_the_quads(name, rg):
    lines, block = report_lines(rg)
    assert rg.nquads(lines) == serialize(rg.quads, format=RdfFormat.N_QUADS)
    assert block == trig_block(rg.quads, rg.name)


@pytest.mark.parametrize("extraction", [sample.extraction, awkward_extraction])
def test_lines_and_block_parse_back_to_the_same_quads(extraction):
    rg = RdfBuilder(sample.vocabulary()).build(extraction())
    lines, block = report_lines(rg)
    want = Dataset(rg.quads)
    assert Dataset(parse(rg.nquads(lines), format=RdfFormat.N_QUADS)) == want
    head = "".join(f"@prefix {p}: <{i}> .\n" for p, i in sorted(TRIG_PREFIXES.items()))
    assert Dataset(parse(head.encode() + block, format=RdfFormat.TRIG)) == want


def test_the_awkward_strings_reach_the_graph():
    rg = RdfBuilder(sample.vocabulary()).build(awkward_extraction())
    literals = {q.object.value for q in rg.quads if isinstance(q.object, Literal)}
    assert {s for s in AWKWARD if s} <= literals


def test_quoted_escapes_every_character_as_pyoxigraph_does():
    s, p, g = (NamedNode(f"http://example.org/{x}") for x in "spg")

    def same(text: str) -> bool:
        want = serialize([Quad(s, p, Literal(text), g)], format=RdfFormat.N_QUADS)
        return f"<{s.value}> <{p.value}> {quoted(text)} <{g.value}> .\n".encode() == want

    for start in range(0, 0x110000, 4096):  # every code point but the surrogates
        text = "".join(chr(c) for c in range(start, start + 4096) if not 0xD800 <= c < 0xE000)
        assert not text or same(text), [hex(ord(c)) for c in text if not same(c)]


@pytest.mark.parametrize("extraction", [sample.extraction, awkward_extraction])
def test_graphml_fragment_packs_and_unpacks(extraction):
    import json

    from graph import graphml
    from graph.build import _vocab_terms

    vocab = sample.vocabulary()
    rg = RdfBuilder(vocab).build(extraction())
    labels, concepts = _vocab_terms(vocab)
    frag = graphml.fragment(graphml.triple_rows(rg.triples), rg.name, labels, concepts)
    assert frag["nodes"] and frag["edges"] and frag["local"]
    assert graphml.unpack_fragment(graphml.pack_fragment(frag)) == frag
    # manifests written before the packed form hold JSON: still read
    assert graphml.unpack_fragment(json.dumps(frag, ensure_ascii=False).encode()) == frag
    empty = {"local": "", "nodes": [], "edges": []}
    assert graphml.unpack_fragment(graphml.pack_fragment(empty)) == empty
