"""Store write/read speed beside raw sqlite3 on the same schema, measured in the same run.

    python bench/store.py [--annotations 100000] [--per-call 2000] [--articles 200]

Prints one JSON object. The anchor is plain `sqlite3` `executemany` of the same rows (ids,
quotes, context and timestamps computed beforehand) into a database with the same schema,
triggers and pragmas (WAL, synchronous=FULL), in one transaction — so the ratio is what the
store's checks, context and object building cost on top of SQLite itself. The two sides run
in turn, round by round (A, B, A, B, …), timed in CPU time; min / median / max are printed.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from newsmark.ingest import ImportedText
from newsmark.model import LABELS, context
from newsmark.store import Store, now

WORDS = (
    "the minister said port workers strike council budget water tariff according to officials union "
    "figures percent million river flood dam election ballot counted agency report statement denied "
    "claimed spokesperson Lisbon Valmares Porto Seco Arenal federation company ministry data"
).split()


def make_articles(rng: random.Random, n: int) -> list[ImportedText]:
    out = []
    for i in range(n):
        words = [rng.choice(WORDS) for _ in range(900)]
        text = f"Article {i}\n\n" + " ".join(words) + ".\n"
        out.append(ImportedText(text=text, title=f"Article {i}", path=f"/bench/article-{i}.txt"))
    return out


def make_rows(rng: random.Random, articles, n: int) -> list[dict]:
    rows = []
    for i in range(n):
        article_id, length = articles[i % len(articles)]
        start = rng.randrange(0, length - 80)
        rows.append({
            "article_id": article_id, "label": LABELS[i % 3], "start": start, "end": start + rng.randrange(5, 80),
            "note": "check this" if i % 7 == 0 else "", "attributed_to": "a source" if i % 3 == 1 else "",
            "annotator": "bench",
        })
    return rows


def fresh_store(folder: Path, name: str, articles: list[ImportedText]) -> tuple[Store, list[tuple[str, int]]]:
    store = Store.open(folder / name)
    ids = []
    for imported in articles:
        article, _, _ = store.import_article(imported)
        ids.append((article.id, len(article.text)))
    return store, ids


def timed(fn):
    """(CPU seconds, value): process time, so other work on a shared machine counts less."""
    t0 = time.process_time()
    value = fn()
    return time.process_time() - t0, value


def stats(xs: list[float], count: int) -> dict:
    us = [x / count * 1e6 for x in xs]
    return {"min": round(min(us), 2), "median": round(statistics.median(us), 2), "max": round(max(us), 2)}


def store_side(folder: Path, name: str, articles, rows) -> tuple[float, float]:
    """The store's bulk path (one transaction, FTS and vocabulary in bulk), then reading back."""
    store, _ = fresh_store(folder, name, articles)
    bulk_s, n = timed(lambda: store.add_annotations(rows))
    assert n == len(rows)
    read_s, read = timed(lambda: list(store.annotations()))
    assert len(read) == len(rows)
    store.close()
    return bulk_s, read_s


def raw_side(folder: Path, name: str, source: Path, texts: dict, rows, triggers: bool = True) -> tuple[float, float]:
    """Raw sqlite3 on the same schema and pragmas, rows fully prepared beforehand (untimed)."""
    Store.open(folder / name).close()  # schema only
    conn = sqlite3.connect(folder / name, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    if not triggers:
        for (trigger,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'annotations'").fetchall():
            conn.execute(f'DROP TRIGGER "{trigger}"')
    with sqlite3.connect(source) as src:
        conn.executemany("INSERT INTO articles (id, title, path, text, sha256, imported_at) VALUES (?,?,?,?,?,?)",
                         src.execute("SELECT id, title, path, text, sha256, imported_at FROM articles").fetchall())
    stamp = now()
    prepared = []
    for r in rows:
        text = texts[r["article_id"]]
        prefix, suffix = context(text, r["start"], r["end"])
        prepared.append((str(uuid.uuid4()), r["article_id"], r["label"], r["start"], r["end"],
                         text[r["start"]:r["end"]], prefix, suffix, r["note"], r["attributed_to"], r["annotator"],
                         stamp, stamp))

    def raw_insert():
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            'INSERT INTO annotations (id, article_id, label, start, "end", quote, prefix, suffix, note,'
            " attributed_to, annotator, created_at, updated_at, deleted) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,0)",
            prepared,
        )
        conn.execute("COMMIT")

    raw_s, _ = timed(raw_insert)
    raw_read_s, raw_rows = timed(lambda: conn.execute(
        'SELECT a.id, a.article_id, a.label, a.start, a."end", a.quote, a.prefix, a.suffix, a.note,'
        " a.attributed_to, a.annotator, a.created_at, a.updated_at, a.deleted, r.title, r.outlet, r.url, r.sha256"
        " FROM annotations a JOIN articles r ON r.id = a.article_id WHERE a.deleted = 0"
        ' ORDER BY r.imported_at, a.article_id, a.start, a."end", a.created_at').fetchall())
    assert len(raw_rows) == len(rows)
    conn.close()
    return raw_s, raw_read_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--per-call", type=int, default=2_000)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    articles = make_articles(rng, args.articles)

    with tempfile.TemporaryDirectory(prefix="newsmark-bench-") as tmp:
        folder = Path(tmp)
        store, ids = fresh_store(folder, "source.db", articles)
        texts = {a: store.article(a).text for a, _ in ids}
        store.close()
        rows = make_rows(random.Random(args.seed + 1), ids, args.annotations)

        bulk, read, raw, raw_read, raw_nofts = [], [], [], [], []
        for r in range(args.rounds):  # A, B, A, B, …: both sides see the same machine
            b, rd = store_side(folder, f"store-{r}.db", articles, rows)
            bulk.append(b)
            read.append(rd)
            w, wr = raw_side(folder, f"raw-{r}.db", folder / "source.db", texts, rows)
            raw.append(w)
            raw_read.append(wr)
            raw_nofts.append(raw_side(folder, f"nofts-{r}.db", folder / "source.db", texts, rows, triggers=False)[0])
            for p in folder.glob(f"*-{r}.db*"):
                p.unlink()

        # one call (one transaction, one fsync) per annotation, as the TUI does per key press
        store, ids2 = fresh_store(folder, "percall.db", articles)
        assert ids2 == ids
        few = rows[: args.per_call]
        per_call_s, _ = timed(lambda: [store.add_annotation(r["article_id"], r["label"], r["start"], r["end"],
                                                            note=r["note"], attributed_to=r["attributed_to"],
                                                            annotator=r["annotator"]) for r in few])
        store.close()

    n = len(rows)
    result = {
        "benchmark": "store (CPU time, µs per annotation, min/median/max over interleaved rounds)",
        "annotations": n,
        "articles": len(articles),
        "rounds": args.rounds,
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "store_bulk_us_per_annotation": stats(bulk, n),
        "raw_executemany_us_per_annotation": stats(raw, n),
        "bulk_ratio_to_raw_median": round(statistics.median(bulk) / statistics.median(raw), 2),
        "raw_without_fts_triggers_us_per_annotation": stats(raw_nofts, n),
        "bulk_target_ratio": 3.0,
        "store_read_us_per_annotation": stats(read, n),
        "raw_read_us_per_annotation": stats(raw_read, n),
        "read_ratio_to_raw_median": round(statistics.median(read) / statistics.median(raw_read), 2),
        "per_call_annotations": len(few),
        "store_add_annotation_us_per_call_cpu": round(per_call_s / len(few) * 1e6, 2),
        "per_call_note": "one transaction + fsync (synchronous=FULL) per call, as the TUI saves each key press",
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
