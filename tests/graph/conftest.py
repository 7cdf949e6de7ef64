"""Neo4j fixtures for tests/graph (the shared server is started by scripts/test.sh).

`neo4j_target` reads NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD; without NEO4J_URI the Neo4j
tests are skipped with the reason (scripts/test.sh and CI always set it). Tests that need Neo4j
clear the database themselves (`neo4j_empty`): Community Edition has one user database.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def neo4j_target():
    from graph.neo4j_load import Neo4jTarget, connect

    if not os.environ.get("NEO4J_URI"):
        pytest.skip("NEO4J_URI is unset: run the suite with scripts/test.sh, which starts the project's Neo4j")
    target = Neo4jTarget.from_env()
    connect(target, retry_seconds=5).close()  # unreachable or wrong password: fail, do not skip
    return target


@pytest.fixture()
def neo4j_empty(neo4j_target):
    """The shared server's database, emptied for this test."""
    from graph.neo4j_load import clear_database

    clear_database(neo4j_target)
    return neo4j_target


@pytest.fixture(scope="session")
def corpus_build(corpus_dir, tmp_path_factory) -> Path:
    """A `fazhi build` of the five real reports (read in place)."""
    from graph.build import build

    out = tmp_path_factory.mktemp("neo4j-corpus") / "build"
    result = build([corpus_dir], out, workers=1)
    assert result.reports == 5, result.errors
    return out


@pytest.fixture()
def corpus_build_copy(corpus_build, tmp_path) -> Path:
    """A private copy of the corpus build that a test may change."""
    dst = tmp_path / "build"
    shutil.copytree(corpus_build, dst)
    return dst


@pytest.fixture(scope="session")
def synthetic_build(tmp_path_factory) -> Path:
    """A bigger build: 150 synthetic reports (`fazhi bench corpus`) through `fazhi build`."""
    from fazhi.bench.corpus import write_corpus
    from graph.build import build

    root = tmp_path_factory.mktemp("neo4j-synthetic")
    write_corpus(root / "corpus", 150, seed=7)
    result = build([root / "corpus"], root / "build")
    assert result.reports == 150, result.errors[:3]
    return root / "build"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    """A SEPARATE local Neo4j (own home and port) for destructive tests; stopped afterwards."""
    if not shutil.which("java") or not shutil.which("mvn"):
        pytest.skip("java and mvn are needed to run a private Neo4j")
    from graph.neo4j_server import LocalNeo4j

    server = LocalNeo4j(home=tmp_path_factory.mktemp("neo4j-own") / "home", port=free_port(),
                        heap="512m", pagecache="128m")
    yield server
    server.stop(timeout=60)
