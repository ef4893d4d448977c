#!/usr/bin/env bash
# Prints the Python of the browser tests' virtual environment, creating it with selenium==4.27.1 on
# first use (in ${INV_CACHE:-~/.cache/invkit}/venv-selenium). Used by Scripts/reveal-browser-test.sh and
# Scripts/study-browser-test.sh; Chromium itself comes from Debian (Scripts/install-deps.sh --tests).
set -euo pipefail
venv=${INV_CACHE:-$HOME/.cache/invkit}/venv-selenium
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q selenium==4.27.1 >&2
fi
echo "$venv/bin/python"
