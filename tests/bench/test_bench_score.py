"""score_synthetic: perfect extractions score 1, missing or wrong facts lower recall."""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi.bench.corpus import read_truth, write_corpus
from fazhi.bench.score import TRUTH_KINDS, score_synthetic
from fazhi.records import Document, Extraction, Fact, Jurisdiction, Span


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, vocab) -> Path:
    out = tmp_path_factory.mktemp("synscore")
    write_corpus(out, 40, seed=4, vocab=vocab)
    return out


def _extractions(corpus: Path, drop: str | None = None, wrong_concept: bool = False,
                 wrong_stage: bool = False) -> list[Extraction]:
    out = []
    for t in read_truth(corpus):
        j = Jurisdiction(t["jurisdiction_code"], t["jurisdiction"], t["level"], None,
                         t["province_code"], "")
        doc = Document(doc=t["doc"], text="", sha256="0" * 64, jurisdiction=j, year=t["year"],
                       doc_type=t["doc_type"])
        facts = []
        for m in t["mentions"]:
            if m["kind"] == drop:
                continue
            concept = m.get("concept")
            if wrong_concept and m["kind"] == "mechanism":
                concept = "no-such-mechanism"
            stage = m.get("stage")
            if wrong_stage and stage:
                stage = "target" if stage != "target" else "planned"
            facts.append(Fact(m["kind"], t["doc"], Span(m["start"], m["end"], m["text"]), "test", 1.0,
                              concept=concept, value=m.get("value"), stage=stage))
        out.append(Extraction(doc, tuple(facts)))
    return out


def test_perfect_extraction_has_full_recall(corpus):
    s = score_synthetic(corpus, _extractions(corpus))
    assert s["documents"] == s["documents_extracted"] == 40
    assert all(s["recall"][k] == 1.0 for k in TRUTH_KINDS if s["truth"][k])
    assert s["stage_accuracy"] == 1.0
    assert s["document_accuracy"] == {"jurisdiction_code": 1.0, "year": 1.0, "doc_type": 1.0}


def test_missing_kind_and_wrong_concept_lower_recall(corpus):
    s = score_synthetic(corpus, _extractions(corpus, drop="metric"))
    assert s["recall"]["metric"] == 0.0 and s["recall"]["citation"] == 1.0
    s = score_synthetic(corpus, _extractions(corpus, wrong_concept=True))
    assert s["recall"]["mechanism"] == 0.0
    s = score_synthetic(corpus, _extractions(corpus, wrong_stage=True))
    assert s["recall"]["mechanism"] == 1.0 and s["stage_accuracy"] == 0.0


def test_unextracted_reports_count_as_missed(corpus):
    half = _extractions(corpus)[:20]
    s = score_synthetic(corpus, half)
    assert s["documents_extracted"] == 20
    assert 0.2 < s["recall_all"] < 0.8


def test_jsonl_shaped_input_is_scored_too(corpus):
    ex = _extractions(corpus)
    mapping = {e.document.doc: ({"jurisdiction_code": e.document.jurisdiction.code,
                                 "year": e.document.year, "doc_type": e.document.doc_type},
                                [f.to_json() for f in e.facts]) for e in ex}
    assert score_synthetic(corpus, mapping)["recall_all"] == 1.0
