"""JSONL export of 1,000,000 annotations beside `sqlite3 -json` on the same rows; prints JSON.

    /work/venv/bin/python bench/export.py [--db PATH]

Uses the database bench/search.py builds (1,000,000 annotations over 20,000 articles,
cached under /tmp; built here if missing). Both sides run as child processes writing to
files under /tmp, in the same run; wall time and each child's peak RSS (wait4) are
reported. The anchor is the sqlite3 command-line shell dumping the same columns, the same
live rows, in the same order. Flat memory is shown by the peak RSS of the full export
against that of a one-article export.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEWSMARK = [sys.executable, "-m", "newsmark"]

ANCHOR_SQL = """
SELECT a.id, a.article_id, r.title, r.outlet, r.url, r.sha256, a.label, a.start, a."end", a.quote, a.prefix,
       a.suffix, a.note, a.attributed_to, a.annotator, a.created_at, a.updated_at
FROM annotations a JOIN articles r ON r.id = a.article_id
WHERE a.deleted = 0
ORDER BY r.imported_at, a.article_id, a.start, a."end", a.created_at;
"""


def run(argv: list[str], stdout_path: Path | None = None) -> dict:
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if stdout_path:
        out.close()
    if proc.returncode != 0:
        raise SystemExit(f"{argv[:4]} failed ({proc.returncode}): {err.strip()[:500]}")
    return {"seconds": round(elapsed, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/newsmark-bench/search-1000000-20000.db")
    ap.add_argument("--out", default="/tmp/newsmark-bench/export")
    args = ap.parse_args()
    db = Path(args.db)
    if not db.exists():
        sys.path.insert(0, str(HERE))
        import search as search_bench  # noqa: E402

        search_bench.build(db, 20_000, 1_000_000)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sqlite3_cli = shutil.which("sqlite3")

    result: dict = {"db": str(db)}
    jsonl = out / "all.jsonl"
    jsonl.unlink(missing_ok=True)
    result["newsmark_export_jsonl"] = run([*NEWSMARK, "--db", str(db), "export", "-o", str(jsonl), "--force"])
    result["newsmark_export_jsonl"]["lines"] = sum(1 for _ in open(jsonl, "rb"))
    result["newsmark_export_jsonl"]["mb"] = round(jsonl.stat().st_size / 1e6, 1)

    if sqlite3_cli:
        anchor_out = out / "anchor.json"
        result["anchor"] = "sqlite3 -json (command-line shell " + subprocess.run(
            [sqlite3_cli, "--version"], capture_output=True, text=True).stdout.split()[0] + ")"
        result["sqlite3_json"] = run([sqlite3_cli, "-readonly", "-json", str(db), ANCHOR_SQL], anchor_out)
        result["sqlite3_json"]["mb"] = round(anchor_out.stat().st_size / 1e6, 1)
    else:  # no shell installed: python's sqlite3 + json as the anchor, said so in the output
        anchor_out = out / "anchor.jsonl"
        code = (
            "import sqlite3, json, sys\n"
            f"c = sqlite3.connect({str(db)!r})\n"
            "w = sys.stdout.write\n"
            f"for row in c.execute({ANCHOR_SQL!r}): w(json.dumps(row, ensure_ascii=False) + '\\n')\n"
        )
        result["anchor"] = "python sqlite3 + json (no sqlite3 shell installed)"
        result["sqlite3_json"] = run([sys.executable, "-c", code], anchor_out)
    result["ratio_to_anchor"] = round(result["newsmark_export_jsonl"]["seconds"] / result["sqlite3_json"]["seconds"], 2)

    one_article = subprocess.run([sqlite3_cli or "false", str(db), "SELECT id FROM articles LIMIT 1"],
                                 capture_output=True, text=True).stdout.strip() if sqlite3_cli else None
    if one_article:
        small = out / "one.jsonl"
        result["newsmark_export_one_article"] = run(
            [*NEWSMARK, "--db", str(db), "export", "--article", one_article, "-o", str(small), "--force"])
    w3c = out / "all.w3c.json"
    result["newsmark_export_w3c"] = run([*NEWSMARK, "--db", str(db), "export", "-f", "w3c", "-o", str(w3c), "--force"])
    result["targets"] = {"ratio_to_anchor": 4.0, "memory": "flat: full export peak RSS close to a one-article export"}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
