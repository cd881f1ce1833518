#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the browser tests. Playwright never downloads a
# browser here: the tests drive /usr/bin/chromium.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "Chromium is missing and cannot be installed (not root): the browser tests would fail." >&2
  exit 1
fi
echo "Note: Chromium is not installed, so the browser tests will be skipped. Install the 'chromium' package to run them."
