"""The pair model: a cross-encoder that reads two sentences together.

Trained by ``training/relation.py`` (all-MiniLM-L6-v2 fine-tuned on public
news sentence pairs), shipped as an 8-bit ONNX file with its tokenizer in
``briefgen/data/relation/`` and run with onnxruntime on the CPU: no torch,
no download. One session per process, made on first use, so a forked
worker makes its own instead of sharing the parent's thread pool.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "relation"
BATCH = 32
"""Pairs per run: sorted by length first, so a batch pads to few extra tokens."""
KEPT = 1 << 18
"""Logits kept per process: a preview that rebuilds a topic after one source changed scores only the new pairs."""


class PairModel:
    def __init__(self, folder: Path = MODEL_DIR, threads: int = 1) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        self.max_tokens = int(meta["max_tokens"])
        self.signature = f"{meta.get('trained_on', '')}|{(folder / 'model.onnx').stat().st_size}"
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=self.max_tokens)
        tokenizer.no_padding()
        self.tokenizer = tokenizer
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.kept: dict[tuple[str, str], float] = {}

    def logits(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """One logit per pair: above 0, more likely than not the same fact."""
        new = list(dict.fromkeys(p for p in pairs if p not in self.kept))
        if new:
            if len(self.kept) + len(new) > KEPT:
                self.kept.clear()
            self.kept.update(zip(new, self._run(new).tolist()))
        return np.array([self.kept[p] for p in pairs], dtype=np.float32)

    def _run(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        encodings: list[Any] = self.tokenizer.encode_batch([(a, b) for a, b in pairs])
        order = sorted(range(len(pairs)), key=lambda i: len(encodings[i].ids))
        out = np.zeros(len(pairs), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            width = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            types = np.zeros_like(ids)
            mask = np.zeros_like(ids)
            for row, i in enumerate(chunk):
                e = encodings[i]
                n = len(e.ids)
                ids[row, :n] = e.ids
                types[row, :n] = e.type_ids
                mask[row, :n] = 1
            result = self.session.run(["logit"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
            out[chunk] = np.asarray(result[0]).reshape(-1)
        return out


@lru_cache(maxsize=4)
def _model_for(pid: int, threads: int) -> PairModel:
    return PairModel(threads=threads)


def pair_model(threads: int = 1) -> PairModel:
    """This process's model, loaded once."""
    return _model_for(os.getpid(), threads)


def model_signature() -> str:
    """What a cached relation depends on: the shipped model file."""
    meta = MODEL_DIR / "model.json"
    onnx = MODEL_DIR / "model.onnx"
    return f"{meta.read_text(encoding='utf-8')}|{onnx.stat().st_size}" if onnx.exists() else "none"
