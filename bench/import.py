"""Import speed: 1,000 generated articles of ~800 words through `newsmark import --recursive`.

    python bench/import.py [--articles 1000] [--words 800]

Prints one JSON object. The articles are generated (seeded, deterministic) into a temporary
folder as .md/.txt/.html files and imported in-process through the real CLI command. The
anchor, in the same run: read each file, decode, sha256, and a plain sqlite3 INSERT into the
same schema with the same pragmas, committed per file as newsmark does (one transaction and
fsync per article); a single-transaction variant is reported too. The sides run in turn
over `--rounds` (A, B, A, B, …) in CPU time; medians make the ratios, min / max are printed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from typer.testing import CliRunner

from newsmark.cli import app
from newsmark.store import Store

FIRST = ["Ana", "Tomás", "Mariam", "Peter", "Ines", "Kwame", "Sofia", "Jonas", "Leila", "Daniel", "Rosa", "Yuki"]
LAST = ["Albuquerque", "Okafor", "Lindqvist", "Carvalhal", "Moreau", "Brennan", "Haddad", "Novak", "Ferreira", "Ito"]
ORGS = ["the Atlantic Dockers' Federation", "the Ministry of Infrastructure", "Caldera Line", "the Northern Electoral Board",
        "the European Shipping Observatory", "the River Authority", "Harbour Water Company", "the city council"]
PLACES = ["Lisbon", "Porto Seco", "Valmarés", "Arenal del Norte", "Genoa", "La Spezia", "Rotterdam", "Bilbao", "Vigo"]
VERBS = ["said", "told reporters", "said in a statement", "wrote in a letter", "told Meridian Wire", "argued"]
CLAIMS = [
    "the strike had cost {n} million euros a day",
    "turnout reached {n} percent, the highest in a decade",
    "the new dam would protect {n} households from floods",
    "water prices had risen {n} percent since the last review",
    "{n} vessels had been diverted to other harbours",
    "the ballot was counted twice, in public, in {place}",
    "no agreement was possible before {n} more days of talks",
]
FILLER = [
    "The talks resumed on Tuesday in {place} after a week without contact.",
    "Officials in {place} declined to comment on the figures.",
    "{org} has not published its own estimate.",
    "Residents of {place} have organised meetings every evening since the vote.",
    "The dispute began in March, when {org} proposed new rules for overtime.",
    "Independent analysts questioned the methodology behind the numbers.",
]


def person(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def sentence(rng) -> str:
    kind = rng.random()
    fill = {"n": rng.randint(2, 950), "place": rng.choice(PLACES), "org": rng.choice(ORGS)}
    if kind < 0.35:
        claim = rng.choice(CLAIMS).format(**fill)
        return f"{person(rng)}, a spokesperson for {rng.choice(ORGS)}, {rng.choice(VERBS)} that {claim}."
    if kind < 0.55:
        claim = rng.choice(CLAIMS).format(**fill)
        return f'"{claim[0].upper()}{claim[1:]}," {rng.choice(VERBS)} {person(rng)} in {rng.choice(PLACES)}.'
    if kind < 0.7:
        return f"According to {rng.choice(ORGS)}, {rng.choice(CLAIMS).format(**fill)}."
    return rng.choice(FILLER).format(**fill)


def article(rng, words: int, i: int) -> tuple[str, str]:
    title = f"{rng.choice(PLACES)}: {rng.choice(CLAIMS).format(n=rng.randint(2, 99), place=rng.choice(PLACES))}"
    paragraphs, count = [], 0
    while count < words:
        para = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
        paragraphs.append(para)
        count += len(para.split())
    body = "\n\n".join(paragraphs)
    kind = i % 3
    if kind == 0:
        return f"story-{i:04d}.md", (f"---\ntitle: {title}\noutlet: Bench Wire\npublished: 2026-03-{1 + i % 28:02d}\n---\n"
                                     f"# {title}\n\n{body}\n")
    if kind == 1:
        return f"story-{i:04d}.txt", f"{title}\n\n{body}\n"
    html_body = "".join(f"<p>{p.replace('&', '&amp;').replace('<', '&lt;')}</p>\n" for p in paragraphs)
    return f"story-{i:04d}.html", (f"<html><head><title>{title}</title><script>track()</script></head>"
                                   f"<body><nav>Home</nav><article><h1>{title}</h1>\n{html_body}</article></body></html>\n")


def generate(folder: Path, n: int, words: int, seed: int) -> int:
    rng = random.Random(seed)
    total = 0
    for i in range(n):
        name, text = article(rng, words, i)
        sub = folder / f"batch-{i // 100:02d}"
        sub.mkdir(exist_ok=True)
        (sub / name).write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def raw_anchor(folder: Path, db: Path, per_file_commit: bool) -> float:
    Store.open(db).close()  # the same schema and triggers
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    t0 = time.process_time()
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    if not per_file_commit:
        conn.execute("BEGIN IMMEDIATE")
    for p in files:
        text = p.read_bytes().decode("utf-8")
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if per_file_commit:
            conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO articles (id, title, path, text, sha256, imported_at) VALUES (?,?,?,?,?,?)",
                     (sha[:8], p.stem, str(p), text, sha, "2026-01-01T00:00:00Z"))
        if per_file_commit:
            conn.execute("COMMIT")
    if not per_file_commit:
        conn.execute("COMMIT")
    elapsed = time.process_time() - t0
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(files)
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsmark-bench-import-") as tmp:
        root = Path(tmp)
        folder = root / "articles"
        folder.mkdir()
        total_bytes = generate(folder, args.articles, args.words, args.seed)

        runner = CliRunner()
        runs, anchors, anchors_one_tx = [], [], []
        for r in range(args.rounds):  # A, B, A, B, …: both sides see the same machine; CPU time
            db = root / f"news-{r}.db"
            t0 = time.process_time()
            result = runner.invoke(app, ["--db", str(db), "import", "--recursive", "--json", str(folder)])
            runs.append(time.process_time() - t0)
            if result.exit_code != 0:
                sys.exit(f"import failed: {result.stderr or result.output}")
            records = json.loads(result.stdout)
            assert len(records) == args.articles and all(r["status"] == "new" for r in records)
            anchors.append(raw_anchor(folder, root / f"raw-{r}.db", per_file_commit=True))
            anchors_one_tx.append(raw_anchor(folder, root / f"raw1-{r}.db", per_file_commit=False))
            if r < args.rounds - 1:
                for p in root.glob(f"*-{r}.db*"):
                    p.unlink()

        t0 = time.process_time()
        again = runner.invoke(app, ["--db", str(db), "import", "--recursive", "--json", str(folder)])
        reimport_s = time.process_time() - t0
        assert all(r["status"] == "unchanged" for r in json.loads(again.stdout))
        elapsed, anchor_s, anchor_one_tx_s = (statistics.median(x) for x in (runs, anchors, anchors_one_tx))

    words = args.articles * args.words
    print(json.dumps({
        "benchmark": "import",
        "articles": args.articles,
        "words_per_article_target": args.words,
        "megabytes": round(total_bytes / 1e6, 2),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "rounds": args.rounds,
        "import_cpu_seconds": {"min": round(min(runs), 3), "median": round(elapsed, 3), "max": round(max(runs), 3)},
        "anchor_per_file_commit_cpu_seconds": {"min": round(min(anchors), 3), "median": round(anchor_s, 3),
                                               "max": round(max(anchors), 3)},
        "articles_per_second": round(args.articles / elapsed, 1),
        "words_per_second": round(words / elapsed),
        "reimport_unchanged_articles_per_second": round(args.articles / reimport_s, 1),
        "anchor_raw_per_file_commit_articles_per_second": round(args.articles / anchor_s, 1),
        "ratio_to_raw_per_file_commit": round(elapsed / anchor_s, 2),
        "anchor_raw_one_transaction_articles_per_second": round(args.articles / anchor_one_tx_s, 1),
        "anchor_note": "raw = read, decode, sha256, INSERT into the same schema (FTS and triggers included)",
    }, indent=2))


if __name__ == "__main__":
    main()
