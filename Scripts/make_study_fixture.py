"""Writes a tiny fake `inv run` results directory for the study browser test (issue 10).

Four images, each with an ANV as `inv run` writes it (points/p1/images/<key>/anv.json, anv.html and a
cluster overlay L<l>-C<c>.png per cluster: two layers, weights 0.7/0.3 and 0.5/0.3/0.2, the last below
the cluster threshold), and three baselines' overlays (baselines/<m>-0/images/<key>/overlay.png), each
a flat-coloured PNG made with the standard library, plus the `point.json` / `baseline.json` records
`inv study build` reads. (Tests/INVStudyFixtures/StudyRunFixture.swift makes the same run for the suites.)
  python3 Scripts/make_study_fixture.py RESULTS_DIR
"""
import json
import os
import struct
import sys
import zlib


def png(path, width, height, rgb):
    """A flat RGB PNG (8 bit, no interlace)."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    row = b"\x00" + bytes(rgb) * width
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b"")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


root = sys.argv[1]
images = [f"photo{i}-{i + 1:08x}" for i in range(4)]
os.makedirs(f"{root}/points/p1", exist_ok=True)
with open(f"{root}/points/p1/point.json", "w") as f:
    json.dump({"schema": "invkit.point/1", "id": "p1", "assignments": [], "config": {}, "images": images, "modelSHA256": "0"}, f)
weights = [[0.7, 0.3], [0.5, 0.3, 0.2]]


def anv(key):
    """An `invkit.anv/1` record with `weights`; the last cluster of layer 1 is below the cluster threshold."""
    layers = []
    for l, layer in enumerate(weights):
        clusters = [{"members": [c], "weight": w, "map": [1, 0, 0, 0], "kept": not (l == 1 and c == len(layer) - 1)}
                    for c, w in enumerate(layer)]
        layers.append({"layer": f"layer{l}", "channels": len(layer), "height": 2, "width": 2, "emptyChannels": [],
                       "keptChannels": list(range(len(layer))), "keptWeights": layer, "weightThreshold": 0, "keptWeightShare": 1,
                       "coordinates": [], "scores": [], "chosenK": len(layer), "clusters": clusters, "warnings": []})
    score = {"index": 281, "label": "tabby cat", "probability": 0.9}
    return {"schema": "invkit.anv/1", "model": "fixture", "image": f"{key}.png", "inputShape": [3, 64, 64],
            "predicted": score, "target": score, "seed": 0, "settings": {}, "layers": layers}


for i, key in enumerate(images):
    folder = f"{root}/points/p1/images/{key}"
    for l, layer in enumerate(weights):
        for c in range(len(layer)):
            png(f"{folder}/L{l}-C{c}.png", 64, 64, (220, 40 * i + 30 * c, 40 + 60 * l))
    with open(f"{folder}/anv.json", "w") as f:
        json.dump(anv(key), f)
    with open(f"{folder}/anv.html", "w") as f:
        f.write(f"<!doctype html><title>{key}</title>")
for b, method in enumerate(["grad-cam", "lime", "kernel-shap"]):
    os.makedirs(f"{root}/baselines/{method}-0", exist_ok=True)
    with open(f"{root}/baselines/{method}-0/baseline.json", "w") as f:
        json.dump({"schema": "invkit.baseline/1", "id": f"{method}-0", "spec": {"plugin": method}, "metrics": [], "seed": 0,
                   "target": "predicted", "modelSHA256": "0", "images": images}, f)
    for i, key in enumerate(images):
        png(f"{root}/baselines/{method}-0/images/{key}/overlay.png", 96, 64, (40 * i, 60 + 60 * b, 200))
