"""The Python peer of `inv-bench minilm`: times sentence-transformers on the same labels.

Usage: python bench_minilm_reference.py MODEL_FOLDER LABELS_FILE BATCH SINGLES THREADS
torch runs on THREADS threads (INVKit's worker count, so both use the same cores). Prints one JSON object: versions, torch threads, seconds for all labels at BATCH (median of 3 after
a warm-up), and the median seconds of embedding each of the first SINGLES labels alone.
Environment used for the README figures: see Tests/INVModelsTests/Golden/make_minilm_golden.py.
"""
import json
import statistics
import sys
import time

import sentence_transformers
import torch
from sentence_transformers import SentenceTransformer


def main() -> None:
    folder, labels_file, batch, singles = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(int(sys.argv[5]))
    with open(labels_file, encoding="utf-8") as f:
        labels = [line.rstrip("\n") for line in f if line.strip()]
    model = SentenceTransformer(folder, device="cpu")
    model.encode(labels[:batch], batch_size=batch)
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        model.encode(labels, batch_size=batch, convert_to_numpy=True)
        runs.append(time.perf_counter() - start)
    latencies = []
    for label in labels[:singles]:
        start = time.perf_counter()
        model.encode([label], batch_size=1, convert_to_numpy=True)
        latencies.append(time.perf_counter() - start)
    print(json.dumps({
        "sentence_transformers": sentence_transformers.__version__,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "batch_seconds": statistics.median(runs),
        "single_seconds": statistics.median(latencies),
    }))


if __name__ == "__main__":
    main()
