#!/usr/bin/env bash
# Make sure Debian's wrk is there for the hot-path benchmark (bench/hotpath.py), which drives the app
# and the bare-Django floor with it. Without wrk that benchmark reports why it was skipped.
set -euo pipefail
if command -v wrk >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's wrk for the hot-path benchmark…"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  exit 0
fi
echo "Note: wrk is not installed, so the hot-path benchmark will be skipped. Install the 'wrk' package to run it."
