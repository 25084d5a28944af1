"""Search at scale: 1,000,000 annotations over 20,000 articles; prints JSON.

    python bench/search.py [--annotations 1000000] [--articles 20000] [--queries 40] [--busy 1]

(numpy, for the full scan: `pip install -e '.[bench]'`.)

Builds (once, cached under /tmp, through the store's bulk write path) a database of
generated but news-like articles — names, organisations, places, numbers, reporting verbs —
with one annotation per sentence, then runs a fixed, seeded set of queries with typos,
dropped letters, swapped word order and partial words. Reports in one run:

* `search` (the fast path, as the CLI and TUI call it): p50/p95 latency (wall and CPU),
  warm vocabulary, with `--busy` processes spinning a core each the whole time; and the
  cold first query (vocabulary load).
* the anchor, interleaved query by query: a naive `rapidfuzz.process.extract` (WRatio) over
  every live annotation's quote, note and source, folded and split into words exactly as
  newsmark folds them (prepared once, untimed), on the same queries.
* known-item recall@20, a measure independent of newsmark's ranking: the annotation a
  query was made from is in the top 20; overall and for the partial-word queries. The
  anchor's known-item recall is reported beside it. `--more-known-items N`: the same measure
  on N more queries from another seed, untimed (20 queries move the figure in steps of 0.05).
* recall@20 of the fast path against a full scan of newsmark's own ranking function over
  every row (no index; numpy over every annotation's words). Ties at the 20th score count
  as hits: any of the tied rows is an equally right answer.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import time
import uuid
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from newsmark.ingest import sha256_text
from newsmark.search import PHRASE_FLOOR, TITLE_FACTOR, make_plan, query_words, search, vocabulary, words
from newsmark.store import Store

SYL = ["ba", "ca", "da", "fe", "ga", "hi", "jo", "ka", "lo", "ma", "ne", "no", "pa", "qui", "ra", "ri", "sa", "so",
       "ta", "te", "tu", "va", "vi", "za", "el", "an", "or", "in", "us", "er", "ch", "ll", "cc", "rr", "ss", "mé", "ça"]
ORG_KINDS = ["Ministry of", "Federation of", "Council of", "Association of", "Bank of", "Institute for", "Board of",
             "Union of", "Agency for", "Commission on"]
TOPICS = ["Transport", "Water", "Finance", "Health", "Energy", "Ports", "Housing", "Justice", "Fisheries", "Trade",
          "Education", "Elections", "Agriculture", "Labour", "Defence", "Tourism", "Mining", "Railways"]
VERBS = ["said", "told reporters", "claimed", "denied", "warned", "insisted", "estimated", "announced", "argued",
         "disputed", "confirmed", "wrote"]
CLAIMS = [
    "the strike would cost {n} million euros a day",
    "prices rose by {n} percent in {year}",
    "{n} containers were stuck at the port of {place}",
    "talks with {org} collapsed after {n} hours",
    "the dam near {place} releases {n} cubic metres a second",
    "turnout reached {n} percent, the highest since {year}",
    "{n} workers lost their jobs in {place} last year",
    "the budget for {topic} was cut by {n} percent",
    "{org} had hidden losses of {n} million for years",
    "every ballot in {place} is counted twice, in public",
    "the report on {topic} was never published",
    "about {n} families were moved from {place} before the flood",
    "the contract with {org} was signed without a tender",
    "inflation in {place} will fall below {n} percent by {year}",
    "police arrested {n} protesters outside the {topic} offices",
]
COMMON = ("the a of to and in that for on with as by at from was were is it this its their his her but not "
          "after before over under about new more most less year week day".split())


def _word(rnd: random.Random, lo: int, hi: int) -> str:
    return "".join(rnd.choice(SYL) for _ in range(rnd.randint(lo, hi))).capitalize()


def vocabulary_pools(rnd: random.Random):
    first = sorted({_word(rnd, 2, 3) for _ in range(1500)})
    last = sorted({_word(rnd, 2, 4) for _ in range(8000)})
    places = sorted({_word(rnd, 2, 4) for _ in range(3000)})
    orgs = [f"{rnd.choice(ORG_KINDS)} {rnd.choice(TOPICS)}" for _ in range(400)]
    orgs += [f"{_word(rnd, 2, 3)} {rnd.choice(['Line', 'Group', 'Holdings', 'Partners', 'Bank', 'Logistics'])}"
             for _ in range(1500)]
    rare = sorted({_word(rnd, 3, 5).lower() for _ in range(40000)})
    return first, last, places, orgs, rare


def sentence(rnd, pools) -> tuple[str, str]:
    first, last, places, orgs, rare = pools
    who = f"{rnd.choice(first)} {rnd.choice(last)}"
    fill = {"n": rnd.choice([rnd.randint(2, 99), rnd.randint(100, 9999), f"{rnd.randint(1, 99)}.{rnd.randint(1, 9)}"]),
            "year": rnd.randint(1990, 2026), "place": rnd.choice(places), "org": rnd.choice(orgs),
            "topic": rnd.choice(TOPICS)}
    claim = rnd.choice(CLAIMS).format(**fill)
    extra = " ".join(rnd.choice(rare) for _ in range(rnd.randint(0, 3)))
    shape = rnd.random()
    if shape < 0.4:
        s = f"{who}, of the {rnd.choice(orgs)}, {rnd.choice(VERBS)} that {claim}"
    elif shape < 0.7:
        s = f"\"{claim[0].upper() + claim[1:]},\" {rnd.choice(VERBS)} {who} in {rnd.choice(places)}"
    else:
        s = f"According to {rnd.choice(orgs)}, {claim}"
    if extra:
        s += f", {rnd.choice(COMMON)} {extra}"
    return s + ".", who


def build(path: Path, n_articles: int, n_annotations: int, seed: int = 5) -> None:
    rnd = random.Random(seed)
    pools = vocabulary_pools(rnd)
    per_article = n_annotations // n_articles
    tmp = path.with_suffix(".part")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    store = Store.open(tmp)
    conn = store.conn
    stamp = "2026-03-01T12:00:00.000Z"
    t0 = time.perf_counter()
    # The bulk write path (Store.bulk, as import-annotations uses it): no per-row FTS or
    # vocabulary triggers; the batch is indexed and its words folded when the block ends.
    with store.write(), store.bulk():
        for a in range(n_articles):
            sentences = [sentence(rnd, pools) for _ in range(per_article + 5)]
            place, org = rnd.choice(pools[2]), rnd.choice(pools[3])
            title = f"{org} in {place}: {rnd.choice(['talks stall', 'figures questioned', 'a week of protests', 'what the report says', 'the vote'])}"
            text = title + "\n\n" + " ".join(s for s, _ in sentences) + "\n"
            sha = sha256_text(text)
            aid = sha[:10]
            conn.execute(
                "INSERT INTO articles (id, title, outlet, url, published, path, text, sha256, imported_at)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (aid, title, "Bench Wire", f"https://example.org/{aid}", "2026-03-01", None, text, sha, stamp),
            )
            pos = len(title) + 2
            rows = []
            for j, (s, who) in enumerate(sentences):
                start, end = pos, pos + len(s)
                pos = end + 1
                if j >= per_article:
                    continue
                label = rnd.choice(("claim", "claim", "attribution", "disputed"))
                note = rnd.choice(["", "", "", "check the figure", "no source given", f"compare {rnd.choice(pools[2])}"])
                rows.append((str(uuid.UUID(int=rnd.getrandbits(128))), aid, label, start, end, text[start:end],
                             text[max(0, start - 32):start], text[end:end + 32], note,
                             who if label == "attribution" else "", rnd.choice(["ana", "ben", "chidi"]), stamp, stamp,
                             1 if rnd.random() < 0.002 else 0))
            conn.executemany(
                'INSERT INTO annotations (id, article_id, label, start, "end", quote, prefix, suffix, note,'
                " attributed_to, annotator, created_at, updated_at, deleted) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
    t1 = time.perf_counter()
    vocabulary(store)  # folds the queued article titles into search_vocab
    t2 = time.perf_counter()
    store.close()
    tmp.rename(path)
    print(json.dumps({"built": str(path), "insert_s": round(t1 - t0, 1), "vocabulary_s": round(t2 - t1, 1)}),
          file=sys.stderr)


KINDS = ("name_typo", "words_shuffled_typo", "phrase", "partial_words", "name_number")


def make_queries(conn, n: int, seed: int = 11) -> list[tuple[str, int, str]]:
    """(query, rowid of the annotation it was made from, kind)."""
    rnd = random.Random(seed)
    max_rowid = conn.execute("SELECT max(rowid) FROM annotations").fetchone()[0]
    out = []
    while len(out) < n:
        rowid = rnd.randint(1, max_rowid)
        row = conn.execute("SELECT quote, attributed_to FROM annotations WHERE rowid = ? AND deleted = 0",
                           (rowid,)).fetchone()
        if not row:
            continue
        ws = [w for w in row[0].replace(",", " ").replace(".", " ").replace('"', " ").split() if len(w) > 1]
        kind = len(out) % 5
        if kind == 0:  # a name with a typo
            caps = [w for w in ws if w[0].isupper() and w.lower() not in COMMON] or ws
            q = typo(rnd, rnd.choice(caps))
        elif kind == 1:  # two or three words, shuffled, one misspelt
            pick = rnd.sample(ws, min(3, len(ws)))
            i = rnd.randrange(len(pick))
            pick[i] = typo(rnd, pick[i])
            q = " ".join(pick)
        elif kind == 2:  # an exact phrase fragment
            i = rnd.randrange(max(1, len(ws) - 3))
            q = " ".join(ws[i:i + 4])
        elif kind == 3:  # partial words
            long_words = [w for w in ws if len(w) >= 6] or ws
            q = " ".join(w[: max(3, len(w) - 3)] for w in rnd.sample(long_words, min(2, len(long_words))))
        else:  # name + number, lower case
            nums = [w for w in ws if w[0].isdigit()] or ws
            caps = [w for w in ws if w[0].isupper()] or ws
            q = f"{typo(rnd, rnd.choice(caps)).lower()} {rnd.choice(nums)}"
        out.append((q, rowid, KINDS[kind]))
    return out


KNOWN_KINDS = ("words", "typo", "partial_words")


def known_item_queries(conn, vocab, n: int, seed: int = 13) -> list[tuple[str, int, str]]:
    """Queries a person looking for one annotation would type: its two or three most telling
    words (rarest first, 4+ letters) in any order, exact, with a typo, or cut short (the
    first 60% of each word, at least 4 letters). (query, rowid it was made from, kind)."""
    rnd = random.Random(seed)
    max_rowid = conn.execute("SELECT max(rowid) FROM annotations").fetchone()[0]
    out = []
    while len(out) < n:
        rowid = rnd.randint(1, max_rowid)
        row = conn.execute("SELECT quote FROM annotations WHERE rowid = ? AND deleted = 0", (rowid,)).fetchone()
        if not row:
            continue
        ws = sorted({w for w in words(row[0]) if len(w) >= 4 and w.isalpha()}, key=lambda w: vocab.df.get(w, 0))
        if len(ws) < 2:
            continue
        pick = ws[: rnd.choice((2, 3))]
        rnd.shuffle(pick)
        kind = KNOWN_KINDS[len(out) % 3]
        if kind == "typo":
            i = rnd.randrange(len(pick))
            pick[i] = typo(rnd, pick[i])
        elif kind == "partial_words":
            pick = [w[: max(4, -(-len(w) * 6 // 10))] for w in pick]
        out.append((" ".join(pick), rowid, kind))
    return out


def typo(rnd: random.Random, w: str) -> str:
    if len(w) < 5:
        return w
    i = rnd.randrange(1, len(w) - 1)
    kind = rnd.randrange(3)
    if kind == 0:
        return w[:i] + w[i + 1:]  # dropped letter
    if kind == 1:
        return w[:i] + w[i] + w[i:]  # doubled letter
    return w[:i - 1] + w[i] + w[i - 1] + w[i + 1:]  # swapped letters


class FullScan:
    """Every annotation's words in one flat array: the ranking function applied to all rows."""

    def __init__(self, conn):
        t0 = time.perf_counter()
        ids, own_offsets, own_flat, art_of, own_text = [], [0], [], [], []
        word_id: dict[str, int] = {}
        art_index: dict[str, int] = {}
        title_offsets, title_flat, title_text = [0], [], []
        for rowid, deleted, quote, note, source, aid, title in conn.execute(
            "SELECT a.rowid, a.deleted, a.quote, a.note, a.attributed_to, a.article_id, r.title"
            " FROM annotations a JOIN articles r ON r.id = a.article_id ORDER BY a.rowid"
        ):
            fields = [words(f) for f in (quote, note, source) if f]
            own = {w for f in fields for w in f}
            own_flat.extend(word_id.setdefault(w, len(word_id)) for w in own)
            own_offsets.append(len(own_flat))
            own_text.append(" | ".join(" ".join(f) for f in fields))
            if aid not in art_index:
                art_index[aid] = len(art_index)
                tw = words(title)
                title_flat.extend(word_id.setdefault(w, len(word_id)) for w in set(tw))
                title_offsets.append(len(title_flat))
                title_text.append(" ".join(tw))
            art_of.append(art_index[aid])
            ids.append(-1 if deleted else rowid)
        self.rowids = np.array(ids, dtype=np.int64)
        self.own_flat, self.own_starts = np.array(own_flat, dtype=np.int32), np.array(own_offsets[:-1], dtype=np.int64)
        self.title_flat = np.array(title_flat, dtype=np.int32)
        self.title_starts = np.array(title_offsets[:-1], dtype=np.int64)
        self.art_of = np.array(art_of, dtype=np.int32)
        self.vocab = list(word_id)
        self.own_text, self.title_text = own_text, title_text
        self.setup_s = time.perf_counter() - t0

    def top(self, plan, k: int) -> tuple[list[tuple[float, int]], np.ndarray]:
        """The k best (score, rowid), and every row's score (for ties at the k-th place)."""
        base = np.zeros(len(self.rowids), dtype=np.float64)
        matched = np.zeros(len(self.rowids), dtype=np.int32)
        for term in plan.terms:
            sims = np.fromiter((term.similarity(w) for w in self.vocab), dtype=np.float64, count=len(self.vocab))
            own = np.maximum.reduceat(sims[self.own_flat], self.own_starts)
            title = np.maximum.reduceat(sims[self.title_flat], self.title_starts) * TITLE_FACTOR
            best = np.maximum(own, title[self.art_of])
            base += term.weight * best
            matched += best > 0
        base /= plan.total_weight
        ph, exact_ph = " " + plan.phrase, " " + plan.phrase + " "
        prefix_ok = len(plan.words[-1]) >= 3

        def has(text: str) -> bool:
            t = " " + text.replace(" | ", "  |  ") + " "
            return exact_ph in t or (prefix_ok and ph in t)

        title_phrase = np.array([has(t) for t in self.title_text])
        phrase = np.fromiter((has(t) for t in self.own_text), dtype=bool, count=len(self.own_text))
        phrase |= title_phrase[self.art_of]
        final = np.where(phrase, PHRASE_FLOOR + (100 - PHRASE_FLOOR) * base, PHRASE_FLOOR * base)
        final[~phrase & (matched < plan.min_matched)] = -1  # the floor
        final[self.rowids < 0] = -1
        final[final <= 0] = -1
        idx = np.argpartition(-final, k)[: k * 4]
        ranked = sorted(((float(final[i]), int(self.rowids[i])) for i in idx if final[i] > 0), reverse=True)
        return ranked[:k], final


def _spin(stop) -> None:
    """Keep one core busy (the `--busy` load): pure Python arithmetic until told to stop."""
    x = 0
    while not stop.is_set():
        for _ in range(100_000):
            x = (x * 31 + 7) % 1_000_003


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def summary(ms: list[float]) -> dict:
    return {"p50": round(statistics.median(ms), 1), "p95": round(pct(ms, 95), 1), "max": round(max(ms), 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--annotations", type=int, default=1_000_000)
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--busy", type=int, default=1, help="processes spinning a core each while queries are timed")
    ap.add_argument("--no-full-scan", action="store_true", help="skip the fast == full-scan recall check")
    ap.add_argument("--more-known-items", type=int, default=0,
                    help="known-item recall on this many more queries (another seed, untimed): less noisy than 20")
    ap.add_argument("--naive-every", type=int, default=1,
                    help="time the naive anchor on every Nth query only (it takes about a minute a query at 1 M rows)")
    ap.add_argument("--cache", default="/tmp/newsmark-bench")
    args = ap.parse_args()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"search-{args.annotations}-{args.articles}.db"
    if not path.exists():
        build(path, args.articles, args.annotations)

    import multiprocessing

    stop = multiprocessing.Event()
    spinners = [multiprocessing.Process(target=_spin, args=(stop,), daemon=True) for _ in range(args.busy)]
    for sp in spinners:
        sp.start()
    try:
        out = run(path, args)
    finally:
        stop.set()
        for sp in spinners:
            sp.join(5)
    print(json.dumps(out, indent=2, ensure_ascii=False))


def run(path: Path, args) -> dict:
    store = Store.open(path)
    conn = store.conn
    t0 = time.perf_counter()
    vocab = vocabulary(store)
    cold_vocab_ms = (time.perf_counter() - t0) * 1000
    # Half the queries: the mixed set (typos, shuffles, phrases, partial words, numbers; many
    # match hundreds of rows equally well); half: known-item queries (an annotation's own words).
    made = make_queries(conn, args.queries - args.queries // 2) + known_item_queries(conn, vocab, args.queries // 2)
    queries = [q for q, _, _ in made]
    search(store, "warm up", limit=20)

    # The naive anchor sees the same folded words newsmark does: quote, note and source of
    # every live annotation, folded and split the same way, prepared once before timing.
    rows = conn.execute("SELECT rowid, quote, note, attributed_to FROM annotations WHERE deleted = 0").fetchall()
    naive_rowids = [r[0] for r in rows]
    naive_texts = [" ".join(words(" ".join(f for f in r[1:] if f))) for r in rows]

    # Interleaved: the fast path then the anchor, query by query, so both see the same load.
    fast_ms, fast_cpu, naive_ms, fast_results, naive_results = [], [], [], [], []
    for n, q in enumerate(queries):
        t, c = time.perf_counter(), time.process_time()
        hits = search(store, q, limit=20)
        fast_ms.append((time.perf_counter() - t) * 1000)
        fast_cpu.append((time.process_time() - c) * 1000)
        fast_results.append(hits)
        if n % args.naive_every:
            naive_results.append(None)
            continue
        folded = " ".join(words(q))
        t = time.perf_counter()
        found = process.extract(folded, naive_texts, scorer=fuzz.WRatio, processor=None, limit=20)
        naive_ms.append((time.perf_counter() - t) * 1000)
        naive_results.append({naive_rowids[i] for _, _, i in found})

    def rowid_of(h):
        return conn.execute("SELECT rowid FROM annotations WHERE id = ?", (h.annotation.id,)).fetchone()[0]

    fast_ids = [{rowid_of(h) for h in hits} for hits in fast_results]
    known: dict[str, list[float]] = {}
    known_naive: dict[str, list[float]] = {}
    per_query = []
    for n, ((q, src, kind), ids, nids, ms) in enumerate(zip(made, fast_ids, naive_results, fast_ms)):
        hit = float(src in ids)
        group = "known_item" if n >= len(made) - args.queries // 2 else "mixed"
        for key in (group, f"{group}:{kind}") if kind == "partial_words" or group == "known_item" else (group,):
            known.setdefault(key, []).append(hit)
            if nids is not None:
                known_naive.setdefault(key, []).append(float(src in nids))
        per_query.append({"query": q, "set": group, "kind": kind, "ms": round(ms, 1), "source_in_top20": bool(hit)})

    out = {
        "annotations": store.count_annotations(include_deleted=True),
        "articles": conn.execute("SELECT count(*) FROM articles").fetchone()[0],
        "vocabulary_terms": len(vocab.terms),
        "queries": len(queries),
        "busy_processes": args.busy,
        "search_ms": summary(fast_ms),
        "search_cpu_ms": summary(fast_cpu),
        "naive_wratio_extract_ms": {**summary(naive_ms), "queries": len(naive_ms)},
        "cold_vocabulary_load_ms": round(cold_vocab_ms, 1),
        # the annotation a query was made from is among the 20 results
        "source_recall_at_20": {k: round(statistics.mean(v), 4) for k, v in sorted(known.items())},
        "naive_source_recall_at_20": {k: round(statistics.mean(v), 4) for k, v in sorted(known_naive.items())},
        "targets": {"p50_ms": 50, "p95_ms": 150, "known_item_recall_at_20": 0.98},
    }

    if args.more_known_items:
        # Untimed, from another seed than the timed set: known-item recall with less sampling
        # noise (one query of 20 is 0.05). Partial-word queries are split by whether one of
        # their cut words is itself a word of the vocabulary (the generated names are built
        # from syllables, so a cut often is another name, which then matches exactly).
        more: dict[str, list[float]] = {}
        for q, src, kind in known_item_queries(conn, vocab, args.more_known_items, seed=99):
            ids = {rowid_of(h) for h in search(store, q, limit=20)}
            keys = ["all", kind]
            if kind == "partial_words":
                whole = any(w in vocab.df for w in query_words(q))
                keys.append("partial_words:" + ("a cut word is a word" if whole else "no cut word is a word"))
            for key in keys:
                more.setdefault(key, []).append(float(src in ids))
        out["more_known_items_recall_at_20"] = {k: {"recall": round(statistics.mean(v), 4), "queries": len(v)}
                                                for k, v in sorted(more.items())}

    if not args.no_full_scan:
        # Untimed: the fast path loses nothing newsmark's own ranking would put in the top 20.
        scan = FullScan(conn)
        recalls = []
        for q, ids, hits in zip(queries, fast_ids, fast_results):
            plan = make_plan(vocab, query_words(q))
            truth, final = scan.top(plan, 20)
            if not truth:
                recalls.append(1.0 if not hits else 0.0)
                continue
            tied_or_better = set(scan.rowids[final >= truth[-1][0] - 0.05].tolist())
            recalls.append(len(ids & tied_or_better) / len(truth))
        out["recall_at_20_vs_full_scan"] = {"mean": round(statistics.mean(recalls), 4), "min": round(min(recalls), 3)}
    out["per_query"] = per_query
    return out


if __name__ == "__main__":
    main()
