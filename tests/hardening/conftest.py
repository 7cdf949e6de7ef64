"""Fixtures of the hardening tests; the corpus and helpers live in hardening_support.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from hardening_support import Case, run_fazhi, write_bad_corpus


@pytest.fixture()
def bad_corpus(tmp_path: Path) -> tuple[Path, dict[str, Case]]:
    root = tmp_path / "scrape"
    return root, write_bad_corpus(root)


@pytest.fixture(scope="module")
def shared_bad_corpus(tmp_path_factory) -> tuple[Path, dict[str, Case]]:
    """The same corpus, once per test module (for tests that only read the results of one run)."""
    root = tmp_path_factory.mktemp("shared") / "scrape"
    return root, write_bad_corpus(root)


@pytest.fixture()
def fazhi():
    return run_fazhi
