"""Train the built-in recogniser's averaged perceptron; writes newsmark/entities/data/model.json.gz.

  python scripts/train_entities.py --tools ../shared/tools \\
      ../shared/data/ner/crossner_politics/dev.txt ../shared/data/ner/wikigold/wikigold.conll.txt:odd

Each DATASET is anything ner_eval.py loads (CoNLL or JSONL); a `:odd` / `:even` suffix keeps
only the odd / even documents, so the other half stays unseen for evaluation. The loader is
imported from the evaluation tool given by --tools, so training and scoring read data alike.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsmark.entities import builtin as B  # noqa: E402

OUT = Path(B.__file__).resolve().parent / "data" / "model.json.gz"
TYPE = {
    "PER": "PER", "person": "PER", "politician": "PER",
    "ORG": "ORG", "organisation": "ORG", "politicalparty": "ORG",
    "LOC": "LOC", "country": "LOC", "location": "LOC",
    "MISC": "MISC", "misc": "MISC", "election": "EVENT", "event": "EVENT",
}


def load_docs(tools: str, spec: str):
    sys.path.insert(0, tools)
    import ner_eval  # noqa: PLC0415

    path, _, sel = spec.partition(":")
    docs = ner_eval.load(path)
    if sel:
        docs = [d for k, d in enumerate(docs) if k % 2 == (1 if sel == "odd" else 0)]
    return docs


def split_long(docs, sentences=25):
    """CrossNER files are one 'document'; cut them so the doc memory stays local."""
    out = []
    for name, text, spans, opt in docs:
        lines = text.split("\n")
        if len(lines) <= sentences * 2:
            out.append((text, spans))
            continue
        off = 0
        for k in range(0, len(lines), sentences):
            chunk = "\n".join(lines[k : k + sentences])
            end = off + len(chunk)
            out.append((chunk, [(s - off, e - off, t) for s, e, t in spans if off <= s and e <= end]))
            off = end + 1
    return out


def examples(gaz, text, spans):
    """(doc, regions, gold tags per region)."""
    doc, _ = B.prepare(text, gaz)
    regions = doc.regions(gaz)
    start_at = {s: i for i, s in enumerate(doc.starts)}
    end_at = {e: i for i, e in enumerate(doc.ends)}
    region_of = {}
    for r, (rs, re_) in enumerate(regions):
        for i in range(rs, re_):
            region_of[i] = r
    tags = {i: "O" for i in region_of}
    for s, e, lab in spans:
        t = TYPE.get(lab)
        if not t or s not in start_at or e not in end_at:
            continue
        a, b = start_at[s], end_at[e]
        if a not in region_of or region_of.get(b) != region_of[a]:
            continue
        if a == b:
            tags[a] = "U-" + t
        else:
            tags[a] = "B-" + t
            for i in range(a + 1, b):
                tags[i] = "I-" + t
            tags[b] = "L-" + t
    return doc, [(rs, re_, [tags[i] for i in range(rs, re_)]) for rs, re_ in regions]


class Trainer:
    """Averaged perceptron with lazy averaging (timestamps), weights as feature -> {class: w}."""

    def __init__(self) -> None:
        self.w: dict[str, dict[int, float]] = defaultdict(dict)
        self.total = defaultdict(float)
        self.stamp = defaultdict(int)
        self.t = 0

    def score(self, feats):
        v = [0.0] * len(B.CLASSES)
        get = self.w.get
        for f in feats:
            d = get(f)
            if d:
                for k, x in d.items():
                    v[k] += x
        return v

    def update(self, feats, good, bad):
        for f in feats:
            d = self.w[f]
            for k, delta in ((good, 1.0), (bad, -1.0)):
                key = (f, k)
                x = d.get(k, 0.0)
                self.total[key] += (self.t - self.stamp[key]) * x
                self.stamp[key] = self.t
                d[k] = x + delta

    def averaged(self):
        out = defaultdict(list)
        for f, d in self.w.items():
            for k, x in d.items():
                key = (f, k)
                avg = (self.total[key] + (self.t - self.stamp[key]) * x) / max(self.t, 1)
                if abs(avg) >= 0.001:
                    out[f].append([k, round(avg, 3)])
        return dict(out)


def train(data, gaz, epochs: int, seed: int) -> dict:
    cls_index = {c: k for k, c in enumerate(B.CLASSES)}
    tr = Trainer()
    rnd = random.Random(seed)
    data = list(data)
    for ep in range(epochs):
        rnd.shuffle(data)
        errors = total = 0
        for doc, regions in data:
            memory = {}
            for rs, re_, gold in regions:
                prev = "O"
                rfeats = B.region_features(doc, gaz, rs, re_)
                for k, i in enumerate(range(rs, re_)):
                    feats = gaz.word_features(doc.words[i]) + rfeats + B.token_features(doc, gaz, i, rs, re_, prev, memory)
                    v = tr.score(feats)
                    guess = max(B._ALLOWED[(prev, i == re_ - 1)], key=v.__getitem__)
                    g = cls_index[gold[k]]
                    tr.t += 1
                    total += 1
                    if guess != g:
                        errors += 1
                        tr.update(feats, g, guess)
                    prev = gold[k]
                B.remember(doc, rs, gold, memory)
        print(f"seed {seed} epoch {ep + 1}: token error {errors / max(total, 1):.3f}", file=sys.stderr)
    return tr.averaged()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tools", required=True, help="folder holding ner_eval.py")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=10, help="shuffles whose weights are averaged")
    ap.add_argument("-o", "--out", default=str(OUT))
    ap.add_argument("datasets", nargs="+")
    a = ap.parse_args()
    gaz, _ = B.load_gazetteer_only()
    data = []
    for spec in a.datasets:
        for text, spans in split_long(load_docs(a.tools, spec)):
            data.append(examples(gaz, text, spans))
    print("docs", len(data), "region tokens", sum(re_ - rs for _, rr in data for rs, re_, _ in rr), file=sys.stderr)
    # several shuffles, weights averaged: the training set is small and one order is noisy
    merged: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for seed in range(a.seed, a.seed + a.runs):
        for f, pairs in train(data, gaz, a.epochs, seed).items():
            for k, x in pairs:
                merged[f][k] += x / a.runs
    weights = {}
    for f, d in merged.items():
        row = [[k, round(x, 3)] for k, x in sorted(d.items()) if abs(x) >= 0.002]
        if row:
            weights[f] = row
    with open(a.out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
        f.write(json.dumps({"classes": B.CLASSES, "weights": weights}, separators=(",", ":"), sort_keys=True).encode())
    print(a.out, Path(a.out).stat().st_size, "features", len(weights), file=sys.stderr)


if __name__ == "__main__":
    main()
