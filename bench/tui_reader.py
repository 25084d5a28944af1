"""The reader on a 1 MB article beside Textual's read-only TextArea, same run, headless.

    python bench/tui_reader.py [--size 1000000] [--repeats 3] [--moves 40]

Prints one JSON object:
- ready_s: from entering run_test to the first full frame (pilot.pause + a screenshot, the
  same for every app), median of --repeats runs. Anchor: a bare App holding
  `TextArea(text, read_only=True, soft_wrap=True)`. Ours: the ArticleView alone with the
  article's entities and 200 annotations passed in, and the whole ReaderScreen (store,
  annotation list, status) with entities already in the store's cache ("warm"); "cold" adds
  recognising the entities in the worker thread (the text is readable before that).
- caret_move_ms / page_down_ms: median time of one caret move (or page down) plus
  re-rendering every visible line of the view, measured in-process (no pilot waits);
  `pilot_*` are the same key presses driven through Pilot (includes its pauses), for
  TextArea too, so the two can be compared.
Targets (issue 3): ready ≤ TextArea's; caret move and page down ≤ 16 ms median.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import TextArea

from newsmark.entities import get_recognizer
from newsmark.entity_cache import entities_for
from newsmark.ingest import read_article
from newsmark.store import Store
from newsmark.tui.app import make_app
from newsmark.tui.article_view import ArticleView
from newsmark.tui.reader import ReaderScreen

ROOT = Path(__file__).resolve().parent.parent
SIZE = (120, 40)


def big_text(size: int) -> str:
    parts = []
    for path in sorted((ROOT / "sample_articles").glob("*.md")):
        if path.name != "README.md":
            parts.append(read_article(path).text)
    base = "\n\n".join(parts)
    return (base * (size // len(base) + 1))[:size]


class TextAreaApp(App):
    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield TextArea(self.text, read_only=True, soft_wrap=True)


class ViewApp(App):
    def __init__(self, text: str, entities, annotations):
        super().__init__()
        self.text, self.entities, self.annotations = text, entities, annotations

    def compose(self) -> ComposeResult:
        yield ArticleView(self.text)

    def on_mount(self) -> None:
        view = self.query_one(ArticleView)
        view.set_entities(self.entities)
        view.set_annotations(self.annotations)
        view.focus()


async def time_ready(make, until=None) -> tuple[float, App]:
    app = make()
    t0 = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if until is not None:
            for _ in range(200):
                if until(app):
                    break
                await pilot.pause(0.005)
        app.export_screenshot()
        elapsed = time.perf_counter() - t0
    return elapsed, app


async def pilot_keys(make, keys: list[str], until=None) -> float:
    """Median ms per key press through Pilot (includes Pilot's own waiting)."""
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if until is not None:
            for _ in range(200):
                if until(app):
                    break
                await pilot.pause(0.005)
        times = []
        for key in keys:
            t0 = time.perf_counter()
            await pilot.press(key)
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


async def direct_moves(db: Path, article_id: str, moves: int) -> dict:
    """In-process: run the screen's action, then render every visible line of the view."""
    app = make_app(db, "bench", user_keymap=None, article_id=article_id)
    out = {}
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            if isinstance(app.screen, ReaderScreen) and app.screen.is_mounted:
                break
            await pilot.pause(0.005)
        await pilot.pause()
        screen: ReaderScreen = app.screen
        view = screen.view
        height = view.scrollable_content_region.height
        view.move_to(len(view.text) // 2, center=True)
        await pilot.pause()

        def measure(action) -> float:
            times = []
            for _ in range(moves):
                t0 = time.perf_counter()
                action()
                for y in range(height):
                    view.render_line(y)
                times.append((time.perf_counter() - t0) * 1000)
            return statistics.median(times)

        out["caret_move_ms"] = measure(lambda: screen.action_move("right"))
        out["word_move_ms"] = measure(lambda: screen.action_move("word_next"))
        out["page_down_ms"] = measure(lambda: screen.action_move("page_down"))
        out["select_sentence_ms"] = measure(lambda: (screen.action_move("sentence_next"),
                                                     screen.action_select_unit("sentence")))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--moves", type=int, default=40)
    args = parser.parse_args()

    text = big_text(args.size)
    tmp = Path(tempfile.mkdtemp(prefix="newsmark-bench-"))
    db = tmp / "bench.db"
    from newsmark.ingest import ImportedText

    with Store.open(db) as store:
        article, _, _ = store.import_article(ImportedText(text=text, title="1 MB bench article"))
        rng = random.Random(7)
        rows = []
        for i in range(200):
            start = rng.randrange(0, len(text) - 200)
            rows.append({"article_id": article.id, "label": ("claim", "attribution", "disputed")[i % 3],
                         "start": start, "end": start + rng.randrange(10, 180), "annotator": "bench"})
        store.add_annotations(rows)
        t0 = time.perf_counter()
        entities = entities_for(store, store.article(article.id), get_recognizer("builtin"))
        recognise_s = time.perf_counter() - t0
        annotations = list(store.annotations(article_id=article.id))

    def reader_ready(app) -> bool:
        return isinstance(app.screen, ReaderScreen) and app.screen.is_mounted

    def reader_with_entities(app) -> bool:
        return reader_ready(app) and bool(app.screen.view.entities)

    async def run() -> dict:
        textarea, view, warm, cold = [], [], [], []
        for _ in range(args.repeats):
            textarea.append((await time_ready(lambda: TextAreaApp(text)))[0])
            view.append((await time_ready(lambda: ViewApp(text, entities, annotations)))[0])
            warm.append((await time_ready(lambda: make_app(db, "bench", user_keymap=None, article_id=article.id),
                                          reader_with_entities))[0])
        with Store.open(db) as store:
            store.conn.execute("DELETE FROM entity_cache")
            store.conn.commit()
        cold.append((await time_ready(lambda: make_app(db, "bench", user_keymap=None, article_id=article.id),
                                      reader_with_entities))[0])
        result = {
            "text_chars": len(text),
            "entities": len(entities),
            "annotations": len(annotations),
            "recognise_entities_s": round(recognise_s, 3),
            "ready_s": {
                "textarea_read_only": round(statistics.median(textarea), 3),
                "article_view_with_highlights": round(statistics.median(view), 3),
                "reader_screen_warm": round(statistics.median(warm), 3),
                "reader_screen_cold_entities": round(cold[0], 3),
            },
        }
        moves = await direct_moves(db, article.id, args.moves)
        result.update({k: round(v, 3) for k, v in moves.items()})
        keys = ["right"] * 10 + ["pagedown"] * 10
        result["pilot_key_ms"] = {
            "reader_right": round(await pilot_keys(lambda: make_app(db, "bench", user_keymap=None,
                                                                    article_id=article.id), ["right"] * 15,
                                                   reader_ready), 2),
            "reader_pagedown": round(await pilot_keys(lambda: make_app(db, "bench", user_keymap=None,
                                                                       article_id=article.id), ["pagedown"] * 15,
                                                      reader_ready), 2),
            "textarea_right": round(await pilot_keys(lambda: TextAreaApp(text), ["right"] * 15), 2),
            "textarea_pagedown": round(await pilot_keys(lambda: TextAreaApp(text), ["pagedown"] * 15), 2),
        }
        del keys
        r = result["ready_s"]
        result["targets_met"] = {
            "ready_le_textarea": r["reader_screen_warm"] <= r["textarea_read_only"],
            "caret_move_le_16ms": result["caret_move_ms"] <= 16,
            "page_down_le_16ms": result["page_down_ms"] <= 16,
        }
        return result

    print(json.dumps(asyncio.run(run()), indent=2))


if __name__ == "__main__":
    sys.exit(main())
