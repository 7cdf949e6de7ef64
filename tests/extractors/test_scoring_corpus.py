"""Integration: the real extractors on the five real reports against the hand gold.

These are the README targets. They fail while the extractors fall short; never loosen the gold.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.scoring import Scores, extract_corpus, score

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"


@pytest.fixture(scope="module")
def scores(corpus_dir) -> Scores:
    results = extract_corpus(corpus_dir)
    failures = [r for r in results if isinstance(r, Exception)]
    assert failures == [], failures
    return score(GOLD_DIR, results)


@pytest.mark.parametrize("kind", ["mechanism", "metric"])
def test_precision_at_least_090(scores, kind):
    assert scores.kinds[kind].precision >= 0.90, scores.kinds[kind].to_json()


@pytest.mark.parametrize("kind", ["mechanism", "metric"])
def test_recall_at_least_085(scores, kind):
    assert scores.kinds[kind].recall >= 0.85, scores.kinds[kind].to_json()


def test_metadata_right_on_all_five(scores):
    wrong = {doc: {f: scores.metadata_values[doc][f] for f, ok in m.items() if not ok}
             for doc, m in scores.metadata.items() if not all(m.values())}
    assert len(scores.metadata) == 5
    assert wrong == {}


def test_every_report_scored(scores, corpus_files):
    assert set(scores.per_doc) == {p.name for p in corpus_files}
    assert scores.unscored_docs == ()


def test_saved_extract_jsonl_scores_like_the_pipeline(scores, corpus_dir, tmp_path):
    """`fazhi extract` output fed to `fazhi score -p` gives the same figures as running it."""
    import json

    from typer.testing import CliRunner

    from fazhi.cli import app

    extracted = CliRunner().invoke(app, ["extract", str(corpus_dir), "--format", "jsonl"])
    assert extracted.exit_code == 0, extracted.output
    saved = tmp_path / "corpus.jsonl"
    saved.write_text(extracted.stdout, encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(GOLD_DIR), "-p", str(saved), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kinds"] == scores.to_json()["kinds"]
