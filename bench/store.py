"""Store write/read speed beside raw sqlite3 on the same schema, measured in the same run.

    python bench/store.py [--annotations 100000] [--per-call 2000] [--articles 200]

Prints one JSON object. The anchor is plain `sqlite3` `executemany` of the same rows (ids,
quotes, context and timestamps computed beforehand) into a database with the same schema,
triggers and pragmas (WAL, synchronous=FULL), in one transaction — so the ratio is what the
store's checks, context and object building cost on top of SQLite itself.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
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
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--per-call", type=int, default=2_000)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    articles = make_articles(rng, args.articles)

    with tempfile.TemporaryDirectory(prefix="newsmark-bench-") as tmp:
        folder = Path(tmp)

        # store, bulk path: one transaction
        store, ids = fresh_store(folder, "bulk.db", articles)
        rows = make_rows(random.Random(args.seed + 1), ids, args.annotations)
        bulk_s, n = timed(lambda: store.add_annotations(rows))
        assert n == len(rows)
        read_s, read = timed(lambda: list(store.annotations()))
        assert len(read) == len(rows)
        texts = {a: store.article(a).text for a, _ in ids}
        store.close()

        # store, one call (one transaction, one fsync) per annotation, as the TUI does per key press
        store, ids2 = fresh_store(folder, "percall.db", articles)
        assert ids2 == ids
        few = rows[: args.per_call]
        per_call_s, _ = timed(lambda: [store.add_annotation(r["article_id"], r["label"], r["start"], r["end"],
                                                            note=r["note"], attributed_to=r["attributed_to"],
                                                            annotator=r["annotator"]) for r in few])
        store.close()

        # anchor: raw sqlite3 on the same schema, same pragmas, rows fully prepared beforehand
        Store.open(folder / "raw.db").close()  # schema only
        conn = sqlite3.connect(folder / "raw.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        with sqlite3.connect(folder / "bulk.db") as src:
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

        # for the record: the same raw insert without the full-text triggers (what FTS costs)
        Store.open(folder / "nofts.db").close()
        conn = sqlite3.connect(folder / "nofts.db", isolation_level=None)
        conn.execute("PRAGMA synchronous = FULL")
        for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'annotations'").fetchall():
            conn.execute(f'DROP TRIGGER "{trigger}"')
        with sqlite3.connect(folder / "bulk.db") as src:
            conn.executemany("INSERT INTO articles (id, title, path, text, sha256, imported_at) VALUES (?,?,?,?,?,?)",
                             src.execute("SELECT id, title, path, text, sha256, imported_at FROM articles").fetchall())
        raw_nofts_s, _ = timed(raw_insert)
        conn.close()

    us = lambda seconds, count: round(seconds / count * 1e6, 2)  # noqa: E731
    result = {
        "benchmark": "store",
        "annotations": len(rows),
        "articles": len(articles),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "store_bulk_us_per_annotation": us(bulk_s, len(rows)),
        "raw_executemany_us_per_annotation": us(raw_s, len(rows)),
        "bulk_ratio_to_raw": round(bulk_s / raw_s, 2),
        "raw_without_fts_triggers_us_per_annotation": us(raw_nofts_s, len(rows)),
        "bulk_target_ratio": 3.0,
        "store_read_us_per_annotation": us(read_s, len(rows)),
        "raw_read_us_per_annotation": us(raw_read_s, len(rows)),
        "read_ratio_to_raw": round(read_s / raw_read_s, 2),
        "per_call_annotations": len(few),
        "store_add_annotation_us_per_call": us(per_call_s, len(few)),
        "per_call_note": "one transaction + fsync (synchronous=FULL) per call, as the TUI saves each key press",
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
