#!/usr/bin/env bash
# A real browser plays Deep Reveal: starts `inv reveal serve` on loopback over a fresh database
# (a synthetic run from `inv-bench reveal --synthetic-db`, or RESULTS_DIR imported), drives headless
# Chromium through Scripts/reveal_browser_test.py and saves screenshots in ARTEFACT_DIR.
#   Scripts/reveal-browser-test.sh [RESULTS_DIR]
# Needs: Debian chromium + chromium-driver (Scripts/install-deps.sh --tests); selenium comes from
# Scripts/selenium-venv.sh. INV_BIN_DIR picks the binaries (default .build/debug).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${INV_BIN_DIR:-$root/.build/debug}
artefacts=${ARTEFACT_DIR:-$root/.build/reveal-browser}
port=${PORT:-18282}
work=$(mktemp -d)
mkdir -p "$artefacts"
python=$("$root/Scripts/selenium-venv.sh")
if [ $# -ge 1 ]; then
    "$bin/inv" reveal import "$1" --db "sqlite:$work/reveal.sqlite"
else
    "$bin/inv-bench" reveal --synthetic-db "$work/reveal.sqlite" --images 12
fi
admin="browser-test-admin-password"
printf '{"adminPassword": "%s", "bcryptCost": 4, "mailbox": "%s/outbox.jsonl"}\n' "$admin" "$work" > "$work/reveal.json"
"$bin/inv" reveal serve --db "sqlite:$work/reveal.sqlite" --config "$work/reveal.json" --port "$port" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
"$python" "$root/Scripts/reveal_browser_test.py" "http://127.0.0.1:$port" "$artefacts" "$admin"
