"""Run the registered fact extractors over a Document -> `fazhi.records.Extraction`.

    from extractors.run import FactPipeline
    pipeline = FactPipeline()              # every registered extractor, packaged vocabularies
    extraction = pipeline(doc)             # Extraction(document=doc, facts=(...))

Facts come out sorted by (start, end, kind, rule) and deduplicated. An extractor that raises
is a bug; it surfaces as `ExtractionError` naming the file and the extractor, so a batch
reports that file and goes on with the next.
"""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

# importing the modules registers their extractors
import extractors.agencies  # noqa: F401
import extractors.candidates  # noqa: F401
import extractors.citations  # noqa: F401
import extractors.claims  # noqa: F401
import extractors.mechanisms  # noqa: F401
import extractors.metrics  # noqa: F401
from extractors.base import REGISTRY, Extractor
from fazhi.errors import ExtractionError
from fazhi.records import Document, Extraction, Fact
from ontology.vocab import Vocabulary

FACT_EXTRACTORS: tuple[str, ...] = (
    "mechanisms", "candidates", "agencies", "metrics", "claims", "citations",
)
"""The fact extractors run by default, in order (other registered extractors run on request)."""


def build(names: Sequence[str] | None = None, vocab: Vocabulary | None = None) -> list[Extractor]:
    """Instantiate extractors by registry name (default FACT_EXTRACTORS)."""
    chosen = list(names) if names is not None else list(FACT_EXTRACTORS)
    unknown = [n for n in chosen if n not in REGISTRY]
    if unknown:
        raise ExtractionError(f"unknown extractor(s) {unknown}; registered: {sorted(REGISTRY)}")
    out: list[Extractor] = []
    for n in chosen:
        factory = REGISTRY[n]
        try:
            out.append(factory(vocab) if vocab is not None else factory())
        except TypeError:  # an extractor that needs no vocabulary
            out.append(factory())
    return out


def _key(f: Fact) -> tuple:
    return (f.start, f.end, f.kind, f.rule, f.concept or "", f.label or "")


class FactPipeline:
    """Callable: Document -> Extraction with the facts of every chosen extractor."""

    def __init__(self, names: Sequence[str] | None = None, vocab: Vocabulary | None = None):
        self.extractors = build(names, vocab)

    def __call__(self, doc: Document) -> Extraction:
        facts: dict[tuple, Fact] = {}
        for ex in self.extractors:
            try:
                for f in ex.extract(doc):
                    facts.setdefault(_key(f), f)
            except Exception as err:  # noqa: BLE001 - any crash is reported per file
                where = doc.path or doc.doc
                raise ExtractionError(
                    f"{where}: extractor {ex.name!r} failed: {type(err).__name__}: {err}"
                ) from err
        return Extraction(document=doc, facts=tuple(f for _k, f in sorted(facts.items())))

    def run_all(self, docs: Iterable[Document]) -> Iterable[Extraction | ExtractionError]:
        """Each document's Extraction, or the ExtractionError that stopped it (the batch goes on)."""
        for doc in docs:
            try:
                yield self(doc)
            except ExtractionError as err:
                yield err


def duplicates(paths: Iterable[Path], max_bytes: int = 20 * 1024 * 1024) -> dict[Path, Path]:
    """{copy: original} for files with identical bytes; the original is the oldest (mtime, name).

    Only regular files up to `max_bytes` are hashed (streamed, never held in memory); anything
    else (FIFOs, vanished or oversized files) is left to the reader to report.
    """
    groups: dict[str, list[tuple[int, str, Path]]] = {}
    for p in paths:
        try:
            st = p.stat()
            if not stat.S_ISREG(st.st_mode) or st.st_size > max_bytes:
                continue
            h = hashlib.sha256()
            with p.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        except OSError:
            continue
        groups.setdefault(h.hexdigest(), []).append((st.st_mtime_ns, str(p), p))
    out: dict[Path, Path] = {}
    for copies in groups.values():
        if len(copies) > 1:
            copies.sort()
            original = copies[0][2]
            out.update({c[2]: original for c in copies[1:]})
    return out


@lru_cache(maxsize=8)
def _pipeline(names: tuple[str, ...] | None) -> FactPipeline:
    return FactPipeline(names)


def run(doc: Document) -> Extraction:
    """Every default fact extractor over `doc` (the pipeline is built once per process).

    This is the entry point `fazhi build` and `fazhi bench extract` call.
    """
    return _pipeline(None)(doc)


def extract(doc: Document, names: Sequence[str] | None = None) -> Extraction:
    """Like `run`, optionally with only the named extractors."""
    return _pipeline(tuple(names) if names is not None else None)(doc)
