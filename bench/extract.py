"""Article text from web pages: newsmark's extraction against trafilatura alone, same run.

    python bench/extract.py [DATA_DIR] [--pages-for-speed 1000]

DATA_DIR holds `ground-truth.json` and `html/KEY.html.gz` (default: the shared benchmark
folder `../shared/data/article_extraction` beside the repository; it is not shipped).
Prints one JSON object:

- `quality`: the measure of `extract_eval.py` (4-word shingles, per-page normalised
  precision/recall averaged over pages, a leading headline line not counted), computed
  in-process on `newsmark.ingest.parse_html` (what `newsmark text` prints) and on
  `trafilatura.extract` for the same pages, for all pages and for each half: pages in
  sorted-key order, `even` (0, 2, 4, …: the half newsmark's rules were tuned on) and
  `odd` (held out).
- `speed`: per-page time over --pages-for-speed pages (the benchmark pages cycled),
  newsmark's whole HTML path vs trafilatura.extract alone, interleaved page by page, and
  an import of that many saved pages through the real `newsmark import` (one SQLite file,
  one transaction per page as always).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORD = re.compile(r"\w+")
TITLE_SOURCES = re.compile(
    r"<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>|"
    r"<meta[^>]+(?:property|name)=[\"'](?:og:title|twitter:title)[\"'][^>]+content=[\"']([^\"']*)",
    re.I | re.S)


def _measure():
    """extract_eval.py's functions when the shared tools are beside the repository, else the
    same measure restated here (shingles, page_counts, summary, drop_headline)."""
    tools = ROOT.parent / "shared" / "tools"
    if (tools / "extract_eval.py").exists():
        sys.path.insert(0, str(tools))
        import extract_eval

        return extract_eval.page_counts, extract_eval.summary, extract_eval.drop_headline

    def shingles(text, n=4):
        w = WORD.findall(text or "")
        return Counter(tuple(w[i:i + n]) for i in range(max(1, len(w) - n + 1)) if w[i:i + n])

    def page_counts(true, pred):
        t, p = shingles(true), shingles(pred)
        tp, fp, fn = sum((t & p).values()), sum((p - t).values()), sum((t - p).values())
        s = tp + fp + fn
        return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)

    def summary(counts, exact, titles, seconds):
        ps = [(1.0 if c[1] == c[2] == 0 else c[0] / (c[0] + c[1]) if c[0] + c[1] else 0.0) for c in counts if c[0] + c[1] > 0]
        rs = [(1.0 if c[1] == c[2] == 0 else c[0] / (c[0] + c[2]) if c[0] + c[2] else 0.0) for c in counts if c[0] + c[2] > 0]
        p, r = (sum(ps) / len(ps) if ps else 0.0), (sum(rs) / len(rs) if rs else 0.0)
        return {"pages": len(counts), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                "precision": round(p, 3), "recall": round(r, 3), "exact": round(sum(exact) / len(exact), 3),
                "seconds": round(seconds, 1)}

    def drop_headline(html, text):
        head, _, rest = text.lstrip().partition("\n")
        words = WORD.findall(head.lower())
        if not words or len(words) > 40:
            return text
        titles = set()
        for m in TITLE_SOURCES.finditer(html):
            titles |= set(WORD.findall(re.sub(r"<[^>]+>", " ", next(g for g in m.groups() if g is not None)).lower()))
        return rest if set(words) <= titles else text

    return page_counts, summary, drop_headline


def quality(pages: list[tuple[str, str, dict]]) -> dict:
    import trafilatura

    from newsmark.ingest import parse_html

    page_counts, summary, drop_headline = _measure()
    systems = {"newsmark": lambda html: parse_html(html).text,
               "trafilatura": lambda html: trafilatura.extract(html) or ""}
    out: dict = {}
    for name, fn in systems.items():
        rows = []
        t0 = time.perf_counter()
        for i, (key, html, want) in enumerate(pages):
            got = drop_headline(html, fn(html))
            rows.append((i, page_counts(want["articleBody"], got),
                         WORD.findall(want["articleBody"]) == WORD.findall(got)))
        seconds = time.perf_counter() - t0
        out[name] = {}
        for part, keep in (("all", lambda i: True), ("even_tuned", lambda i: i % 2 == 0), ("odd_held_out", lambda i: i % 2 == 1)):
            chosen = [r for r in rows if keep(r[0])]
            out[name][part] = summary([r[1] for r in chosen], [r[2] for r in chosen], [], seconds if part == "all" else 0)
    return out


def speed(pages: list[tuple[str, str, dict]], n: int) -> dict:
    import trafilatura

    from newsmark.ingest import parse_html

    ours, theirs = [], []
    htmls = [pages[i % len(pages)][1] for i in range(n)]
    for html in htmls:  # interleaved: the same page through both, one after the other
        t = time.perf_counter()
        parse_html(html)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        trafilatura.extract(html)
        theirs.append(time.perf_counter() - t)
    result = {"pages": n, "newsmark_ms_per_page": round(1000 * sum(ours) / n, 2),
              "trafilatura_ms_per_page": round(1000 * sum(theirs) / n, 2)}
    # the real import of n saved pages (distinct: a comment makes each text's sha256 its own)
    from typer.testing import CliRunner

    from newsmark.cli import app

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for i, html in enumerate(htmls):
            marker = f"<p>Saved copy number {i} of this page for the benchmark, kept apart by this line.</p>"
            page = html.replace("</body>", marker + "</body>", 1) if "</body>" in html else html + marker
            (folder / f"page{i:05d}.html").write_text(page, encoding="utf-8")
        t = time.perf_counter()
        run = CliRunner().invoke(app, ["--db", str(Path(tmp) / "bench.db"), "import", "--recursive", "--json", str(folder)])
        seconds = time.perf_counter() - t
        records = json.loads(run.stdout) if run.exit_code in (0, 1) and run.stdout.startswith("[") else []
    result.update({"import_seconds": round(seconds, 1), "import_ms_per_page": round(1000 * seconds / n, 2),
                   "imported": sum(r["status"] in ("new", "updated") for r in records),
                   "unchanged_or_error": sum(r["status"] in ("unchanged", "error") for r in records)})
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data" / "article_extraction"))
    ap.add_argument("--pages-for-speed", type=int, default=1000)
    a = ap.parse_args()
    data = Path(a.data)
    if not (data / "ground-truth.json").exists():
        sys.exit(f"no ground-truth.json in {data}; give the benchmark folder as DATA_DIR")
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [(key, gzip.open(data / "html" / f"{key}.html.gz").read().decode("utf-8", "replace"), truth[key])
             for key in sorted(truth)]
    print(json.dumps({"data": os.path.basename(os.path.normpath(data)), "quality": quality(pages),
                      "speed": speed(pages, a.pages_for_speed)}))


if __name__ == "__main__":
    main()
