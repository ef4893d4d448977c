#!/usr/bin/env python3
"""scikit-learn peer for `inv-bench clustering`: the thesis' per-layer clustering, timed.

Usage: clustering_peer.py MANIFEST.json REPEATS
The manifest lists layers as {"name", "rows", "columns", "path"}; each path holds rows × columns
little-endian float64 values written by the Swift side. For every layer the script times, as in
thesis §4.2: min-max normalise each map → PCA(min(50, n, d)) → TSNE() with scikit-learn's defaults
→ AgglomerativeClustering(ward) for k = 3…8 → silhouette_score per k. It prints one JSON object
on stdout: versions, and per layer the median seconds of each stage over REPEATS runs.

The script re-executes itself in a virtual environment with the pinned versions, created on first
use under ~/.cache/invkit/venv-bench (or /tmp/invkit-venv-bench when the home is not writable).
"""
import json
import statistics
import sys
import time

from peer_env import ensure_environment

PINNED = {"scikit-learn": "1.5.2", "numpy": "2.1.3", "scipy": "1.14.1"}


ensure_environment(PINNED, 'venv-bench')

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import sklearn  # noqa: E402
from sklearn.cluster import AgglomerativeClustering  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.manifold import TSNE  # noqa: E402
from sklearn.metrics import silhouette_score  # noqa: E402


def layer_once(maps):
    t0 = time.perf_counter()
    low = maps.min(axis=1, keepdims=True)
    span = maps.max(axis=1, keepdims=True) - low
    normalised = (maps - low) / np.where(span > 0, span, 1)
    reduced = PCA(n_components=min(50, *normalised.shape)).fit_transform(normalised)
    t1 = time.perf_counter()
    embedding = TSNE(n_components=2, random_state=0).fit_transform(reduced)
    t2 = time.perf_counter()
    scores = {}
    for k in range(3, 9):
        labels = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(embedding)
        scores[k] = silhouette_score(embedding, labels)
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2, max(scores, key=scores.get)


def main():
    manifest, repeats = sys.argv[1], int(sys.argv[2])
    with open(manifest) as f:
        layers = json.load(f)["layers"]
    layer_once(np.random.default_rng(0).random((60, 100)))  # warm-up: imports, thread pools
    results = []
    for layer in layers:
        maps = np.fromfile(layer["path"], dtype="<f8").reshape(layer["rows"], layer["columns"])
        runs = [layer_once(maps) for _ in range(repeats)]
        stages = [statistics.median(r[i] for r in runs) for i in range(3)]
        results.append({"name": layer["name"], "normalise_pca": stages[0], "tsne": stages[1],
                        "cluster_score": stages[2], "total": statistics.median(sum(r[:3]) for r in runs),
                        "chosen_k": runs[0][3]})
    print(json.dumps({"versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__,
                                   "scipy": scipy.__version__, "python": sys.version.split()[0]},
                      "layers": results}))


if __name__ == "__main__":
    main()
