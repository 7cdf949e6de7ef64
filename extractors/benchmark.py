"""Extraction speed against bare `spacy.blank("zh")` tokenisation of the same texts.

`measure(texts)` runs, in one process and on the same texts: the baseline (`nlp.make_doc`
of a blank Chinese pipeline: per-character tokens) and the full fact extraction
(`extractors.run.run`: normalise, segment, every fact extractor). It reports chars/s of each
and their ratio (target >= 0.5). Every text gets a distinct suffix so no per-text cache can
serve a repeat, and peak RSS is sampled at the half of the first round and at the end (flat
memory: later documents must not grow it noticeably).
"""

from __future__ import annotations

import hashlib
import resource
import time
from collections.abc import Sequence

from fazhi.records import Document


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _docs(texts: Sequence[str]) -> list[Document]:
    out = []
    for i, t in enumerate(texts):
        text = f"{t}\n{i}"  # distinct: defeats the per-text caches, as a real corpus would
        out.append(Document(doc=f"bench-{i:06d}.txt", text=text,
                            sha256=hashlib.sha256(text.encode()).hexdigest(), doc_type="annual_report"))
    return out


def measure(texts: Sequence[str], rounds: int = 3) -> dict:
    """Chars/s of bare spaCy tokenisation and of fact extraction on `texts`; their ratio.

    Baseline and extraction alternate for `rounds` rounds and each keeps its fastest round
    (the usual way to read timings on a shared, noisy machine); times are CPU seconds of this
    process (`time.process_time`), so other work on the machine does not skew the ratio.
    """
    import spacy

    from extractors.run import run

    docs = _docs(texts)
    chars = sum(len(d.text) for d in docs)
    nlp = spacy.blank("zh")
    run(docs[0])  # build automata and load vocabularies outside the timing
    nlp.make_doc(docs[0].text)
    base_s: list[float] = []
    ext_s: list[float] = []
    facts = 0
    rss_half = 0.0
    for r in range(rounds):
        t = time.process_time()
        for d in docs:
            nlp.make_doc(d.text)
        base_s.append(time.process_time() - t)
        t = time.process_time()
        n = 0
        for i, d in enumerate(docs):
            n += len(run(d).facts)
            if r == 0 and i == len(docs) // 2:
                rss_half = _rss_mb()
        ext_s.append(time.process_time() - t)
        facts = n
    base = chars / min(base_s)
    ext = chars / min(ext_s)
    return {
        "documents": len(docs),
        "chars": chars,
        "rounds": rounds,
        "facts": facts,
        "spacy_chars_per_s": round(base),
        "extract_chars_per_s": round(ext),
        "ratio": round(ext / base, 3),
        "ratio_per_round": [round(b / e, 3) for b, e in zip(base_s, ext_s)],
        "target_ratio": 0.5,
        "rss_mb_at_half": round(rss_half, 1),
        "rss_mb_at_end": round(_rss_mb(), 1),
    }
