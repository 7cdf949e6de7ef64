#!/usr/bin/env bash
# Set up, start the project's own Neo4j, run the whole test suite, stop Neo4j.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/setup.sh

# The test server: its own home and port, so a developer's Neo4j (.neo4j/, 7687) is never touched.
# First use downloads Neo4j Community from Maven Central (needs Java 17 + Maven).
export FAZHI_NEO4J_HOME=${FAZHI_TEST_NEO4J_HOME:-$PWD/.neo4j/test-server}
export FAZHI_NEO4J_PORT=${FAZHI_TEST_NEO4J_PORT:-7688}
export FAZHI_NEO4J_PASSWORD=${FAZHI_NEO4J_PASSWORD:-fazhi-local-neo4j}
FAZHI=.venv/bin/fazhi
# The suite writes about 2.5 GB of builds under its temp folder: say up front when the disk is short
# (a full disk fails tests far from the cause), and remove the folder afterwards (pytest otherwise
# keeps the last three runs' folders).
free_kb=$(df -Pk "${TMPDIR:-/tmp}" | awk 'NR==2 {print $4}')
echo "test.sh: $((free_kb / 1024)) MB free in ${TMPDIR:-/tmp}"
if [ "${free_kb:-0}" -lt 4000000 ]; then
  echo "test.sh: WARNING: less than 4 GB free in ${TMPDIR:-/tmp}; tests may fail with 'No space left on device'" >&2
fi
basetemp=$(mktemp -d "${TMPDIR:-/tmp}/fazhi-pytest-XXXXXX")
started_here=0
stop_neo4j() {
  if [ "$started_here" = 1 ]; then "$FAZHI" neo4j stop || true; fi
  rm -rf "$basetemp"
}
trap stop_neo4j EXIT
if ! "$FAZHI" neo4j status | grep -q '^running'; then
  started_here=1
  "$FAZHI" neo4j start --timeout 300
fi
export NEO4J_URI=bolt://127.0.0.1:$FAZHI_NEO4J_PORT
export NEO4J_USERNAME=neo4j
export NEO4J_PASSWORD=$FAZHI_NEO4J_PASSWORD

set +e
.venv/bin/python -m pytest --basetemp="$basetemp" "$@"
rc=$?
set -e
exit $rc
