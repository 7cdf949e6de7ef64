"""Extraction benchmark: fact extraction vs bare spacy.blank("zh") on the seed reports repeated.

    python benchmarks/extract.py [CORPUS_DIR] [--mb 3]

Prints one JSON object (see extractors.benchmark.measure).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from extractors.benchmark import measure
    from extractors.ingest import iter_report_paths, load_text

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--mb", type=float, default=3.0, help="approximate corpus size in MB of text")
    args = ap.parse_args()
    texts = [load_text(p).text for p in iter_report_paths([args.corpus])]
    if not texts:
        sys.exit(f"benchmarks/extract.py: no reports in {args.corpus}")
    per_round = sum(len(t.encode("utf-8")) for t in texts)
    copies = max(1, round(args.mb * 1_000_000 / per_round))
    print(json.dumps(measure(texts * copies), ensure_ascii=False))


if __name__ == "__main__":
    main()
