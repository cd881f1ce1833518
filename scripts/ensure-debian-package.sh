#!/usr/bin/env bash
# Make sure a Debian package's command is there: install it when missing and we are root.
#   ensure-debian-package.sh PACKAGE "WHAT NEEDS IT" [required-in-ci]
# Playwright never downloads a browser here (the browser tests drive /usr/bin/chromium), and the
# hot-path benchmark drives the app with Debian's wrk. Without them those tests or that benchmark are
# skipped with a note, except under CI=true when the third argument says the run would be incomplete.
set -euo pipefail
package="$1" purpose="$2" required="${3:-}"
if command -v "$package" >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's $package for $purpose…"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
  exit 0
fi
if [ "$required" = "required-in-ci" ] && [ "${CI:-}" = "true" ]; then
  echo "$package is missing and cannot be installed (not root): $purpose would fail." >&2
  exit 1
fi
echo "Note: $package is not installed, so $purpose will be skipped. Install the '$package' package to run it."
