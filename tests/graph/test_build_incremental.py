"""graph.build: deterministic, idempotent, incremental, prunable, interrupt-safe builds.

Inputs are invented report files; facts come from `graph_sample.extract_invented` (labels of a
hand-written test vocabulary, read through the real ingest stage), so every expected count is known.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "golden"))

import graph_sample as sample  # noqa: E402

from graph.build import build  # noqa: E402
from graph.store import GraphStore  # noqa: E402
from ontology import iri  # noqa: E402

VOCAB = sample.vocabulary()


def run(src, out, **kw):
    errors: list[str] = []
    kw.setdefault("workers", 1)
    result = build([src], out, extract=kw.pop("extract", sample.extract_invented), vocab=VOCAB,
                   on_error=errors.append, **kw)
    return result, errors


def corpus(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "a": sample.write_report(folder, "a-2021.txt", "延津县", 2021, ["双随机一公开"], ["府院联动"]),
        "b": sample.write_report(folder, "b-2022.txt", "延津县", 2022, ["双随机一公开", "府院联动"]),
        "c": sample.write_report(folder, "c-2022.txt", "封丘县", 2022, ["行政执法公示制度"]),
    }


def report_graphs(out: Path) -> set[str]:
    store = GraphStore(out / "store", read_only=True)
    try:
        return store.report_graphs()
    finally:
        store.close()


def graph_iri(path: Path) -> str:
    import hashlib

    return str(iri.report(hashlib.sha256(path.read_bytes()).hexdigest()))


def test_two_builds_write_byte_identical_trig(tmp_path):
    corpus(tmp_path / "src")
    run(tmp_path / "src", tmp_path / "o1")
    run(tmp_path / "src", tmp_path / "o2", workers=2)
    for name in ("graph.trig", "graph.graphml", "adoptions.csv", "panel.csv"):
        assert (tmp_path / "o1" / name).read_bytes() == (tmp_path / "o2" / name).read_bytes(), name


def test_rebuild_changes_nothing_and_extracts_nothing(tmp_path):
    files = corpus(tmp_path / "src")
    out = tmp_path / "out"
    first, _ = run(tmp_path / "src", out)
    assert (first.extracted, first.skipped, first.reports) == (3, 0, 3)
    before = {n: (out / n).read_bytes() for n in ("graph.trig", "adoptions.csv", "panel.csv")}
    calls: list[str] = []

    def counting(path):
        calls.append(path)
        return sample.extract_invented(path)

    second, _ = run(tmp_path / "src", out, extract=counting)
    assert calls == []
    assert (second.extracted, second.skipped, second.reports) == (0, 3, 3)
    assert not second.exports_written
    assert {n: (out / n).read_bytes() for n in before} == before
    assert report_graphs(out) == {graph_iri(p) for p in files.values()}


def test_changed_report_replaces_only_its_graph(tmp_path):
    files = corpus(tmp_path / "src")
    out = tmp_path / "out"
    run(tmp_path / "src", out)
    old_b = graph_iri(files["b"])
    sample.write_report(tmp_path / "src", "b-2022.txt", "延津县", 2022, ["双随机一公开"])
    new_b = graph_iri(files["b"])
    assert new_b != old_b
    store = GraphStore(out / "store", read_only=True)
    a_before = store.graph_quads(graph_iri(files["a"]))
    store.close()
    result, _ = run(tmp_path / "src", out)
    assert (result.extracted, result.skipped, result.dropped) == (1, 2, 1)
    assert report_graphs(out) == {graph_iri(files["a"]), new_b, graph_iri(files["c"])}
    store = GraphStore(out / "store", read_only=True)
    assert store.graph_quads(graph_iri(files["a"])) == a_before
    store.close()
    rows = (out / "adoptions.csv").read_text(encoding="utf-8")
    assert "government-court-linkage" in rows  # still planned in a-2021
    fresh, _ = run(tmp_path / "src", tmp_path / "fresh")
    assert (out / "graph.trig").read_bytes() == (tmp_path / "fresh" / "graph.trig").read_bytes()


def test_vanished_file_is_dropped_only_with_prune(tmp_path):
    files = corpus(tmp_path / "src")
    out = tmp_path / "out"
    run(tmp_path / "src", out)
    c_graph = graph_iri(files["c"])
    files["c"].unlink()
    kept, _ = run(tmp_path / "src", out)
    assert c_graph in report_graphs(out) and kept.dropped == 0
    assert "封丘县" in (out / "adoptions.csv").read_text(encoding="utf-8")
    pruned, _ = run(tmp_path / "src", out, prune=True)
    assert pruned.dropped == 1
    assert c_graph not in report_graphs(out)
    assert "封丘县" not in (out / "adoptions.csv").read_text(encoding="utf-8")
    assert len(report_graphs(out)) == 2


def test_added_file_is_the_only_one_extracted(tmp_path):
    corpus(tmp_path / "src")
    out = tmp_path / "out"
    run(tmp_path / "src", out)
    sample.write_report(tmp_path / "src", "d-2023.txt", "新乡市", 2023, ["府院联动机制"])
    calls: list[str] = []

    def counting(path):
        calls.append(Path(path).name)
        return sample.extract_invented(path)

    result, _ = run(tmp_path / "src", out, extract=counting)
    assert calls == ["d-2023.txt"]
    assert result.reports == 4


def test_bad_files_are_reported_and_the_rest_go_on(tmp_path):
    corpus(tmp_path / "src")
    (tmp_path / "src" / "empty.txt").write_bytes(b"")
    (tmp_path / "src" / "blank.txt").write_text("   \n", encoding="utf-8")
    out = tmp_path / "out"
    result, errors = run(tmp_path / "src", out)
    assert result.reports == 3 and result.failed == 2
    assert len(errors) == 2 and all("\n" not in e for e in errors)
    assert any("empty.txt" in e and "empty" in e for e in errors)
    data = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert len(data["errors"]) == 2
    bad = [r for r in data["reports"] if "error" in r]
    assert sorted(Path(r["file"]).name for r in bad) == ["blank.txt", "empty.txt"]
    again, errors2 = run(tmp_path / "src", out)
    assert again.extracted == 0 and sorted(errors2) == sorted(errors)


def test_interrupted_build_leaves_a_usable_store_and_rerun_completes(tmp_path, monkeypatch):
    import graph.build as gb

    monkeypatch.setattr(gb, "BATCH_REPORTS", 2)  # commit every two reports
    src = tmp_path / "src"
    corpus(src)
    out = tmp_path / "out"
    run(src, out)
    store = GraphStore(out / "store", read_only=True)
    previous = {g: store.graph_quads(g) for g in store.report_graphs()}
    store.close()
    for i in range(5):
        sample.write_report(src, f"new-{i}.txt", "封丘县", 2015 + i, ["双随机一公开"])
    seen: list[str] = []

    def interrupting(path):
        seen.append(path)
        if len(seen) == 4:
            raise KeyboardInterrupt
        return sample.extract_invented(path)

    with pytest.raises(KeyboardInterrupt):
        run(src, out, extract=interrupting)
    store = GraphStore(out / "store", read_only=True)
    assert {g: store.graph_quads(g) for g in previous} == previous  # untouched
    assert len(store.report_graphs()) == 3 + 2  # one committed batch of two new reports
    store.close()
    result, _ = run(src, out)
    assert (result.extracted, result.skipped) == (3, 5)
    run(src, tmp_path / "fresh")
    for name in ("graph.trig", "adoptions.csv", "panel.csv"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()


def test_identical_files_share_one_report(tmp_path):
    files = corpus(tmp_path / "src")
    (tmp_path / "src" / "copy.txt").write_bytes(files["a"].read_bytes())
    out = tmp_path / "out"
    result, _ = run(tmp_path / "src", out)
    assert result.reports == 3
    (tmp_path / "src" / "copy.txt").unlink()
    pruned, _ = run(tmp_path / "src", out, prune=True)
    assert pruned.dropped == 0 and graph_iri(files["a"]) in report_graphs(out)


def test_build_json_records_each_report(tmp_path):
    corpus(tmp_path / "src")
    out = tmp_path / "out"
    run(tmp_path / "src", out)
    data = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert data["totals"]["reports"] == 3 and data["totals"]["facts"] == {"mechanism": 5}
    row = next(r for r in data["reports"] if r["file"].endswith("a-2021.txt"))
    assert row["jurisdiction_code"] == "410726" and row["year"] == 2021
    assert row["counts"] == {"mechanism": 2} and len(row["sha256"]) == 64
    assert row["report"].startswith(str(iri.ID) + "report/")
    assert {"extract_s", "rdf_s", "store_s"} <= set(row["timings"])
