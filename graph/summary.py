"""The derived corpus summary graphs (docs/model.md, "Corpus summary graphs").

Questions about the whole corpus would otherwise scan every mention in every report graph. A build
keeps, per report, the few columns those questions need (`mention_rows`, `citation_rows`, taken
from the report graph itself, in the worker) in the manifest; at the end of every build `plan`
recomputes the summary graphs from those rows and compares each graph's digest with the last
build's, and `apply` replaces only the graphs that changed (`refresh` does both in one call). The summaries are a pure function of the report graphs.

Definitions: a mention is an fz:Adoption; it is dated when it has fz:year; it adopts when its
stage is implemented or piloting. "First" is the lowest (year, fact IRI), IRIs compared as strings
(as the named queries always did).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from pyoxigraph import Quad

from graph.jurisdictions import lookup
from graph.manifest import CitationRow, Manifest, MentionRow
from graph.rdf import RdfBuilder, ntriples_object, quoted
from ontology import iri
from ontology.namespaces import FZ, STAGE_IRI

ADOPTING = ("implemented", "piloting")
_STAGE_BY_IRI = {str(v): k for k, v in STAGE_IRI.items()}
_CANDIDATE_PREFIX = str(iri.candidate("x")).rsplit("/", 1)[0] + "/"
_JURISDICTION_PREFIX = str(iri.jurisdiction("x")).rsplit("/", 1)[0] + "/"
_DCT_TITLE = "http://purl.org/dc/terms/title"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# ---------------------------------------------------------------- per report (in the worker)


def mention_rows(triples: Iterable[tuple[str, str, str]]) -> tuple[list[MentionRow], list[CitationRow]]:
    """The mention and citation rows of one report graph, from its triples as plain strings
    (subject IRI, predicate IRI, object IRI or literal's lexical form); `term_values` makes them
    from pyoxigraph quads."""
    adoption, cited, labels, titles, numbers, levels = set(), [], {}, {}, {}, {}
    props: dict[str, dict[str, str]] = defaultdict(dict)
    t_adoption, t_mechanism, t_stage = str(FZ.Adoption), str(FZ.mechanism), str(FZ.stage)
    t_jurisdiction, t_year, t_cites = str(FZ.jurisdiction), str(FZ.year), str(FZ.cites)
    t_number, t_level, t_type = str(FZ.docNumber), str(FZ.documentLevel), _TYPE
    for s, p, o in triples:
        if p == t_type:
            if o == t_adoption:
                adoption.add(s)
        elif p in (t_mechanism, t_stage, t_jurisdiction, t_year):
            props[s][p] = o
        elif p == t_cites:
            cited.append(o)
        elif p == _RDFS_LABEL:
            labels[s] = o
        elif p == _DCT_TITLE:
            titles[s] = o
        elif p == t_number:
            numbers[s] = o
        elif p == t_level:
            levels[s] = o
    mentions = []
    for fact in sorted(adoption):
        f = props.get(fact, {})
        target = f.get(t_mechanism)
        if target is None:
            continue
        place = f.get(t_jurisdiction)
        year = f.get(t_year)
        candidate = target.startswith(_CANDIDATE_PREFIX)
        mentions.append(MentionRow(
            fact=fact, target=target, candidate=candidate,
            label=labels.get(target) if candidate else None,
            jurisdiction_code=place[len(_JURISDICTION_PREFIX):] if place else None,
            year=int(year) if year is not None else None,
            stage=_STAGE_BY_IRI.get(f.get(t_stage))))
    citations = [CitationRow(document=d, title=titles.get(d), doc_number=numbers.get(d),
                             level=levels.get(d)) for d in sorted(set(cited))]
    return mentions, citations


def triple_values(triples: Iterable[tuple[str, str, object]]) -> Iterator[tuple[str, str, str]]:
    """(subject, predicate, object) values of the builder's triple records (graph/rdf.py)."""
    for s, p, o in triples:
        yield s, p, o if type(o) is str else o.value


def term_values(quads: Iterable[Quad]) -> Iterator[tuple[str, str, str]]:
    """(subject, predicate, object) values of pyoxigraph quads, for `mention_rows`."""
    for q in quads:
        yield q.subject.value, q.predicate.value, q.object.value


# ---------------------------------------------------------------- the corpus (in the parent)


@dataclass
class _Pair:
    """Dated mentions of one concept by one place (or, for a candidate, by anyone)."""

    mentions: int = 0
    reports: set[str] = field(default_factory=set)
    first: tuple[int, str, str | None] | None = None  # (year, fact, stage)
    first_adoption: tuple[int, str, str] | None = None
    first_place: str | None = None
    places: set[str] = field(default_factory=set)

    def add(self, sha: str, fact: str, year: int, stage: str | None, place: str | None) -> None:
        self.mentions += 1
        self.reports.add(sha)
        if place is not None:
            self.places.add(place)
        if self.first is None or (year, fact) < self.first[:2]:
            self.first = (year, fact, stage)
            self.first_place = place
        if stage in ADOPTING and (self.first_adoption is None or (year, fact) < self.first_adoption[:2]):
            self.first_adoption = (year, fact, stage)


@dataclass
class _Mechanism:
    mentions: int = 0
    reports: set[str] = field(default_factory=set)
    adopters: set[str] = field(default_factory=set)
    first_adoption_year: int | None = None
    places: dict[str, _Pair] = field(default_factory=lambda: defaultdict(_Pair))


_XSD = "http://www.w3.org/2001/XMLSchema#"
_FZ = str(FZ)


def _iri(value: str) -> str:
    return f"<{value}>"


def _int(n: int) -> str:
    return f'"{n}"^^<{_XSD}integer>'


def _year(y: int) -> str:
    return f'"{y:04d}"^^<{_XSD}gYear>'


def _text(value: str, lang: str | None = None) -> str:
    return quoted(value) + (f"@{lang}" if lang else "")


class _Graph:
    """N-Quads lines of one summary graph (built as text: at 30,000 reports there are about two
    million summary quads, and term objects would triple the cost)."""

    def __init__(self, name: str):
        self.name = name
        self._g = f" <{name}> .\n"
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> {o}{self._g}")


_P = {name: f"{_FZ}{name}" for name in (
    "mechanism", "jurisdiction", "mentionCount", "reportCount", "jurisdictionCount", "firstMentionYear",
    "firstMentionStage", "firstMention", "firstAdoptionYear", "firstAdoptionStage", "firstAdoption",
    "coMechanism", "document", "firstReport", "docNumber", "documentLevel")}
_C = {name: _iri(f"{_FZ}{name}") for name in (
    "MechanismSummary", "AdoptionSummary", "CoAdoption", "CandidateSummary", "DocumentSummary",
    "MechanismCandidate", "PolicyDocument")}
_STAGE = {k: _iri(str(v)) for k, v in STAGE_IRI.items()}


def iter_summary_graphs(manifest: Manifest, builder: RdfBuilder) -> Iterator[tuple[str, list[str]]]:
    """Every summary graph (name, its N-Quads lines), one at a time, computed from the manifest's
    mention and citation rows. FZ terms are checked once (the `_P` / `_C` tables go through the
    closed namespace)."""
    mechanisms: dict[str, _Mechanism] = defaultdict(_Mechanism)
    candidates: dict[str, _Pair] = defaultdict(_Pair)
    candidate_labels: dict[str, str] = {}
    for sha, fact, target, candidate, label, place, year, stage in manifest.mention_rows():
        if candidate:
            if label is not None and (target not in candidate_labels or label < candidate_labels[target]):
                candidate_labels[target] = label
            if year is not None:
                candidates[target].add(sha, fact, year, stage, place)
            continue
        m = mechanisms[target]
        m.mentions += 1
        m.reports.add(sha)
        if stage in ADOPTING:
            if place is not None:
                m.adopters.add(place)
            if year is not None and (m.first_adoption_year is None or year < m.first_adoption_year):
                m.first_adoption_year = year
        if year is not None and place is not None:
            m.places[place].add(sha, fact, year, stage, place)

    notation = {c.iri: c.notation for c in builder.vocab.concepts("mechanism")}
    known = sorted((notation[t], t) for t in mechanisms if t in notation)  # a concept that left
    # the vocabulary has no summary: its mentions stay in the reports
    co: dict[str, list[tuple[str, str, str, int]]] = defaultdict(list)
    for (a, ta), (b, tb) in combinations(known, 2):
        both = len(mechanisms[ta].adopters & mechanisms[tb].adopters)
        if both:
            co[a].append((ta, b, tb, both))
    places: set[str] = {p for m in mechanisms.values() for p in m.places}
    places |= {pair.first_place for pair in candidates.values() if pair.first_place is not None}
    j_prefix = str(iri.jurisdiction("0"))[:-1]

    # one graph at a time, each mechanism's aggregates freed once its graph is out (memory)
    for code, target in known:
        m = mechanisms.pop(target)
        name = str(iri.mechanism_summary(code))
        out = _Graph(name)
        out.add(name, _TYPE, _C["MechanismSummary"])
        out.add(name, _P["mechanism"], _iri(target))
        out.add(name, _P["jurisdictionCount"], _int(len(m.adopters)))
        out.add(name, _P["reportCount"], _int(len(m.reports)))
        out.add(name, _P["mentionCount"], _int(m.mentions))
        if m.first_adoption_year is not None:
            out.add(name, _P["firstAdoptionYear"], _year(m.first_adoption_year))
        prefix = f"{name}/jurisdiction/"
        for place, pair in m.places.items():
            _adoption_summary(out, prefix + place, _iri(target), _iri(j_prefix + place), pair)
        for ta, b, tb, both in co.get(code, ()):
            s = str(iri.co_adoption(code, b))
            out.add(s, _TYPE, _C["CoAdoption"])
            out.add(s, _P["mechanism"], _iri(ta))
            out.add(s, _P["coMechanism"], _iri(tb))
            out.add(s, _P["jurisdictionCount"], _int(both))
        yield name, out.lines

    out = _Graph(str(iri.summary_graph("candidates")))
    for target, pair in sorted(candidates.items()):
        s = str(iri.candidate_summary(target))
        out.add(s, _TYPE, _C["CandidateSummary"])
        out.add(s, _P["mechanism"], _iri(target))
        out.add(s, _P["jurisdictionCount"], _int(len(pair.places)))
        out.add(s, _P["reportCount"], _int(len(pair.reports)))
        out.add(s, _P["mentionCount"], _int(pair.mentions))
        out.add(s, _P["firstMentionYear"], _year(pair.first[0]))
        out.add(s, _P["firstMention"], _iri(pair.first[1]))
        if pair.first_place is not None:
            out.add(s, _P["jurisdiction"], _iri(j_prefix + pair.first_place))
        out.add(target, _TYPE, _C["MechanismCandidate"])
        if target in candidate_labels:
            out.add(target, _RDFS_LABEL, _text(candidate_labels[target], "zh"))
    if out.lines:
        yield out.name, out.lines

    out = _Graph(str(iri.summary_graph("documents")))
    _documents(manifest, out)
    if out.lines:
        yield out.name, out.lines

    out = _Graph(str(iri.summary_graph("jurisdictions")))
    triples, seen = [], set()
    for code in sorted(places):
        j = lookup(code)
        if j is not None:
            builder.jurisdiction_triples(j, triples, seen)
    for s, p, o in triples:
        out.add(s, p, ntriples_object(o))
    if out.lines:
        yield out.name, out.lines


def summary_graphs(manifest: Manifest, builder: RdfBuilder) -> dict[str, list[str]]:
    """Every summary graph at once (name -> N-Quads lines); `iter_summary_graphs` streams them."""
    return dict(iter_summary_graphs(manifest, builder))


def _adoption_summary(out: _Graph, s: str, mechanism: str, place: str, pair: _Pair) -> None:
    year, fact, stage = pair.first
    out.add(s, _TYPE, _C["AdoptionSummary"])
    out.add(s, _P["mechanism"], mechanism)
    out.add(s, _P["jurisdiction"], place)
    out.add(s, _P["mentionCount"], _int(pair.mentions))
    out.add(s, _P["reportCount"], _int(len(pair.reports)))
    out.add(s, _P["firstMentionYear"], _year(year))
    out.add(s, _P["firstMention"], _iri(fact))
    if stage is not None:
        out.add(s, _P["firstMentionStage"], _STAGE[stage])
    if pair.first_adoption is not None:
        year, fact, stage = pair.first_adoption
        out.add(s, _P["firstAdoptionYear"], _year(year))
        out.add(s, _P["firstAdoption"], _iri(fact))
        out.add(s, _P["firstAdoptionStage"], _STAGE[stage])


def _documents(manifest: Manifest, out: _Graph) -> None:
    for document, title, number, level, reports, places, first_year, first_report in \
            manifest.document_rows():
        s = str(iri.document_summary(document))
        out.add(s, _TYPE, _C["DocumentSummary"])
        out.add(s, _P["document"], _iri(document))
        out.add(s, _P["reportCount"], _int(reports))
        out.add(s, _P["jurisdictionCount"], _int(places))
        if first_year is not None:
            out.add(s, _P["firstMentionYear"], _year(first_year))
        out.add(s, _P["firstReport"], _iri(first_report))
        out.add(document, _TYPE, _C["PolicyDocument"])
        if title is not None:
            out.add(document, _DCT_TITLE, _text(title, "zh"))
        if number is not None:
            out.add(document, _P["docNumber"], _text(number))
        out.add(document, _P["documentLevel"], _text(level or "unknown"))


# ---------------------------------------------------------------- writing them


@dataclass
class SummaryPlan:
    """What a refresh will do. The graphs' sorted N-Quads wait in a spool file (`spool`, read
    back per graph with `nquads(name)`), so the build never holds them all in memory (about
    540 MB at 30,000 reports)."""

    spool: Path
    digests: dict[str, str] = field(default_factory=dict)
    extents: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (offset, length)
    write: list[str] = field(default_factory=list)  # new or changed
    drop: list[str] = field(default_factory=list)  # in the store, gone from the corpus

    @property
    def graphs(self) -> int:
        return len(self.digests)

    def nquads(self, name: str) -> bytes:
        offset, length = self.extents[name]
        with open(self.spool, "rb") as fh:
            fh.seek(offset)
            return fh.read(length)

    def names(self) -> list[str]:
        return sorted(self.digests)

    def close(self) -> None:
        self.spool.unlink(missing_ok=True)


def digest(lines: list[str]) -> tuple[str, bytes]:
    """(sha256 of the sorted N-Quads, the sorted N-Quads) of one graph."""
    nquads = "".join(sorted(lines)).encode("utf-8")
    return hashlib.sha256(nquads).hexdigest(), nquads


def plan(store, manifest: Manifest, builder: RdfBuilder, spool: Path) -> SummaryPlan:
    """Recompute the summary graphs into the file `spool` and compare each digest with the last
    build's (kept in the manifest as `summary:<graph>`). Reads the store's graph names only."""
    result = SummaryPlan(Path(spool))
    previous = manifest.summary_digests()
    present = store.summary_graphs()
    with open(result.spool, "wb") as fh:
        for name, lines in iter_summary_graphs(manifest, builder):
            d, nquads = digest(lines)
            del lines
            result.digests[name] = d
            result.extents[name] = (fh.tell(), len(nquads))
            fh.write(nquads)
            if previous.get(name) != d or name not in present:
                result.write.append(name)
    result.write.sort()
    result.drop = sorted(present - set(result.digests))
    return result


def apply(store, todo: SummaryPlan) -> None:
    """The store writes of a plan: changed and gone graphs dropped, new and changed ones loaded
    with the bulk loader, graph by graph (memory stays at one graph). Not one transaction: the
    digests are recorded only after this returns, so a build killed in between rewrites the
    graphs next time. Runs without the GIL for most of its time, so `graph.build` overlaps it
    with the exports."""
    present = store.summary_graphs()
    for name in [*todo.drop, *todo.write]:
        if name in present:
            store.drop_graph(name)
    for name in todo.write:
        store.load_nquads(todo.nquads(name))


def refresh(store, manifest: Manifest, builder: RdfBuilder, spool: Path) -> SummaryPlan:
    """plan + apply + record the digests, in one call."""
    todo = plan(store, manifest, builder, spool)
    try:
        apply(store, todo)
        manifest.set_summary_digests(todo.digests)
    finally:
        todo.close()
    return todo
