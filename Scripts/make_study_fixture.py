"""Writes a tiny fake `inv run` results directory for the study browser test (issue 10).

Four images, INV's overlays (points/p1/images/<key>/inv.png) and three baselines' overlays
(baselines/<m>-0/images/<key>/overlay.png), each a flat-coloured PNG made with the standard library,
plus the `point.json` / `baseline.json` records `inv study build` reads.
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
for i, key in enumerate(images):
    png(f"{root}/points/p1/images/{key}/inv.png", 64, 64, (220, 40 * i, 40))
for b, method in enumerate(["grad-cam", "lime", "kernel-shap"]):
    os.makedirs(f"{root}/baselines/{method}-0", exist_ok=True)
    with open(f"{root}/baselines/{method}-0/baseline.json", "w") as f:
        json.dump({"schema": "invkit.baseline/1", "id": f"{method}-0", "spec": {"plugin": method}, "metrics": [], "seed": 0,
                   "target": "predicted", "modelSHA256": "0", "images": images}, f)
    for i, key in enumerate(images):
        png(f"{root}/baselines/{method}-0/images/{key}/overlay.png", 96, 64, (40 * i, 60 + 60 * b, 200))
