"""Markdown tables of a `fazhi bench run` result (for docs/benchmarks.md)."""

from __future__ import annotations


def _fmt(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "**no**"
    if isinstance(v, float):
        return f"{v:,.3f}" if abs(v) < 10 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def markdown(result: dict) -> str:
    """Three tables: per size (speed, memory, recall), per named query (p50 ms), targets."""
    runs = result["runs"]
    lines = [f"Measured {result['date']} on {result['machine']['cpus']} cores, Python "
             f"{result['machine']['python']}, seed {result['seed']}.", ""]
    cols = ["reports", "chars", "extract_chars_per_s", "baseline_spacy_zh_chars_per_s", "extract_ratio",
            "build_seconds", "build_seconds_per_report", "peak_rss_mb", "peak_rss_max_process_mb",
            "load_per_s", "rdflib_neo4j_load_per_s", "loadavg_1m_start", "loadavg_1m_end"]
    cols = [c for c in cols if any(r.get(c) is not None for r in runs)]
    lines.append("| " + " | ".join(cols) + " |")
    lines.append("|" + "---|" * len(cols))
    for r in runs:
        lines.append("| " + " | ".join(_fmt(r.get(c)) for c in cols) + " |")
    lines += ["", "Recall on the synthetic ground truth (extracted sample of each corpus):", ""]
    kinds = list(runs[0]["recall"])
    lines.append("| reports | " + " | ".join(kinds) + " | all | stage accuracy | jurisdiction / year / doc type |")
    lines.append("|" + "---|" * (len(kinds) + 4))
    for r in runs:
        d = r.get("recall_detail", {})
        acc = d.get("document_accuracy", {})
        lines.append(f"| {r['reports']:,} | " + " | ".join(_fmt(r["recall"][k]) for k in kinds)
                     + f" | {_fmt(d.get('recall_all'))} | {_fmt(d.get('stage_accuracy'))} | "
                     + " / ".join(_fmt(acc.get(k)) for k in ("jurisdiction_code", "year", "doc_type"))
                     + " |")
    runs = [r for r in runs if "query_ms" in r]
    if not runs:  # an --extract-only run
        return "\n".join(lines + _targets(result)) + "\n"
    lines += ["", "Named queries, p50 ms (– = error or timeout, see the JSON):", ""]
    header = ["query"] + [f"store {r['reports']:,}" for r in runs]
    header += [f"neo4j {r['reports']:,}" for r in runs if r.get("neo4j_query_ms")]
    header += [f"rows store / neo4j {r['reports']:,}" for r in runs if r.get("neo4j_queries")]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    names = sorted({q for r in runs for q in r["query_ms"]})
    for q in names:
        cells = [_fmt(r["query_ms"].get(q)) for r in runs]
        cells += [_fmt(r["neo4j_query_ms"].get(q)) for r in runs if r.get("neo4j_query_ms")]
        cells += [f"{_fmt(r['queries'].get(q, {}).get('rows'))} / {_fmt(r['neo4j_queries'].get(q, {}).get('rows'))}"
                  for r in runs if r.get("neo4j_queries")]
        lines.append(f"| {q} | " + " | ".join(cells) + " |")
    return "\n".join(lines + _targets(result)) + "\n"


def _targets(result: dict) -> list[str]:
    from fazhi.bench.run import targets

    lines = ["", "Targets (evaluated on the runs above):", "", "| target | met |", "|---|---|"]
    for k, v in targets(result["runs"]).items():
        lines.append(f"| {k} | {_fmt(v)} |")
    return lines
