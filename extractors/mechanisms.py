"""Mechanism mentions: every prefLabel / altLabel of the mechanism scheme, found with Aho-Corasick.

Matching runs over the normalised text with the characters `ontology.vocab.normalise_label`
ignores (spaces, 、, ·, quotation marks) squeezed out, so `双随机一公开` finds `双随机、一公开` and
`七五普法` finds `“七五”普法`; offsets map back to the original text. Longest match wins on
overlap. Mentions inside 《》 titles are the cited document's words, not an adoption, and are
skipped. A composite (`dcterms:hasPart`, e.g. 三项制度) is implied when all its parts are named in
one paragraph without the composite itself (rule `mechanism.composite`, lower confidence).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from extractors.base import register
from extractors.citations import inside_title
from extractors.stage import TextView, new_fact, stage_of, view
from extractors.text import normalise
from fazhi.records import Document, Fact
from ontology.vocab import Concept, Vocabulary, load, normalise_label

_IGNORED = " \u3000、·•\"'“”‘’「」『』"
_KEPT_RUN = re.compile("[^" + re.escape(_IGNORED) + "]+")
_ASCII_UPPER_RUN = re.compile(r"[A-Z]+")


def _ascii_lower(s: str) -> str:
    """Lower-case ASCII letters only (length-preserving; fast on mostly Chinese text)."""
    return _ASCII_UPPER_RUN.sub(lambda m: m.group().lower(), s)


@dataclass(frozen=True, slots=True)
class Squeezed:
    """`norm` without the ignored characters, and the map back to offsets of `norm`."""

    text: str
    run_starts: tuple[int, ...]  # squeezed offset where each kept run begins
    run_origins: tuple[int, ...]  # offset of that run in `norm`

    def origin(self, i: int) -> int:
        """Offset in `norm` of squeezed character `i`."""
        r = bisect_right(self.run_starts, i) - 1
        return self.run_origins[r] + (i - self.run_starts[r])


@lru_cache(maxsize=8)
def squeeze(norm: str) -> Squeezed:
    """`norm` without the characters label matching ignores (see the module docstring)."""
    parts: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    n = 0
    for m in _KEPT_RUN.finditer(norm):
        run = m.group()
        parts.append(run)
        starts.append(n)
        origins.append(m.start())
        n += len(run)
    return Squeezed(_ascii_lower("".join(parts)), tuple(starts), tuple(origins))


def _squeeze_key(normalised: str) -> str:
    return normalise_label(normalised)  # casefolds: ASCII lower-cased as in `squeeze`


@lru_cache(maxsize=65536)
def label_key(label: str) -> str:
    """The matching key of a vocabulary label (same squeeze as the text)."""
    return normalise_label(normalise(label))


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    key: str
    value: Hashable


def _balance_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) by one quote mark on a side whose pair is inside the span."""
    inner = text[start:end]
    if start > 0 and text[start - 1] in "“‘\"" and inner.count("”") + inner.count("’") > inner.count("“") + inner.count("‘"):
        start -= 1
    if end < len(text) and text[end] in "”’\"" and inner.count("“") + inner.count("‘") > inner.count("”") + inner.count("’"):
        end += 1
    return start, end


class LabelMatcher:
    """Aho-Corasick over label keys; `find(view)` gives longest, non-overlapping matches."""

    def __init__(self, entries: Iterable[tuple[str, Hashable]]):
        self._automaton = ahocorasick.Automaton()
        n = 0
        for label, value in entries:
            key = label_key(label)
            if len(key) < 2 or key in self._automaton:
                continue
            self._automaton.add_word(key, (key, value))
            n += 1
        self.size = n
        if n:
            self._automaton.make_automaton()
        self._last: tuple[str, list[Match]] | None = None  # extractors of one run share a matcher

    def find_in(self, phrase: str, normalised: bool = False) -> list[tuple[str, Hashable]]:
        """(key, value) of every label inside a short phrase, longest first.

        `normalised=True` when the phrase was cut from the normalised text already."""
        if not self.size:
            return []
        key_of = _squeeze_key if normalised else label_key
        hits = {(key, value) for _end, (key, value) in self._automaton.iter(key_of(phrase))}
        return sorted(hits, key=lambda kv: (-len(kv[0]), kv[0]))

    def find(self, v: TextView) -> list[Match]:
        if not self.size:
            return []
        if self._last is not None and self._last[0] is v.text:
            return self._last[1]
        out = self._find(v)
        self._last = (v.text, out)
        return out

    def _find(self, v: TextView) -> list[Match]:
        sq = squeeze(v.norm)
        found = []
        for end_idx, (key, value) in self._automaton.iter(sq.text):
            s = end_idx - len(key) + 1
            found.append((s, end_idx + 1, key, value))
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken_starts: list[int] = []
        taken: list[tuple[int, int]] = []
        chosen = []
        for s, e, key, value in found:
            i = bisect_right(taken_starts, s)
            if i > 0 and taken[i - 1][1] > s:
                continue
            if i < len(taken) and taken[i][0] < e:
                continue
            taken_starts.insert(i, s)
            taken.insert(i, (s, e))
            chosen.append((s, e, key, value))
        chosen.sort(key=lambda m: m[0])
        out = []
        for s, e, key, value in chosen:
            start, end = _balance_quotes(v.norm, sq.origin(s), sq.origin(e - 1) + 1)
            out.append(Match(start, end, key, value))
        return out


@lru_cache(maxsize=4)
def mechanism_matcher(vocab: Vocabulary) -> LabelMatcher:
    """The Aho-Corasick matcher of every mechanism label of `vocab` (built once per vocabulary)."""
    return LabelMatcher((lab, c.notation) for c in vocab.concepts("mechanism") for lab in c.labels())


@register("mechanisms")
class MechanismExtractor:
    """Mentions of vocabulary mechanisms (kind "mechanism"), with their stage."""

    name = "mechanisms"

    def __init__(self, vocab: Vocabulary | None = None):
        self.vocab = vocab if vocab is not None else load()
        concepts = self.vocab.concepts("mechanism")
        self._pref = {c.notation: label_key(c.pref_zh) for c in concepts}
        self._matcher = mechanism_matcher(self.vocab)
        self._composites = [c for c in concepts if c.parts]

    def _fact(self, doc: Document, concept: Concept, start: int, end: int, rule: str,
              confidence: float) -> Fact:
        stage, _why = stage_of(doc, start, end)
        return new_fact(doc, "mechanism", start, end, rule, confidence, concept=concept.notation,
                        label=concept.pref_zh, aliases=concept.alt_labels, stage=stage)

    def extract(self, doc: Document) -> Iterator[Fact]:
        v = view(doc)
        matches = [m for m in self._matcher.find(v) if not inside_title(doc, m.start, m.end)]
        for m in matches:
            concept = self.vocab.get("mechanism", m.value)
            exact = m.key == self._pref[m.value]
            yield self._fact(doc, concept, m.start, m.end,
                             "mechanism.label" if exact else "mechanism.alias",
                             0.95 if exact else 0.9)
        yield from self._implied(doc, v, matches)

    def _implied(self, doc: Document, v: TextView, matches: list[Match]) -> Iterator[Fact]:
        if not self._composites:
            return
        by_paragraph: dict[int, dict[str, Match]] = {}
        for m in matches:
            p0, _ = v.paragraph(m.start)
            by_paragraph.setdefault(p0, {}).setdefault(m.value, m)
        for named in by_paragraph.values():
            for comp in self._composites:
                if comp.notation in named or not all(p in named for p in comp.parts):
                    continue
                parts = [named[p] for p in comp.parts]
                start = min(p.start for p in parts)
                end = max(p.end for p in parts)
                yield self._fact(doc, comp, start, end, "mechanism.composite", 0.75)
