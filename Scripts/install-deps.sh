#!/usr/bin/env bash
# Installs the Debian packages INVKit builds and tests against, when they are missing.
# Usage: Scripts/install-deps.sh [--tests]   (--tests adds the ONNX conformance data, and Slurm and
# munge for the emulated cluster of Scripts/test-slurm.sh, headless Chromium for
# Scripts/reveal-browser-test.sh, and PostgreSQL for Scripts/postgres-test-server.sh)
set -euo pipefail

packages=(pkg-config libopenblas-dev libpng-dev libjpeg-dev libutf8proc-dev libsqlite3-dev)   # SQLite: the Deep Reveal store (GRDB)
if [[ "${1:-}" == "--tests" ]]; then
    packages+=(libonnx-testdata slurm-wlm munge chromium chromium-driver postgresql)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        SUDO=sudo
    else
        echo "INVKit needs these Debian packages: ${missing[*]}" >&2
        echo "Install them as root:  apt-get update && apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi
echo "Installing ${missing[*]} …"
${SUDO:-} apt-get update -qq
DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -qq "${missing[@]}" >/dev/null
