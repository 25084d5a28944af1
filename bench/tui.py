"""Start-up of the reader against a bare Textual app, both headless via run_test, same run.

    python bench/tui.py [--reps 7] [--no-cold]

Prints JSON. Measured per repetition, interleaved so drift hits both sides alike:

- warm: in this process (modules already imported), from building the app to the first
  rendered frame of the reader on the wire-report sample (`make_app(..., article_id=…)`,
  as `newsmark open` does), against an `App` whose only widget is one `Static`.
  `reader_entities_ms` runs on until the entity worker has highlighted the text.
- cold: a fresh `python` per run, imports included — what a person waits for — for both.
- first_frame_* / cold_first_frame_*: the same runs, to the moment the first frame is handed
  to the (headless) terminal driver (App._display), not to Pilot's "idle" (which waits in
  1/50 s steps until the process is idle, so it also waits for the reader's entity and
  suggestion workers, and pads the bare app's ~15 ms first frame to ~55-60 ms).

Target (issue 3): reader warm median ≤ 1.5 × the bare app's. JSON: bare_ms, reader_ms,
ratio (= reader_ms / bare_ms), target, meets_target. For context it also carries two more
same-run anchors: a Static with Textual's Footer of the reader's keys, and Textual's
read-only TextArea of the article with that Footer (no newsmark code).

Where the time goes (2-core box, warm, medians; profile with cProfile around reader_once):
  before: bare 59 ms, reader 449 ms, ratio 7.6. Textual's Footer was ~200 ms of it: one
    widget per key, recomposed on every bindings change (each focus change). newsmark's
    KeyBar draws the same keys as one widget (context_static_footer_ms shows what a Footer
    alone costs: ~130 ms against ~60 ms bare).
  after: bare 59 ms, reader ~180 ms, ratio ~3.0 on a quiet box; a full run under a load
    of 4 (other jobs): bare 74, reader 236, ratio 3.19; cold (fresh python) 380 vs 1173 ms.
  The remaining ~120 ms over bare, from a timeline of Screen._refresh_layout /
  _compositor_refresh calls in one run:
    ~15 ms  app set-up, CSS parse (newsmark.tcss + widgets' DEFAULT_CSS), key map;
    ~25 ms  pushing a second screen over the library and mounting the reader's widgets
            (an empty pushed Screen alone costs ~35 ms over bare: exp. in the same run);
    ~28 ms  the first full frame: ArticleView lines ~0.3 ms each (Rich Text styling),
            the rest Textual's per-line compositing (Strip, divide at the side list,
            line filters);
    ~22 ms  a second full layout+render Textual schedules after mount (not our list or
            status update: filling them synchronously did not remove it);
    ~30-40 ms  frame timers and idle waits (epoll) until the screen is idle.
  Already cut: entities come from the cache in the first frame when the recogniser is
  loaded (no second full render when they arrive); the view's base style is cached
  (rich_style walked the ancestors per line); the default key map is parsed once.
  Second round (A/B in one process against the tree before it, quiet box, 12 reps:
  bare 59.8, reader 187 -> 156 ms, ratio 3.13 -> 2.60):
    - the reader is the app's first screen when started with an article (no push, and no
      relayout Textual runs after a pushed screen mounts); back replaces it by the library;
    - ArticleView wraps during the layout pass and sets its line count without a relayout
      (wrapping in the first render_line changed virtual_size after the frame: a second
      full layout + frame); side widths set in compose; the mark list filled before the
      first layout; same-size Resize events (two at start-up) skipped by the reader;
    - the mark list caches its base style (rich_style per row per frame);
    - the entity list is mounted when first shown (E), not composed hidden (~25 ms).
  What is left over bare (~95 ms), from a timeline of one run: ~45 ms composing and
  mounting the reader's widgets (CSS apply per widget; the title bar's Horizontal and two
  Statics, status line, key bar, mark list); ~25-30 ms the first full frame; ~15-20 ms a
  second full layout + frame that Textual itself requests after the first (widgets' first
  virtual_size set with layout=True in Widget._size_updated: Textual-internal, the bare
  app pays it too on one Static); ~5 ms two small frames (status line after the first
  refresh); CSS parsing of newsmark.tcss and the widgets' DEFAULT_CSS per app (~8 ms).
  Not done, would help: fewer widgets (title + legend as one widget drawing both);
  render lines without rich.Text (build Segments from sorted style boundaries).
  Third round (one run each of the tree before and after, same bench, load average 4-5):
    - the status line drawn in the first frame, not after it (a frame of its own); the key
      bar repaints on Textual's bindings signal only when its keys changed (one more frame
      after the first);
    - the entity and suggestion workers start at mount but wait (threading.Event, set in
      on_screen_resume, after Textual's own ScreenResume handler drew the first frame):
      their threads (json-decoding the recogniser's data, recognising, suggesting) held
      the GIL while the first frame was laid out.
    warm idle ratio 2.71 -> 2.26; cold (fresh python, recogniser not loaded) to idle
    839 -> 647 ms against 341/352 bare (2.46 -> 1.84); cold to the first frame 760 -> 567.
  The first frame itself (warm) is ~65-75 ms against the bare app's ~11-15 ms: the CSS of
  newsmark.tcss and eight widget classes parsed per app (~7 ms against ~3), CSS applied
  to ten widgets, the first full layout and frame (~20 ms: every visible line of the
  article styled), then Textual's own second full layout (~15 ms, see above).
  Fourth round (one process, timelines of Screen._refresh_layout / _compositor_refresh /
  App._display, then A/B runs of this bench against the tree before each change):
    - one full layout and frame instead of two: the second was not the widgets' first
      virtual sizes alone. Textual leaves the screen's "layout required" flag from mounting
      standing after the layout in its ScreenResume handler, and the widgets' requests from
      mounting reach the screen after that layout; ReaderScreen._refresh_layout now
      answers every request made before it, and the bars, the screen and the view's
      scrollbar take their size from a layout without asking for another (tui/laid_out.py);
    - nothing is drawn again after the first frame: Textual's resume handler also asked for
      a repaint of the whole screen (~15-45 ms), the widgets' repaint requests from before
      the first frame arrived after it, the view repainted on its first Resize, and a short
      article's suggestions now come with the first frame when the engine is loaded (they
      cost a full repaint of the view when they arrived); Pilot's idle wait then ends one
      20 ms step after the first frame (idle - first frame: 23-26 ms in every run);
    - the view's 25 component styles are resolved when a line first needs one and kept
      until the stylesheet or the view's path changes (style updates 4 + 12 -> 0.6 + 1.9 ms);
    - cached entities are read before the first frame also in a fresh process (the cache
      key without importing the recogniser);
    - the fresh-interpreter runs load bytecode for both apps (--cold-from-source for the
      old way): PYTHONDONTWRITEBYTECODE is set here, so every cold reader compiled
      newsmark's ~40 modules from source (~80 ms) while Textual came compiled.
  Figures, same bench against the code before the round, four alternating runs on a 2-core
  box shared with another job: warm idle 161-205 -> 83-96 ms (bare 53-57: ratio 2.85-3.81 ->
  1.56-1.75), warm first frame 77-129 -> 58-70 ms (bare 11-14); fresh interpreters, 20
  interleaved pairs: idle 497 -> 443 ms, first frame 372 -> 350 ms (bare 288 / 245: 1.72 ->
  1.54 and 1.52 -> 1.43); the bench's own three cold runs per side are too few to separate
  them (1.41-1.62 -> 1.56-1.81). On a quiet moment the warm ratio is 1.35-1.45 (first frame
  44-50 ms); the spread is the first frame, and in one process the runs that include a full
  (generation 2) collection of the earlier runs' apps take 60-80 ms longer.
  What is left of the warm first frame (~45 ms quiet against ~9): Textual's compositing of
  the first frame (~16-19 ms, ~5 of it this view's lines; a Strip with seven caches per line
  per filter, the outgoing-text filter included), parsing the widgets' CSS (~3-4 ms), the
  suggestions (~4 ms), mounting and on_mount (~8 ms). Tried without a measurable gain: the
  body row replaced by docking (same picture, compositor time within noise); pausing the
  garbage collector until the first frame (the deferred collections land in the idle wait;
  fresh interpreters no faster).
  Fifth round: an article's suggestions are kept in the store's cache and read before the
  first frame at the next open (in a fresh process without importing the engine, whose
  rules now load on first use): the warm first frame no longer finds them (~5 ms), a fresh
  one no longer imports the engine, finds them and repaints the view after its first frame
  (~25 + 5 + 11-16 ms). Five runs of --reps 21: warm idle ratio 1.42-1.57 (bare 53-56 ms),
  fresh interpreters to idle 1.19-1.42. --where N samples the warm first frames' stacks:
  of ~51-72 ms, newsmark's code 9-12 ms (it was ~16 before the cache), Textual's
  stylesheets 15-21 ms (bare app: ~5), the rest of Textual's mounting, layout and
  compositing 29-37 ms (bare: ~5). A gen-2 collection in one process costs 45-90 ms (most
  of it Textual's and the earlier runs' objects; the recogniser's word sets ~10 ms of it:
  tried as dicts, the GC does not track those, and as gc.freeze() after start-up, neither
  moved the median first frame).
"""

from __future__ import annotations

import time

PROCESS_START = time.perf_counter()  # for the cold runs: before anything newsmark or Textual is imported

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

SIZE = (120, 40)
SAMPLE = "wire-report-port-strike.md"
_READY_AT: list[float] = []


def build_db(folder: Path) -> tuple[Path, str]:
    from newsmark.commands.library import sample_files
    from newsmark.ingest import read_article
    from newsmark.store import Store

    db = folder / "bench.db"
    with Store.open(db) as store:
        article_id = ""
        for path in sample_files():
            article, _, _ = store.import_article(read_article(path))
            if path.name == SAMPLE:
                article_id = article.id
                # Two marks, so the reader draws annotation highlights too.
                text = article.text
                for label, phrase in (("claim", "has idled cranes for nine days"), ("disputed", "19 percent")):
                    start = text.index(phrase)
                    store.add_annotation(article.id, label, start, start + len(phrase), annotator="bench")
    return db, article_id


_FIRST_FRAME_AT: list[float] = []


def _time_first_frame(app) -> None:
    """Note when the app first hands a frame to its (headless) driver: App._display is
    what each compositor refresh calls with the update it writes to the terminal."""
    display = app._display

    def timed(screen, renderable) -> None:
        display(screen, renderable)
        if not timed.seen and renderable is not None:
            timed.seen = True
            _FIRST_FRAME_AT.append(time.perf_counter())

    timed.seen = False
    app._display = timed


async def bare_once() -> tuple[float, float]:
    """(ms to idle after the first frame, ms to the first frame) of the bare app."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Dockworkers extend strike at three Atlantic ports as talks stall")

    start = time.perf_counter()
    app = Bare()
    _time_first_frame(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ready = time.perf_counter()
        _READY_AT.append(ready)
    return (ready - start) * 1000, (_FIRST_FRAME_AT[-1] - start) * 1000


async def context_once(kind: str) -> float:
    """Context, not the target's anchor: one Static plus a Footer showing the reader's keys,
    and a read-only TextArea of the same article plus that Footer."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Static, TextArea

    from newsmark.tui.bindings import screen_bindings

    text = _sample_text()

    class Context(App[None]):
        BINDINGS = screen_bindings("app") + screen_bindings("reader")

        def compose(self) -> ComposeResult:
            if kind == "footer":
                yield Static("Dockworkers extend strike at three Atlantic ports as talks stall")
            else:
                yield TextArea(text, read_only=True)
            yield Footer()

    start = time.perf_counter()
    app = Context()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ready = time.perf_counter()
    return (ready - start) * 1000


def _sample_text() -> str:
    from newsmark.commands.library import sample_files
    from newsmark.ingest import read_article

    return next(read_article(p).text for p in sample_files() if p.name == SAMPLE)


async def reader_once(db: Path, article_id: str) -> tuple[float, float, float]:
    """(ms to idle after the first frame, ms until the workers' entities and suggestions
    are drawn, ms to the first frame) of the reader."""
    from newsmark.tui.app import make_app
    from newsmark.tui.reader import ReaderScreen

    start = time.perf_counter()
    app = make_app(db, "bench", article_id=article_id, user_keymap=None)
    _time_first_frame(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        while not isinstance(app.screen, ReaderScreen):
            await pilot.pause()
        ready = time.perf_counter()
        _READY_AT.append(ready)
        await app.workers.wait_for_complete()
        await pilot.pause()
        highlighted = time.perf_counter()
    return (ready - start) * 1000, (highlighted - start) * 1000, (_FIRST_FRAME_AT[-1] - start) * 1000


def _package_roots() -> tuple[tuple[str, ...], str]:
    """Folders of newsmark's own code (the core and the tui/store/keybindings packages it
    maps in) and of Textual's, as the running interpreter imported them."""
    import newsmark
    import newsmark.keybindings
    import newsmark.store
    import newsmark.tui
    import textual

    ours = tuple(str(Path(m.__file__).parent) + os.sep for m in (newsmark, newsmark.tui, newsmark.store, newsmark.keybindings))
    return ours, str(Path(textual.__file__).parent) + os.sep


async def where_first_frames(db: Path, article_id: str, reps: int) -> dict:
    """Whose code the first frame's time goes to, from stack samples (every ~0.2 ms, of
    the main thread, during warm runs to the first frame): a sample counts for newsmark
    when the nearest frame that is newsmark's or Textual's is newsmark's (Rich and the
    standard library count for whoever called them), for Textual otherwise; Textual's
    share is split into its stylesheets (textual/css: tokenizing, parsing and applying the
    CSS; not the style objects widgets read while laying out and drawing) and the rest
    (mounting, layout, compositing, messages). Shares times the median first frame give the
    ms; sampling costs both apps alike."""
    import threading

    from textual.app import App, ComposeResult
    from textual.widgets import Static

    from newsmark.tui.app import make_app

    ours, textual_root = _package_roots()
    css_root = textual_root + "css" + os.sep
    main_id = threading.main_thread().ident
    sampling = threading.Event()
    done = threading.Event()
    counts: dict[str, int] = {}

    def owner(frame) -> str:
        while frame is not None:
            name = frame.f_code.co_filename
            if name.startswith(ours):
                return "newsmark"
            if name.startswith(textual_root):
                stylesheet = name.startswith(css_root) and not name.endswith(("styles.py", "_style_properties.py"))
                return "textual_stylesheets" if stylesheet else "textual_other"
            frame = frame.f_back
        return "other"

    def sampler() -> None:
        while not done.is_set():
            if sampling.wait(0.05):
                frame = sys._current_frames().get(main_id)
                if frame is not None and sampling.is_set():
                    key = current_app[0] + ":" + owner(frame)
                    counts[key] = counts.get(key, 0) + 1
                    del frame
                time.sleep(0.0002)

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Dockworkers extend strike at three Atlantic ports as talks stall")

    current_app = [""]
    firsts: dict[str, list[float]] = {"bare": [], "reader": []}
    switch = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)  # so the sampler gets the GIL between samples
    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    try:
        for _ in range(reps):
            for kind in ("bare", "reader"):
                current_app[0] = kind
                app = Bare() if kind == "bare" else make_app(db, "bench", article_id=article_id, user_keymap=None)
                display = app._display
                start = time.perf_counter()

                def timed(screen, renderable, display=display, kind=kind, start=start) -> None:
                    display(screen, renderable)
                    if renderable is not None and sampling.is_set():
                        sampling.clear()
                        firsts[kind].append((time.perf_counter() - start) * 1000)

                app._display = timed
                sampling.set()
                async with app.run_test(size=SIZE) as pilot:
                    await pilot.pause()
                sampling.clear()
    finally:
        done.set()
        thread.join()
        sys.setswitchinterval(switch)
    out: dict = {}
    for kind in ("bare", "reader"):
        total = sum(v for k, v in counts.items() if k.startswith(kind + ":")) or 1
        first = statistics.median(firsts[kind])
        out[kind] = {"first_frame_ms": round(first, 1), "samples": total}
        for part in ("newsmark", "textual_stylesheets", "textual_other", "other"):
            share = counts.get(f"{kind}:{part}", 0) / total
            out[kind][part] = {"share": round(share, 3), "ms": round(share * first, 1)}
    return out


def cold_once(kind: str, db: Path, article_id: str, env: dict | None = None) -> tuple[float, float]:
    """One fresh interpreter running this script with --cold; the ms it reports from its
    start to the ready (idle) frame and to the first frame."""
    argv = [sys.executable, __file__, "--cold", kind, str(db), article_id]
    out = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=120, env=env)
    ready, first = out.stdout.strip().splitlines()[-1].split()
    return float(ready), float(first)


def cold_child(kind: str, db: str, article_id: str) -> None:
    if kind == "bare":
        asyncio.run(bare_once())
    else:
        asyncio.run(reader_once(Path(db), article_id))
    # bare_once/reader_once stop their clocks at the ready frame; report from process start instead.
    print(round((_READY_AT[-1] - PROCESS_START) * 1000, 1), round((_FIRST_FRAME_AT[-1] - PROCESS_START) * 1000, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--no-cold", action="store_true", help="skip the fresh-interpreter runs")
    parser.add_argument("--cold-from-source", action="store_true",
                        help="fresh interpreters as the environment has them: with PYTHONDONTWRITEBYTECODE set, "
                             "newsmark is compiled from source in every one (an installed package has bytecode)")
    parser.add_argument("--where", type=int, metavar="REPS", default=0,
                        help="also sample whose code (newsmark's, Textual's) the warm first frames spend their time in")
    parser.add_argument("--cold", nargs=3, metavar=("KIND", "DB", "ARTICLE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold:
        cold_child(*args.cold)
        return

    with tempfile.TemporaryDirectory() as tmp:
        db, article_id = build_db(Path(tmp))
        # Warm-up, not counted: imports, and the entity cache filled once as on a second open.
        asyncio.run(bare_once())
        asyncio.run(reader_once(db, article_id))
        bare, reader, entities, footer, textarea, bare_first, reader_first = [], [], [], [], [], [], []
        for _ in range(args.reps):
            idle, first = asyncio.run(bare_once())
            bare.append(idle)
            bare_first.append(first)
            footer.append(asyncio.run(context_once("footer")))
            textarea.append(asyncio.run(context_once("textarea")))
            ready, highlighted, first = asyncio.run(reader_once(db, article_id))
            reader.append(ready)
            entities.append(highlighted)
            reader_first.append(first)
        result: dict = {
            "benchmark": "tui_startup",
            "terminal": list(SIZE),
            "article": SAMPLE,
            "reps": args.reps,
            "bare_ms": round(statistics.median(bare), 1),  # anchor: App with one Static, same run
            "reader_ms": round(statistics.median(reader), 1),  # first rendered frame of the reader
            "ratio": round(statistics.median(reader) / statistics.median(bare), 2),  # reader_ms / bare_ms
            "target": 1.5,  # issue 3: ratio <= target
            "reader_entities_ms": round(statistics.median(entities), 1),
            # The first frame handed to the terminal (App._display), before Pilot's wait
            # for an idle process: what a person sees first. Same two apps, same runs.
            "first_frame_bare_ms": round(statistics.median(bare_first), 1),
            "first_frame_reader_ms": round(statistics.median(reader_first), 1),
            "first_frame_ratio": round(statistics.median(reader_first) / statistics.median(bare_first), 2),
            "context_static_footer_ms": round(statistics.median(footer), 1),
            "context_textarea_footer_ms": round(statistics.median(textarea), 1),
        }
        result["meets_target"] = result["ratio"] <= result["target"]
        if args.where:
            result["first_frame_where"] = asyncio.run(where_first_frames(db, article_id, args.where))
        if not args.no_cold:
            env = None
            if not args.cold_from_source:
                # Bytecode for both apps, as `pip install` compiles it: in a fresh cache, written
                # by one unmeasured run of each (the source tree is not written to). Where
                # PYTHONDONTWRITEBYTECODE is set, every fresh interpreter otherwise compiled
                # newsmark's modules from source (~80 ms of the reader's cold start) while
                # Textual's came compiled from its installation.
                env = dict(os.environ, PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"))
                env.pop("PYTHONDONTWRITEBYTECODE", None)
                cold_once("bare", db, article_id, env)
                cold_once("reader", db, article_id, env)
            result["cold_bytecode"] = env is not None
            cold_bare, cold_reader = [], []
            for _ in range(max(3, args.reps // 2)):
                cold_bare.append(cold_once("bare", db, article_id, env))
                cold_reader.append(cold_once("reader", db, article_id, env))
            for key, at in (("", 0), ("_first_frame", 1)):
                b = statistics.median(run[at] for run in cold_bare)
                r = statistics.median(run[at] for run in cold_reader)
                result[f"cold{key}_bare_ms"], result[f"cold{key}_reader_ms"] = round(b, 1), round(r, 1)
                result[f"cold{key}_ratio"] = round(r / b, 2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
