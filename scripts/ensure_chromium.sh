#!/usr/bin/env bash
# The browser of the end-to-end tests (tests/e2e): Debian's Chromium at /usr/bin/chromium.
# Playwright's own browser download cannot run here, so the system package is used. As root
# with apt-get it is installed when missing; otherwise this stops with what to do, because the
# tests must run, never be skipped.
set -euo pipefail
CHROMIUM="${TDKT_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (apt-get install chromium)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq </dev/null
  apt-get install -y -qq chromium </dev/null >/dev/null
  if [ -x "$CHROMIUM" ]; then
    exit 0
  fi
fi
echo "The browser tests need Chromium at $CHROMIUM and it is missing." >&2
echo "Install it as root: apt-get install chromium (or set TDKT_CHROMIUM to its path)." >&2
exit 1
