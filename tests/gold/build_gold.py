"""Turn the hand-written annotation sources `tests/gold/<stem>.ann` into `tests/gold/<stem>.json`.

The decisions (what is a mechanism mention, its stage, what is an outcome quantity) are made
by a human in the `.ann` file; this script only computes exact character offsets, so that
`text == content[start:end]` always holds. See docs/quality.md for the guidelines.

`.ann` format (UTF-8; `#` starts a comment line):

    [document]
    key = value                 one metadata field (value `null` = None, ints stay ints)
    accept.key = v1 ; v2        other values a careful human could also give (scored as right)
    notes.key = text            why a hard field was decided as it was

    [facts]                     in document order; each line locates a span by a context
    M ctx | mechanism | stage
    M* regex | mechanism | stage | from-ctx | to-ctx
    Q ctx | indicator [| value=.. unit=.. approx=true|false]
    C ctx | claim_type | scope-or-null | claimed
    D ctx [| title [| doc_number]]

`ctx` is a literal string of the report containing the span in square brackets, e.g.
`深化“[放管服]”改革`. It is searched from the previous context's start (so annotations are
written in reading order and short contexts suffice). `M*` annotates every regex match between
the next occurrences of from-ctx and to-ctx that lies outside 《》 and overlaps no other
mechanism annotation (from-ctx: its first occurrence in the file). Q spans are "number + unit"; value, unit and approx are parsed from
the span (万/亿 multiplied, 余/多 = approx) unless given.

Usage: python tests/gold/build_gold.py [CORPUS_DIR]   (default ../shared/corpus)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

GOLD = Path(__file__).resolve().parent
DEFAULT_CORPUS = GOLD.parents[2] / "shared" / "corpus"

_NUM = re.compile(r"^(\d+(?:\.\d+)?)(万|亿)?(余|多)?(.+)$")
_MULT = {None: 1, "万": 10_000, "亿": 100_000_000}


class AnnotationError(Exception):
    pass


def _locate(content: str, ctx: str, cursor: int, where: str) -> tuple[int, int, int]:
    """(context start, span start, span end) of the first `ctx` at or after `cursor`."""
    if ctx.count("[") != 1 or ctx.count("]") != 1:
        raise AnnotationError(f"{where}: context needs exactly one [span]: {ctx!r}")
    literal = ctx.replace("[", "").replace("]", "")
    pos = content.find(literal, cursor)
    if pos < 0:
        raise AnnotationError(f"{where}: context not found after offset {cursor}: {ctx!r}")
    a = ctx.index("[")
    b = ctx.index("]") - 1
    return pos, pos + a, pos + b


def parse_quantity(text: str) -> tuple[float, str, bool]:
    m = _NUM.match(text)
    if not m:
        raise AnnotationError(f"cannot parse quantity {text!r}")
    value = float(m.group(1)) * _MULT[m.group(2)]
    value = round(value, 6)
    return (int(value) if value == int(value) else value), m.group(4), m.group(3) is not None


def _unwrap(text: str) -> str:
    """A cited title without its one outer pair of 《》 / <> / 〈〉 (inner brackets stay)."""
    for a, b in ("《》", "<>", "〈〉"):
        if text.startswith(a) and text.endswith(b):
            return text[1:-1]
    return text


def _inside_book_title(content: str, start: int) -> bool:
    open_ = content.rfind("《", 0, start)
    close = content.rfind("》", 0, start)
    return open_ > close


def _meta_value(raw: str):
    raw = raw.strip()
    if raw == "null":
        return None
    if re.fullmatch(r"\d{4}", raw):
        return int(raw)
    return raw


def build(ann_path: Path, corpus_dir: Path) -> dict:
    stem = ann_path.stem
    matches = sorted(corpus_dir.glob(f"{stem}*.txt"))
    if len(matches) != 1:
        raise AnnotationError(f"{ann_path}: expected one corpus file for {stem}, found {matches}")
    txt = matches[0]
    content = txt.read_text(encoding="utf-8")
    document: dict = {}
    accept: dict = {}
    notes: dict = {}
    facts: list[dict] = []
    section = None
    cursor = 0
    mech_spans: list[tuple[int, int]] = []
    star_rules: list[tuple[str, str, str, str, str, int, str]] = []
    for lineno, raw in enumerate(ann_path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{ann_path.name}:{lineno}"
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line in ("[document]", "[facts]"):
            section = line[1:-1]
            continue
        if section == "document":
            key, _, value = line.partition("=")
            key = key.strip()
            if key.startswith("accept."):
                accept[key[7:]] = [_meta_value(v) for v in value.split(";")]
            elif key.startswith("notes."):
                notes[key[6:]] = value.strip()
            else:
                document[key] = _meta_value(value)
            continue
        tag, _, rest = line.partition(" ")
        parts = [p.strip() for p in rest.split("|")]
        if tag == "M*":
            regex, mech, stage, from_ctx, to_ctx = parts
            star_rules.append((regex, mech, stage, from_ctx, to_ctx, cursor, where))
            continue
        ctx_start, s, e = _locate(content, parts[0], cursor, where)
        cursor = ctx_start
        fact: dict = {"start": s, "end": e, "text": content[s:e]}
        if tag == "M":
            mech, stage = parts[1], parts[2]
            fact = {"kind": "mechanism", **fact, "mechanism": mech, "stage": stage}
            mech_spans.append((s, e))
        elif tag == "Q":
            value, unit, approx = parse_quantity(fact["text"])
            extra = dict(kv.split("=", 1) for kv in (parts[2].split() if len(parts) > 2 else []))
            if "value" in extra:
                value = float(extra["value"])
                value = int(value) if value == int(value) else value
            unit = extra.get("unit", unit)
            if "approx" in extra:
                approx = extra["approx"] == "true"
            fact = {"kind": "metric", **fact, "value": value, "unit": unit, "approx": approx,
                    "indicator": parts[1]}
        elif tag == "C":
            scope = None if parts[2] == "null" else parts[2]
            fact = {"kind": "claim", **fact, "claim_type": parts[1], "scope": scope,
                    "claimed": parts[3]}
        elif tag == "D":
            title = parts[1] if len(parts) > 1 and parts[1] else _unwrap(fact["text"])
            fact = {"kind": "citation", **fact, "title": title,
                    "doc_number": parts[2] if len(parts) > 2 else None}
        else:
            raise AnnotationError(f"{where}: unknown tag {tag!r}")
        facts.append(fact)
    for regex, mech, stage, from_ctx, to_ctx, _cur, where in star_rules:
        lo = content.find(from_ctx)
        hi = content.find(to_ctx, lo + 1) if lo >= 0 else -1
        if lo < 0 or hi < 0:
            raise AnnotationError(f"{where}: range {from_ctx!r}..{to_ctx!r} not found")
        n = 0
        for m in re.finditer(regex, content[lo:hi]):
            s, e = lo + m.start(), lo + m.end()
            if _inside_book_title(content, s) or any(s < b and a < e for a, b in mech_spans):
                continue
            facts.append({"kind": "mechanism", "start": s, "end": e, "text": content[s:e],
                          "mechanism": mech, "stage": stage})
            mech_spans.append((s, e))
            n += 1
        if n == 0:
            raise AnnotationError(f"{where}: {regex!r} matched nothing in its range")
    facts.sort(key=lambda f: (f["start"], f["end"], f["kind"]))
    return {"doc": txt.name, "document": document, "accept": accept, "notes": notes,
            "facts": facts}


def main(argv: list[str]) -> int:
    corpus = Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS
    for ann in sorted(GOLD.glob("*.ann")):
        gold = build(ann, corpus)
        out = GOLD / f"{ann.stem}.json"
        out.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        counts: dict[str, int] = {}
        for f in gold["facts"]:
            counts[f["kind"]] = counts.get(f["kind"], 0) + 1
        print(f"{out.name}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
