"""A key press in the reader beside the same press in a bare Textual app, through Pilot in
one process, interleaved round by round; prints one JSON object.

    python bench/keypress.py [--rounds 5] [--presses 40] [--profile]

Each round presses `right` (caret one character on) `--presses` times in a bare app (one
focusable Static that takes the key) and in the reader on a sample article, timing each
`pilot.press` (which waits until the app is idle again: the key's handling and its repaint
through the compositor). CPU time per press, min / median / max of the round medians.
`--profile` adds where the reader's time goes: the share of profiled time spent in Textual's
own modules against newsmark's.

What a caret move cost, traced (Widget.refresh / Screen._compositor_refresh per press):
  before: the view refreshed as a whole (Textual re-rendered all 37 visible lines through
    its styles cache and line filters) and the status line was composited as a second
    frame when the view's SelectionChanged message reached the screen: two compositor
    passes, each rendering every widget its crop overlaps. ~10 ms against 3.2-3.7 bare.
  now: the view refreshes only the lines whose caret/selection drawing changed
    (ArticleView._refresh_selection_lines), and calls the screen back at once
    (selection_listener) so the status line goes into the same frame: one pass per key.
    ~6 ms against ~3.7-4.0 bare (1.5-1.65x). No layout runs on a caret move.
  What is left is Textual's: the one compositor pass still calls render_lines on every
  widget its crop touches (the screen 40 lines, the body Horizontal, the view, its
  scrollbar, the mark list, the title, the status line and key bar: ~1.8 ms, mostly
  cached strips passed through the line filters), the binding lookup over the reader's
  ~50 bindings, and Pilot's own wait (a call_later on every widget of the screen).
  Third round, timed per widget (StylesCache.render_widget) per press: the status line's one
  line cost 0.63 ms through Textual's general visual path (now drawn from its Content's
  segments: 0.35), the mark list redrew all its lines when the caret moved inside the mark
  it already highlighted, scroll_to_region ran on every step, and the reader looked the view
  up with a DOM query a dozen times per press. Without those: ~5.0 ms against ~3.6 bare
  (1.40x). Textual's compositor renders every widget a frame touches at its whole height
  (from its line cache), so the mark list, scroll bar and containers still cost ~0.8 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tui import SIZE, build_db  # noqa: E402  (the start-up bench's database and screen size)


async def bare_presses(n: int) -> list[float]:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Caret(Static, can_focus=True):
        BINDINGS = [("right", "step", "")]
        position = 0

        def action_step(self) -> None:
            self.position += 1
            self.update(f"Dockworkers extend strike at three Atlantic ports as talks stall {self.position}")

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Caret("Dockworkers extend strike at three Atlantic ports as talks stall")

    async with Bare().run_test(size=SIZE) as pilot:
        await pilot.pause()
        return await timed_presses(pilot, n)


async def reader_presses(db: Path, article_id: str, n: int) -> list[float]:
    from newsmark.tui.app import make_app
    from newsmark.tui.reader import ReaderScreen

    app = make_app(db, "bench", article_id=article_id, user_keymap=None)
    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.screen, ReaderScreen):
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        return await timed_presses(pilot, n)


async def timed_presses(pilot, n: int) -> list[float]:
    """CPU seconds of each of n caret-right presses through Pilot (each waits for its repaint)."""
    out = []
    for _ in range(n):
        t = time.process_time()
        await pilot.press("right")
        out.append(time.process_time() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--presses", type=int, default=40)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsmark-bench-keys-") as tmp:
        db, article_id = build_db(Path(tmp))
        asyncio.run(bare_presses(3))  # imports and first-run work out of the way, both sides
        asyncio.run(reader_presses(db, article_id, 3))
        bare, reader = [], []
        for _ in range(args.rounds):
            bare.append(statistics.median(asyncio.run(bare_presses(args.presses))))
            reader.append(statistics.median(asyncio.run(reader_presses(db, article_id, args.presses))))
        out = {
            "benchmark": "key press through Pilot (CPU ms per press; round medians)",
            "rounds": args.rounds, "presses_per_round": args.presses,
            "bare_app_ms": {k: round(f(bare) * 1000, 1) for k, f in (("min", min), ("median", statistics.median), ("max", max))},
            "reader_ms": {k: round(f(reader) * 1000, 1) for k, f in (("min", min), ("median", statistics.median), ("max", max))},
            "ratio_median": round(statistics.median(reader) / statistics.median(bare), 2),
            "target_ratio": 1.5,
        }
        if args.profile:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
            asyncio.run(reader_presses(db, article_id, args.presses))
            prof.disable()
            stats = pstats.Stats(prof)
            own: dict[str, float] = {}
            for (file, _line, _fn), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
                key = ("textual" if "/textual/" in file else "rich" if "/rich/" in file
                       else "newsmark" if "/newsmark/" in file or "/tui/" in file or "/store/" in file
                       else "other")
                own[key] = own.get(key, 0.0) + tt
            total = sum(own.values()) or 1.0
            out["reader_profile_self_time_share"] = {k: round(v / total, 3) for k, v in sorted(own.items())}
            top = sorted(((tt, f"{Path(f).name}:{fn}") for (f, _l, fn), (_c, _n, tt, _ct, _cl) in stats.stats.items()
                          if "/newsmark/" in f or "/tui/" in f), reverse=True)[:8]
            out["reader_profile_top_own_functions_s"] = [[name, round(tt, 3)] for tt, name in top]
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
