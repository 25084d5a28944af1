"""Keys per mark: how many key presses reproduce a sample article's hand gold marks in the
real reader (Textual's run_test + Pilot, a real database file), with suggestions and without.

The user is an oracle who knows the gold and presses the fewest keys this script can plan
through the app's own keys; every press goes through the app and is counted, and at the
end the database must hold every gold mark (span, label, and for attributions the speaker).

With suggestions: `f` to the first one; then, for each suggestion in turn, Enter when it is
a gold mark with the gold speaker, `Y` + a few letters to filter the speaker list + Enter
(or Tab for a name the list does not have) when only the speaker differs, `X` (reject,
which also moves on) when it is not a gold mark. Gold marks no suggestion gave are then
made by hand, as without suggestions: `/` + the shortest prefix that finds the mark's start
+ Enter; then `s` (whole sentence) or `W` (by word) and shift+arrows to its end,
whichever takes fewer keys; then `c`/`d`, or `a` + letters to filter the speaker list +
Enter. Keys spent while an attribution suggestion is focused, and by hand on a gold
attribution, count for attributions; the rest for claims.

The anchor is the same gold made by hand alone (suggestions hidden), in the same run.
Gold: tests/data/suggest_gold.jsonl (written by hand for the sample articles).

    python bench/keystrokes.py [--gold tests/data/suggest_gold.jsonl] [--article NAME …]

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "suggest_gold.jsonl"
SAMPLES = ROOT / "sample_articles"
SIZE = (120, 35)


@dataclass(frozen=True)
class Mark:
    label: str  # claim | disputed | attribution
    start: int
    end: int
    speaker: str = ""

    @property
    def kind(self) -> str:
        return "attribution" if self.label == "attribution" else "claim"


def norm(name: str) -> str:
    """Speakers compared as a reader would: case, accents, a leading article, quote marks."""
    s = unicodedata.normalize("NFKD", name.casefold().replace("’", "'"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).strip()
    for article in ("the ", "a ", "an "):
        if s.startswith(article):
            s = s[len(article):]
    return " ".join(s.split())


def load_gold(path: Path) -> dict[str, list[Mark]]:
    out: dict[str, list[Mark]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row["kind"] == "attribution":
            out[row["article"]].append(Mark("attribution", *row["content"], row.get("speaker") or ""))
        else:
            out[row["article"]].append(Mark(row["label"], *row["span"]))
    return out


class Keys:
    """Presses keys through Pilot and counts them, by kind of mark."""

    def __init__(self, pilot):
        self.pilot = pilot
        self.count: dict[str, int] = defaultdict(int)
        self.phase = "suggestions"  # then "hand"

    async def press(self, kind: str, *keys: str) -> None:
        for key in keys:
            await self.pilot.press({" ": "space"}.get(key, key))
        self.count[kind] += len(keys)
        self.count[f"{self.phase}:{kind}"] += len(keys)
        await self.pilot.pause()


async def wait_reader(app, pilot, suggestions: bool):
    from newsmark.tui.reader import ReaderScreen

    for _ in range(400):
        screen = app.screen
        if isinstance(screen, ReaderScreen) and screen.is_mounted and screen.suggestions_ready:
            break
        await app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.pause()
    return app.screen


def find_prefix(text: str, start: int, caret: int) -> str:
    """The shortest prefix of text[start:] that the reader's find (`/`, case-insensitive, first
    match at or after the caret, else wrapping) lands on at `start`."""
    low = text.casefold() if len(text.casefold()) == len(text) else text.lower()
    for n in range(1, 80):
        needle = low[start:start + n]
        at = low.find(needle, caret)
        if at < 0:
            at = low.find(needle)
        if at == start:
            return text[start:start + n]
    return text[start:start + 80]


def speaker_keys(candidates: list[tuple[str, str]], speaker: str) -> tuple[list[str], str]:
    """What to type in the picker to get `speaker`, and the key that takes it (Enter or Tab)."""
    from newsmark.tui.dialogs import filter_names

    wanted = [name for name, _ in candidates if norm(name) == norm(speaker)]
    if wanted:
        target = wanted[0]
        if candidates and candidates[0][0] == target:
            return [], "enter"
        for n in range(1, len(target) + 1):
            shown = filter_names(candidates, target[:n])
            if shown and shown[0][0] == target:
                return list(target[:n]), "enter"
    return list(speaker), ("tab" if filter_names(candidates, speaker) else "enter")


def shift_arrows(text: str, pos: int, end: int) -> list[str]:
    """shift+left / shift+right presses that move a selection's end from `pos` to `end`, a
    grapheme at a time."""
    from newsmark.tui import text_units as units

    keys = []
    while pos > end:
        pos = units.grapheme_prev(text, pos)
        keys.append("shift+left")
    while pos < end:
        pos = units.grapheme_next(text, pos)
        keys.append("shift+right")
    return keys


def extension(text: str, screen, sel_start: int, caret: int, end: int) -> list[str] | None:
    """Keys that take a selection (sel_start, caret) to (sel_start, end): the fewest of
    `s` (sentences) then shift+arrows, or `W` (words) then shift+arrows. None if neither can."""
    from newsmark.tui import text_units as units

    def arrows(pos: int) -> list[str]:
        return shift_arrows(text, pos, end)

    plans = []
    # by words
    pos, words = caret, []
    while True:
        plans.append(words + arrows(pos))
        if pos >= end:
            break
        nxt = units.word_next(text, pos)
        if nxt <= pos:
            break
        pos, words = nxt, words + ["W"]
    # by sentences: `s` selects the sentence(s) the selection touches, again adds the next
    sentence = screen.sentences.at(sel_start)
    if sentence and sentence[0] == sel_start:
        pos, keys = sentence[1], ["s"]
        for _ in range(6):
            plans.append(keys + arrows(pos))
            if pos >= end:
                break
            nxt = screen.sentences.next_start(pos - 1)
            nxt_span = screen.sentences.at(nxt) if nxt < len(text) else None
            if not nxt_span:
                break
            pos, keys = nxt_span[1], keys + ["s"]
    return min(plans, key=len) if plans else None


def adjust_end(text: str, pos: int, end: int) -> list[str]:
    """Keys that move a selection's end from `pos` to `end`: W/B by words, then shift+arrows."""
    from newsmark.tui import text_units as units

    def arrows(p: int) -> list[str]:
        return shift_arrows(text, p, end)

    plans = [arrows(pos)]
    for key, step in (("W", units.word_next), ("B", units.word_prev)):
        p, words = pos, []
        for _ in range(40):
            nxt = step(text, p)
            if nxt == p:
                break
            p, words = nxt, words + [key]
            plans.append(words + arrows(p))
    return min(plans, key=len)


async def by_hand(keys: Keys, screen, mark: Mark, text: str) -> None:
    """Find the start, extend to the end, tag (and pick the speaker)."""
    from newsmark.tui.dialogs import AttributedToPicker

    view = screen.view
    prefix = find_prefix(text, mark.start, view.caret)
    await keys.press(mark.kind, "slash", *prefix, "enter")
    assert view.selection == (mark.start, mark.start + len(prefix)), (view.selection, mark, prefix)
    sel_start, caret = view.selection
    await keys.press(mark.kind, *(extension(text, screen, sel_start, caret, mark.end) or []))
    if view.selection != (mark.start, mark.end):  # a sentence boundary surprise: fix by arrows
        while view.caret > mark.end:
            await keys.press(mark.kind, "shift+left")
        while view.caret < mark.end:
            await keys.press(mark.kind, "shift+right")
    assert view.selection == (mark.start, mark.end), (view.selection, mark)
    if mark.label != "attribution":
        await keys.press(mark.kind, {"claim": "c", "disputed": "d"}[mark.label])
        return
    await keys.press(mark.kind, "a")
    picker = screen.app.screen
    assert isinstance(picker, AttributedToPicker), picker
    typed, take = speaker_keys(picker.candidates, mark.speaker)
    await keys.press(mark.kind, *typed, take)


def stored_matches(db: Path, article_id: str, gold: list[Mark]) -> int:
    from newsmark.store import Store

    with Store.open(db) as store:
        have = {(a.label, a.start, a.end, norm(a.attributed_to) if a.label == "attribution" else "")
                for a in store.annotations(article_id=article_id)}
    return sum((m.label, m.start, m.end, norm(m.speaker) if m.label == "attribution" else "") in have for m in gold)


async def run_article(path: Path, gold: list[Mark], suggestions: bool) -> dict:
    from newsmark.ingest import read_article
    from newsmark.store import Store
    from newsmark.tui.app import make_app

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        with Store.open(db) as store:
            article, _, _ = store.import_article(read_article(path))
        text = article.text
        app = make_app(db, "bench", user_keymap=None, article_id=article.id)
        app.show_suggestions = suggestions
        started = time.perf_counter()
        async with app.run_test(size=SIZE) as pilot:
            screen = await wait_reader(app, pilot, suggestions)
            keys = Keys(pilot)
            todo = set(gold)
            accepted = rejected = corrected = adjusted = 0
            corrections: list[dict] = []
            if suggestions and screen.suggestions:
                await keys.press(screen.suggestions[0].kind, "f")
                for _ in range(1000):
                    focus = screen.focused_suggestion()
                    if focus is None:
                        break
                    # the gold mark of this kind over the same span, else one that starts where
                    # it starts (its end is then moved with shift+arrows or W/B)
                    same = [m for m in todo if m.kind == focus.kind and m.start == focus.start]
                    same.sort(key=lambda m: (m.end != focus.end, m.label != focus.label, abs(m.end - focus.end)))
                    if not same:
                        await keys.press(focus.kind, "X")
                        rejected += 1
                        continue
                    mark = same[0]
                    todo.discard(mark)
                    if mark.end != focus.end:
                        await keys.press(focus.kind, *adjust_end(text, focus.end, mark.end))
                        assert screen.view.selection == (mark.start, mark.end), (screen.view.selection, mark)
                        adjusted += 1
                    if focus.kind == "claim":
                        key = "enter" if mark.label == focus.label else mark.label[0]  # c / d accept as that label
                        await keys.press(focus.kind, key)
                        accepted += 1
                        continue
                    if norm(focus.speaker) == norm(mark.speaker):
                        await keys.press(focus.kind, "enter")
                        accepted += 1
                        continue
                    from newsmark.tui.dialogs import AttributedToPicker

                    await keys.press(focus.kind, "Y")
                    picker = app.screen
                    assert isinstance(picker, AttributedToPicker)
                    typed, take = speaker_keys(picker.candidates, mark.speaker)
                    await keys.press(focus.kind, *typed, take)
                    corrected += 1
                    corrections.append({"suggested": focus.speaker, "gold": mark.speaker, "keys": 2 + len(typed)})
            by_hand_count = len(todo)
            from_suggestions = {k: sum(m.kind == k for m in gold) - sum(m.kind == k for m in todo)
                                for k in ("attribution", "claim")}
            keys.phase = "hand"
            for mark in sorted(todo, key=lambda m: (m.start, m.end)):
                await by_hand(keys, screen, mark, text)
        seconds = time.perf_counter() - started
        reproduced = stored_matches(db, article.id, gold)
    n_attr = sum(m.label == "attribution" for m in gold)
    n_claim = len(gold) - n_attr
    total = keys.count["attribution"] + keys.count["claim"]
    return {
        "article": path.name, "suggestions": suggestions, "gold_marks": len(gold), "gold_attributions": n_attr,
        "gold_claims": n_claim, "reproduced": reproduced, "keys": total,
        "keys_attributions": keys.count["attribution"], "keys_claims": keys.count["claim"],
        "keys_per_mark": round(total / len(gold), 2),
        "keys_per_attribution": round(keys.count["attribution"] / n_attr, 2) if n_attr else None,
        "keys_per_claim": round(keys.count["claim"] / n_claim, 2) if n_claim else None,
        "accepted": accepted, "end_adjusted": adjusted, "corrected_speaker": corrected, "rejected": rejected, "made_by_hand": by_hand_count,
        "attributions_from_suggestions": from_suggestions["attribution"],
        "keys_on_attribution_suggestions": keys.count["suggestions:attribution"],
        "claims_from_suggestions": from_suggestions["claim"],
        "keys_on_claim_suggestions": keys.count["suggestions:claim"],
        "speaker_corrections": corrections,
        "seconds": round(seconds, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--article", action="append", help="sample article file name (default: all in the gold)")
    parser.add_argument("--folder", type=Path, default=SAMPLES,
                        help="where the gold's articles are (default sample_articles/; the held-out article, "
                             "whose gold was written before the extractor ever ran on it: "
                             "--gold bench/data/heldout_gold.jsonl --folder bench/data)")
    args = parser.parse_args(argv)
    gold = load_gold(args.gold)
    names = args.article or sorted(gold)
    runs = []
    for name in names:
        for suggestions in (True, False):  # interleaved: each article with, then without
            runs.append(asyncio.run(run_article(args.folder / name, gold[name], suggestions)))

    def total(with_: bool) -> dict:
        rs = [r for r in runs if r["suggestions"] == with_]
        a = sum(r["gold_attributions"] for r in rs)
        c = sum(r["gold_claims"] for r in rs)
        sa = sum(r["attributions_from_suggestions"] for r in rs)
        ka = sum(r["keys_on_attribution_suggestions"] for r in rs)
        return {"marks": a + c, "reproduced": sum(r["reproduced"] for r in rs),
                "attributions_from_suggestions": sa,
                "keys_per_attribution_from_suggestions": round(ka / sa, 2) if sa else None,
                "keys_per_mark": round(sum(r["keys"] for r in rs) / (a + c), 2),
                "keys_per_attribution": round(sum(r["keys_attributions"] for r in rs) / a, 2) if a else None,
                "keys_per_claim": round(sum(r["keys_claims"] for r in rs) / c, 2) if c else None}

    print(json.dumps({"bench": "keystrokes", "terminal": list(SIZE), "gold": str(args.gold.relative_to(ROOT))
                      if args.gold.is_relative_to(ROOT) else str(args.gold),
                      "with_suggestions": total(True), "without_suggestions": total(False),
                      "target_keys_per_attribution": 1.5, "runs": runs}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
