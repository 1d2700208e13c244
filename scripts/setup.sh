#!/usr/bin/env bash
# Prepares a fresh machine (Debian, Node 20 + npm): Debian's Chromium for the real-bridge tests and the demo check,
# Debian's PostgreSQL for the tenant-store tests (they start a throwaway server of their own), then the exact
# dependencies from package-lock.json. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
if [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then missing+=(postgresql); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian's ${missing[*]} (browsers are never downloaded by npm here)"
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
# A second React (18) for the unit:react18 test project.
npm ci --prefix test/react18 --no-audit --no-fund
