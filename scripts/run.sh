#!/usr/bin/env bash
# The main job on the embedded default (no Neo4j): set up, then build the knowledge graph
# of the reports in ${1:-../shared/corpus} into ${2:-out/}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
CORPUS=${1:-../shared/corpus}
OUT=${2:-out}
.venv/bin/fazhi build "$CORPUS" --out "$OUT"
