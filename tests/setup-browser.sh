#!/bin/sh
# Install what the browser tests need: Debian's Chromium and its WebDriver.
# Idempotent; exits 0 when both are present, non-zero when they cannot be
# installed (no root, no network). Called by tests/test_browser.py.
set -eu

have() { command -v "$1" >/dev/null 2>&1; }

if have chromium && have chromedriver; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "setup-browser: chromium/chromium-driver missing and not root; cannot install" >&2
    exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || { echo "setup-browser: apt-get update failed (no network?)" >&2; exit 3; }
apt-get install -y -qq --no-install-recommends chromium chromium-driver >&2 \
    || { echo "setup-browser: apt-get install chromium chromium-driver failed" >&2; exit 4; }
have chromium && have chromedriver
