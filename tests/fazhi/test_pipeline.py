"""The batch pipeline: bad files and duplicates never stop a batch; the pool keeps order."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from fazhi.errors import ExtractionError, InputError
from fazhi.pipeline import DuplicateReport, iter_documents, map_documents, read_path
from fazhi.records import Document

REPORT = "示范县人民政府关于2022年度法治政府建设情况的报告\n\n2022年,示范县全面推行行政执法“三项制度”。\n"


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    (tmp_path / "a_good.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_copy.txt").write_text(REPORT, encoding="utf-8")  # same bytes as a_good
    (tmp_path / "d_binary.txt").write_bytes(bytes(range(256)) * 8)
    sub = tmp_path / "e_sub"
    sub.mkdir()
    (sub / "page.html").write_text(
        "<html><body><div class='nav'>首页 登录</div><p>示范市2023年法治政府建设工作总结</p>"
        "<p>2023年,示范市深化“放管服”改革。</p></body></html>", encoding="utf-8")
    (tmp_path / "f_notes.xls").write_bytes(b"skipped inside folders")
    return tmp_path


def test_iter_documents_reports_and_goes_on(batch):
    out = list(iter_documents([batch]))
    assert [type(x).__name__ for x in out] == [
        "Document", "InputError", "DuplicateReport", "InputError", "Document"]
    good, empty, dup, binary, page = out
    assert good.doc == "a_good.txt" and good.year == 2022 and good.doc_type == "annual_report"
    assert "empty" in empty.reason and empty.path.endswith("b_empty.txt")
    assert isinstance(dup, InputError)
    assert dup.reason == f"duplicate of {batch / 'a_good.txt'}" and dup.first == str(batch / "a_good.txt")
    assert "binary or undecodable" in binary.reason
    assert page.doc == "page.html" and "登录" not in page.text and page.doc_type == "summary"


def test_a_file_that_vanishes_mid_run_is_an_input_error(batch):
    it = iter_documents([batch])
    first = next(it)
    assert isinstance(first, Document)
    (batch / "d_binary.txt").unlink()
    shutil.rmtree(batch / "e_sub")
    (batch / "b_empty.txt").unlink()
    (batch / "b_empty.txt").mkdir()  # now unreadable as a file
    rest = list(it)
    assert len(rest) == 4
    assert "not a regular file" in rest[0].reason
    assert isinstance(rest[1], DuplicateReport)
    assert "no such file" in rest[2].reason and rest[2].path.endswith("d_binary.txt")
    assert "no such file" in rest[3].reason


def test_explicit_files_and_the_size_limit(batch):
    out = list(iter_documents([batch / "a_good.txt", batch / "f_notes.xls"], max_bytes=50))
    assert all(isinstance(x, InputError) for x in out)
    assert "over the" in out[0].reason and "unsupported" in out[1].reason


def _length(path: Path) -> int:
    """A top-level, picklable fn for the pool: fails on purpose for one file."""
    if path.name.startswith("d_"):
        raise ValueError("boom")
    return len(read_path(path).text)


def _pid(path: Path) -> int:
    return os.getpid()


@pytest.mark.parametrize("workers", [1, 2])
def test_map_documents_keeps_order_and_isolates_failures(batch, workers):
    out = list(map_documents([batch], _length, workers=workers, window=2))
    assert len(out) == 5
    assert out[0] == len(REPORT)
    assert isinstance(out[1], InputError) and "empty" in out[1].reason
    assert isinstance(out[2], DuplicateReport)
    assert isinstance(out[3], ExtractionError) and "d_binary.txt: ValueError: boom" in str(out[3])
    assert isinstance(out[4], int) and out[4] > 0


def test_map_documents_runs_in_worker_processes(tmp_path):
    for i in range(8):
        (tmp_path / f"r{i}.txt").write_text(REPORT + str(i), encoding="utf-8")
    pids = list(map_documents([tmp_path], _pid, workers=2))
    assert len(pids) == 8 and os.getpid() not in pids


def test_map_documents_over_the_seed_corpus_matches_serial(corpus_dir):
    docs = list(map_documents([corpus_dir], read_path, workers=2))
    serial = [d for d in iter_documents([corpus_dir])]
    assert [d.doc for d in docs] == [d.doc for d in serial] == sorted(p.name for p in corpus_dir.glob("*.txt"))
    assert docs == serial
