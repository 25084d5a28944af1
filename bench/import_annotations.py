"""Merging a colleague's export, then searching: `import-annotations` of 100,000 lines beside
`sqlite-utils insert --nl` + `enable-fts` of the same lines, and the first search after the
import beside the second. Prints one JSON object.

    python bench/import_annotations.py [--annotations 100000] [--articles 200] [--rounds 5]

The lines are a real `newsmark export --with-text` of a generated database (news-like
sentences from bench/search.py's generator, one annotation per sentence), made once, untimed.
Each round runs, as subprocesses and interleaved (A, B, A, B, …) so both sides see the same
load: A = `newsmark import-annotations` into a new database; B = `sqlite-utils insert --nl`
then `sqlite-utils enable-fts` on quote, note and attributed_to, into another. After A, the
same `newsmark search … --json` runs twice (each a new process, as a script would call it):
the first pays for anything the import left for later, the second does not. CPU time (user +
system of the child processes), min / median / max over the rounds; wall time beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import sentence, vocabulary_pools  # noqa: E402  (the search bench's generator)

from newsmark.ingest import ImportedText  # noqa: E402
from newsmark.store import Store  # noqa: E402

BIN = Path(sys.executable).parent
QUERY = "ministry transprt strike"


def run(cmd: list[str], **kw) -> tuple[float, float]:
    """(CPU seconds of the child, wall seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def make_export(folder: Path, n_annotations: int, n_articles: int, seed: int = 3) -> Path:
    rnd = random.Random(seed)
    pools = vocabulary_pools(rnd)
    per_article = n_annotations // n_articles
    src = folder / "source.db"
    with Store.open(src) as store:
        for a in range(n_articles):
            sentences = [sentence(rnd, pools)[0] for _ in range(per_article)]
            title = f"Report {a}: {rnd.choice(pools[3])} in {rnd.choice(pools[2])}"
            text = title + "\n\n" + " ".join(sentences) + "\n"
            art, _, _ = store.import_article(ImportedText(text, title, None))
            rows, pos = [], len(title) + 2
            for s in sentences:
                rows.append({"article_id": art.id, "label": rnd.choice(("claim", "attribution", "disputed")),
                             "start": pos, "end": pos + len(s), "annotator": rnd.choice(("ana", "ben")),
                             "note": rnd.choice(("", "", "check the figure", f"compare {rnd.choice(pools[2])}")),
                             "id": str(uuid.UUID(int=rnd.getrandbits(128)))})
                pos += len(s) + 1
            store.add_annotations(rows)
    out = folder / "export.jsonl"
    subprocess.run([str(BIN / "newsmark"), "--db", str(src), "export", "--with-text", "-o", str(out)], check=True)
    return out


def stats(xs: list[float]) -> dict:
    return {"min": round(min(xs), 3), "median": round(statistics.median(xs), 3), "max": round(max(xs), 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--annotations", type=int, default=100_000)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    env = dict(os.environ, NEWSMARK_ANNOTATOR="bench")
    with tempfile.TemporaryDirectory(prefix="newsmark-bench-merge-") as tmp:
        root = Path(tmp)
        export = make_export(root, args.annotations, args.articles)
        lines = sum(1 for _ in export.open(encoding="utf-8"))
        a_cpu, a_wall, b_cpu, b_wall, first_cpu, second_cpu, first_wall, second_wall = ([] for _ in range(8))
        for r in range(args.rounds):
            db = root / f"nm-{r}.db"
            cpu, wall = run([str(BIN / "newsmark"), "--db", str(db), "import-annotations", str(export)], env=env)
            a_cpu.append(cpu)
            a_wall.append(wall)
            for cpus, walls in ((first_cpu, first_wall), (second_cpu, second_wall)):
                cpu, wall = run([str(BIN / "newsmark"), "--db", str(db), "search", QUERY, "--json"], env=env)
                cpus.append(cpu)
                walls.append(wall)
            su = root / f"su-{r}.db"
            cpu1, wall1 = run([str(BIN / "sqlite-utils"), "insert", str(su), "annotations", str(export), "--nl"])
            cpu2, wall2 = run([str(BIN / "sqlite-utils"), "enable-fts", str(su), "annotations",
                               "quote", "note", "attributed_to"])
            b_cpu.append(cpu1 + cpu2)
            b_wall.append(wall1 + wall2)
            for p in root.glob(f"*-{r}.db*"):
                p.unlink()
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps({
        "benchmark": "import-annotations",
        "lines": lines,
        "rounds": args.rounds,
        "import_annotations_cpu_s": stats(a_cpu),
        "sqlite_utils_insert_nl_plus_enable_fts_cpu_s": stats(b_cpu),
        "ratio_cpu_median": round(statistics.median(a_cpu) / statistics.median(b_cpu), 2),
        "import_annotations_wall_s": stats(a_wall),
        "sqlite_utils_wall_s": stats(b_wall),
        "first_search_after_import_cpu_s": stats(first_cpu),
        "second_search_cpu_s": stats(second_cpu),
        "first_over_second_cpu_median": round(statistics.median(first_cpu) / statistics.median(second_cpu), 2),
        "first_search_wall_s": stats(first_wall),
        "second_search_wall_s": stats(second_wall),
        "targets": {"ratio_cpu_median": 1.5, "first_over_second_cpu_median": 1.5},
    }, indent=2))


if __name__ == "__main__":
    main()
