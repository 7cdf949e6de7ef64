"""Arbitrary bytes on disk, end to end: read_document -> every registered extractor.

Whatever a scraper saved under a report's name, reading it gives a Document or an InputError
naming the file (never another exception), and every registered extractor then runs on the
Document without raising, with spans that are exactly `text[start:end]`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hardening_support import ANYANG, HUAXIAN, JIAOZUO, NAV_ONLY_HTML, TAIWAN_STYLE
from extractors.base import REGISTRY
from extractors.ingest import read_document
from extractors.run import build as build_extractors
from fazhi.errors import InputError
from fazhi.records import Document

EXTRACTORS = build_extractors(sorted(REGISTRY))
SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx")
SNIPPETS = (ANYANG, JIAOZUO, HUAXIAN, TAIWAN_STYLE, NAV_ONLY_HTML,
            "<html><body><article>", "</article></body></html>", "%PDF-1.4\n", "PK\x03\x04",
            "\ufeff", "\x00", "\r\n", "〔2023〕", "（一）", "一是", "率先", "100%", "17.39%", "303件")


@st.composite
def report_bytes(draw) -> bytes:
    """Report-like bytes: pieces of invented reports and markup, in a random encoding, damaged."""
    pieces = draw(st.lists(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=60)),
                           max_size=8))
    text = "".join(pieces)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16"]))
    raw = text.encode(encoding, errors="replace")
    cut = draw(st.integers(min_value=0, max_value=len(raw)))
    if draw(st.booleans()):
        raw = raw[:cut]  # a truncated download, possibly inside a character
    if draw(st.booleans()):
        junk = draw(st.binary(max_size=16))
        raw = raw[:cut] + junk + raw[cut:]  # a few damaged bytes
    return raw


def _check(raw: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"scraped{suffix}"
        path.write_bytes(raw)
        try:
            doc = read_document(path)
        except InputError as err:
            assert str(path) in str(err), err
            assert err.reason
            return
        assert isinstance(doc, Document)
        assert doc.text.strip()
        for ex in EXTRACTORS:
            for f in ex.extract(doc):
                assert 0 <= f.start <= f.end <= len(doc.text), (ex.name, f)
                assert doc.text[f.start:f.end] == f.span.text, (ex.name, f)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_give_a_document_or_an_input_error(raw, suffix):
    _check(raw, suffix)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=report_bytes(), suffix=st.sampled_from(SUFFIXES))
def test_damaged_report_bytes_give_a_document_or_an_input_error(raw, suffix):
    _check(raw, suffix)


def test_every_registered_extractor_is_exercised():
    assert {ex.name for ex in EXTRACTORS} == set(REGISTRY)
