"""The closest-text hint for a --quote that is not in the article: seconds per call for
quotes of 1 KB, 10 KB and 100 KB against a 1 MB article, with rapidfuzz's whole-text
alignment on a 1 KB quote (what the hint did before) as the anchor, interleaved.

    python bench/quote_hint.py            # prints JSON
"""

from __future__ import annotations

import json
import random
import time

from rapidfuzz import fuzz

from newsmark.quotes import _closest


def article(size: int, seed: int = 1) -> str:
    rnd = random.Random(seed)
    words = ["harbour", "council", "minister", "said", "strike", "union", "port", "reopen", "monday", "figures",
             "wrong", "according", "officials", "water", "prices", "election", "ballots", "river", "towns", "the"]
    out, n = [], 0
    while n < size:
        sentence = " ".join(rnd.choice(words) for _ in range(rnd.randint(6, 18))).capitalize() + ". "
        out.append(sentence)
        n += len(sentence)
    return "".join(out)[:size]


def main() -> None:
    text = article(1_000_000)
    rnd = random.Random(2)
    results: dict[str, list[float]] = {"anchor_full_alignment_1k": [], "hint_1k": [], "hint_10k": [], "hint_100k": []}
    for _ in range(3):
        for name in results:
            size = {"1k": 1_000, "10k": 10_000, "100k": 100_000}[name.rsplit("_", 1)[1]]
            start = rnd.randrange(0, len(text) - size)
            quote = text[start:start + size].replace("a", "o", 3) + " zzz"
            t0 = time.perf_counter()
            if name.startswith("anchor"):
                fuzz.partial_ratio_alignment(quote, text, score_cutoff=70)
            else:
                _closest(text, quote)
            results[name].append(time.perf_counter() - t0)
    print(json.dumps({"article_chars": len(text), "seconds_max": {k: round(max(v), 4) for k, v in results.items()},
                      "seconds_min": {k: round(min(v), 4) for k, v in results.items()}}, indent=2))


if __name__ == "__main__":
    main()
