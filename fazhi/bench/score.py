"""Recall of extracted facts against the synthetic corpus's ground truth.

A truth mention is found when the extraction of the same report has a fact of the same kind
whose span overlaps it and, for mechanisms, names the same concept; for metrics, the same
value. Reports whose truth offsets index the pre-HTML plain text (`offset_basis: "plain"`)
are matched by quote instead (the fact's text contains the mention or lies inside it).
Stage accuracy is the share of found mechanism mentions whose stage also agrees.
Document fields (jurisdiction code, year, doc type) are scored per report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from fazhi.bench.corpus import read_truth
from fazhi.records import Extraction, Fact

TRUTH_KINDS = ("mechanism", "mechanism_candidate", "agency", "metric", "claim", "citation")


@dataclass(frozen=True, slots=True)
class _F:
    kind: str
    start: int
    end: int
    text: str
    concept: str | None
    value: float | None
    stage: str | None


def _fact(f: Fact | Mapping) -> _F:
    if isinstance(f, Fact):
        return _F(f.kind, f.span.start, f.span.end, f.span.text, f.concept, f.value, f.stage)
    return _F(f["kind"], int(f["start"]), int(f["end"]), f.get("text") or "", f.get("concept"),
              f.get("value"), f.get("stage"))


def _doc_fields(e: Extraction | Mapping) -> dict:
    if isinstance(e, Extraction):
        d = e.document
        return {"jurisdiction_code": d.jurisdiction.code if d.jurisdiction else None,
                "year": d.year, "doc_type": d.doc_type}
    return {k: e.get(k) for k in ("jurisdiction_code", "year", "doc_type")}


def _same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def _matches(t: dict, f: _F, by_quote: bool) -> bool:
    if f.kind != t["kind"]:
        return False
    if by_quote:
        if not f.text or not (t["text"] in f.text or f.text in t["text"]):
            return False
    elif not (f.start < t["end"] and t["start"] < f.end):
        return False
    if t["kind"] == "mechanism" and f.concept != t["concept"]:
        return False
    if t["kind"] == "metric" and not _same_value(f.value, t["value"]):
        return False
    return True


def score_synthetic(corpus_dir: str | Path,
                    extractions: Iterable[Extraction] | Mapping[str, tuple[Mapping, list[Mapping]]]
                    ) -> dict:
    """Recall per fact kind (and stage / document-field accuracy) of `extractions` on the truth.

    `extractions` is an iterable of `Extraction`, or a mapping from report file name to
    (document header dict, list of fact dicts) as `fazhi extract --format jsonl` writes them.
    Reports without an extraction count as fully missed (their facts are not found).
    """
    by_doc: dict[str, tuple[dict, list[_F]]] = {}
    if isinstance(extractions, Mapping):
        for name, (header, facts) in extractions.items():
            by_doc[Path(name).name] = (_doc_fields(header), [_fact(f) for f in facts])
    else:
        for e in extractions:
            by_doc[Path(e.document.doc).name] = (_doc_fields(e), [_fact(f) for f in e.facts])

    truth_n = dict.fromkeys(TRUTH_KINDS, 0)
    found_n = dict.fromkeys(TRUTH_KINDS, 0)
    stage_ok = stage_n = 0
    fields_ok = {"jurisdiction_code": 0, "year": 0, "doc_type": 0}
    docs = docs_seen = 0
    for truth in read_truth(corpus_dir):
        docs += 1
        header, facts = by_doc.get(truth["doc"], (None, []))
        if header is not None:
            docs_seen += 1
            for k in fields_ok:
                fields_ok[k] += int(header.get(k) == truth[k])
        by_quote = truth.get("offset_basis") == "plain"
        pool = {}
        for f in facts:
            pool.setdefault(f.kind, []).append(f)
        for t in truth["mentions"]:
            kind = t["kind"]
            if kind not in truth_n:
                continue
            truth_n[kind] += 1
            hit = next((f for f in pool.get(kind, ()) if _matches(t, f, by_quote)), None)
            if hit is None:
                continue
            found_n[kind] += 1
            if kind == "mechanism":
                stage_n += 1
                stage_ok += int(hit.stage == t.get("stage"))
    recall = {k: round(found_n[k] / truth_n[k], 4) if truth_n[k] else None for k in TRUTH_KINDS}
    total_t, total_f = sum(truth_n.values()), sum(found_n.values())
    return {
        "documents": docs,
        "documents_extracted": docs_seen,
        "truth": truth_n,
        "found": found_n,
        "recall": recall,
        "recall_all": round(total_f / total_t, 4) if total_t else None,
        "stage_accuracy": round(stage_ok / stage_n, 4) if stage_n else None,
        "document_accuracy": {k: round(v / docs_seen, 4) if docs_seen else None
                              for k, v in fields_ok.items()},
    }
