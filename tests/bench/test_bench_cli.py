"""`fazhi bench corpus` through the CLI: writes the folder, reports bad sizes as errors."""

from __future__ import annotations

from typer.testing import CliRunner

from fazhi.cli import app


def test_bench_corpus_writes_reports_and_truth(tmp_path):
    out = tmp_path / "c"
    r = CliRunner().invoke(app, ["bench", "corpus", "--reports", "12", "--out", str(out), "--seed", "3"])
    assert r.exit_code == 0, r.output
    reports = [p for p in out.rglob("syn_*") if not p.name.endswith(".truth.json")]
    truths = list(out.rglob("*.truth.json"))
    assert len(reports) == len(truths) == 12
    assert "12 reports" in r.output


def test_bench_corpus_rejects_zero(tmp_path):
    r = CliRunner().invoke(app, ["bench", "corpus", "--reports", "0", "--out", str(tmp_path)])
    assert r.exit_code == 1
    assert "--reports" in r.output


def test_same_bytes_across_processes_with_different_hash_seeds(tmp_path):
    import filecmp
    import os
    import subprocess
    import sys

    outs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"h{hash_seed}"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-c", "from fazhi.cli import main; main()", "bench", "corpus",
                        "-n", "20", "--seed", "9", "--out", str(out)], check=True, env=env,
                       capture_output=True)
        outs.append(out)
    files = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*") if p.is_file())
    assert len(files) == 41
    match, mismatch, errors = filecmp.cmpfiles(outs[0], outs[1], [str(f) for f in files], shallow=False)
    assert not mismatch and not errors
