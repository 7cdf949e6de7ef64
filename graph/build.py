"""`fazhi build`: extract every report, write its named graph to the store, then the exports.

Incremental and idempotent:
- a file whose content hash (and the code fingerprint) is already recorded is skipped;
- a changed file (same path, new hash) gets a new report graph; the old one is dropped once no
  file refers to it any more;
- a file that disappeared is dropped only with `prune=True`;
- each report is written in one store transaction, then recorded in the manifest, so an
  interrupted build leaves a usable store and a rerun completes it;
- exports are written to a temporary file and renamed into place.
Extraction runs in a process pool; the main process is the only writer of the store and the
manifest. The workers hand it ready bytes (N-Quads, the TriG block, the GraphML fragment); the
exports are written by the main process and one forked helper (EXPORTS_IN_CHILD).
"""

from __future__ import annotations

import hashlib
import re
import json
import multiprocessing as mp
import os
import signal
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from pyoxigraph import RdfFormat, serialize

from fazhi.errors import FazhiError, GraphBuildError
from fazhi.records import Extraction
from ontology.namespaces import FZ
from graph.manifest import AdoptionRow, Manifest, ReportSummary
from graph.rdf import (RDF_TYPE, VOCAB_GRAPH, RdfBuilder, ReportGraph, quoted, stage_of,
                       vocab_quads)
from graph import graphml
from graph.store import TRIG_PREFIXES, GraphStore
from graph import summary as corpus
from graph.summary import mention_rows as summary_rows

REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
"""Files a directory walk picks up; files named explicitly are always tried."""

EXPORTS = ("graph.trig", "graph.graphml", "adoption-bipartite.graphml", "adoptions.csv", "panel.csv")
BATCH_QUADS = 200_000
BATCH_REPORTS = 100
"""A store transaction holds whole reports: at most this many quads / reports (then commit)."""
ADOPTED_STAGES = ("implemented", "piloting")
"""Stages that count as adoption in the tables (a pilot is an adoption in diffusion studies)."""

Extract = Callable[[str], Extraction]


# ---------------------------------------------------------------- inputs


def iter_report_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Report files under `paths` (files as given, directories walked), sorted, each once."""
    try:
        from extractors.ingest import iter_report_paths
    except ImportError:
        iter_report_paths = None
    seen: set[str] = set()
    if iter_report_paths is not None:
        for f in iter_report_paths([Path(p) for p in paths if Path(p).exists()]):
            key = os.path.realpath(f)
            if key not in seen:
                seen.add(key)
                yield f
        return
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(f for f in path.rglob("*") if f.is_file()
                           and f.suffix.lower() in REPORT_SUFFIXES and not f.name.startswith("."))
        else:
            found = [path]
        for f in found:
            key = os.path.realpath(f)
            if key not in seen:
                seen.add(key)
                yield f


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the code and data that decide a report's graph. A change re-extracts everything."""
    import extractors
    import fazhi
    import graph
    import ontology

    h = hashlib.sha256()
    roots = [Path(m.__file__).parent for m in (extractors, ontology)]
    files = [f for r in roots for f in r.rglob("*") if f.is_file() and "__pycache__" not in f.parts
             and f.suffix in (".py", ".ttl", ".txt", ".json", ".csv", ".tsv", ".yaml", ".yml")]
    files += [Path(fazhi.__file__).parent / "records.py",
              *(Path(graph.__file__).parent / n for n in ("rdf.py", "jurisdictions.py", "graphml.py"))]
    for f in sorted(files):
        h.update(str(f.name).encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def default_extract(path: str) -> Extraction:
    """Read one report and run every default fact extractor on it (the "ingest" + "facts" stages)."""
    try:
        from extractors.ingest import read_document
        from extractors.run import run
    except ImportError as err:
        raise GraphBuildError(f"{path}: build: the extractors are not available ({err})") from err
    return run(read_document(path))


# ---------------------------------------------------------------- the worker


@dataclass(frozen=True, slots=True)
class WorkResult:
    path: str
    doc: str
    sha256: str
    summary: ReportSummary | None = None
    nquads: bytes = b""
    trig: bytes = b""  # zlib: this graph's block of graph.trig
    graphml: bytes = b""  # zlib: this graph's fragment of graph.graphml (graphml.pack_fragment)
    n_quads: int = 0
    error: str | None = None


_WORKER: dict = {}


def _init_worker(extract: Extract, vocab) -> None:
    # Ctrl-C reaches the whole process group: only the main process handles it (workers that
    # die of KeyboardInterrupt leave Pool.terminate() hanging forever).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["extract"] = extract
    _WORKER["builder"] = RdfBuilder(vocab)


@lru_cache(maxsize=4)
def _vocab_terms(vocab) -> tuple[dict[str, str], frozenset[str]]:
    from graph.graphml import concept_labels

    labels = concept_labels(vocab)
    return labels, frozenset(labels)


def trig_block(quads, name: str, nquads: bytes | None = None) -> bytes:
    """One graph as a TriG block of graph.trig: `<graph> {` one triple per line `}`, triples
    sorted by their N-Triples text, well-known namespaces written with the graph.trig prefixes.

    Built with byte operations on the N-Quads (not a TriG serialiser over term objects): this
    runs once per report in the workers, and is a fraction of the cost."""
    if nquads is None:
        nquads = serialize(quads, format=RdfFormat.N_QUADS)
    suffix = f" <{name}> .".encode("utf-8")
    cut = len(suffix)
    triples = sorted(line[:-cut] for line in nquads.splitlines() if line.endswith(suffix))
    body = b" .\n\t".join(triples)
    body = _COMPACT_RE.sub(_compact_one, body)
    return b"\n<" + name.encode("utf-8") + b"> {\n\t" + body + b" .\n}\n"


def _compactions() -> list[tuple[bytes, bytes]]:
    """Exact `<iri>` -> `prefix:local` replacements for the terms the graphs use (plain byte
    replaces: a regex over every report's text cost more than building the graph)."""
    rdf = TRIG_PREFIXES["rdf"]
    out = [(f" <{rdf}type> ".encode(), b" a ")]
    terms = {"fz": list(getattr(FZ, "__annotations__", {})),
             "xsd": ["gYear", "decimal", "integer", "boolean", "date", "string", "double"],
             "rdf": ["type", "langString", "first", "rest", "nil"],
             "rdfs": ["label", "comment", "subClassOf", "domain", "range", "subPropertyOf"],
             "prov": ["wasDerivedFrom", "Entity"],
             "dcterms": ["title", "issued", "hasPart", "description", "source"],
             "org": ["Organization", "classification"],
             "qb": ["Observation"],
             "skos": ["Concept", "ConceptScheme", "inScheme", "prefLabel", "altLabel", "notation",
                      "broader", "narrower", "topConceptOf", "hasTopConcept", "definition",
                      "scopeNote", "exactMatch", "closeMatch", "related"],
             "owl": ["Class", "ObjectProperty", "DatatypeProperty", "Ontology", "NamedIndividual",
                     "unionOf", "equivalentClass", "oneOf", "versionInfo"]}
    for prefix, names in terms.items():
        ns = TRIG_PREFIXES[prefix]
        for local in sorted(set(names)):
            if not local.startswith("_"):
                out.append((f"<{ns}{local}>".encode(), f"{prefix}:{local}".encode()))
    return out


_COMPACT = dict(_compactions())
_COMPACT_RE = re.compile(b'"(?:[^"\\\\\n]|\\\\.)*"'  # a whole literal, matched to be left as it is
                         b"|(?: <" + re.escape(TRIG_PREFIXES["rdf"].encode()) + b"type> |<(?:"
                         + b"|".join(re.escape(ns.encode()) for ns in sorted(
                             {TRIG_PREFIXES[p] for p in ("fz", "xsd", "rdf", "rdfs", "prov",
                                                          "dcterms", "org", "qb", "skos", "owl")},
                             key=len, reverse=True))
                         + b")[A-Za-z][A-Za-z0-9_]*>)")


def _compact_one(m: re.Match[bytes]) -> bytes:
    found = m.group(0)
    return _COMPACT.get(found, found)


# The same compaction term by term, for report graphs built as records (`report_lines`): the
# regex matches one whole term (a literal, left as it is, or an IRI), except ` <rdf:type> ` whose
# spaces are the separators: a predicate rdf:type, or an object rdf:type (followed by ` .`).
_COMPACT_STR = {k.decode(): v.decode() for k, v in _COMPACT.items()}


@lru_cache(maxsize=65536)
def _iri_texts(iri: str) -> tuple[str, str]:
    """(`<iri>`, its compacted form in graph.trig)."""
    full = f"<{iri}>"
    return full, _COMPACT_STR.get(full, full)


@lru_cache(maxsize=64)
def _suffix_texts(language: str, datatype: str) -> tuple[str, str]:
    """(N-Triples suffix of a literal, its compacted form): `@zh`, `^^<…#gYear>` / `^^xsd:gYear`."""
    if language:
        return "@" + language.lower(), "@" + language.lower()
    if not datatype or datatype == TRIG_PREFIXES["xsd"] + "string":
        return "", ""
    full, short = _iri_texts(datatype)
    return "^^" + full, "^^" + short


def report_lines(rg: ReportGraph) -> tuple[list[str], bytes]:
    """A report graph's N-Triples lines `<s> <p> o` (in build order) and its graph.trig block,
    both written straight from its records: the same bytes as pyoxigraph's N-Quads and
    `trig_block` over them (tests/graph/test_report_lines.py), at a fraction of the cost."""
    full: list[str] = []
    pairs: list[tuple[str, str]] = []
    iri_texts = _iri_texts
    for s, p, o in rg.triples:
        s_full, s_short = iri_texts(s)
        p_full, p_short = iri_texts(p)
        if type(o) is str:
            o_full, o_short = iri_texts(o)
            if o == RDF_TYPE and p != RDF_TYPE:
                o_short = "a"
        else:
            q = quoted(o.value)
            sfx_full, sfx_short = _suffix_texts(o.language, o.datatype)
            o_full = q + sfx_full
            o_short = q + sfx_short  # a literal's text is never compacted
        line = f"{s_full} {p_full} {o_full}"
        full.append(line)
        pairs.append((line, f"{s_short} {'a' if p == RDF_TYPE else p_short} {o_short}"))
    pairs.sort()
    body = " .\n\t".join(short for _, short in pairs)
    block = f"\n<{rg.name}> {{\n\t{body} .\n}}\n".encode("utf-8")
    return full, block


def summarise(extraction: Extraction, builder: RdfBuilder, report_iri: str,
              warnings: Iterable[str], timings: dict[str, float]) -> ReportSummary:
    doc = extraction.document
    j = doc.jurisdiction
    rows: list[AdoptionRow] = []
    for f in extraction.facts:
        if f.kind != "mechanism" or not f.concept:
            continue
        concept = builder.vocab.get("mechanism", f.concept)
        unit = builder.jurisdiction_of(f, doc)
        if concept is None or unit is None:
            continue
        rows.append(AdoptionRow(
            jurisdiction_code=unit.code, jurisdiction=unit.name, province=unit.province,
            level=unit.level, mechanism=concept.notation, mechanism_zh=concept.pref_zh,
            mechanism_en=concept.pref_en, year=f.year if f.year is not None else doc.year,
            stage=stage_of(f, doc), quote=f.span.text, start=f.start))
    return ReportSummary(
        sha256=doc.sha256, report_iri=report_iri, doc=doc.doc,
        jurisdiction_code=j.code if j else None, jurisdiction=j.name if j else doc.jurisdiction_name,
        province=j.province if j else None, level=j.level if j else None, year=doc.year,
        doc_type=doc.doc_type, title=doc.title,
        counts=dict(sorted(Counter(f.kind for f in extraction.facts).items())),
        warnings=tuple(doc.warnings) + tuple(warnings), timings=timings, adoptions=tuple(rows))


def build_one(path: str, sha256: str, extract: Extract, builder: RdfBuilder) -> WorkResult:
    """Extract one file and turn it into its graph's N-Quads and its summary. Never raises."""
    doc_name = Path(path).name
    try:
        t0 = time.perf_counter()
        extraction = extract(path)
        t1 = time.perf_counter()
        doc = extraction.document
        if doc.sha256 != sha256:  # the file changed while we read it, or ingest hashed otherwise
            extraction = Extraction(_with_sha(doc, sha256), extraction.facts)
        rg = builder.build(extraction)
        mentions, citations = summary_rows(corpus.triple_values(rg.triples))
        lines, block = report_lines(rg)
        nquads = rg.nquads(lines)
        trig = zlib.compress(block, 3)
        labels, concepts = _vocab_terms(builder.vocab)
        frag = graphml.fragment(graphml.triple_rows(rg.triples), rg.name, labels, concepts)
        gml = zlib.compress(graphml.pack_fragment(frag), 3)
        t2 = time.perf_counter()
        summary = summarise(extraction, builder, rg.name, rg.warnings,
                            {"extract_s": round(t1 - t0, 4), "rdf_s": round(t2 - t1, 4)})
        summary = replace(summary, mentions=tuple(mentions), citations=tuple(citations))
        return WorkResult(path, doc_name, sha256, summary, nquads, trig, gml, len(rg.triples))
    except FazhiError as err:
        return WorkResult(path, doc_name, sha256, error=_one_line(str(err), path))
    except Exception as err:  # noqa: BLE001 - one bad file never stops a batch
        return WorkResult(path, doc_name, sha256,
                          error=_one_line(f"{path}: build: {type(err).__name__}: {err}", path))


def _with_sha(doc, sha256: str):
    from dataclasses import replace

    return replace(doc, sha256=sha256)


def _one_line(message: str, path: str) -> str:
    message = " ".join(message.split())
    return message if path in message else f"{path}: {message}"


def _work(item: tuple[str, str]) -> WorkResult:
    return build_one(item[0], item[1], _WORKER["extract"], _WORKER["builder"])


# ---------------------------------------------------------------- the build


@dataclass
class BuildResult:
    """What a build did. `errors` are one line each (file: stage: reason)."""

    out: Path
    files: int = 0
    extracted: int = 0
    skipped: int = 0
    failed: int = 0
    dropped: int = 0
    reports: int = 0
    errors: list[str] = field(default_factory=list)
    exports_written: bool = False
    timings: dict[str, float] = field(default_factory=dict)


Progress = Callable[[str, int, int, str], None]
"""progress(phase, done, total, current item)."""


def build(paths: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str], *,
          prune: bool = False, workers: int | None = None, extract: Extract | None = None,
          vocab=None, progress: Progress | None = None,
          on_error: Callable[[str], None] | None = None) -> BuildResult:
    """Build (or update) the knowledge graph of the reports under `paths` into `out`.

    `extract` turns a file path into an Extraction (default: the ingest + extractor stages);
    `vocab` is the Vocabulary (default: the packaged one). Bad files are reported through
    `on_error` and in build.json; they never stop the batch.
    """
    t_start = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    extract = extract or default_extract
    if vocab is None:
        from ontology.vocab import load

        vocab = load()
    result = BuildResult(out=out)
    report = on_error or (lambda line: None)
    fingerprint = code_fingerprint()

    manifest = Manifest(out / "manifest.sqlite")
    try:
        files = list(iter_report_files(paths))
        for p in paths:
            if not Path(p).exists():
                line = f"{p}: build: no such file or directory"
                result.errors.append(line)
                result.failed += 1
                report(line)
        result.files = len(files)
        known = manifest.files()
        reports = manifest.reports()
        todo: list[tuple[str, str]] = []
        current: dict[str, str] = {}
        for i, f in enumerate(files):
            key = os.path.realpath(f)
            try:
                if f.exists() and not f.is_file():  # a FIFO or device would block the read
                    raise OSError("not a regular file")
                sha = file_sha256(f)
            except OSError as err:
                line = f"{f}: build: cannot read: {err.strerror or err}"
                result.errors.append(line)
                result.failed += 1
                report(line)
                continue
            current[key] = str(f)
            prev = known.get(key)
            rep = reports.get(sha)
            if prev and prev[0] == sha and prev[1] == fingerprint and prev[2] is not None:
                result.failed += 1  # a known bad file: report it again, do not retry
                result.errors.append(prev[2])
                report(prev[2])
            elif rep and rep[1] == fingerprint:
                result.skipped += 1
                if prev is None or prev[0] != sha:  # a copy of a known report, or a file moved back
                    manifest.db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?,NULL)",
                                        (key, f.name, sha, fingerprint))
            else:
                todo.append((key, sha))
            if progress:
                progress("hash", i + 1, len(files), f.name)

        store = GraphStore(out / "store")
        try:
            # a recorded report whose graph is missing (store deleted, crash) is rebuilt
            present = store.report_graphs()
            missing = {s for s, (iri, _) in reports.items() if iri not in present}
            missing |= manifest.missing_chunks()
            if missing:
                queued = {k for k, _ in todo}
                for k, (s, _, e) in sorted(manifest.files().items()):
                    if s in missing and e is None and k in current and k not in queued:
                        todo.append((k, s))
                        queued.add(k)
                        result.skipped -= 1
            _update_vocab(store, manifest)
            _backfill_mentions(store, manifest)
            _run(todo, current, extract, vocab, workers, store, manifest, fingerprint,
                 result, report, progress)
            if prune:
                gone = sorted(set(manifest.files()) - set(current))
                manifest.forget_files(gone)
            for sha, iri in manifest.unreferenced_reports():
                store.drop_graph(iri)
                manifest.forget_report(sha)
                result.dropped += 1
            # graphs nobody recorded (a crash between store write and manifest commit)
            recorded = {iri for iri, _ in manifest.reports().values()}
            for g in sorted(store.report_graphs() - recorded):
                store.drop_graph(g)
            t_sum = time.perf_counter()
            summaries = corpus.plan(store, manifest, RdfBuilder(vocab), out / ".summary-spool.nq")
            result.timings["summary_s"] = round(time.perf_counter() - t_sum, 3)
            result.timings["summary_graphs_written"] = len(summaries.write)
            result.reports = len(manifest.reports())
            # the summary graphs go into the store while the exports are written (two cores)
            t_exp = time.perf_counter()
            t_store: list[float] = []

            def write_summaries() -> None:
                t0 = time.perf_counter()
                corpus.apply(store, summaries)
                t_store.append(time.perf_counter() - t0)

            try:
                result.exports_written = _write_exports(out, summaries, manifest, vocab, progress,
                                                        write_summaries)
            finally:
                summaries.close()
            result.timings["exports_s"] = round(time.perf_counter() - t_exp, 3)
            result.timings["summary_store_s"] = round(sum(t_store), 3)
            manifest.set_summary_digests(summaries.digests)
            store.flush()
        finally:
            store.close()
        result.timings["total_s"] = round(time.perf_counter() - t_start, 3)
        _write_build_json(out, manifest, result, current, fingerprint)
    finally:
        manifest.close()
    return result


def _update_vocab(store: GraphStore, manifest: Manifest) -> None:
    quads = vocab_quads()
    digest = hashlib.sha256(serialize(quads, format=RdfFormat.N_QUADS)).hexdigest()
    if manifest.get("vocab_digest") != digest or not store.has_graph(VOCAB_GRAPH.value):
        store.put_quads(VOCAB_GRAPH.value, quads)
        manifest.set("vocab_digest", digest)


class _Thread(threading.Thread):
    """A thread whose exception is re-raised by the caller."""

    def __init__(self, target: Callable, *args):
        super().__init__(daemon=True)
        self._call, self._args = target, args
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self._call(*self._args)
        except BaseException as err:  # noqa: BLE001 - handed to the caller
            self.error = err


@contextmanager
def _in_thread(target: Callable, *args) -> Iterator[_Thread]:
    """Run `target(*args)` in a thread beside the block; wait for it after; re-raise its error."""
    worker = _Thread(target, *args)
    worker.start()
    try:
        yield worker
    finally:
        worker.join()
    if worker.error is not None:
        raise worker.error


def _backfill_mentions(store: GraphStore, manifest: Manifest) -> None:
    """Reports recorded before the manifest kept mention rows get them from their stored graph."""
    missing = manifest.shas_without_mentions()
    batch = []
    for sha, report_iri in missing:
        if store.has_graph(report_iri):
            mentions, citations = summary_rows(corpus.term_values(store.graph_quads(report_iri)))
            batch.append((sha, mentions, citations))
        if len(batch) >= BATCH_REPORTS:
            manifest.record_mentions(batch)
            batch = []
    manifest.record_mentions(batch)
    manifest.set("mention_rows", "1")


def _run(todo, current, extract, vocab, workers, store, manifest, fingerprint, result, report,
         progress) -> None:
    if not todo:
        return
    workers = workers or min(os.cpu_count() or 1, 8)
    workers = max(1, min(workers, len(todo)))

    pending: list[WorkResult] = []
    pending_quads = 0
    done = 0

    def flush() -> None:
        """Write the pending reports: their graphs in one store transaction (a graph that
        already exists is replaced in its own transaction), then their manifest rows in one."""
        nonlocal pending_quads
        if not pending:
            return
        t0 = time.perf_counter()
        fresh: list[WorkResult] = []
        again: list[WorkResult] = []
        for r in pending:
            (again if store.has_graph(r.summary.report_iri) else fresh).append(r)
        written: list[WorkResult] = []
        try:
            if fresh:
                # lenient: build_one's writer has had every IRI checked by pyoxigraph
                store.load_nquads(b"".join(r.nquads for r in fresh), lenient=True)
                written += fresh
        except (OSError, SyntaxError, ValueError):
            again += fresh  # find the culprit one by one below
        for r in again:
            try:
                store.put_graph(r.summary.report_iri, r.nquads)
                written.append(r)
            except (OSError, SyntaxError, ValueError) as err:
                line = f"{current.get(r.path, r.path)}: store: {err}"
                result.failed += 1
                result.errors.append(line)
                report(line)
                manifest.record_error(r.path, r.doc, r.sha256, fingerprint, line)
        per = round((time.perf_counter() - t0) / max(1, len(pending)), 4)
        for r in written:
            r.summary.timings["store_s"] = per
        manifest.record_reports([(r.path, r.summary, r.trig, r.graphml) for r in written],
                                fingerprint)
        result.extracted += len(written)
        pending.clear()
        pending_quads = 0

    def handle(r: WorkResult) -> None:
        nonlocal pending_quads, done
        done += 1
        if r.error is not None:
            result.failed += 1
            result.errors.append(r.error)
            report(r.error)
            manifest.record_error(r.path, r.doc, r.sha256, fingerprint, r.error)
        else:
            pending.append(r)
            pending_quads += r.n_quads
            if pending_quads >= BATCH_QUADS or len(pending) >= BATCH_REPORTS:
                flush()
        if progress:
            progress("extract", done, len(todo), r.doc)

    if workers == 1:
        builder = RdfBuilder(vocab)
        for path, sha in todo:
            handle(build_one(path, sha, extract, builder))
        flush()
        return
    ctx = mp.get_context("fork")
    pool = ctx.Pool(workers, initializer=_init_worker, initargs=(extract, vocab))
    try:
        chunk = max(1, min(16, len(todo) // (workers * 8)))
        for r in pool.imap_unordered(_work, todo, chunksize=chunk):
            handle(r)
        flush()
        pool.close()
    except BaseException:
        # Ctrl-C stops at once: the batch not yet written (at most BATCH_REPORTS reports) is
        # dropped and re-extracted by the next run; every committed batch stays.
        pool.terminate()
        raise
    finally:
        pool.join()


# ---------------------------------------------------------------- exports


def _export_state(manifest: Manifest, vocab_digest: str | None) -> str:
    h = hashlib.sha256((vocab_digest or "").encode())
    for sha, (iri, fp) in sorted(manifest.reports().items()):
        h.update(f"{sha} {iri} {fp}\n".encode())
    from graph import graphml, tables

    h.update(f"{graphml.FORMAT_VERSION} {tables.FORMAT_VERSION}".encode())
    return h.hexdigest()


def atomic_write(path: Path, write: Callable, mode: str = "wb") -> None:
    """Write `path` through a temporary file renamed into place (readers never see half a file)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


EXPORTS_IN_CHILD = ("graph.graphml", "panel.csv")
"""Exports written by a forked process while the build's own process writes the others (they
only read the manifest, so two cores halve the time of this last, single-threaded phase)."""


def _write_exports(out: Path, summaries: corpus.SummaryPlan | None, manifest: Manifest, vocab, progress,
                   alongside: Callable[[], None]) -> bool:
    """Write graph.trig, the GraphML files and the CSV tables, unless nothing changed.

    `alongside()` (the summary graphs' store writes) runs in a thread started after the export
    process is forked (never fork while that thread works), or plainly if nothing is exported."""
    state = _export_state(manifest, manifest.get("vocab_digest"))
    if manifest.get("export_state") == state and all((out / n).is_file() for n in EXPORTS):
        alongside()
        return False
    child = None
    if (os.cpu_count() or 1) > 1:
        child = mp.get_context("fork").Process(target=_write_exports_child, name="fazhi-exports",
                                               args=(out, vocab, EXPORTS_IN_CHILD))
        child.start()
    mine = [n for n in EXPORTS if child is None or n not in EXPORTS_IN_CHILD]
    try:
        with _in_thread(alongside):
            for i, name in enumerate(mine):
                if progress:
                    progress("export", i, len(EXPORTS), name)
                _write_export(out, name, manifest, vocab, summaries)
            if child is not None:
                if progress:
                    progress("export", len(mine), len(EXPORTS), " + ".join(EXPORTS_IN_CHILD))
                child.join()
                if child.exitcode != 0:
                    raise GraphBuildError(
                        f"{out}: exports: the process writing {' and '.join(EXPORTS_IN_CHILD)} failed "
                        f"(exit code {child.exitcode}; its error is printed above)")
    except BaseException:
        if child is not None:
            child.join(5)  # Ctrl-C reached it too: let it remove its temporary files
            if child.is_alive():
                child.terminate()
                child.join()
        raise
    if progress:
        progress("export", len(EXPORTS), len(EXPORTS), "done")
    manifest.set("export_state", state)
    return True


def _write_exports_child(out: Path, vocab, names: tuple[str, ...]) -> None:
    """graph.graphml and panel.csv (never graph.trig, which holds the summary graphs)."""
    manifest = Manifest(out / "manifest.sqlite")  # its own connection: never share one over fork
    try:
        for name in names:
            _write_export(out, name, manifest, vocab, None)
    finally:
        manifest.close()


def _write_export(out: Path, name: str, manifest: Manifest, vocab, summaries: corpus.SummaryPlan | None) -> None:
    """Write one of EXPORTS through a temporary file."""
    from graph import tables

    if name == "graph.trig":
        atomic_write(out / name, lambda fh: _write_trig(manifest, summaries, fh))
    elif name == "graph.graphml":
        atomic_write(out / name, lambda fh: _write_graphml(manifest, vocab, fh))
    elif name == "adoption-bipartite.graphml":
        atomic_write(out / name, lambda fh: graphml.write_adoption_bipartite(manifest, fh))
    elif name == "adoptions.csv":
        atomic_write(out / name, lambda fh: tables.write_adoptions(manifest, fh), "w")
    elif name == "panel.csv":
        atomic_write(out / name, lambda fh: tables.write_panel(manifest, fh), "w")
    else:
        raise ValueError(f"unknown export {name!r}")


def _write_trig(manifest: Manifest, summaries: corpus.SummaryPlan | None, fh) -> None:
    """graph.trig: prefixes, the vocab graph, every report graph in IRI order (each block was
    serialised, sorted, by the worker that built it, so this only concatenates), then the summary
    graphs in IRI order."""
    fh.write("".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(TRIG_PREFIXES.items()))
             .encode("utf-8"))
    fh.write(trig_block(vocab_quads(), VOCAB_GRAPH.value))
    for _, trig, _ in manifest.chunks():
        fh.write(zlib.decompress(trig))
    for name in summaries.names() if summaries is not None else ():
        fh.write(trig_block(None, name, summaries.nquads(name)))


def _write_graphml(manifest: Manifest, vocab, fh) -> None:
    labels, concepts = _vocab_terms(vocab)
    vocab_frag = graphml.fragment(graphml.quad_rows(vocab_quads()), VOCAB_GRAPH.value, labels)

    def frags():
        yield vocab_frag
        for _, _, gml in manifest.chunks():
            yield graphml.unpack_fragment(zlib.decompress(gml))

    graphml.write_fragments(frags(), fh)


def _write_build_json(out: Path, manifest: Manifest, result: BuildResult,
                      current: dict[str, str], fingerprint: str) -> None:
    rows = []
    totals: Counter[str] = Counter()
    for path, doc, sha, error, iri, jcode, jname, year, doc_type, counts, warnings, timings in \
            manifest.report_rows():
        entry: dict = {"file": current.get(path, path), "sha256": sha, "present": path in current}
        if error is not None:
            entry["error"] = error
        else:
            c = json.loads(counts) if counts else {}
            totals.update(c)
            entry.update({"report": iri, "jurisdiction_code": jcode, "jurisdiction": jname,
                          "year": year, "doc_type": doc_type, "counts": c,
                          "warnings": json.loads(warnings) if warnings else [],
                          "timings": json.loads(timings) if timings else {}})
        rows.append(entry)
    data = {
        "fingerprint": fingerprint,
        "totals": {
            "files": result.files, "extracted": result.extracted, "skipped": result.skipped,
            "failed": result.failed, "dropped": result.dropped, "reports": result.reports,
            "facts": dict(sorted(totals.items())), "exports_written": result.exports_written,
        },
        "timings": result.timings,
        "errors": result.errors,
        "reports": rows,
    }
    atomic_write(out / "build.json",
                 lambda fh: fh.write(json.dumps(data, ensure_ascii=False, indent=1)), "w")
