#!/usr/bin/env bash
# The runner's cache benchmark: two 12-point grids that differ only in reduction/clustering settings
# (perplexity × clusterer, which needs a t-SNE per perplexity, and k range × clusterer, which shares
# one) against a single point, all on the same 5 photos and 3 layers of the default model. Prints the
# wall times, the ratio to the single point and the network passes run and reused. Game masks are not
# rendered (inv.masks.render: false, as grids should), so the figure is the analysis' cost.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product inv >/dev/null 2>&1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
common='model: efficientnet-lite0
images: {folder: "${INV_CACHE}/photos", limit: 5, seed: 0}
layers: last:3
inv: {masks: {render: false}}'
printf 'name: bench1\n%s\n' "$common" > "$work/one.yaml"
clusterers='inv.clusterer: [{plugin: agglomerative, linkage: ward}, {plugin: agglomerative, linkage: average}, {plugin: agglomerative, linkage: complete}, {plugin: kmeans}]'
printf 'name: bench12\n%s\ngrid:\n  inv.reducers[1].perplexity: [5, 15, 30]\n  %s\n' "$common" "$clusterers" > "$work/perplexity-grid.yaml"
printf 'name: bench12k\n%s\ngrid:\n  inv.k: [[3, 8], [2, 6], [4, 10]]\n  %s\n' "$common" "$clusterers" > "$work/k-grid.yaml"
for name in one perplexity-grid k-grid; do
    start=$(date +%s.%N)
    .build/release/inv run "$work/$name.yaml" --out "$work/out-$name" 2> "$work/$name.log"
    end=$(date +%s.%N)
    seconds=$(echo "$end - $start" | bc)
    [ "$name" = one ] && single=$seconds
    printf '%-16s %6.1f s  %5.1f×   %s\n' "$name" "$seconds" "$(echo "$seconds / $single" | bc -l)" "$(grep '^done:' "$work/$name.log")"
done
