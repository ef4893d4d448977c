#!/usr/bin/env bash
# Fetches the topology-only ONNX models of the `onnx` PyPI wheel (onnx/backend/test/data/light/:
# AlexNet, DenseNet-121, Inception v1/v2, ResNet-50, ShuffleNet, SqueezeNet, VGG-19, ZFNet-512, with
# constant dummy weights) into the INVKit cache (default ~/.cache/invkit, or $INV_CACHE), for the
# INVModels import tests. Only `pip download` is used: nothing is installed, no Python runs later.
# Prints the directory; the tests find it there, or wherever INV_ONNX_LIGHT_DIR points.
set -euo pipefail

ONNX_VERSION=1.23.2
cache="${INV_CACHE:-$HOME/.cache/invkit}"
dest="$cache/onnx-light"
[[ -f "$dest/.complete-$ONNX_VERSION" ]] && { echo "$dest"; exit 0; }

command -v pip >/dev/null || command -v pip3 >/dev/null || { echo "error: pip is needed to download the onnx wheel" >&2; exit 1; }
pip=$(command -v pip || command -v pip3)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Any platform's wheel carries the same data files; let pip pick the one for this machine.
"$pip" download --quiet --no-deps --dest "$tmp" "onnx==$ONNX_VERSION" >&2
wheel=$(ls "$tmp"/onnx-*.whl | head -n 1)
mkdir -p "$dest"
rm -f "$dest"/light_*.onnx "$dest"/light_*_output_0.pb "$dest"/.complete-*
if command -v unzip >/dev/null; then
    unzip -q -j -o "$wheel" 'onnx/backend/test/data/light/light_*' -d "$dest"
else  # pip implies a Python, whose zipfile module can unpack the wheel
    python3 -m zipfile -e "$wheel" "$tmp/wheel"
    cp "$tmp"/wheel/onnx/backend/test/data/light/light_* "$dest/"
fi
touch "$dest/.complete-$ONNX_VERSION"
echo "$dest"
