"""The build manifest (`DIR/manifest.sqlite`): which file had which content hash, what each report
yielded, and the per-report adoption rows the CSV tables and projections are computed from.

SQLite keeps it transactional (one commit per report, after its store write) and lets the
tables be computed with GROUP BY queries instead of holding the corpus in memory.
A report is keyed by its sha256: two files with identical bytes share one report and graph.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from fazhi.errors import GraphBuildError

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, doc TEXT NOT NULL, sha256 TEXT NOT NULL, fingerprint TEXT NOT NULL,
    error TEXT
);
CREATE INDEX IF NOT EXISTS files_sha ON files(sha256);
CREATE TABLE IF NOT EXISTS reports (
    sha256 TEXT PRIMARY KEY, report_iri TEXT NOT NULL, doc TEXT NOT NULL, fingerprint TEXT NOT NULL,
    jurisdiction_code TEXT, jurisdiction TEXT, province TEXT, level TEXT, year INTEGER,
    doc_type TEXT, title TEXT, counts TEXT NOT NULL, warnings TEXT NOT NULL, timings TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS adoptions (
    sha256 TEXT NOT NULL, jurisdiction_code TEXT NOT NULL, jurisdiction TEXT, province TEXT,
    level TEXT, mechanism TEXT NOT NULL, mechanism_zh TEXT, mechanism_en TEXT, year INTEGER,
    stage TEXT, quote TEXT, start INTEGER, doc TEXT
);
CREATE INDEX IF NOT EXISTS adoptions_sha ON adoptions(sha256);
CREATE TABLE IF NOT EXISTS chunks (sha256 TEXT PRIMARY KEY, trig BLOB NOT NULL, graphml BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS adoptions_unit ON adoptions(jurisdiction_code, mechanism);
CREATE TABLE IF NOT EXISTS mentions (
    sha256 TEXT NOT NULL, fact TEXT NOT NULL, target TEXT NOT NULL, candidate INTEGER NOT NULL,
    label TEXT, jurisdiction_code TEXT, year INTEGER, stage TEXT
);
CREATE INDEX IF NOT EXISTS mentions_sha ON mentions(sha256);
CREATE TABLE IF NOT EXISTS citations (
    sha256 TEXT NOT NULL, document TEXT NOT NULL, title TEXT, doc_number TEXT, level TEXT
);
CREATE INDEX IF NOT EXISTS citations_sha ON citations(sha256);
"""


@dataclass(frozen=True, slots=True)
class AdoptionRow:
    """One mechanism mention attributed to a unit (candidates are not in the tables)."""

    jurisdiction_code: str
    jurisdiction: str
    province: str
    level: str
    mechanism: str
    mechanism_zh: str
    mechanism_en: str
    year: int | None
    stage: str | None
    quote: str
    start: int


@dataclass(frozen=True, slots=True)
class MentionRow:
    """One fz:Adoption of a report graph, as the corpus summaries need it (graph/summary.py)."""

    fact: str
    target: str  # the mechanism concept or candidate IRI
    candidate: bool
    label: str | None  # the candidate's label in this report
    jurisdiction_code: str | None
    year: int | None
    stage: str | None


@dataclass(frozen=True, slots=True)
class CitationRow:
    """One policy document a report cites, with its title, 文号 and level in that report."""

    document: str
    title: str | None
    doc_number: str | None
    level: str | None


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """What one report yielded: the manifest row of a report, computed in the worker."""

    sha256: str
    report_iri: str
    doc: str
    jurisdiction_code: str | None
    jurisdiction: str | None
    province: str | None
    level: str | None
    year: int | None
    doc_type: str
    title: str | None
    counts: dict[str, int]
    warnings: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    adoptions: tuple[AdoptionRow, ...] = ()
    mentions: tuple[MentionRow, ...] = ()
    citations: tuple[CitationRow, ...] = ()


class Manifest:
    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(str(self.path), isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
        except sqlite3.Error as err:
            raise GraphBuildError(f"{self.path}: the build manifest cannot be opened: {err}") from err

    def close(self) -> None:
        self.db.close()

    # -- meta

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- files and reports

    def files(self) -> dict[str, tuple[str, str, str | None]]:
        """path -> (sha256, fingerprint, error)."""
        return {p: (s, f, e) for p, s, f, e in
                self.db.execute("SELECT path, sha256, fingerprint, error FROM files")}

    def reports(self) -> dict[str, tuple[str, str]]:
        """sha256 -> (report IRI, fingerprint)."""
        return {s: (r, f) for s, r, f in
                self.db.execute("SELECT sha256, report_iri, fingerprint FROM reports")}

    def record_reports(self, items: list[tuple[str, ReportSummary, bytes, bytes]],
                       fingerprint: str) -> None:
        """Record built reports (path, summary, zlib TriG chunk, zlib GraphML fragment) and
        their files in one transaction."""
        with self._tx():
            for path, summary, trig, gml in items:
                self._record(path, summary, fingerprint)
                self.db.execute("INSERT OR REPLACE INTO chunks VALUES (?,?,?)",
                                (summary.sha256, trig, gml))

    def _record(self, path: str, summary: ReportSummary, fingerprint: str) -> None:
        self.db.execute("DELETE FROM adoptions WHERE sha256=?", (summary.sha256,))
        self._record_mentions(summary.sha256, summary.mentions, summary.citations)
        self.db.execute(
            "INSERT OR REPLACE INTO reports VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (summary.sha256, summary.report_iri, summary.doc, fingerprint,
             summary.jurisdiction_code, summary.jurisdiction, summary.province, summary.level,
             summary.year, summary.doc_type, summary.title,
             json.dumps(summary.counts, sort_keys=True, ensure_ascii=False),
             json.dumps(list(summary.warnings), ensure_ascii=False),
             json.dumps(summary.timings, sort_keys=True)))
        self.db.executemany(
            "INSERT INTO adoptions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(summary.sha256, a.jurisdiction_code, a.jurisdiction, a.province, a.level,
              a.mechanism, a.mechanism_zh, a.mechanism_en, a.year, a.stage, a.quote, a.start,
              summary.doc) for a in summary.adoptions])
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?,NULL)",
                        (path, summary.doc, summary.sha256, fingerprint))

    def _record_mentions(self, sha256: str, mentions: Iterable[MentionRow],
                         citations: Iterable[CitationRow]) -> None:
        self.db.execute("DELETE FROM mentions WHERE sha256=?", (sha256,))
        self.db.execute("DELETE FROM citations WHERE sha256=?", (sha256,))
        self.db.executemany(
            "INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?)",
            [(sha256, m.fact, m.target, int(m.candidate), m.label, m.jurisdiction_code, m.year, m.stage)
             for m in mentions])
        self.db.executemany(
            "INSERT INTO citations VALUES (?,?,?,?,?)",
            [(sha256, c.document, c.title, c.doc_number, c.level) for c in citations])

    def record_mentions(self, items: Iterable[tuple[str, list[MentionRow], list[CitationRow]]]) -> None:
        """Replace the mention and citation rows of reports (sha256, mentions, citations)."""
        with self._tx():
            for sha256, mentions, citations in items:
                self._record_mentions(sha256, mentions, citations)

    def mention_rows(self):
        """(sha256, fact, target, candidate, label, jurisdiction_code, year, stage) of every mention."""
        return self.db.execute("SELECT sha256, fact, target, candidate, label, jurisdiction_code, year, "
                               "stage FROM mentions")  # order-free: every aggregate is a min, count or set

    def document_rows(self):
        """Per cited document: (document, title, 文号, level, citing reports, their jurisdictions,
        first year, first report), the first report being the lowest (year, report IRI); title, 文号
        and level are the least value reports gave."""
        return self.db.execute("""
            WITH cited AS (
              SELECT c.document, c.title, c.doc_number, c.level, c.sha256, r.report_iri, r.year,
                     r.jurisdiction_code,
                     ROW_NUMBER() OVER (PARTITION BY c.document
                                        ORDER BY r.year IS NULL, r.year, r.report_iri) AS rk
              FROM citations c JOIN reports r ON r.sha256 = c.sha256)
            SELECT document, MIN(title), MIN(doc_number), MIN(level), COUNT(DISTINCT sha256),
                   COUNT(DISTINCT jurisdiction_code), MIN(year),
                   MAX(CASE WHEN rk = 1 THEN report_iri END)
            FROM cited GROUP BY document ORDER BY document""")

    def shas_without_mentions(self) -> list[tuple[str, str]]:
        """(sha256, report IRI) of recorded reports built before mention rows were kept."""
        if self.get("mention_rows") == "1":
            return []
        return list(self.db.execute(
            "SELECT sha256, report_iri FROM reports WHERE sha256 NOT IN (SELECT sha256 FROM mentions) "
            "ORDER BY sha256"))

    def summary_digests(self) -> dict[str, str]:
        return {k[len("summary:"):]: v for k, v in
                self.db.execute("SELECT key, value FROM meta WHERE key LIKE 'summary:%'")}

    def set_summary_digests(self, digests: dict[str, str]) -> None:
        with self._tx():
            self.db.execute("DELETE FROM meta WHERE key LIKE 'summary:%'")
            self.db.executemany("INSERT INTO meta VALUES (?, ?)",
                                [(f"summary:{k}", v) for k, v in sorted(digests.items())])

    def chunks(self):
        """(report IRI, zlib TriG chunk, zlib GraphML fragment) of every report, by report IRI."""
        return self.db.execute(
            "SELECT r.report_iri, c.trig, c.graphml FROM reports r JOIN chunks c "
            "ON c.sha256 = r.sha256 ORDER BY r.report_iri")

    def missing_chunks(self) -> set[str]:
        """sha256 of recorded reports without export chunks (to be rebuilt)."""
        return {s for (s,) in self.db.execute(
            "SELECT sha256 FROM reports WHERE sha256 NOT IN (SELECT sha256 FROM chunks)")}

    def record_error(self, path: str, doc: str, sha256: str, fingerprint: str, error: str) -> None:
        with self._tx():
            self.db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?)",
                            (path, doc, sha256, fingerprint, error))

    def forget_files(self, paths: list[str]) -> None:
        with self._tx():
            self.db.executemany("DELETE FROM files WHERE path=?", [(p,) for p in paths])

    def unreferenced_reports(self) -> list[tuple[str, str]]:
        """(sha256, report IRI) of reports no recorded file points at any more."""
        return list(self.db.execute(
            "SELECT sha256, report_iri FROM reports WHERE sha256 NOT IN "
            "(SELECT sha256 FROM files WHERE error IS NULL) ORDER BY sha256"))

    def forget_report(self, sha256: str) -> None:
        with self._tx():
            self.db.execute("DELETE FROM adoptions WHERE sha256=?", (sha256,))
            self.db.execute("DELETE FROM mentions WHERE sha256=?", (sha256,))
            self.db.execute("DELETE FROM citations WHERE sha256=?", (sha256,))
            self.db.execute("DELETE FROM chunks WHERE sha256=?", (sha256,))
            self.db.execute("DELETE FROM reports WHERE sha256=?", (sha256,))

    def report_rows(self):
        """(path, doc, sha256, error, report columns...) for build.json, ordered by path."""
        return self.db.execute(
            "SELECT f.path, f.doc, f.sha256, f.error, r.report_iri, r.jurisdiction_code, "
            "r.jurisdiction, r.year, r.doc_type, r.counts, r.warnings, r.timings "
            "FROM files f LEFT JOIN reports r ON r.sha256 = f.sha256 ORDER BY f.path")

    def _tx(self):
        return _Transaction(self.db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb):
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")
        return False
