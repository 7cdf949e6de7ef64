"""Score extracted facts and document metadata against the hand-made gold in `tests/gold/`.

    from extractors.scoring import load_gold, score, extract_corpus
    scores = score("tests/gold", extract_corpus("../shared/corpus"))
    scores.kinds["mechanism"].precision, scores.stage_accuracy, scores.metadata_accuracy

Gold files are `<report stem>.json` (built from the hand-written `.ann` sources by
`tests/gold/build_gold.py`): `{"doc", "document", "accept", "notes", "facts"}`.

Matching rules (docs/quality.md): a predicted fact matches a gold fact of the same kind when
their spans overlap and
  mechanism  the predicted concept (its notation, or else its label resolved in the vocabulary)
             is the concept `Vocabulary.resolve("mechanism", gold["mechanism"])` names;
  metric     the values agree within 1e-6 relative and the units are compatible
             (万/亿 folded into the value, 个百分点 = 百分点, ％ = %);
  claim      same claim_type;
  citation   same normalised title (model.md's rule), or the predicted 文号 is the gold's.
Among the compatible pairs, the ones with the largest overlap are matched first; each gold and
each predicted fact is matched at most once. Predicted facts of other kinds (agency,
mechanism_candidate) and of reports without gold are not scored.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fazhi.errors import InputError
from fazhi.records import Extraction, document_json
from ontology.vocab import Vocabulary, normalise_label

SCORED_KINDS: tuple[str, ...] = ("mechanism", "metric", "claim", "citation")
METADATA_FIELDS: tuple[str, ...] = (
    "title", "jurisdiction", "jurisdiction_code", "province", "year", "doc_type",
    "doc_number", "issued", "publisher",
)
_REQUIRED = {
    "mechanism": ("mechanism", "stage"),
    "metric": ("value", "unit", "approx", "indicator"),
    "claim": ("claim_type", "scope", "claimed"),
    "citation": ("title",),
}
_STAGES = ("implemented", "piloting", "planned", "target", "problem")


# --------------------------------------------------------------------------- gold

@dataclass(frozen=True, slots=True)
class GoldReport:
    """The gold of one report: metadata (with accepted alternatives) and its facts (dicts)."""

    doc: str
    document: Mapping[str, Any]
    accept: Mapping[str, tuple[Any, ...]]
    facts: tuple[Mapping[str, Any], ...]
    path: str = ""


def _check_fact(path: str, i: int, f: Any) -> None:
    if not isinstance(f, dict):
        raise InputError(path, f"fact #{i} is not an object")
    kind = f.get("kind")
    if kind not in _REQUIRED:
        raise InputError(path, f"fact #{i}: unknown kind {kind!r}")
    for key in ("start", "end", "text", *_REQUIRED[kind]):
        if key not in f:
            raise InputError(path, f"fact #{i} ({kind}): missing field {key!r}")
    if not (isinstance(f["start"], int) and isinstance(f["end"], int) and 0 <= f["start"] < f["end"]):
        raise InputError(path, f"fact #{i}: bad span [{f['start']!r}, {f['end']!r})")
    if kind == "mechanism" and f["stage"] not in _STAGES:
        raise InputError(path, f"fact #{i}: bad stage {f['stage']!r}")


def load_gold_file(path: str | Path) -> GoldReport:
    """One gold JSON file, checked for shape (not against the corpus: see `check_offsets`)."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(str(p), f"gold: cannot read JSON: {err}") from err
    if not isinstance(data, dict) or not isinstance(data.get("doc"), str):
        raise InputError(str(p), "gold: top level must be an object with a 'doc' file name")
    facts = data.get("facts", [])
    if not isinstance(facts, list):
        raise InputError(str(p), "gold: 'facts' must be a list")
    for i, f in enumerate(facts):
        _check_fact(str(p), i, f)
    accept = {k: tuple(v) for k, v in (data.get("accept") or {}).items()}
    return GoldReport(doc=data["doc"], document=dict(data.get("document") or {}),
                      accept=accept, facts=tuple(facts), path=str(p))


def load_gold(gold_dir: str | Path) -> dict[str, GoldReport]:
    """Every `*.json` gold file in `gold_dir`, keyed by the report's file name."""
    d = Path(gold_dir)
    if not d.is_dir():
        raise InputError(str(d), "gold: not a directory")
    out: dict[str, GoldReport] = {}
    for p in sorted(d.glob("*.json")):
        g = load_gold_file(p)
        if g.doc in out:
            raise InputError(str(p), f"gold: second gold file for {g.doc}")
        out[g.doc] = g
    if not out:
        raise InputError(str(d), "gold: no *.json gold files")
    return out


def check_offsets(gold: GoldReport, text: str) -> list[str]:
    """Problems of one gold report against its text: span text mismatches and duplicates."""
    problems: list[str] = []
    seen: set[tuple] = set()
    for f in gold.facts:
        if text[f["start"]:f["end"]] != f["text"]:
            problems.append(f"{gold.doc}: {f['kind']} [{f['start']},{f['end']}) is "
                            f"{text[f['start']:f['end']]!r}, gold says {f['text']!r}")
        key = (f["kind"], f["start"], f["end"])
        if key in seen:
            problems.append(f"{gold.doc}: duplicate {f['kind']} at [{f['start']},{f['end']})")
        seen.add(key)
    return problems


# --------------------------------------------------------------------------- predictions

@dataclass(frozen=True, slots=True)
class PredictedReport:
    doc: str
    document: Mapping[str, Any]
    facts: tuple[Mapping[str, Any], ...]


def as_predictions(predictions: Iterable[Extraction | Mapping[str, Any]]) -> dict[str, PredictedReport]:
    """Extraction records, or the JSONL objects of `fazhi extract` (a `document` header object
    then fact objects, each with `doc`), grouped per report file name."""
    docs: dict[str, dict] = {}
    facts: dict[str, list] = {}
    for item in predictions:
        if isinstance(item, Extraction):
            name = item.document.doc
            docs[name] = document_json(item.document)
            facts.setdefault(name, []).extend(f.to_json() for f in item.facts)
        elif isinstance(item, Mapping):
            name = item.get("doc")
            if not isinstance(name, str):
                raise InputError("<predictions>", f"object without 'doc': {dict(item)!r:.120}")
            if item.get("kind") == "document":
                docs[name] = dict(item)
            else:
                facts.setdefault(name, []).append(dict(item))
        else:
            raise InputError("<predictions>", f"not an Extraction or object: {type(item).__name__}")
    names = set(docs) | set(facts)
    return {n: PredictedReport(n, docs.get(n, {}), tuple(facts.get(n, ()))) for n in sorted(names)}


def read_jsonl(path: str | Path) -> list[dict]:
    """The objects of a saved `fazhi extract --format jsonl` output (blank lines skipped)."""
    p = Path(path)
    out: list[dict] = []
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(p), f"predictions: cannot read: {err}") from err
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(str(p), f"predictions: line {n} is not JSON: {err}") from err
        if not isinstance(obj, dict):
            raise InputError(str(p), f"predictions: line {n} is not an object")
        out.append(obj)
    return out


# --------------------------------------------------------------------------- matching

_MULT = {"万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6, "千万": 1e7}
_UNIT_SYNONYMS = {"％": "%", "百分点": "个百分点", "％点": "个百分点"}


def canonical_quantity(value: float, unit: str | None) -> tuple[float, str]:
    """(value, unit) with a leading 万/亿 of the unit folded into the value, unit normalised."""
    u = (unit or "").strip().lstrip("余多")
    for prefix in sorted(_MULT, key=len, reverse=True):
        if u.startswith(prefix) and len(u) > len(prefix):
            value, u = value * _MULT[prefix], u[len(prefix):].lstrip("余多")
            break
    return float(value), _UNIT_SYNONYMS.get(u, u)


def units_compatible(a: str, b: str) -> bool:
    """Equal, or one ends with the other (类 / 大类, 次 / 人次, 百分点 / 个百分点)."""
    return a == b or (bool(a) and bool(b) and (a.endswith(b) or b.endswith(a)))


def _same_value(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


_NESTED = str.maketrans({"<": "《", ">": "》", "〈": "《", "〉": "》", "＜": "《", "＞": "》",
                         "（": "(", "）": ")", "—": "-", "－": "-", "–": "-"})


def normalise_title(title: str) -> str:
    """model.md's rule: width unified, whitespace and outer 《》 removed, nested <> 〈〉 -> 《》."""
    t = re.sub(r"\s+", "", title.translate(_NESTED))
    while t.startswith("《") and t.endswith("》"):
        t = t[1:-1]
    return t


def _pred_concept(vocab: Vocabulary, p: Mapping[str, Any]) -> str | None:
    notation = p.get("concept")
    if notation and vocab.get("mechanism", notation) is not None:
        return notation
    for label in (p.get("label"), p.get("text")):
        if label:
            c = vocab.resolve("mechanism", label)
            if c is not None:
                return c.notation
    return notation


def _compatible(kind: str, g: Mapping[str, Any], p: Mapping[str, Any], vocab: Vocabulary) -> bool:
    if kind == "mechanism":
        gc = vocab.resolve("mechanism", g["mechanism"])
        if gc is None:  # a gold name the vocabulary lacks: fall back to the label itself
            return normalise_label(p.get("label") or "") == normalise_label(g["mechanism"])
        return _pred_concept(vocab, p) == gc.notation
    if kind == "metric":
        if p.get("value") is None:
            return False
        gv, gu = canonical_quantity(g["value"], g["unit"])
        pv, pu = canonical_quantity(float(p["value"]), p.get("unit"))
        return _same_value(gv, pv) and units_compatible(gu, pu)
    if kind == "claim":
        return (p.get("claim_type") or "") == g["claim_type"]
    if kind == "citation":
        label = p.get("label") or p.get("text") or ""
        if normalise_title(label) == normalise_title(g["title"]):
            return True
        number = p.get("doc_number") or label
        return bool(g.get("doc_number")) and normalise_title(number) == normalise_title(g["doc_number"])
    return False


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> int:
    return min(a["end"], b["end"]) - max(a["start"], b["start"])


def match(kind: str, gold: list[Mapping[str, Any]], pred: list[Mapping[str, Any]],
          vocab: Vocabulary) -> list[tuple[int, int]]:
    """Greedy one-to-one matching: compatible overlapping pairs, largest overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = _overlap(g, p)
            if ov > 0 and _compatible(kind, g, p, vocab):
                pairs.append((-ov, abs(g["start"] - p["start"]), gi, pi))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


# --------------------------------------------------------------------------- scores

@dataclass(slots=True)
class KindScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A gold fact nothing matched (`missed`) or a prediction matching no gold (`spurious`),
    or a matched mechanism with another stage (`stage`)."""

    doc: str
    kind: str
    what: str  # missed | spurious | stage
    start: int
    end: int
    text: str
    detail: str = ""


@dataclass(slots=True)
class Scores:
    kinds: dict[str, KindScore] = field(default_factory=lambda: {k: KindScore() for k in SCORED_KINDS})
    per_doc: dict[str, dict[str, KindScore]] = field(default_factory=dict)
    stage_correct: int = 0
    stage_total: int = 0
    metadata: dict[str, dict[str, bool]] = field(default_factory=dict)  # doc -> field -> right
    metadata_values: dict[str, dict[str, tuple[Any, Any]]] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    unscored_docs: tuple[str, ...] = ()

    @property
    def stage_accuracy(self) -> float:
        return self.stage_correct / self.stage_total if self.stage_total else 0.0

    @property
    def metadata_accuracy(self) -> dict[str, float]:
        """Per field: the share of gold reports whose predicted value is right."""
        out: dict[str, float] = {}
        for fld in METADATA_FIELDS:
            vals = [m[fld] for m in self.metadata.values() if fld in m]
            if vals:
                out[fld] = sum(vals) / len(vals)
        return out

    @property
    def metadata_all_right(self) -> bool:
        return all(all(m.values()) for m in self.metadata.values())

    def to_json(self) -> dict:
        return {
            "kinds": {k: v.to_json() for k, v in self.kinds.items()},
            "per_doc": {d: {k: v.to_json() for k, v in ks.items()} for d, ks in self.per_doc.items()},
            "stage_accuracy": round(self.stage_accuracy, 4),
            "stage_matched": self.stage_total,
            "metadata_accuracy": {k: round(v, 4) for k, v in self.metadata_accuracy.items()},
            "metadata": {
                d: {f: {"right": ok, "gold": self.metadata_values[d][f][0],
                        "predicted": self.metadata_values[d][f][1]} for f, ok in m.items()}
                for d, m in self.metadata.items()
            },
            "disagreements": [
                {"doc": x.doc, "kind": x.kind, "what": x.what, "start": x.start, "end": x.end,
                 "text": x.text, "detail": x.detail} for x in self.disagreements
            ],
            "unscored_docs": list(self.unscored_docs),
        }


def _norm_meta(fld: str, v: Any) -> Any:
    if v is None:
        return None
    if fld == "year":
        try:
            return int(v)
        except (TypeError, ValueError):
            return v
    s = re.sub(r"\s+", "", str(v))
    return s or None


def _meta_right(fld: str, gold: GoldReport, predicted: Any) -> bool:
    allowed = (gold.document.get(fld), *gold.accept.get(fld, ()))
    p = _norm_meta(fld, predicted)
    return any(_norm_meta(fld, a) == p for a in allowed)


def _describe(kind: str, f: Mapping[str, Any]) -> str:
    if kind == "mechanism":
        return f"{f.get('mechanism') or f.get('concept') or f.get('label')} / {f.get('stage')}"
    if kind == "metric":
        return f"{f.get('value')} {f.get('unit')}"
    if kind == "claim":
        return f"{f.get('claim_type')} {f.get('scope')}"
    return str(f.get("title") or f.get("label") or "")


def score(gold: str | Path | Mapping[str, GoldReport],
          predictions: Iterable[Extraction | Mapping[str, Any]] | Mapping[str, PredictedReport],
          vocab: Vocabulary | None = None) -> Scores:
    """Precision/recall/F1 per kind, stage accuracy and metadata accuracy (see module doc)."""
    if vocab is None:
        from ontology.vocab import load
        vocab = load()
    golds = load_gold(gold) if isinstance(gold, (str, Path)) else dict(gold)
    preds = predictions if isinstance(predictions, Mapping) else as_predictions(predictions)
    s = Scores(unscored_docs=tuple(sorted(set(preds) - set(golds))))
    for name, g in sorted(golds.items()):
        p = preds.get(name, PredictedReport(name, {}, ()))
        doc_scores = {k: KindScore() for k in SCORED_KINDS}
        for kind in SCORED_KINDS:
            gf = [f for f in g.facts if f["kind"] == kind]
            pf = [f for f in p.facts if f.get("kind") == kind
                  and isinstance(f.get("start"), int) and isinstance(f.get("end"), int)]
            pairs = match(kind, gf, pf, vocab)
            ks = doc_scores[kind]
            ks.tp, ks.fp, ks.fn = len(pairs), len(pf) - len(pairs), len(gf) - len(pairs)
            total = s.kinds[kind]
            total.tp += ks.tp
            total.fp += ks.fp
            total.fn += ks.fn
            matched_g = {gi for gi, _ in pairs}
            matched_p = {pi for _, pi in pairs}
            for gi, f in enumerate(gf):
                if gi not in matched_g:
                    s.disagreements.append(Disagreement(name, kind, "missed", f["start"], f["end"],
                                                        f["text"], _describe(kind, f)))
            for pi, f in enumerate(pf):
                if pi not in matched_p:
                    s.disagreements.append(Disagreement(name, kind, "spurious", f["start"], f["end"],
                                                        f.get("text", ""), _describe(kind, f)))
            if kind == "mechanism":
                for gi, pi in pairs:
                    s.stage_total += 1
                    if pf[pi].get("stage") == gf[gi]["stage"]:
                        s.stage_correct += 1
                    else:
                        s.disagreements.append(Disagreement(
                            name, kind, "stage", gf[gi]["start"], gf[gi]["end"], gf[gi]["text"],
                            f"gold {gf[gi]['stage']}, predicted {pf[pi].get('stage')}"))
        s.per_doc[name] = doc_scores
        fields = [f for f in METADATA_FIELDS if f in g.document]
        s.metadata[name] = {f: _meta_right(f, g, p.document.get(f)) for f in fields}
        s.metadata_values[name] = {f: (g.document.get(f), p.document.get(f)) for f in fields}
    return s


# --------------------------------------------------------------------------- running

def extract_corpus(corpus_dir: str | Path) -> list[Extraction | Exception]:
    """Run the real pipeline (ingest + every default fact extractor) over a corpus directory.

    A report that fails yields its FazhiError in place of an Extraction (the batch goes on).
    """
    from extractors.run import run
    from fazhi.pipeline import iter_documents

    d = Path(corpus_dir)
    if not d.is_dir():
        raise InputError(str(d), "corpus: not a directory")
    out: list[Extraction | Exception] = []
    for item in iter_documents(sorted(d.glob("*.txt"))):
        if isinstance(item, Exception):
            out.append(item)
            continue
        try:
            out.append(run(item))
        except Exception as err:  # noqa: BLE001 - reported per file, the batch goes on
            out.append(err)
    return out


def format_table(s: Scores, misses: int = 0) -> str:
    """The human-readable report `fazhi score` prints."""
    lines = [f"{'kind':<11}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}"]
    for k, v in s.kinds.items():
        lines.append(f"{k:<11}{v.tp + v.fn:>6}{v.tp + v.fp:>6}{v.tp:>6}"
                     f"{v.precision:>8.3f}{v.recall:>8.3f}{v.f1:>8.3f}")
    lines.append(f"stage accuracy on {s.stage_total} matched mechanisms: {s.stage_accuracy:.3f}")
    lines.append("metadata accuracy per field: " + ", ".join(
        f"{f} {v:.2f}" for f, v in s.metadata_accuracy.items()))
    for doc, m in s.metadata.items():
        wrong = [f for f, ok in m.items() if not ok]
        if wrong:
            vals = s.metadata_values[doc]
            lines.append(f"  {doc}: wrong " + "; ".join(
                f"{f} gold={vals[f][0]!r} predicted={vals[f][1]!r}" for f in wrong))
    if s.unscored_docs:
        lines.append("reports without gold (not scored): " + ", ".join(s.unscored_docs))
    if misses:
        for what in ("missed", "spurious", "stage"):
            rows = [x for x in s.disagreements if x.what == what]
            if rows:
                lines.append(f"{what} ({len(rows)}):")
                for x in rows[:misses]:
                    lines.append(f"  {x.doc[:3]} {x.kind:<10} [{x.start},{x.end}) {x.text}  ({x.detail})")
    return "\n".join(lines)
