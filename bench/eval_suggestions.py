"""Attribution suggestion quality, scored with ../shared/tools/attr_eval.py's own functions.

  python bench/eval_suggestions.py --tools ../shared/tools ../shared/data/gum_news_dev/attributions.jsonl

Prints one JSON line per part: `tune` (the 8 documents the rules were tuned on) and
`held_out` (4 documents set aside before tuning: GUM's own dev and test documents,
homeopathic, nasa and sensitive, plus korea), and `all`. Two source measures:

- literal: the scorer as it reads the JSONL, where a pronoun source ("he", "I") must be
  matched by the pronoun itself, so a speaker resolved to a name counts as wrong;
- strict: the issue's measure, where a pronoun counts only when resolved to its speaker.
  The JSONL has no "resolves_to", so RESOLVES_TO below gives it for the 16 pronoun sources,
  written by hand from the text (the scorer's gold-JSON format has the same field).

`--cmd` runs the scorer itself (subprocesses) instead, for a cross-check of the literal figures.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HELD_OUT = {"GUM_news_homeopathic", "GUM_news_nasa", "GUM_news_sensitive", "GUM_news_korea"}
# (document, start of the pronoun source) -> the speaker it refers to, read off the text
RESOLVES_TO = {
    ("GUM_news_crane", 996): "Khaled Al - Maeena", ("GUM_news_flag", 1418): "John Key",
    ("GUM_news_flag", 1610): "John Key", ("GUM_news_homeopathic", 2220): "Thomas Sam",
    ("GUM_news_imprisoned", 1621): "Valeska Paris", ("GUM_news_imprisoned", 2241): "the Church",
    ("GUM_news_korea", 911): "KCNA", ("GUM_news_nasa", 5106): "Chris Gregoire",
    ("GUM_news_sensitive", 1864): "Sujata Raisinghani", ("GUM_news_warhol", 4312): "Gustafon",
    ("GUM_news_warhol", 6532): "Kathryn Waters", ("GUM_news_warhol", 6751): "Hilary Braysmith",
    ("GUM_news_warhol", 6975): "Hilary Braysmith", ("GUM_news_warhol", 7367): "Kristen Wilkins",
    ("GUM_news_warhol", 8611): "Kevin Allton", ("GUM_news_warhol", 8963): "Allton",
}


def scorer(tools: str):
    spec = importlib.util.spec_from_file_location("attr_eval", os.path.join(tools, "attr_eval.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_of(doc: dict, strict: bool) -> list[dict]:
    """The scorer's JSONL gold (relations without a cue left out), with resolves_to when strict."""
    text, gold = doc["text"], []
    for a in doc["attributions"]:
        if not a.get("cue") or not a.get("content"):
            continue
        g = {"content": [min(x[0] for x in a["content"]), max(x[1] for x in a["content"])],
             "source_text": " ".join(text[x[0]:x[1]] for x in a.get("source") or [])}
        key = (doc["doc"], a["source"][0][0]) if a.get("source") else None
        if strict and key in RESOLVES_TO:
            g["resolves_to"] = RESOLVES_TO[key]
        gold.append(g)
    return gold


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tools", required=True, help="folder holding attr_eval.py")
    ap.add_argument("--cmd", help="also run the scorer itself with this command, e.g. 'newsmark suggest {file} --json'")
    ap.add_argument("data", help="gum_news_dev/attributions.jsonl")
    args = ap.parse_args()
    ae = scorer(args.tools)
    from newsmark.entities import get_recognizer
    from newsmark.suggest import suggest

    rec = get_recognizer("builtin")
    docs = [json.loads(line) for line in open(args.data, encoding="utf-8")]
    totals: dict[str, list[float]] = {}
    for doc in docs:
        text = doc["text"]
        t0 = time.perf_counter()
        pred = suggest(text, rec.recognize(text)).to_json()["attributions"]
        seconds = time.perf_counter() - t0
        matched, literal, n_gold, n_pred = ae.score_doc(text, gold_of(doc, False), pred)
        _, strict, _, _ = ae.score_doc(text, gold_of(doc, True), pred)
        words = len(ae.TOKEN.findall(text))
        for part in ("held_out" if doc["doc"] in HELD_OUT else "tune", "all"):
            t = totals.setdefault(part, [0, 0, 0, 0, 0, 0, 0.0])
            for k, v in enumerate((matched, literal, strict, n_gold, n_pred, words, seconds)):
                t[k] += v
    for part in ("tune", "held_out", "all"):
        m, lit, st, g, p, words, seconds = totals[part]
        cp, cr, cf = ae.f1(m, p, g)
        print(json.dumps({
            "part": part, "docs": sum(1 for d in docs if part == "all" or (d["doc"] in HELD_OUT) == (part == "held_out")),
            "gold": g, "predicted": p, "content_p": round(cp, 3), "content_r": round(cr, 3), "content_f1": round(cf, 3),
            "source_acc_strict": round(st / m, 3) if m else 0.0, "full_f1_strict": round(ae.f1(st, p, g)[2], 3),
            "source_acc_literal": round(lit / m, 3) if m else 0.0, "full_f1_literal": round(ae.f1(lit, p, g)[2], 3),
            "words_per_s_with_entities": round(words / seconds),
        }))
    if args.cmd:
        import subprocess

        out = subprocess.run([sys.executable, os.path.join(args.tools, "attr_eval.py"), "--cmd", args.cmd, args.data],
                             capture_output=True, text=True, check=True)
        print(out.stdout.strip())


if __name__ == "__main__":
    main()
