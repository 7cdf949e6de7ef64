"""The batch pipeline: many report files -> Documents, one at a time or over a process pool.

* `iter_documents(paths)` yields a `Document` per readable report and an `InputError` per bad
  file, in path order, and goes on: one bad file never stops a batch. Files are read one at a
  time (memory stays flat); only the sha256 of each file read so far is remembered, to report
  a second file with the same bytes as `DuplicateReport` ("duplicate of <first file>").
* `map_documents(paths, fn, workers=N)` runs `fn(path)` for every report path in a process
  pool and yields the results in input order. `fn` must be a top-level (picklable) function
  taking a `Path`; a `FazhiError` it raises is yielded in place of its result, and any other
  exception becomes an `ExtractionError` naming the file. Duplicates by content are yielded
  as `DuplicateReport` without calling `fn`.
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

from extractors.ingest import DEFAULT_MAX_BYTES, iter_report_paths, load_text
from fazhi.errors import ExtractionError, FazhiError, InputError
from fazhi.records import Document

__all__ = ["DuplicateReport", "iter_documents", "map_documents", "read_path"]

R = TypeVar("R")


class DuplicateReport(InputError):
    """A file whose bytes are identical to an earlier file's; it is reported, not read twice."""

    def __init__(self, path: str, first: str):
        self.first = first
        super().__init__(path, f"duplicate of {first}")


def iter_documents(paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                   describe: bool = True) -> Iterator[Document | InputError]:
    """Documents (described unless `describe=False`) and InputErrors, in path order."""
    from extractors.metadata import describe as describe_text

    seen: dict[str, str] = {}
    for path in iter_report_paths(paths):
        try:
            loaded = load_text(path, max_bytes=max_bytes)
        except InputError as err:
            yield err
            continue
        except Exception as err:  # noqa: BLE001 - an ingest bug must not stop the batch either
            yield InputError(str(path), f"ingest stage failed: {type(err).__name__}: {err}")
            continue
        first = seen.get(loaded.sha256)
        if first is not None:
            yield DuplicateReport(str(path), first)
            continue
        seen[loaded.sha256] = str(path)
        if not describe:
            yield Document(doc=path.name, text=loaded.text, sha256=loaded.sha256, path=str(path),
                           encoding=loaded.encoding, warnings=loaded.warnings)
            continue
        try:
            yield describe_text(path.name, loaded.text, loaded.sha256, path=str(path),
                                encoding=loaded.encoding, warnings=loaded.warnings)
        except Exception as err:  # noqa: BLE001 - a metadata bug must not stop the batch
            yield InputError(str(path), f"metadata stage failed: {type(err).__name__}: {err}")


def read_path(path: Path) -> Document:
    """`read_document` as a top-level function, for `map_documents`."""
    from extractors.ingest import read_document

    return read_document(path)


def _file_sha256(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None  # fn will meet the same problem and report it as an InputError


def _call(fn: Callable[[Path], R], path: Path) -> tuple:
    """Run fn in a worker; errors travel back as plain tuples (InputError's args do not pickle)."""
    try:
        return ("ok", fn(path))
    except InputError as err:
        return ("input", err.path, err.reason)
    except FazhiError as err:
        return ("fazhi", type(err).__module__, type(err).__qualname__, str(err))
    except Exception as err:  # noqa: BLE001 - reported for this file, the batch goes on
        return ("error", f"{path}: {type(err).__name__}: {err}")


def _unpack(out: tuple):
    tag = out[0]
    if tag == "ok":
        return out[1]
    if tag == "input":
        return InputError(out[1], out[2])
    if tag == "fazhi":
        import importlib

        cls = getattr(importlib.import_module(out[1]), out[2], None)
        try:
            return cls(out[3]) if cls else ExtractionError(out[3])
        except TypeError:
            return ExtractionError(out[3])
    return ExtractionError(out[1])


def map_documents(paths: Iterable[str | Path], fn: Callable[[Path], R], *,
                  workers: int | None = None, skip_duplicates: bool = True,
                  window: int | None = None) -> Iterator[R | FazhiError]:
    """`fn(path)` for every report path, computed in `workers` processes, in input order.

    `workers=1` runs in this process (no pool). At most `window` tasks (default 4 per
    worker) are in flight, so a huge batch never queues all its results in memory.
    """
    workers = workers or os.cpu_count() or 1
    window = window or 4 * workers
    seen: dict[str, str] = {}

    def tasks() -> Iterator[tuple[Path, DuplicateReport | None]]:
        for path in iter_report_paths(paths):
            if skip_duplicates:
                digest = _file_sha256(path)
                if digest is not None:
                    if digest in seen:
                        yield path, DuplicateReport(str(path), seen[digest])
                        continue
                    seen[digest] = str(path)
            yield path, None

    if workers == 1:
        for path, dup in tasks():
            yield dup if dup is not None else _unpack(_call(fn, path))
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future | DuplicateReport] = deque()
        for path, dup in tasks():
            pending.append(dup if dup is not None else pool.submit(_call, fn, path))
            while len(pending) >= window:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())


def _result(item):
    if isinstance(item, DuplicateReport):
        return item
    return _unpack(item.result())
