#!/usr/bin/env bash
# Debian packages the tests need: chromium (the HTML report is checked in a real browser) and a
# CJK font (plots render Chinese). Java 17 and Maven (for Neo4j) come with the machine; checked here.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "installing Debian packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool: Neo4j needs Java 17 and Maven" >&2; exit 1; }
done
