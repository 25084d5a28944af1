"""Suggestion speed: a 1 MB article in-process, beside a plain regex pass over the same text.

  python bench/suggest.py [--reps 5] [FILE ...]

Text: the given files (else the bundled sample articles) repeated to 1 MB. Prints one JSON
object, best of --reps rounds each, the rounds interleaved so load on the machine hits all
alike:

- `suggest_s` (wall) and `suggest_cpu_s` (process CPU time): newsmark.suggest.suggest(text, entities) with the entities already known
  (the reader's case: it has them from the cache);
- `regex_anchor_s`: one regular-expression pass over the same text (a cue-word finditer),
  the floor any rule-based extractor pays; `ratio` = suggest_s / regex_anchor_s;
- `recognizer_s`: the built-in entity recogniser on the same text (what `newsmark suggest`
  on a file adds, measured once);
- words per second of suggest, and of spaCy's parser-based rule baseline (en_core_web_sm,
  subject + reporting-verb dependency rules) when spaCy and the model are installed;
  otherwise `spacy` says not installed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 1_000_000
ANCHOR = re.compile(r"\b(?:said|says|told|added|according to|claimed|denied|believes)\b|[\"“”]")


def text_of(paths: list[str]) -> str:
    from newsmark.ingest import read_article

    files = [Path(p) for p in paths] or sorted(p for p in (ROOT / "sample_articles").glob("*.md")
                                              if p.name.lower() != "readme.md")
    parts = [read_article(f).text for f in files]
    out, n = [], 0
    while n < TARGET:
        for p in parts:
            out.append(p)
            n += len(p) + 2
    return "\n\n".join(out)[:TARGET]


def spacy_rules(text: str, nlp) -> int:
    """The parser-based baseline: a reporting verb with a nominal subject and a clausal or quoted complement."""
    verbs = {"say", "tell", "add", "claim", "deny", "believe", "state", "announce", "warn", "insist"}
    found = 0
    for doc in nlp.pipe([p for p in text.split("\n\n") if p.strip()], batch_size=64):
        for tok in doc:
            if tok.lemma_ in verbs and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) and any(
                    c.dep_ in ("ccomp", "xcomp", "dobj") for c in tok.children):
                found += 1
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    from newsmark.entities import get_recognizer
    from newsmark.suggest import suggest

    text = text_of(args.files)
    words = len(text.split())
    t0 = time.perf_counter()
    entities = get_recognizer("builtin").recognize(text)
    recognizer_s = time.perf_counter() - t0
    best_s = best_a = best_s_cpu = best_a_cpu = float("inf")
    n_found = 0
    for _ in range(args.reps):
        t0, c0 = time.perf_counter(), time.process_time()
        n_anchor = sum(1 for _ in ANCHOR.finditer(text))
        best_a, best_a_cpu = min(best_a, time.perf_counter() - t0), min(best_a_cpu, time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        found = suggest(text, entities)
        best_s, best_s_cpu = min(best_s, time.perf_counter() - t0), min(best_s_cpu, time.process_time() - c0)
        n_found = len(found.attributions) + len(found.claims)
    result = {
        "chars": len(text), "words": words, "reps": args.reps,
        "suggest_s": round(best_s, 4), "regex_anchor_s": round(best_a, 4), "ratio": round(best_s / best_a, 1),
        # CPU seconds: what the process itself spent, steadier than wall time on a shared machine
        "suggest_cpu_s": round(best_s_cpu, 4), "regex_anchor_cpu_s": round(best_a_cpu, 4),
        "recognizer_s": round(recognizer_s, 3), "suggest_words_per_s": round(words / best_s),
        "suggestions": n_found, "anchor_matches": n_anchor, "target_s": 0.5,
    }
    model = next((m for m in ("en_core_web_sm",) if importlib.util.find_spec("spacy") and importlib.util.find_spec(m)),
                 None)
    if model is None:
        result["spacy"] = ("not installed" if importlib.util.find_spec("spacy") is None
                           else "installed, but no en_core_web_sm model (none is downloaded)")
    else:
        import spacy

        nlp = spacy.load(model, disable=["ner"])
        sample = text[:100_000]
        t0 = time.perf_counter()
        spacy_rules(sample, nlp)
        spacy_wps = len(sample.split()) / (time.perf_counter() - t0)
        result["spacy_rules_words_per_s"] = round(spacy_wps)
        result["speedup_vs_spacy"] = round(words / best_s / spacy_wps, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
