#!/usr/bin/env bash
# The test command of the README: installs what the tests need, fetches the packaged photos, the
# default model and the ONNX light test models into the cache, then runs every test suite (with a
# throwaway PostgreSQL server for the Deep Reveal store, Scripts/postgres-test-server.sh) and, without
# arguments, the Deep Reveal and study browser tests, the Deep Reveal durability checks and (as root)
# the Slurm scale-out test on an emulated 3-node cluster (Scripts/test-slurm.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh --tests
Scripts/fetch-photos.sh >/dev/null
Scripts/fetch-test-data.sh >/dev/null || echo "note: could not fetch the onnx wheel's light models; their import tests will be skipped" >&2
# Serially: the suite takes under a minute, and the resident-memory test measures the whole process.
# A throwaway PostgreSQL cluster on loopback runs beside it, so the Deep Reveal suites test the
# PostgreSQL store too (INV_TEST_POSTGRES_URL), not only SQLite.
Scripts/postgres-test-server.sh run swift test --no-parallel "$@"
if [[ $# -eq 0 ]]; then
    # Deep Reveal end to end: headless Chromium plays a game (screenshots in .build/reveal-browser/),
    # then 50 players over loopback with a SIGKILL mid-load: no acknowledged answer lost or duplicated
    # (on SQLite, then on two server processes over PostgreSQL).
    # Latency is not judged here (debug build; the release figure is `inv-bench reveal`'s).
    Scripts/reveal-browser-test.sh
    # The study rating app end to end: headless Chromium completes a participant session (.build/study-browser/).
    Scripts/study-browser-test.sh
    .build/debug/inv-bench reveal --players 50 --seconds 5 --images 20 --think-ms 100 --ramp-seconds 0 --p99-limit inf
    # The same with two server processes sharing one PostgreSQL database.
    Scripts/postgres-test-server.sh run sh -c \
        '.build/debug/inv-bench reveal --postgres "$INV_TEST_POSTGRES_URL" --servers 2 --players 50 --seconds 5 --images 20 --think-ms 100 --ramp-seconds 0 --p99-limit inf'
    if [[ $(id -u) -eq 0 && -z "${INV_SKIP_SLURM:-}" ]]; then
        Scripts/test-slurm.sh
    else
        echo "note: the Slurm test needs root (it starts slurmd); skipped" >&2
    fi
fi
