"""Re-anchoring marks after realistic edits, and its speed on a 1 MB article.

    python bench/reanchor.py [--marks-per-article 40] [--seed 7] [--speed-marks 1000]

Prints one JSON object. Quality: on each bundled sample article, marks are placed on
seeded random word spans (short and long), then each edit script below is applied to the
original text and every mark is re-anchored (newsmark.reanchor, as `import`/`refresh`
does). The edit scripts know where each mark truly is afterwards:

  typo_inside       a letter fixed inside a mark          -> changed: fuzzy is right
  typo_near         a letter fixed just before a mark     -> unchanged, shifted
  insert_paragraph  an update paragraph added             -> unchanged, shifted
  delete_paragraph  a paragraph removed                   -> its marks gone: orphaned is right
  corrected_figure  a number changed                      -> marks on it changed: fuzzy
  move_sentence     a sentence moved to another place     -> its marks move with it
  repeat_phrase     a mark's words added again elsewhere  -> the mark stays where it was
  correction        typo + figure + update paragraph together

Each mark is counted once per script: `right` (exact/moved at the true span; fuzzy
overlapping a changed mark's true span; orphaned for a deleted one), `flagged` (fuzzy or
orphaned where the truth was something else: a reader is told to look) or `wrong`
(exact/moved anywhere but the true span: silently wrong). Target: right+flagged >= 99 %,
wrong == 0.

Speed: a 1 MB generated article with 1,000 marks, each with a one-letter edit inside so
every one needs the fuzzy search; the anchor in the same run is the same marks on the
unchanged text (the exact path), and rapidfuzz's partial_ratio_alignment over the same
windows alone. Runs interleaved, best of --reps.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsmark.model import context  # noqa: E402
from newsmark.reanchor import Reanchorer  # noqa: E402

WORD = re.compile(r"\w+")


@dataclass
class Mark:
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


def make_mark(text: str, start: int, end: int) -> Mark:
    prefix, suffix = context(text, start, end)
    return Mark(start, end, text[start:end], prefix, suffix)


def sample_texts() -> dict[str, str]:
    from newsmark.ingest import read_article

    folder = ROOT / "sample_articles"
    return {p.stem: read_article(p).text for p in sorted(folder.glob("*.md")) if p.name != "README.md"}


def random_marks(text: str, rng: random.Random, n: int) -> list[Mark]:
    """Marks on whole-word spans: a third short (1-3 words), the rest 4-20 words, within a paragraph."""
    words = [(m.start(), m.end()) for m in WORD.finditer(text)]
    marks, tries = [], 0
    while len(marks) < n and tries < n * 20:
        tries += 1
        i = rng.randrange(len(words))
        length = rng.randint(1, 3) if rng.random() < 0.33 else rng.randint(4, 20)
        j = min(len(words) - 1, i + length - 1)
        start, end = words[i][0], words[j][1]
        if "\n" in text[start:end]:
            continue
        marks.append(make_mark(text, start, end))
    return marks


# -- edits with their truth ------------------------------------------------------------
# An edit is a list of (start, end, replacement) on the original text, non-overlapping,
# plus optional moves. truth() says, per mark, where it is in the new text and whether it
# changed: ("same", span) | ("changed", span) | ("gone", None).

@dataclass
class Edit:
    name: str
    ops: list[tuple[int, int, str]]
    move: tuple[int, int, int] | None = None  # (start, end, insert_at) in the original text


def apply(text: str, edit: Edit) -> str:
    ops = list(edit.ops)
    if edit.move:
        s, e, at = edit.move
        ops += [(s, e, ""), (at, at, text[s:e])]
    out, pos = [], 0
    for s, e, rep in sorted(ops, key=lambda o: (o[0], o[1])):
        out.append(text[pos:s])
        out.append(rep)
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _shift(ops, pos: int, is_start: bool, skip=None) -> int:
    """Where an original position lands: edits before it shift it; an insertion exactly at a
    mark's start goes before the mark, one exactly at its end after it."""
    delta = 0
    for op in ops:
        if op is skip:
            continue
        s, e, rep = op
        before = (s <= pos if is_start else s < pos) if s == e else e <= pos
        if before:
            delta += len(rep) - (e - s)
    return pos + delta


def truth(text: str, edit: Edit, mark: Mark):
    """("same", span) | ("changed", span) | ("gone", None) for one mark after the edit."""
    ops = list(edit.ops)
    inserted = None
    if edit.move:
        s, e, at = edit.move
        inserted = (at, at, text[s:e])
        ops += [(s, e, ""), inserted]
        if s <= mark.start and mark.end <= e:
            new_at = _shift(ops, at, True, skip=inserted)
            return ("same", (new_at + mark.start - s, new_at + mark.end - s))
    touched = False
    for op in ops:
        s, e, rep = op
        if s == e:
            touched |= mark.start < s < mark.end
            continue
        if s <= mark.start and mark.end <= e and op[2] == "" and not (op is not inserted and edit.move and (s, e) == edit.move[:2] and False):
            return ("gone", None)
        touched |= s < mark.end and e > mark.start
    span = (_shift(ops, mark.start, True), _shift(ops, mark.end, False))
    if touched:
        new = apply(text, edit)
        return ("changed" if new[span[0]:span[1]] != mark.quote else "same", span)
    return ("same", span)


def paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[A-Z\"“][^.!?\n]{20,}[.!?]", text)]


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word + "s"
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:] if word[i] != word[i + 1] else word[:i] + word[i + 1:]


def edits_for(text: str, marks: list[Mark], rng: random.Random) -> list[Edit]:
    out: list[Edit] = []
    words = [(m.start(), m.end()) for m in WORD.finditer(text)]
    paras = paragraphs(text)
    sents = sentences(text)
    for _ in range(3):
        m = rng.choice([m for m in marks if len(WORD.findall(m.quote)) >= 3] or marks)
        inside = [w for w in words if m.start < w[0] and w[1] <= m.end and w[1] - w[0] >= 4]
        if inside:
            s, e = rng.choice(inside)
            out.append(Edit("typo_inside", [(s, e, typo(text[s:e], rng))]))
        before = [w for w in words if m.start - 30 <= w[0] and w[1] < m.start - 2 and w[1] - w[0] >= 4]
        if before:
            s, e = rng.choice(before)
            out.append(Edit("typo_near", [(s, e, typo(text[s:e], rng))]))
    for _ in range(2):
        s, _e = rng.choice(paras[1:])
        out.append(Edit("insert_paragraph", [(s, s, "Update: this article was corrected after publication; "
                                                     "an earlier version misstated a figure.\n\n")]))
        ds, de = rng.choice(paras[2:])
        out.append(Edit("delete_paragraph", [(ds, min(len(text), de + 2), "")]))
    figures = [(m.start(), m.end()) for m in re.finditer(r"\d[\d,.]*\d|\d", text)]
    for s, e in rng.sample(figures, min(3, len(figures))):
        fig = text[s:e]
        new = str(int(re.sub(r"\D", "", fig) or 0) + rng.randint(1, 9))
        out.append(Edit("corrected_figure", [(s, e, new)]))
    if len(sents) > 3:
        for _ in range(2):
            s, e = rng.choice(sents)
            at = rng.choice([p[0] for p in paras if p[0] < s - 1 or p[0] > e + 1])
            out.append(Edit("move_sentence", [], move=(s, e + (1 if text[e:e + 1] == " " else 0), at)))
    for _ in range(2):
        m = rng.choice([m for m in marks if len(WORD.findall(m.quote)) >= 2] or marks)
        s, _e = rng.choice(paras)
        out.append(Edit("repeat_phrase", [(s, s, f"As the report put it, {m.quote}.\n\n")]))
    # a real correction: several of the above at once
    if figures and len(paras) > 3:
        fs, fe = rng.choice(figures)
        ws, we = rng.choice(words[len(words) // 2:])
        ps = paras[1][0]
        ops = sorted({(fs, fe, str(int(re.sub(r"\D", "", text[fs:fe]) or 0) + 1)),
                      (ws, we, typo(text[ws:we], rng)),
                      (ps, ps, "Correction: an earlier version of this article gave a wrong figure.\n\n")})
        if all(a[1] <= b[0] for a, b in zip(ops, ops[1:])) and not (ops[0][0] == ops[1][0]):
            out.append(Edit("correction", ops))
    return out


def judge(placement, kind: str, span) -> str:
    if kind == "gone":
        return "right" if placement.anchor == "orphaned" else ("wrong" if placement.anchor in ("exact", "moved") else "flagged")
    got = (placement.start, placement.end)
    if placement.anchor in ("exact", "moved"):
        return "right" if got == span else "wrong"
    if placement.anchor == "fuzzy":
        overlap = min(got[1], span[1]) - max(got[0], span[0])
        if kind == "changed" and overlap > 0.5 * (span[1] - span[0]):
            return "right"
        return "flagged"
    return "flagged"  # orphaned though it is still there


def quality(marks_per_article: int, seed: int, show_wrong: bool = False) -> dict:
    rng = random.Random(seed)
    totals = {"right": 0, "flagged": 0, "wrong": 0}
    by_edit: dict[str, dict[str, int]] = {}
    anchors: dict[str, int] = {}
    wrong_examples = []
    for name, text in sample_texts().items():
        marks = random_marks(text, rng, marks_per_article)
        for edit in edits_for(text, marks, rng):
            new = apply(text, edit)
            placer = Reanchorer(text, new)
            for m in marks:
                kind, span = truth(text, edit, m)
                p = placer.place(m.quote, m.prefix, m.suffix, m.start, m.end)
                verdict = judge(p, kind, span)
                totals[verdict] += 1
                by_edit.setdefault(edit.name, {"right": 0, "flagged": 0, "wrong": 0})[verdict] += 1
                anchors[p.anchor] = anchors.get(p.anchor, 0) + 1
                if verdict == "wrong" and len(wrong_examples) < 10:
                    wrong_examples.append({"article": name, "edit": edit.name, "quote": m.quote, "truth": [kind, span],
                                           "got": [p.anchor, p.start, p.end], "got_text": new[p.start:p.end]})
    n = sum(totals.values())
    out = {"marks_judged": n, **totals, "right_or_flagged": round((totals["right"] + totals["flagged"]) / n, 4),
           "right_share": round(totals["right"] / n, 4), "anchors": anchors, "by_edit": by_edit}
    if show_wrong:
        out["wrong_examples"] = wrong_examples
    return out


# -- speed ---------------------------------------------------------------------------

def big_text(rng: random.Random, size: int = 1_000_000) -> str:
    vocab = sorted({w for t in sample_texts().values() for w in WORD.findall(t)})
    paras, total = [], 0
    while total < size:
        sents = []
        for _ in range(rng.randint(3, 6)):
            words = [rng.choice(vocab) for _ in range(rng.randint(8, 25))]
            words[0] = words[0].capitalize()
            sents.append(" ".join(words) + ".")
        para = " ".join(sents)
        paras.append(para)
        total += len(para) + 2
    return "\n\n".join(paras)[:size]


def speed(n_marks: int, reps: int, seed: int) -> dict:
    from rapidfuzz import fuzz

    rng = random.Random(seed)
    text = big_text(rng)
    marks = [m for m in random_marks(text, rng, n_marks * 2) if len(WORD.findall(m.quote)) >= 3][:n_marks]
    # one letter changed inside every mark, all in one new text
    ops = []
    for m in marks:
        mid = m.start + len(m.quote) // 2
        if text[mid].isalpha():
            ops.append((mid, mid + 1, "x" if text[mid] != "x" else "y"))
    ops = sorted(set(ops))
    edited = apply(text, Edit("typos", ops))
    fuzzy_times, exact_times, raw_times = [], [], []
    counts = {}
    for _ in range(reps):
        t = time.perf_counter()
        placer = Reanchorer(text, edited)
        placed = [placer.place(m.quote, m.prefix, m.suffix, m.start, m.end) for m in marks]
        fuzzy_times.append(time.perf_counter() - t)
        counts = {}
        for p in placed:
            counts[p.anchor] = counts.get(p.anchor, 0) + 1
        t = time.perf_counter()
        same = Reanchorer(text, text)
        for m in marks:
            same.place(m.quote, m.prefix, m.suffix, m.start, m.end)
        exact_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        for m in marks:
            lo, hi = max(0, m.start - 3000 - len(m.quote)), m.start + 3000 + 2 * len(m.quote)
            fuzz.partial_ratio_alignment(m.quote, edited[lo:hi], score_cutoff=80)
        raw_times.append(time.perf_counter() - t)
    return {"text_chars": len(text), "marks": len(marks), "edited_marks": len(ops),
            "fuzzy_seconds": round(min(fuzzy_times), 3), "anchor_exact_path_seconds": round(min(exact_times), 3),
            "anchor_raw_partial_ratio_seconds": round(min(raw_times), 3), "anchors": counts, "target_seconds": 2.0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--marks-per-article", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--speed-marks", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--show-wrong", action="store_true")
    a = ap.parse_args()
    print(json.dumps({"quality": quality(a.marks_per_article, a.seed, a.show_wrong),
                      "speed": speed(a.speed_marks, a.reps, a.seed)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
