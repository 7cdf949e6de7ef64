#!/usr/bin/env bash
# Set up, start the project's own Neo4j, run the whole test suite, stop Neo4j.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
exit $rc
