"""SHACL validation of a build's store, report graph by report graph (`fazhi validate`).

Each batch of report graphs is read from the store, merged with the ontology and vocabularies by
`ontology.validate.validate` (the "ontology" stage's shapes), and validated; violations carry
the report graph they came from. `sample` validates an evenly spread, deterministic subset so
the command stays usable on builds of tens of thousands of reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, serialize

from graph.store import GraphStore
from ontology.iri import summary_graph


@dataclass(frozen=True, slots=True)
class GraphViolation:
    graph: str
    focus: str
    path: str | None
    message: str

    def line(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.graph}: {self.focus}{where}: {self.message}"


@dataclass
class StoreValidation:
    graphs_total: int = 0
    graphs_checked: int = 0
    violations: list[GraphViolation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.violations


def pick(names: list[str], sample: int | None) -> list[str]:
    """All names, or `sample` of them evenly spread over the sorted list (deterministic)."""
    if not sample or sample >= len(names):
        return names
    step = len(names) / sample
    return [names[int(i * step)] for i in range(sample)]


def validate_store(out: str | Path, sample: int | None = None, batch: int = 25,
                   progress: Callable[[int, int], None] | None = None) -> StoreValidation:
    """Validate the report graphs and the corpus summary graphs of OUT/store (all, or a sample
    of each) against the SHACL shapes."""
    from rdflib import Graph

    from ontology.validate import validate

    store = GraphStore(Path(out) / "store", read_only=True)
    result = StoreValidation()
    try:
        names = sorted(store.report_graphs())
        summaries = sorted(store.summary_graphs())
        result.graphs_total = len(names) + len(summaries)
        # summary graphs go one by one (they are big), each with the places they name
        chosen = [[n] for n in pick(names, sample)]
        chosen = [sum(chosen[i:i + batch], []) for i in range(0, len(chosen), batch)]
        places = str(summary_graph("jurisdictions"))
        chosen += [[n, places] if n != places else [n] for n in pick(summaries, sample)]
        total = sum(len(part) - (places in part and len(part) > 1) for part in chosen)
        for part in chosen:
            g = Graph()
            owner: dict[str, str] = {}
            for name in part:
                quads = list(store.store.quads_for_pattern(None, None, None, NamedNode(name)))
                for q in quads:
                    owner.setdefault(q.subject.value, name)
                g.parse(data=serialize((q.triple for q in quads),
                                       format=RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
            report = validate(g)
            for focus, path, message in report.violations:
                result.violations.append(GraphViolation(owner.get(focus, part[0] if len(part) == 1 else "?"),
                                                        focus, path, message))
            result.graphs_checked += len(part) - (places in part and len(part) > 1)
            if progress:
                progress(result.graphs_checked, total)
    finally:
        store.close()
    result.violations.sort(key=lambda v: (v.graph, v.focus, v.path or "", v.message))
    return result
