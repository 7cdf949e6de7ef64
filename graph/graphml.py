"""GraphML exports for Gephi / Cytoscape / yEd.

graph.graphml               the whole graph: every node of the report graphs and the vocabulary
                            concepts, literals as attributes, links as edges. Written streaming,
                            graph by graph, straight from the store (networkx would hold the whole
                            corpus in memory); it reads back with `networkx.read_graphml`.
adoption-bipartite.graphml  jurisdiction - mechanism, one edge per pair with the first adoption
                            year, stages and number of reports (networkx, from the manifest).

Every node and edge has a non-empty `label` (Chinese name) and `type`; node ids are IRIs; edge
ids are unique; attributes that have no value are left out (never empty, never None).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
from pyoxigraph import Literal, NamedNode

from graph.manifest import Manifest
from graph.rdf import DCT, PROV, VOCAB_GRAPH
from graph.store import GraphStore
from ontology import iri
from ontology.namespaces import FZ, ORG

FORMAT_VERSION = "1"
FZNS = str(FZ._NS)
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
REPORT_PREFIX = str(iri.ID) + "report/"

NODE_TYPES = ("Report", "Jurisdiction", "Adoption", "Observation", "PioneerClaim", "Agency",
              "PolicyDocument", "MechanismCandidate", "Evidence", "Mechanism", "Indicator",
              "AgencyType", "PolicyArea")

# predicate -> (edge type, Chinese label); names follow the Neo4j model of docs/model.md
EDGES: dict[str, tuple[str, str]] = {
    FZNS + "within": ("WITHIN", "隶属"),
    FZNS + "inProvince": ("IN_PROVINCE", "所属省份"),
    FZNS + "about": ("ABOUT", "报告对象"),
    FZNS + "publishedBy": ("PUBLISHED_BY", "发布地"),
    FZNS + "cites": ("CITES", "引用"),
    FZNS + "jurisdiction": ("IN_JURISDICTION", "所属地区"),
    FZNS + "mechanism": ("OF_MECHANISM", "机制"),
    FZNS + "involvedAgency": ("INVOLVES", "涉及机构"),
    FZNS + "indicator": ("MEASURES", "指标"),
    FZNS + "relatedMechanism": ("CLAIMS_MECHANISM", "相关机制"),
    FZNS + "agencyType": ("OF_TYPE", "机构类型"),
    FZNS + "policyArea": ("BROADER", "上位概念"),
    SKOS + "broader": ("BROADER", "上位概念"),
    DCT + "hasPart": ("HAS_PART", "组成部分"),
    PROV + "wasDerivedFrom": ("HAS_EVIDENCE", "证据"),
    FZNS + "report": ("IN_REPORT", "来源报告"),
}
# IRI-valued properties written as attributes (enumerations), with the attribute name
ENUMS = {FZNS + "level": "level", FZNS + "stage": "stage", FZNS + "docType": "docType"}
# literal properties written as attributes: predicate -> (attribute name, multi-valued)
LITERALS: dict[str, str] = {
    FZNS + "code": "code", FZNS + "yearCovered": "year", FZNS + "year": "year",
    FZNS + "docNumber": "docNumber", FZNS + "issuer": "issuer", DCT + "issued": "issued",
    FZNS + "sha256": "sha256", FZNS + "sourceFile": "sourceFile", FZNS + "synthetic": "synthetic",
    FZNS + "indicatorPhrase": "indicatorPhrase", FZNS + "value": "value", FZNS + "unit": "unit",
    FZNS + "approximate": "approximate", FZNS + "claimType": "claimType", FZNS + "scope": "scope",
    FZNS + "claimed": "claimed", FZNS + "documentLevel": "documentLevel",
    FZNS + "startOffset": "start", FZNS + "endOffset": "end", FZNS + "quote": "quote",
    FZNS + "sentence": "sentence", FZNS + "rule": "rule", FZNS + "confidence": "confidence",
    FZNS + "origin": "origin", SKOS + "notation": "notation", SKOS + "altLabel": "altLabels",
}
NODE_KEYS: dict[str, str] = {
    "label": "string", "type": "string", "report": "string", "nameEn": "string",
    "code": "string", "level": "string", "year": "int", "stage": "string", "docType": "string",
    "docNumber": "string", "issuer": "string", "issued": "string", "sha256": "string",
    "sourceFile": "string", "synthetic": "boolean", "indicatorPhrase": "string",
    "value": "double", "unit": "string", "approximate": "boolean", "claimType": "string",
    "scope": "string", "claimed": "string", "documentLevel": "string", "start": "int",
    "end": "int", "quote": "string", "sentence": "string", "rule": "string",
    "confidence": "double", "origin": "string", "notation": "string", "altLabels": "string",
}
EDGE_KEYS: dict[str, str] = {"label": "string", "type": "string", "year": "int", "stage": "string"}

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_XML_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    if not _XML_SPECIAL.search(text):  # the common case: nothing to escape
        return text
    return escape(_XML_BAD.sub("", text))


def _local(value: str) -> str:
    return re.split(r"[#/]", value)[-1]


class _Node:
    __slots__ = ("iri", "type", "attrs", "links", "label")

    def __init__(self, iri_: str):
        self.iri = iri_
        self.type: str | None = None
        self.attrs: dict[str, list[str]] = defaultdict(list)
        self.links: list[tuple[str, str]] = []
        self.label: str | None = None


_TITLE_LIKE = frozenset({RDFS_LABEL, DCT + "title"})
_PREF = SKOS + "prefLabel"
_FZ_TYPES = {FZNS + t: t for t in NODE_TYPES}


Row = tuple[str, str, str, "str | object | None"]
"""(subject, predicate, object value, kind): kind None for an IRI object, the language tag
("" for none) for a literal, `_OTHER` for a blank node."""
_OTHER = object()


def quad_rows(quads) -> list[Row]:
    """Rows of pyoxigraph quads (the vocabulary graph, graphs read back from a store)."""
    out = []
    for q in quads:
        o = q.object
        t = type(o)
        kind = None if t is NamedNode else (o.language or "") if t is Literal else _OTHER
        out.append((q.subject.value, q.predicate.value, o.value, kind))
    return out


def triple_rows(triples) -> list[Row]:
    """Rows of a report graph's records (graph.rdf.ReportGraph.triples)."""
    return [(s, p, o, None) if type(o) is str else (s, p, o.value, o.language)
            for s, p, o in triples]


def _collect(rows: list[Row]) -> dict[str, _Node]:
    nodes: dict[str, _Node] = {}
    last_s = None
    n = None
    for s, p, ov, kind in rows:
        if s != last_s:
            n = nodes.get(s)
            if n is None:
                n = nodes[s] = _Node(s)
            last_s = s
        if p == RDF_TYPE:
            t = _FZ_TYPES.get(ov)
            if t is not None:
                n.type = t
        elif kind is None:
            if p in EDGES:
                n.links.append((p, ov))
            elif p in ENUMS:
                n.attrs[ENUMS[p]].append(_local(ov)[:1].lower() + _local(ov)[1:]
                                         if p != FZNS + "docType" else _local(ov))
        elif kind is not _OTHER:
            if p in _TITLE_LIKE:
                n.label = n.label or ov
            elif p == _PREF:
                if kind == "zh":
                    n.label = n.label or ov
                elif kind == "en":
                    n.attrs["nameEn"].append(ov)
            else:
                name = LITERALS.get(p)
                if name is not None:
                    if ov.strip():
                        n.attrs[name].append(ov)
    return {k: v for k, v in nodes.items() if v.type is not None}


def _label(n: _Node, labels: dict[str, str]) -> str:
    a = n.attrs
    if n.label:
        return n.label
    if n.type == "Adoption":
        mech = next((o for p, o in n.links if p == FZNS + "mechanism"), None)
        return labels.get(mech or "", _local(mech or n.iri))
    if n.type == "Observation":
        phrase = (a.get("indicatorPhrase") or [""])[0]
        return f"{phrase}{(a.get('value') or [''])[0]}{(a.get('unit') or [''])[0]}" or _local(n.iri)
    if n.type == "PioneerClaim":
        return "".join((a.get("claimType") or [""])[:1]) + ": " + (a.get("claimed") or [""])[0]
    if n.type == "Evidence":
        return (a.get("quote") or [_local(n.iri)])[0]
    for key in ("docNumber", "sourceFile", "notation", "code"):
        if a.get(key):
            return a[key][0]
    return _local(n.iri)


def _keys_xml() -> str:
    out = []
    for name, kind in NODE_KEYS.items():
        out.append(f'<key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}"/>')
    for name, kind in EDGE_KEYS.items():
        out.append(f'<key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>')
    return "\n".join(out)


_needs_escape = _XML_SPECIAL.search


def _data(prefix: str, attrs: dict[str, str]) -> str:
    # _x inlined: this runs for every attribute of every node of every report
    return "".join([f'<data key="{prefix}_{k}">{v if _needs_escape(v) is None else _x(v)}</data>'
                    for k, v in attrs.items() if v is not None and v != ""])


HEADER = ('<?xml version="1.0" encoding="UTF-8"?>\n'
          '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
          'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
          'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
          'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
          f"{_keys_xml()}\n"
          '<graph id="fazhi-kg" edgedefault="directed">\n')
FOOTER = "</graph>\n</graphml>\n"


def concept_labels(vocab) -> dict[str, str]:
    """Concept IRI -> zh prefLabel, for adoption captions (from a Vocabulary)."""
    return {c.iri: c.pref_zh for scheme in iri.SCHEMES for c in vocab.concepts(scheme)}


def fragment(rows: list[Row], graph_name: str, labels: dict[str, str],
             outside: set[str] | frozenset[str] = frozenset()) -> dict:
    """One graph's share of graph.graphml, computed where its triples are (the build's workers)
    from its rows (`quad_rows`, `triple_rows`).

    Returns {"local": xml of the nodes and edges only this graph has,
             "nodes": [[iri, xml], ...] shared nodes (jurisdictions, agencies, documents,
                      candidates, concepts) that the writer emits once,
             "edges": [[key, xml], ...] edges between shared nodes, also emitted once}.
    Edges go only to nodes of this graph or to `outside` (the vocabulary concepts), so the
    file never has a dangling node. Per-report edge ids are "<report key>.<n>", shared ones
    "s.<hash of the triple>": unique across the whole file.
    """
    import hashlib

    nodes = _collect(rows)
    is_report = graph_name != VOCAB_GRAPH.value
    labels = {**labels, **{n.iri: n.label for n in nodes.values() if n.label}}
    key = graph_name.rsplit("/", 1)[-1] if is_report else "v"
    local: list[str] = []
    shared_nodes: list[list[str]] = []
    shared_edges: list[list[str]] = []
    n_edge = 0
    qa: dict[str, str] = {}
    edge_data: dict[tuple, str] = {}

    def q(value: str) -> str:
        r = qa.get(value)
        if r is None:
            r = qa[value] = quoteattr(value)
        return r

    for n in nodes.values():
        per_report = n.iri.startswith(REPORT_PREFIX)
        attrs = {"label": _label(n, labels), "type": n.type}
        if per_report and is_report:
            attrs["report"] = graph_name
        for k, vs in sorted(n.attrs.items()):
            attrs[k] = ";".join(sorted(dict.fromkeys(vs))) if k == "altLabels" else vs[0]
        xml = f"<node id={q(n.iri)}>{_data('n', attrs)}</node>\n"
        if per_report:
            local.append(xml)
        else:
            shared_nodes.append([n.iri, xml])
    for n in nodes.values():
        extra: dict[str, str] = {}
        if n.type == "Adoption":
            extra = {"year": (n.attrs.get("year") or [""])[0],
                     "stage": (n.attrs.get("stage") or [""])[0]}
        for p, o in sorted(set(n.links)):
            if o not in nodes and o not in outside:
                continue
            dkey = (p, *extra.values())
            data = edge_data.get(dkey)
            if data is None:
                etype, elabel = EDGES[p]
                data = edge_data[dkey] = _data("e", {"label": elabel, "type": etype, **extra})
            src, dst = q(n.iri), q(o)
            if not n.iri.startswith(REPORT_PREFIX) and not o.startswith(REPORT_PREFIX):
                k = f"{n.iri} {p} {o}"
                eid = "s." + hashlib.sha1(k.encode("utf-8")).hexdigest()[:20]
                shared_edges.append([k, f'<edge id="{eid}" source={src} target={dst}>{data}</edge>\n'])
            else:
                local.append(f'<edge id="{key}.{n_edge}" source={src} target={dst}>{data}</edge>\n')
                n_edge += 1
    return {"local": "".join(local), "nodes": shared_nodes, "edges": shared_edges}


# A fragment as bytes (the manifest keeps one per report): the three parts separated by GS,
# list items by RS, key and XML by US. XML text never holds these control characters: `_x`
# drops them from values, and IRIs (node ids) cannot contain them.
_GS, _RS, _US = "\x1d", "\x1e", "\x1f"


def pack_fragment(frag: dict) -> bytes:
    """`fragment()`'s result as bytes for the manifest (cheaper than JSON both ways)."""
    return _GS.join((
        frag["local"],
        _RS.join(f"{k}{_US}{xml}" for k, xml in frag["nodes"]),
        _RS.join(f"{k}{_US}{xml}" for k, xml in frag["edges"]),
    )).encode("utf-8")


def unpack_fragment(data: bytes) -> dict:
    """The fragment `pack_fragment` packed; also reads the JSON of manifests written before."""
    if data[:1] == b"{":
        return json.loads(data)
    local, nodes, edges = data.decode("utf-8").split(_GS)
    return {"local": local,
            "nodes": [item.split(_US) for item in nodes.split(_RS)] if nodes else [],
            "edges": [item.split(_US) for item in edges.split(_RS)] if edges else []}


def write_fragments(fragments, fh) -> tuple[int, int]:
    """Stream graph.graphml from fragments (vocabulary first, then reports in IRI order) to a
    binary file handle, emitting each shared node and shared edge once. Returns (nodes, edges)
    of the shared parts written (a progress figure)."""
    fh.write(HEADER.encode("utf-8"))
    seen_nodes: set[str] = set()
    seen_edges: set[str] = set()
    for frag in fragments:
        out: list[str] = []
        for iri_, xml in frag["nodes"]:
            if iri_ not in seen_nodes:
                seen_nodes.add(iri_)
                out.append(xml)
        out.append(frag["local"])
        for k, xml in frag["edges"]:
            if k not in seen_edges:
                seen_edges.add(k)
                out.append(xml)
        fh.write("".join(out).encode("utf-8"))
    fh.write(FOOTER.encode("utf-8"))
    return len(seen_nodes), len(seen_edges)


def write_graphml(store: GraphStore, fh, labels: dict[str, str] | None = None) -> tuple[int, int]:
    """graph.graphml straight from a store (small builds, tools): graph by graph."""
    def frags():
        names = store.graph_names()
        vocab_nodes: set[str] = set()
        lab = dict(labels or {})
        if VOCAB_GRAPH.value in names:
            vq = quad_rows(store.graph_quads(VOCAB_GRAPH.value))
            f = fragment(vq, VOCAB_GRAPH.value, lab)
            vocab_nodes = {n for n, _ in f["nodes"]}
            lab.update({n.iri: n.label for n in _collect(vq).values() if n.label})
            yield f
        for name in names:
            if name != VOCAB_GRAPH.value:
                yield fragment(quad_rows(store.graph_quads(name)), name, lab, vocab_nodes)

    return write_fragments(frags(), fh)


def adoption_bipartite(manifest: Manifest) -> nx.MultiDiGraph:
    """Jurisdiction -> mechanism, one edge per pair that any report mentions."""
    from graph.tables import ADOPTED

    g = nx.MultiDiGraph()
    rows = manifest.db.execute(
        "SELECT jurisdiction_code, MAX(jurisdiction), MAX(province), MAX(level), mechanism, "
        "MAX(mechanism_zh), MAX(mechanism_en), "
        f"MIN(CASE WHEN stage IN {ADOPTED!r} THEN year END), MIN(year), "
        "GROUP_CONCAT(DISTINCT stage), COUNT(DISTINCT sha256) FROM adoptions "
        "GROUP BY jurisdiction_code, mechanism ORDER BY jurisdiction_code, mechanism")
    for i, (code, name, prov, level, mech, mzh, men, fy, fym, stages, n) in enumerate(rows):
        j = str(iri.jurisdiction(code))
        m = str(iri.concept("mechanism", mech))
        if j not in g:
            g.add_node(j, **_clean({"label": name or code, "type": "Jurisdiction", "code": code,
                                    "province": prov, "level": level, "bipartite": 0}))
        if m not in g:
            g.add_node(m, **_clean({"label": mzh or mech, "type": "Mechanism", "notation": mech,
                                    "nameEn": men, "bipartite": 1}))
        g.add_edge(j, m, key=f"a{i}", **_clean({
            "id": f"a{i}", "label": "采用" if fy is not None else "提及",
            "type": "ADOPTED" if fy is not None else "MENTIONED",
            "first_year": fy, "first_year_mentioned": fym,
            "stages": ";".join(sorted(s for s in (stages or "").split(",") if s)),
            "n_reports": n}))
    return g


def _clean(attrs: dict) -> dict:
    return {k: v for k, v in attrs.items() if v is not None and v != ""}


def write_adoption_bipartite(manifest: Manifest, fh) -> None:
    nx.write_graphml(adoption_bipartite(manifest), fh, edge_id_from_attribute="id")
