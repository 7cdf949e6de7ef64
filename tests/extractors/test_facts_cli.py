"""`fazhi extract` (JSONL contract, errors, exit codes) and the extractors on the real reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractors.ingest import read_document
from extractors.run import run
from fazhi.cli import app
from ontology.vocab import load

FACT_FIELDS = {
    "kind", "doc", "text", "label", "aliases", "concept", "stage", "value", "unit", "approx",
    "indicator", "start", "end", "rule", "confidence", "jurisdiction", "jurisdiction_code", "year",
    "scope", "claim_type", "doc_number",
}
GOLD = Path(__file__).resolve().parents[1] / "gold"


def invoke(*args):
    return CliRunner().invoke(app, ["extract", *map(str, args)])


def test_jsonl_contract_on_the_corpus(corpus_dir, corpus_files):
    result = invoke(corpus_dir)
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    docs = [r for r in rows if r["kind"] == "document"]
    assert [d["doc"] for d in docs] == [p.name for p in corpus_files]
    assert rows[0]["kind"] == "document"
    texts = {p.name: read_document(p).text for p in corpus_files}
    facts = [r for r in rows if r["kind"] != "document"]
    assert len(facts) > 200
    for r in facts:
        assert set(r) == FACT_FIELDS
        assert texts[r["doc"]][r["start"]:r["end"]] == r["text"]
    assert {r["kind"] for r in facts} == {"mechanism", "mechanism_candidate", "agency", "metric",
                                          "claim", "citation"}


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path, corpus_files):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = invoke(empty, corpus_files[0])
    assert result.exit_code == 0
    assert "empty.txt" in result.stderr and "Traceback" not in result.stderr
    assert json.loads(result.stdout.splitlines()[0])["doc"] == corpus_files[0].name
    strict = CliRunner().invoke(app, ["extract", "--strict", str(empty), str(corpus_files[0])])
    assert strict.exit_code != 0
    only_bad = invoke(empty)
    assert only_bad.exit_code != 0 and only_bad.stdout == ""


def test_table_format(corpus_files):
    result = invoke("--format", "table", corpus_files[0])
    assert result.exit_code == 0 and "新乡市" in result.stdout and "facts)" in result.stdout
    assert invoke("--format", "xml", corpus_files[0]).exit_code != 0


def _by_name(corpus_files, stem):
    return next(p for p in corpus_files if p.name.startswith(stem))


def test_hard_cases_in_real_reports(corpus_files):
    facts = run(read_document(_by_name(corpus_files, "000"))).facts
    metrics = {f.span.text: f for f in facts if f.kind == "metric"}
    assert (metrics["21万余起"].value, metrics["21万余起"].approx) == (210000.0, True)
    assert metrics["4.2万件"].value == 42000.0
    assert not [t for t in metrics if "1433" in t or "2021" in t]
    claims = [(f.scope, f.claim_type, f.label) for f in facts if f.kind == "claim"]
    assert ("全省", "率先", "建立领导干部学法用法长效机制") in claims
    facts = run(read_document(_by_name(corpus_files, "001"))).facts
    money = [f for f in facts if f.kind == "metric" and f.unit == "元"]
    assert [(f.span.text, f.value) for f in money] == [("0.89亿元", 89000000.0)]


def _score(kind, gold, pred, vocab):
    def ok(p, g):
        if not (p.start < g["end"] and g["start"] < p.end):
            return False
        if kind == "mechanism":
            c = vocab.resolve("mechanism", g["mechanism"])
            return c is not None and c.notation == p.concept
        return "value" not in g or abs(p.value - g["value"]) < 1e-6

    used: set[int] = set()
    tp = 0
    for p in pred:
        hit = next((i for i, g in enumerate(gold) if i not in used and ok(p, g)), None)
        if hit is not None:
            used.add(hit)
            tp += 1
    return tp


@pytest.mark.skipif(not GOLD.is_dir(), reason="no gold annotations in tests/gold")
@pytest.mark.parametrize("kind", ["mechanism", "metric"])
def test_precision_and_recall_against_the_gold(corpus_dir, kind):
    vocab = load()
    tp = n_pred = n_gold = 0
    for gf in sorted(GOLD.glob("*.json")):
        g = json.loads(gf.read_text(encoding="utf-8"))
        gold = [f for f in g["facts"] if f["kind"] == kind]
        pred = [f for f in run(read_document(corpus_dir / g["doc"])).facts if f.kind == kind]
        tp += _score(kind, gold, pred, vocab)
        n_pred += len(pred)
        n_gold += len(gold)
    assert n_gold > 0
    precision, recall = tp / max(n_pred, 1), tp / n_gold
    assert precision >= 0.9 and recall >= 0.85, (kind, precision, recall, tp, n_pred, n_gold)


def test_a_copy_is_named_as_the_duplicate_of_the_older_file(tmp_path, corpus_files):
    import os

    original = tmp_path / "b_original.txt"
    copy = tmp_path / "a_copy.txt"
    original.write_bytes(corpus_files[0].read_bytes())
    copy.write_bytes(corpus_files[0].read_bytes())
    os.utime(original, ns=(1_000_000_000, 1_000_000_000))  # older
    result = invoke(tmp_path)
    assert result.exit_code == 0
    docs = [json.loads(line)["doc"] for line in result.stdout.splitlines()
            if json.loads(line)["kind"] == "document"]
    assert docs == ["b_original.txt"]
    assert "a_copy.txt: duplicate of" in result.stderr and "b_original.txt" in result.stderr
