#!/usr/bin/env python3
"""Golden reference data for INVPluginsTests, made with scikit-learn.

Run from anywhere:  python3 Tests/INVPluginsTests/Golden/make_golden.py
The script re-executes itself inside a virtual environment under /tmp with the pinned versions
below (created on first use), and writes small JSON files next to itself. Every file records the
versions that made it. Inputs are stored in the files, so the Swift tests never need Python.
"""
import json
import os
import subprocess
import sys

PINNED = {"scikit-learn": "1.5.2", "numpy": "2.1.3", "scipy": "1.14.1"}
VENV = "/tmp/invkit-golden-venv"
HERE = os.path.dirname(os.path.abspath(__file__))


def ensure_environment():
    try:
        import numpy
        import scipy
        import sklearn
        if (sklearn.__version__, numpy.__version__, scipy.__version__) == (
            PINNED["scikit-learn"], PINNED["numpy"], PINNED["scipy"]):
            return
    except ImportError:
        pass
    python = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        sys.exit("the virtual environment at %s does not hold the pinned versions %s" % (VENV, PINNED))
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([python, "-m", "pip", "install", "--quiet"]
                              + ["%s==%s" % item for item in PINNED.items()])
    os.execv(python, [python] + sys.argv)


ensure_environment()

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import sklearn  # noqa: E402
from sklearn.cluster import AgglomerativeClustering, KMeans  # noqa: E402
from sklearn.datasets import make_blobs  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.manifold import TSNE, trustworthiness  # noqa: E402
from sklearn.metrics import (calinski_harabasz_score, davies_bouldin_score,  # noqa: E402
                             silhouette_score)

VERSIONS = {"scikit-learn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
            "python": sys.version.split()[0]}


def matrix(a):
    a = np.asarray(a, dtype=np.float64)
    return {"rows": int(a.shape[0]), "columns": int(a.shape[1]), "values": [float(v) for v in a.ravel()]}


def write(name, payload):
    payload = {"versions": VERSIONS, "script": "make_golden.py", **payload}
    path = os.path.join(HERE, name)
    with open(path, "w") as f:
        json.dump(payload, f, separators=(",", ":"))
    print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))


def blob_datasets():
    """Small datasets with clear and with overlapping structure; distances have no exact ties."""
    sets = []
    for name, n, d, centers, std, seed in [("blobs-60x2", 60, 2, 4, 1.0, 1),
                                           ("blobs-90x5", 90, 5, 6, 2.5, 2),
                                           ("blobs-130x2-overlapping", 130, 2, 5, 3.0, 3)]:
        x, _ = make_blobs(n_samples=n, n_features=d, centers=centers, cluster_std=std, random_state=seed)
        sets.append((name, x))
    sets.append(("uniform-50x3", np.random.default_rng(4).random((50, 3))))
    return sets


def make_pca():
    rng = np.random.default_rng(10)
    cases = []
    # n ≤ d (Gram path) with the default 50-component cap, and n > d (covariance path).
    for name, x, components in [("wide-30x40", rng.normal(size=(30, 40)) @ np.diag(np.linspace(3, 0.2, 40)), 50),
                                ("tall-60x10", rng.normal(size=(60, 10)) @ rng.normal(size=(10, 10)), 50),
                                ("wide-25x40-k5", rng.random((25, 40)), 5)]:
        pca = PCA(n_components=min(components, *x.shape), svd_solver="full").fit(x)
        cases.append({"name": name, "components": components, "x": matrix(x),
                      "explained_variance": pca.explained_variance_.tolist(),
                      "explained_variance_ratio": pca.explained_variance_ratio_.tolist(),
                      "axes": matrix(pca.components_)})
    write("pca.json", {"cases": cases})


def make_agglomerative():
    cases = []
    for name, x in blob_datasets():
        labels = {}
        for linkage in ["ward", "complete", "average", "single"]:
            labels[linkage] = {str(k): AgglomerativeClustering(n_clusters=k, linkage=linkage).fit_predict(x).tolist()
                               for k in range(3, 9)}
        cases.append({"name": name, "x": matrix(x), "labels": labels})
    write("agglomerative.json", {"cases": cases})


def make_scores():
    datasets, cases = [], []
    rng = np.random.default_rng(20)
    for name, x in blob_datasets():
        datasets.append({"name": name, "x": matrix(x)})
        for k in (3, 5, 8):
            for source in ("ward", "random"):
                if source == "ward":
                    labels = AgglomerativeClustering(n_clusters=k).fit_predict(x)
                else:
                    labels = rng.integers(0, k, size=len(x))
                cases.append({"dataset": name, "name": "%s k=%d %s" % (name, k, source), "labels": labels.tolist(),
                              "silhouette": float(silhouette_score(x, labels)),
                              "calinski_harabasz": float(calinski_harabasz_score(x, labels)),
                              "davies_bouldin": float(davies_bouldin_score(x, labels))})
    write("scores.json", {"datasets": datasets, "cases": cases})


def make_kmeans():
    x, truth = make_blobs(n_samples=120, n_features=3, centers=4, cluster_std=1.0, random_state=7)
    inertia = {str(k): float(KMeans(n_clusters=k, n_init=10, random_state=0).fit(x).inertia_) for k in range(2, 7)}
    write("kmeans.json", {"x": matrix(x), "truth": truth.tolist(), "inertia": inertia})


def make_tsne():
    x, truth = make_blobs(n_samples=150, n_features=20, centers=5, cluster_std=5.0, random_state=5)
    tsne = TSNE(n_components=2, random_state=0)  # every other parameter at its default
    embedding = tsne.fit_transform(x)
    write("tsne.json", {"x": matrix(x), "truth": truth.tolist(),
                        "parameters": {k: (v if isinstance(v, (int, float, str)) or v is None else str(v))
                                       for k, v in tsne.get_params().items()},
                        "kl_divergence": float(tsne.kl_divergence_), "n_iter": int(tsne.n_iter_),
                        "trustworthiness": float(trustworthiness(x, embedding, n_neighbors=5)),
                        # checks our trustworthiness itself, on a fixed embedding: the first two columns
                        "trustworthiness_first_two_columns": float(trustworthiness(x, x[:, :2], n_neighbors=5))})


if __name__ == "__main__":
    make_pca()
    make_agglomerative()
    make_scores()
    make_kmeans()
    make_tsne()
