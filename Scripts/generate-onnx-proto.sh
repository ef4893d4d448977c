#!/usr/bin/env bash
# Regenerates Sources/INVModels/ONNX/Generated/onnx.pb.swift from Debian's onnx.proto.
#
# The generated file is committed; builds never run this script. Run it by hand after changing
# the ONNX or swift-protobuf version, and commit the result.
#
# Versions used for the committed file:
#   onnx.proto       Debian libonnx-dev 1.12.0-2 (/usr/include/onnx/onnx.proto, proto2, package onnx)
#   protoc           Debian protobuf-compiler 3.21.12
#   protoc-gen-swift swift-protobuf 1.39.0 (the same tag as the runtime in Package.swift),
#                    built from the local package mirror in a scratch directory
#
# Usage: Scripts/generate-onnx-proto.sh [SCRATCH_DIR]   (default scratch: /tmp/invkit-protoc-gen-swift)
set -euo pipefail

SWIFT_PROTOBUF_TAG=1.39.0
SWIFT_PROTOBUF_REPO=${SWIFT_PROTOBUF_REPO:-https://github.com/apple/swift-protobuf}
PROTO_DIR=/usr/include
PROTO_FILE=onnx/onnx.proto

repo_root=$(cd "$(dirname "$0")/.." && pwd)
scratch=${1:-/tmp/invkit-protoc-gen-swift}
out_dir="$repo_root/Sources/INVModels/ONNX/Generated"

command -v protoc >/dev/null || { echo "protoc not found: apt-get install protobuf-compiler" >&2; exit 1; }
[[ -f "$PROTO_DIR/$PROTO_FILE" ]] || { echo "$PROTO_DIR/$PROTO_FILE not found: apt-get install libonnx-dev" >&2; exit 1; }

plugin="$scratch/swift-protobuf/.build/release/protoc-gen-swift"
if [[ ! -x "$plugin" ]] || [[ "$("$plugin" --version)" != "protoc-gen-swift $SWIFT_PROTOBUF_TAG" ]]; then
    rm -rf "$scratch/swift-protobuf"
    mkdir -p "$scratch"
    git clone --quiet --depth 1 --branch "$SWIFT_PROTOBUF_TAG" "$SWIFT_PROTOBUF_REPO" "$scratch/swift-protobuf"
    (cd "$scratch/swift-protobuf" && swift build -c release --product protoc-gen-swift)
fi

mkdir -p "$out_dir"
protoc --plugin=protoc-gen-swift="$plugin" \
    --proto_path="$PROTO_DIR" \
    --swift_opt=Visibility=Public \
    --swift_out="$out_dir" \
    "$PROTO_FILE"
# protoc mirrors the proto's directory (onnx/onnx.pb.swift); keep the file flat in Generated/.
mv "$out_dir/onnx/onnx.pb.swift" "$out_dir/onnx.pb.swift"
rmdir "$out_dir/onnx"
echo "wrote $out_dir/onnx.pb.swift ($(protoc --version), $("$plugin" --version))"
