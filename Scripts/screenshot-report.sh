#!/usr/bin/env bash
# Renders a results directory's report.html (and the first image's anv.html) in headless Chromium
# (Debian package `chromium`) and writes report.png / anv.png next to them.
#   Scripts/screenshot-report.sh Results/quickstart
set -euo pipefail
dir=$(cd "${1:?usage: $0 RESULTS_DIR}" && pwd)
shoot() {  # $1 page, $2 png
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1000 \
        --screenshot="$2" "file://$1" >/dev/null 2>&1
    [ -s "$2" ] || { echo "no screenshot written for $1" >&2; exit 1; }
    echo "$2"
}
shoot "$dir/report.html" "$dir/report.png"
anv=$(find "$dir/points" -name anv.html | sort | head -1)
[ -n "$anv" ] && shoot "$anv" "$dir/anv.png"
