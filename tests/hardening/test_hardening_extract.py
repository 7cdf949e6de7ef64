"""`fazhi extract` on a scraped folder full of bad inputs, through the real CLI in a child process.

Contract under test (fazhi/cli/extract.py): each bad file gets ONE line on stderr naming it and
no traceback; every good file is processed in full; duplicates are recognised by content; exit
0 when at least one report was processed, 1 when none was or (under --strict) when any failed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hardening_support import (REPO, decoded, run_fazhi, run_fazhi_measured, stderr_lines,
                      write_bad_corpus)


def _objects(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def _by_doc(objects: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for o in objects:
        out.setdefault(o["doc"], []).append(o)
    return out


@pytest.fixture(scope="module")
def extracted(shared_bad_corpus):
    root, cases = shared_bad_corpus
    proc = run_fazhi("extract", root, "--no-progress")
    return root, cases, proc


def test_exit_zero_and_no_traceback_when_some_reports_are_good(extracted):
    _, _, proc = extracted
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("name", ["empty.txt", "whitespace.txt", "random_bytes.txt",
                                  "nav_only.html", "fake.pdf"])
def test_each_bad_file_gets_one_stderr_line_naming_it(extracted, name):
    root, cases, proc = extracted
    lines = [line for line in stderr_lines(proc.stderr) if name in line]
    assert len(lines) == 1, proc.stderr
    assert str(root / name) in lines[0]
    assert cases[name].why in lines[0].lower()
    assert not _by_doc(_objects(proc.stdout)).get(name), f"{name} must produce no output"


def test_every_stderr_line_names_a_file(extracted):
    root, _, proc = extracted
    for line in stderr_lines(proc.stderr):
        assert str(root) in line, f"stderr line that names no file: {line!r}"


@pytest.mark.parametrize("name", ["good_anyang.txt", "good_jiaozuo_gb18030.txt",
                                  "good_huaxian_bom.txt", "good_big5.txt", "good_cut_utf8.txt"])
def test_good_reports_are_processed_in_full_with_exact_spans(extracted, name):
    root, cases, proc = extracted
    case = cases[name]
    objects = _by_doc(_objects(proc.stdout)).get(name)
    assert objects, f"{name} produced nothing; stderr: {proc.stderr}"
    header, facts = objects[0], objects[1:]
    assert header["kind"] == "document"
    assert header["jurisdiction"] == case.jurisdiction
    assert header["year"] == case.year
    kinds = {f["kind"] for f in facts}
    assert {"mechanism", "metric"} <= kinds, kinds
    assert any(f["kind"] == "metric" and f["value"] == case.value for f in facts), \
        f"the number {case.value} in {name} did not come out as a metric"
    # the last paragraph is reached too: the report was not cut short
    text = decoded(root / name, case.encoding)
    assert max(f["end"] for f in facts) > len(text) // 2
    for f in facts:
        assert text[f["start"]:f["end"]] == f["text"], (name, f)


def test_cut_utf8_file_keeps_its_text_but_the_stub(extracted):
    root, _, proc = extracted
    objects = _by_doc(_objects(proc.stdout))["good_cut_utf8.txt"]
    assert objects[0]["sha256"] is not None  # read, not refused
    assert "good_cut_utf8.txt" not in proc.stderr


def test_duplicates_are_recognised_by_content(extracted):
    """The same report under two names: one is processed, the other named as its duplicate."""
    root, _, proc = extracted
    docs = _by_doc(_objects(proc.stdout))
    pair = ["dup_of_anyang.txt", "good_anyang.txt"]
    processed = [n for n in pair if n in docs]
    assert len(processed) == 1, f"both copies were extracted: {processed}"
    other = next(n for n in pair if n not in processed)
    lines = [line for line in stderr_lines(proc.stderr) if other in line]
    assert len(lines) == 1 and "duplicate" in lines[0] and processed[0] in lines[0], proc.stderr


def test_strict_exits_nonzero_but_still_prints_good_reports(bad_corpus):
    root, _ = bad_corpus
    proc = run_fazhi("extract", root, "--strict", "--no-progress")
    assert proc.returncode == 1
    assert "good_anyang.txt" in proc.stdout or "dup_of_anyang.txt" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_only_bad_files_exit_one(bad_corpus):
    root, _ = bad_corpus
    bad = [root / n for n in ("empty.txt", "random_bytes.txt", "fake.pdf", "nav_only.html")]
    proc = run_fazhi("extract", *bad, "--no-progress")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert len(stderr_lines(proc.stderr)) == len(bad), proc.stderr


def test_no_report_files_at_all_exit_one(tmp_path):
    (tmp_path / "readme.md").write_text("nothing here", encoding="utf-8")
    proc = run_fazhi("extract", tmp_path, "--no-progress")
    assert proc.returncode == 1
    assert "no report files" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unreadable_entries_named_explicitly(bad_corpus):
    """A dangling symlink (the file vanished) and a FIFO named .txt: one line each, no hang."""
    root, _ = bad_corpus
    os.mkfifo(root / "pipe.txt")
    proc = run_fazhi("extract", root / "dangling.txt", root / "pipe.txt", root / "good_anyang.txt",
                     "--no-progress", timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = stderr_lines(proc.stderr)
    assert len(lines) == 2, proc.stderr
    assert any("dangling.txt" in line and "no such file" in line for line in lines)
    assert any("pipe.txt" in line and "not a regular file" in line for line in lines)
    assert "good_anyang.txt" in proc.stdout


# A hook run inside the child: the file list is taken, then one file disappears before it is read.
_VANISH = """
import os, sys
import extractors.ingest as ingest
_orig = ingest.iter_report_paths
victim = os.environ["FAZHI_TEST_VICTIM"]
def listed_then_vanished(paths):
    files = list(_orig(paths))
    os.unlink(victim)
    yield from files
ingest.iter_report_paths = listed_then_vanished
sys.argv[0] = "fazhi"
from fazhi.cli import main
main()
"""


def test_file_vanishing_between_listing_and_reading(bad_corpus):
    import subprocess
    import sys

    root, _ = bad_corpus
    victim = root / "good_jiaozuo_gb18030.txt"
    env = {**os.environ, "FAZHI_TEST_VICTIM": str(victim), "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    proc = subprocess.run([sys.executable, "-c", _VANISH, "extract", str(root), "--no-progress"],
                          cwd=REPO, env=env, text=True, capture_output=True, timeout=300)
    assert not victim.exists()
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [line for line in stderr_lines(proc.stderr) if victim.name in line]
    assert len(lines) == 1 and "no such file" in lines[0], proc.stderr
    docs = _by_doc(_objects(proc.stdout))
    assert {"good_huaxian_bom.txt", "good_big5.txt", "good_cut_utf8.txt"} <= set(docs)


def _write_repeated(path: Path, megabytes: int) -> None:
    line = "全面推行行政执法三项制度，开展双随机一公开抽查210次，办理行政复议案件303件。\n".encode()
    block = line * (1024 * 1024 // len(line) + 1)
    with open(path, "wb") as fh:
        for _ in range(megabytes):
            fh.write(block[: 1024 * 1024])


def test_50_mb_file_is_refused_naming_the_limit_without_memory_blowup(tmp_path):
    huge = tmp_path / "huge.txt"
    _write_repeated(huge, 50)
    assert huge.stat().st_size == 50 * 1024 * 1024
    good = tmp_path / "good.txt"
    from hardening_support import ANYANG

    good.write_text(ANYANG, encoding="utf-8")
    m = run_fazhi_measured("extract", huge, good, "--no-progress", tmp=tmp_path)
    assert m.returncode == 0, m.stderr
    lines = stderr_lines(m.stderr)
    assert len(lines) == 1 and "huge.txt" in lines[0], m.stderr
    assert "50.0 MB" in lines[0] and "20 MB limit" in lines[0], lines[0]
    assert '"doc": "good.txt"' in m.stdout
    assert m.max_rss_mb < 800, f"peak RSS {m.max_rss_mb:.0f} MB"


def test_50_mb_file_alone_exits_one(tmp_path):
    huge = tmp_path / "huge.txt"
    _write_repeated(huge, 50)
    m = run_fazhi_measured("extract", huge, "--no-progress", tmp=tmp_path)
    assert m.returncode == 1
    assert "limit" in m.stderr and "Traceback" not in m.stderr
    assert m.max_rss_mb < 800, f"peak RSS {m.max_rss_mb:.0f} MB"


def test_real_seed_reports_beside_the_bad_files(bad_corpus, corpus_files, tmp_path):
    """The real reports, copied into the scrape at test time, all come out beside the bad files."""
    import shutil

    root, _ = bad_corpus
    for f in corpus_files:
        shutil.copy(f, root / f"seed_{f.name}")
    proc = run_fazhi("extract", root, "--no-progress")
    assert proc.returncode == 0
    docs = _by_doc(_objects(proc.stdout))
    for f in corpus_files:
        objs = docs.get(f"seed_{f.name}")
        assert objs and len(objs) > 10, f"seed report {f.name} lost: {proc.stderr}"
    assert write_bad_corpus  # the same generator builds the build tests' corpus


def test_a_path_that_does_not_exist(tmp_path):
    proc = run_fazhi("extract", tmp_path / "no_such_folder", "--no-progress")
    assert proc.returncode == 1
    lines = stderr_lines(proc.stderr)
    assert len(lines) == 1 and "no_such_folder" in lines[0] and "no such file" in lines[0]


def test_long_digit_run_does_not_hang_extraction(tmp_path):
    """A table dump or a scraped ID list: 100 000 digits in one run (100 KB, far below the size
    limit). A hang guard, not a speed test: linear work takes well under a second; the bound is
    minutes. Today extractors/numbers.py find_quantities is quadratic on such a run."""
    from hardening_support import ANYANG

    f = tmp_path / "digits.txt"
    f.write_text(ANYANG + "\n" + "1" * 100_000 + "\n", encoding="utf-8")
    try:
        proc = run_fazhi("extract", f, "--no-progress", timeout=180)
    except Exception as err:  # subprocess.TimeoutExpired
        pytest.fail(f"fazhi extract did not finish a 100 KB file in 180 s: {type(err).__name__}")
    assert proc.returncode == 0, proc.stderr
