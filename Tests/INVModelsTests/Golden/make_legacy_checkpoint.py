#!/usr/bin/env python3
"""Writes legacy_checkpoint.pth (torch.save in the pre-1.6 legacy serialization) and
legacy_checkpoint.json (every tensor's shape, storage type and values, contiguous, as float32) for
the Swift reader's tests (Tests/INVModelsTests/TorchLegacyCheckpointTests.swift).

The tensors cover what the reader must handle: non-contiguous strides (channels-last and transposed
weights, as in the EfficientNet-Lite checkpoints), storage offsets and storages shared by several
tensors, float16/float64/int64/bool storages, a 0-d tensor, an empty tensor and an nn.Parameter.

Run once with Debian's CPU PyTorch (apt-get install python3-torch; Debian 12 ships 1.13.1):
    /usr/bin/python3 Tests/INVModelsTests/Golden/make_legacy_checkpoint.py
"""
import collections
import json
import os
import platform

import torch

here = os.path.dirname(os.path.abspath(__file__))

base = torch.arange(10, dtype=torch.float32) * 0.5 - 2.0
tensors = collections.OrderedDict()
# (2, 3, 2, 2) with strides (12, 1, 6, 3): a channels-last conv weight.
tensors["conv.weight"] = (torch.arange(24, dtype=torch.float32) - 11.5).reshape(2, 2, 2, 3).permute(0, 3, 1, 2)
# (2, 3) with strides (1, 2): a transposed matrix.
tensors["fc.weight"] = torch.tensor([[1.0, -2.0], [3.5, 4.0], [-5.25, 6.0]]).t()
tensors["base"] = base
tensors["base.slice"] = base[3:7]            # offset 3 into the shared storage
tensors["base.every_third"] = base[1::3]     # offset 1, stride 3
tensors["half"] = torch.tensor([1.5, -2.25, 65504.0, 6e-08, 0.0], dtype=torch.float16)
tensors["double"] = torch.tensor([[0.1, -1e10], [3.0, 2.0 ** -30]], dtype=torch.float64)
tensors["num_batches_tracked"] = torch.tensor(7, dtype=torch.int64)
tensors["long"] = torch.tensor([-3, 2 ** 40], dtype=torch.int64)
tensors["mask"] = torch.tensor([True, False, True])
tensors["empty"] = torch.zeros(0, 3)
tensors["parameter"] = torch.nn.Parameter(torch.tensor([[0.25, -0.75]]))

torch.save(tensors, os.path.join(here, "legacy_checkpoint.pth"), _use_new_zipfile_serialization=False)

expected = {
    "generator": "make_legacy_checkpoint.py",
    "versions": {"python": platform.python_version(), "torch": torch.__version__},
    "tensors": [
        {
            "name": name,
            "shape": list(t.shape),
            "stride": list(t.stride()),
            "storage_offset": t.storage_offset(),
            "storage_type": t.storage().pickle_storage_type(),
            "values": [float(v) for v in t.detach().to(torch.float32).contiguous().reshape(-1).tolist()],
        }
        for name, t in tensors.items()
    ],
}
with open(os.path.join(here, "legacy_checkpoint.json"), "w") as f:
    json.dump(expected, f, indent=1)
    f.write("\n")
print("wrote legacy_checkpoint.pth and legacy_checkpoint.json with torch", torch.__version__)
