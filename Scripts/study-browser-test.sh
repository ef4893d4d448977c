#!/usr/bin/env bash
# A real browser completes a participant session of the study rating app (issue 10): builds a study from
# RESULTS_DIR (an `inv run` directory, e.g. Results/quickstart: INV, grad-cam and lime) or else from a tiny
# fake run (Scripts/make_study_fixture.py: INV and three baselines), starts `inv study serve` on loopback
# over a fresh database, drives headless Chromium through Scripts/study_browser_test.py (screenshots in
# ARTEFACT_DIR), then exports the answers and analyses them.
#   Scripts/study-browser-test.sh [RESULTS_DIR]
# Needs: Debian chromium + chromium-driver (Scripts/install-deps.sh --tests); selenium comes from
# Scripts/selenium-venv.sh. INV_BIN_DIR picks the binary (default .build/debug).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${INV_BIN_DIR:-$root/.build/debug}
artefacts=${ARTEFACT_DIR:-$root/.build/study-browser}
port=${PORT:-18283}
work=$(mktemp -d)
mkdir -p "$artefacts"
python=$("$root/Scripts/selenium-venv.sh")
if [ $# -ge 1 ]; then
    results=$(cd "$1" && pwd)
    methods="[inv, grad-cam, lime]"
else
    python3 "$root/Scripts/make_study_fixture.py" "$work/run"
    results=$work/run
    methods="[inv, grad-cam, lime, kernel-shap]"
fi
cat > "$work/study.yaml" <<YAML
results: $results
methods: $methods
participants: 2
seed: 1
panel-size: 128
attention-checks: {every: 2}
completion-code: BROWSER42
YAML
"$bin/inv" study build "$work/study.yaml" -o "$work/study"
"$bin/inv" study serve "$work/study" --db "sqlite:$work/answers.sqlite" --port "$port" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
"$python" "$root/Scripts/study_browser_test.py" "http://127.0.0.1:$port" "$artefacts" BROWSER42
"$bin/inv" study export "$work/study" --db "sqlite:$work/answers.sqlite" -o "$work/responses.csv" --comments "$work/comments.csv"
rows=$(($(wc -l < "$work/responses.csv") - 1))
# One participant: per trial 3 items (+ 1 on an attention check), then 10 SUS + 6 TLX answers.
expected=$(awk -F, '$1 == 1 { n += ($6 == "true") ? 4 : 3 } END { print n + 16 }' "$work/study/design.csv")
if [ "$rows" -ne "$expected" ]; then echo "study browser test: expected $expected answer rows, exported $rows" >&2; cat "$work/responses.csv" >&2; exit 1; fi
grep -q "a comment from the browser" "$work/comments.csv" || { echo "study browser test: the comment was not exported" >&2; exit 1; }
"$bin/inv" study analyze "$work/study" --responses "$work/responses.csv"
echo "study browser test: one participant completed in Chromium, $rows answer rows exported and analysed"
