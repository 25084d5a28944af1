"""Command start-up, each beside its anchor in the same run; prints one JSON object.

    python bench/cli.py [--rounds 15]

* `newsmark --version` beside `python -c pass` (the same interpreter).
* `newsmark annotations --json` on a small database (3 articles, 30 marks) beside
  `sqlite-utils query` of the same rows (`--json-cols`, the same columns, joined to their
  article), the ecosystem's own CLI for reading a SQLite file.

Each round runs every command once, in turn (A, B, A, B, …), as a new process, so both
sides see the same load. CPU time (user + system of the child), min / median / max; the
ratio is of medians. The console scripts in this interpreter's bin folder are used.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from newsmark.ingest import ImportedText
from newsmark.store import Store

BIN = Path(sys.executable).parent
TEXT = ("Dam talks {i}\n\n" + " ".join(
    f"The board said the dam would release {n} cubic metres a second." for n in range(10, 20)) + "\n")
QUERY = ("SELECT a.id, a.article_id, a.label, a.start, a.\"end\", a.quote, a.prefix, a.suffix, a.note,"
         " a.attributed_to, a.annotator, a.created_at, a.updated_at, r.title, r.sha256 FROM annotations a"
         " JOIN articles r ON r.id = a.article_id WHERE a.deleted = 0 ORDER BY a.article_id, a.start")


def cpu(cmd: list[str], env: dict) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def stats(xs: list[float]) -> dict:
    return {"min_ms": round(min(xs) * 1000, 1), "median_ms": round(statistics.median(xs) * 1000, 1),
            "max_ms": round(max(xs) * 1000, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsmark-bench-cli-") as tmp:
        db = Path(tmp) / "news.db"
        with Store.open(db) as store:
            for i in range(3):
                text = TEXT.format(i=i)
                art, _, _ = store.import_article(ImportedText(text, f"Dam talks {i}", None))
                pos = text.index("The board")
                for _ in range(10):
                    end = text.index(".", pos) + 1
                    store.add_annotation(art.id, "claim", pos, end, annotator="bench")
                    pos = end + 1
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMARK_")}
        commands = {
            "python_c_pass": [sys.executable, "-c", "pass"],
            "newsmark_version": [str(BIN / "newsmark"), "--version"],
            "newsmark_annotations_json": [str(BIN / "newsmark"), "--db", str(db), "annotations", "--json"],
            "sqlite_utils_query": [str(BIN / "sqlite-utils"), "query", str(db), QUERY],
        }
        for cmd in commands.values():  # warm the file cache once
            cpu(cmd, env)
        times: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.rounds):
            for name, cmd in commands.items():
                times[name].append(cpu(cmd, env))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(json.dumps({
        "benchmark": "cli start-up (CPU time per process)",
        "rounds": args.rounds,
        **{k: stats(v) for k, v in times.items()},
        "version_over_python": round(med["newsmark_version"] / med["python_c_pass"], 2),
        "annotations_over_sqlite_utils_query": round(med["newsmark_annotations_json"] / med["sqlite_utils_query"], 2),
        "targets": {"version_over_python": 3.0, "annotations_over_sqlite_utils_query": 1.0},
    }, indent=2))


if __name__ == "__main__":
    main()
