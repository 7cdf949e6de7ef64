"""Fixtures of the queries tests: a build directory holding the invented graph of queries_graph.py."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from queries_graph import fill


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory) -> Path:
    """A build directory whose `store/` holds the invented graph (as `fazhi build` lays it out)."""
    root = tmp_path_factory.mktemp("mini_build")
    store = ox.Store(str(root / "store"))
    fill(store)
    store.flush()
    del store
    return root
