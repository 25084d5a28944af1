"""Entity quality in-process, scored exactly as ../shared/tools/ner_eval.py scores it.

  python bench/eval_entities.py --tools ../shared/tools [--spacy en_core_web_sm] \\
      ../shared/data/ner/wikigold/wikigold.conll.txt:even ../shared/data/gum_news_dev/entities.jsonl

DATASET is any file ner_eval.py loads; `:odd` / `:even` keeps only those documents (the
shipped model trains on wikigold's odd documents, so wikigold is reported on `:even`).
Prints one JSON line per dataset and system. --errors FILE writes missed and spurious spans.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def load(tools: str, spec: str):
    sys.path.insert(0, tools)
    import ner_eval  # noqa: PLC0415

    path, _, sel = spec.partition(":")
    docs = ner_eval.load(path)
    if sel:
        docs = [d for k, d in enumerate(docs) if k % 2 == (1 if sel == "odd" else 0)]
    return docs


def spacy_system(model: str):
    import spacy  # noqa: PLC0415

    nlp = spacy.load(model)
    return lambda t: [(e.start_char, e.end_char, e.label_) for e in nlp(t).ents]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tools", required=True, help="folder holding ner_eval.py and ner_score.py")
    ap.add_argument("--recognizer", default="builtin")
    ap.add_argument("--spacy", help="also score this spaCy model (e.g. en_core_web_sm)")
    ap.add_argument("--errors", help="write missed/spurious spans of the recognizer here")
    ap.add_argument("datasets", nargs="+")
    a = ap.parse_args()
    sys.path.insert(0, a.tools)
    from ner_score import fold, score  # noqa: PLC0415

    from newsmark.entities import get_recognizer  # noqa: PLC0415

    rec = get_recognizer(a.recognizer)
    systems = {f"newsmark:{rec.name}": lambda t: [(e.start, e.end, e.label) for e in rec.recognize(t)]}
    if a.spacy:
        systems["spacy:" + a.spacy] = spacy_system(a.spacy)
    err = open(a.errors, "w", encoding="utf-8") if a.errors else None
    for ds in a.datasets:
        docs = load(a.tools, ds)
        words = sum(len(t.split()) for _, t, _, _ in docs)
        for name, fn in systems.items():
            fn(docs[0][1][:2000])  # warm-up: data loading is not throughput
            t0 = time.perf_counter()
            preds = [fn(t) for _, t, _, _ in docs]
            dt = time.perf_counter() - t0
            r = score([(t, g, p, o) for (_, t, g, o), p in zip(docs, preds)])
            r.update(dataset=os.path.basename(ds), system=name, words_per_s=round(words / dt))
            print(json.dumps(r), flush=True)
            if err and name.startswith("newsmark"):
                for (doc, t, g, _), p in zip(docs, preds):
                    G, P = fold(g, t), fold(p, t)
                    for s, e, lab in sorted(G - P):
                        hit = [x for x in P if x[0] == s and x[1] == e]
                        kind = f"TYPE {hit[0][2]}" if hit else "MISS"
                        err.write(f"{ds}\t{kind}\t{lab}\t{t[s:e]}\t{t[max(0, s - 40):e + 40]!r}\n")
                    for s, e, lab in sorted(P - G):
                        if not any(x[0] == s and x[1] == e for x in G):
                            err.write(f"{ds}\tSPUR\t{lab}\t{t[s:e]}\t{t[max(0, s - 40):e + 40]!r}\n")


if __name__ == "__main__":
    main()
