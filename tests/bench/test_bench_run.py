"""The benchmark runner's parts (never timing assertions): RSS sampling, targets, params, one tiny run."""

from __future__ import annotations

import json
import os

import pytest

from fazhi.bench.corpus import write_corpus
from fazhi.bench.run import (
    BenchConfig, BenchError, _tree_rss_kb, ensure_corpus, query_params, run_benchmarks, targets,
)


def test_tree_rss_counts_this_process():
    assert _tree_rss_kb(os.getpid()) > 10_000  # a Python with numpy loaded is well over 10 MB


def _row(n, per, rss=300.0, q=5.0, ratio=0.8):
    return {"reports": n, "build_seconds_per_report": per, "build_seconds": per * n,
            "peak_rss_mb": rss, "query_ms": {"a": q}, "extract_ratio": ratio}


def test_targets_pass_and_fail():
    ok = targets([_row(200, 0.010), _row(2000, 0.011)])
    assert ok["build_per_report_largest/smallest<=1.5"] and ok["peak_rss_mb<1536"]
    assert ok["extract_ratio>=0.5"] and ok["build_marginal_s_per_report"] == [0.0111]
    # a fixed start-up cost (dearer small builds) is not superlinear growth
    assert targets([_row(200, 0.030), _row(2000, 0.012)])["build_per_report_largest/smallest<=1.5"]
    assert ok["store_query_p50<1000ms"] and ok["30000_reports_build<600s"] is None
    bad = targets([_row(200, 0.010), _row(2000, 0.030, rss=2000.0, q=1500.0, ratio=0.2)])
    assert not bad["build_per_report_largest/smallest<=1.5"] and not bad["peak_rss_mb<1536"]
    assert not bad["store_query_p50<1000ms"] and not bad["extract_ratio>=0.5"]


def test_corpus_is_reused_only_for_same_size_and_seed(tmp_path):
    logs: list[str] = []
    c = tmp_path / "c"
    ensure_corpus(c, 5, 1, logs.append)
    ensure_corpus(c, 5, 1, logs.append)
    ensure_corpus(c, 6, 1, logs.append)
    assert [m.split(":")[1].split()[0] for m in logs] == ["5", "reusing", "6"]
    assert json.loads((c / "corpus.json").read_text("utf-8"))["reports"] == 6


def test_query_params_come_from_the_corpus(tmp_path):
    write_corpus(tmp_path, 30, seed=2)
    values = query_params(tmp_path)
    assert len(values["jurisdiction"]) == 6 and values["province"] == values["jurisdiction"][:2]
    from ontology.vocab import load

    assert load().get("mechanism", values["mechanism"]) is not None
    from fazhi.bench.corpus import read_truth

    assert any(t["jurisdiction_code"] == values["jurisdiction"]
               and any(m.get("concept") == values["mechanism"] and m.get("stage") == "implemented"
                       for m in t["mentions"])
               for t in read_truth(tmp_path))


def test_bad_sizes_are_refused(tmp_path):
    with pytest.raises(BenchError, match="sizes"):
        run_benchmarks(BenchConfig(sizes=(0,), work=tmp_path))


@pytest.mark.slow
def test_tiny_end_to_end_run(tmp_path):
    """Generate 8 reports, extract, build in a child process, query the store: every field is there."""
    result = run_benchmarks(BenchConfig(sizes=(8,), work=tmp_path, query_repeats=1))
    for key in ("reports", "chars", "extract_chars_per_s", "baseline_spacy_zh_chars_per_s",
                "extract_ratio", "build_seconds", "build_seconds_per_report", "peak_rss_mb",
                "query_ms", "recall", "targets", "runs"):
        assert key in result, key
    assert result["reports"] == 8 and result["build_reports"] == 8
    assert result["peak_rss_mb"] > 50
    assert set(result["recall"]) >= {"mechanism", "metric", "citation", "claim"}
    assert any(v is not None for v in result["query_ms"].values())


def test_markdown_tables_show_every_size_and_failed_targets():
    from fazhi.bench.report import markdown

    rows = [dict(_row(200, 0.01), chars=1, recall={"metric": 0.9}, query_ms={"reports": 3.0}),
            dict(_row(2000, 0.03), chars=2, recall={"metric": 0.8}, query_ms={"reports": None})]
    result = {"date": "D", "machine": {"cpus": 2, "python": "3.11"}, "seed": 0,
              "runs": rows, "targets": targets(rows)}
    text = markdown(result)
    assert "| 200 |" in text and "| 2,000 |" in text
    assert "| reports | 3.000 | – |" in text
    assert "| build_per_report_largest/smallest<=1.5 | **no** |" in text


def test_extract_only_run_has_recall_and_no_build(tmp_path):
    from fazhi.bench.report import markdown

    result = run_benchmarks(BenchConfig(sizes=(6,), work=tmp_path, extract_only=True))
    assert result["recall"]["mechanism"] is not None and "build_seconds" not in result
    assert result["targets"]["peak_rss_mb<1536"] is None
    assert not list(tmp_path.glob("build-*"))
    assert "Targets (evaluated on the runs above):" in markdown(result)
