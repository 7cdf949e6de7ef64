"""The persistent Oxigraph store of a build (`DIR/store/`): one named graph per report, `vocab:`, and
the derived corpus summary graphs (`id:summary/...`, graph/summary.py).

Every write of one report's graph is ONE store transaction (a load of its N-Quads, or a SPARQL
update that drops and re-inserts it), so an interrupted build leaves each graph either fully old
or fully new.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from pyoxigraph import BlankNode, NamedNode, Quad, RdfFormat, Store, parse, serialize

from fazhi.errors import GraphBuildError
from graph.rdf import PREFIXES, VOCAB_GRAPH
from ontology.iri import SUMMARY_PREFIX

TRIG_PREFIXES = {k: v for k, v in PREFIXES.items() if k not in ("id", "vocab")}
"""Prefixes of graph.trig. `id:` and `vocab:` are left out: their local names hold `/`, which
Turtle would have to escape (`id:report\\/…`), so those IRIs are written in full."""


def canonical_quads(quads: list[Quad], graph_name: NamedNode) -> list[Quad]:
    """The same quads with blank nodes relabelled canonically (same graph -> same labels)."""
    from rdflib import Graph

    def shape(t) -> str:
        return "_:b" if isinstance(t, BlankNode) else str(t)

    key = (graph_name.value, hashlib.sha256("\n".join(sorted(
        f"{shape(q.subject)} {q.predicate} {shape(q.object)}" for q in quads)).encode("utf-8"))
        .hexdigest(), len(quads))
    if key in _CANONICAL:
        return _CANONICAL[key]

    from graph.rdf import rdflib_to_quads

    g = Graph()
    g.parse(data=serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES).decode("utf-8"),
            format="nt")
    out = list(rdflib_to_quads(g, graph_name))
    _CANONICAL.clear()  # keep one: the vocab graph is the only graph with blank nodes
    _CANONICAL[key] = out
    return out


_CANONICAL: dict[tuple[str, str, int], list[Quad]] = {}


def sort_key(q: Quad) -> tuple[str, str, str]:
    return (str(q.subject), str(q.predicate), str(q.object))


class GraphStore:
    """A build's store. Open read-write by one build at a time; readers use `read_only=True`."""

    def __init__(self, path: str | os.PathLike[str], read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        try:
            if read_only:
                if not self.path.is_dir():
                    raise GraphBuildError(f"{self.path}: no store here (run `fazhi build` first)")
                self.store = Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.store = Store(str(self.path))
        except OSError as err:
            raise GraphBuildError(f"{self.path}: the store cannot be opened: {err}") from err

    # -- graphs

    def graph_names(self) -> list[str]:
        """All named graphs, sorted (the vocab graph included)."""
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, NamedNode))

    def report_graphs(self) -> set[str]:
        """Every named graph except the vocabularies and the derived corpus summaries."""
        return {g for g in self.graph_names()
                if g != VOCAB_GRAPH.value and not g.startswith(SUMMARY_PREFIX)}

    def summary_graphs(self) -> set[str]:
        return {g for g in self.graph_names() if g.startswith(SUMMARY_PREFIX)}

    def has_graph(self, name: str) -> bool:
        return self.store.contains_named_graph(NamedNode(name))

    def put_graph(self, name: str, nquads: bytes) -> None:
        """Write a graph from its N-Quads in one transaction, replacing any graph of that name."""
        g = NamedNode(name)
        if not self.has_graph(name):
            self.store.load(nquads, format=RdfFormat.N_QUADS)
            return
        triples = serialize((q.triple for q in parse(nquads, format=RdfFormat.N_QUADS)),
                            format=RdfFormat.N_TRIPLES).decode("utf-8")
        self.store.update(f"DROP SILENT GRAPH {g} ; INSERT DATA {{ GRAPH {g} {{\n{triples}\n}} }}")

    def load_nquads(self, nquads: bytes, bulk: bool = True, lenient: bool = False) -> None:
        """Add whole NEW graphs from N-Quads.

        bulk=True uses Oxigraph's bulk loader (sorted files ingested into RocksDB): 1.5x faster
        than a transaction here and 4x smaller on disk, because it skips the write-ahead log.
        It is not a transaction, but Ctrl-C cannot cut it (Python raises KeyboardInterrupt only
        after the call returns), and a build killed harder than that rewrites, on its next run,
        every graph the manifest has not recorded. bulk=False: one transaction, all or nothing.
        lenient=True skips Oxigraph's IRI checks (about a tenth of the load): only for N-Quads
        whose IRIs were already checked, as the build's workers do (graph.rdf.checked_iri)."""
        if bulk:
            self.store.bulk_load(nquads, format=RdfFormat.N_QUADS, lenient=lenient)
        else:
            self.store.load(nquads, format=RdfFormat.N_QUADS, lenient=lenient)

    def put_quads(self, name: str, quads: Iterable[Quad]) -> None:
        self.put_graph(name, serialize(quads, format=RdfFormat.N_QUADS))

    def drop_graph(self, name: str) -> None:
        self.store.remove_graph(NamedNode(name))

    def graph_quads(self, name: str) -> list[Quad]:
        """The quads of one graph, sorted by subject, predicate, object (deterministic).

        Blank nodes (OWL axioms of the vocab graph) get fresh random ids whenever Oxigraph parses
        them, so a graph holding any is relabelled canonically (rdflib's canonical labelling)."""
        g = NamedNode(name)
        quads = list(self.store.quads_for_pattern(None, None, None, g))
        if any(isinstance(t, BlankNode) for q in quads for t in (q.subject, q.object)):
            quads = canonical_quads(quads, g)
        return sorted(quads, key=sort_key)

    def iter_graphs(self) -> Iterator[tuple[str, list[Quad]]]:
        """Every named graph with its sorted quads: the vocab graph first, then reports by IRI."""
        names = self.graph_names()
        if VOCAB_GRAPH.value in names:
            names.remove(VOCAB_GRAPH.value)
            names.insert(0, VOCAB_GRAPH.value)
        for name in names:
            yield name, self.graph_quads(name)

    # -- exports and queries

    def write_trig(self, out) -> None:
        """Write every graph as TriG to a binary file: sorted, stable prefixes, byte-identical
        for the same content. Streams graph by graph."""
        out.write("".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(TRIG_PREFIXES.items()))
                  .encode("utf-8"))
        for _, quads in self.iter_graphs():
            chunk = serialize(quads, format=RdfFormat.TRIG, prefixes=TRIG_PREFIXES)
            body = b"\n".join(line for line in chunk.split(b"\n") if not line.startswith(b"@prefix "))
            out.write(b"\n" + body.strip(b"\n") + b"\n")

    def query(self, sparql: str, union: bool = True, **kw):
        return self.store.query(sparql, use_default_graph_as_union=union, prefixes=PREFIXES, **kw)

    def flush(self) -> None:
        if not self.read_only:
            self.store.flush()

    def close(self) -> None:
        self.flush()
        del self.store
