#!/usr/bin/env python3
"""onnxruntime peer for `inv-bench models`: forward time of an ONNX classifier.

Usage: onnxruntime_peer.py MODEL.onnx BATCH REPEATS
Feeds a batch of standard-normal noise of the model's input shape (batch dimension replaced) and prints
one JSON object on stdout: {"versions": {...}, "forward_ms": best of REPEATS runs after a warm-up}.
onnxruntime runs with its defaults (all cores, graph optimisations on).

The script re-executes itself in a virtual environment with the pinned versions, created on first
use under ~/.cache/invkit/venv-ort (or /tmp/invkit-venv-ort when the home is not writable).
"""
import json
import sys
import time

from peer_env import ensure_environment

PINNED = {"onnxruntime": "1.20.1", "numpy": "2.1.3"}


ensure_environment(PINNED, 'venv-ort')

import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402

path, batch, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
first = session.get_inputs()[0]
shape = [batch] + [d if isinstance(d, int) else 1 for d in first.shape[1:]]
x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
session.run(None, {first.name: x})
best = float("inf")
for _ in range(repeats):
    t0 = time.perf_counter()
    session.run(None, {first.name: x})
    best = min(best, time.perf_counter() - t0)
print(json.dumps({"versions": {"onnxruntime": ort.__version__, "numpy": np.__version__}, "forward_ms": best * 1e3}))
