"""Pictures of the library, the reader with highlights and the help screen.

Each test builds its own database from the bundled samples (ids are content hashes, so
they are stable), fixes the terminal size, and replaces the only varying strings — the
database path in the header, the config folder in the help text — with fixed ones.
Update with `pytest tests/test_tui_snapshots.py --snapshot-update` only after looking at
the report of what changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsmark.ingest import read_article
from newsmark.store import Store
from newsmark.tui.app import make_app

SIZE = (120, 40)
WIRE = "wire-report-port-strike.md"


@pytest.fixture
def fixed_config(monkeypatch):
    # The help screen names the keys.toml location; keep it the same on every machine.
    monkeypatch.setenv("XDG_CONFIG_HOME", "/home/reader/.config")


@pytest.fixture
def snapshot_db(db_path, sample_paths) -> tuple[Path, str]:
    """All samples; the wire report carries a claim and a disputed mark."""
    wire_id = ""
    with Store.open(db_path) as store:
        for n, path in enumerate(sample_paths):
            article, _, _ = store.import_article(read_article(path))
            # The library lists the newest import first; two imports in the same millisecond
            # (or not, on a busy machine) would change the picture: give each its own time.
            with store.write() as conn:
                conn.execute("UPDATE articles SET imported_at = ? WHERE id = ?",
                             (f"2026-01-{n + 1:02d}T09:00:00.000Z", article.id))
            if path.name == WIRE:
                wire_id = article.id
                text = article.text
                for label, phrase in (("claim", "has idled cranes for nine days"),
                                      ("disputed", "would add 19 percent to labour costs")):
                    start = text.index(phrase)
                    store.add_annotation(article.id, label, start, start + len(phrase), annotator="snap")
                pin_entities(store, article)
    return db_path, wire_id


PINNED_ENTITIES = (
    ("LISBON", "PLACE"), ("March 14", "DATE"), ("Meridian Wire", "ORG"), ("Valmarés", "PLACE"),
    ("Porto Seco", "PLACE"), ("Joana Albuquerque", "PERSON"), ("Atlantic Dockers' Federation", "ORG"),
    ("87 percent", "QUANTITY"), ("Iberian Terminal Operators Association", "ORG"),
    ("Rodrigo Ferreira-Lanz", "PERSON"), ("Portuguese", "NORP"),
)


def pin_entities(store, article) -> None:
    """Cache a fixed entity list for the current recogniser, so the picture shows the reader's
    rendering of entities rather than whatever the recogniser finds this week."""
    try:
        from newsmark.entities import get_recognizer
        from newsmark.entity_cache import recognizer_key
    except ImportError:
        return
    from newsmark.model import Entity

    found = []
    for phrase, label in PINNED_ENTITIES:
        start = article.text.find(phrase)
        if start >= 0:
            found.append(Entity(start, start + len(phrase), label, phrase))
    found.sort(key=lambda e: e.start)
    store.cache_entities(article, recognizer_key(get_recognizer("builtin")), found)


# (source, cue, content) phrases of the suggested attributions, and (phrase, label, why) of the
# claims, drawn in the pictures whatever the engine finds this week (like the pinned entities).
PINNED_ATTRIBUTIONS = (
    ("Joana Albuquerque", "said", "\"We came to the table with a serious offer and we left with nothing,\"",
     "Joana Albuquerque"),
    ("Albuquerque", "told", "The federation's members approved the extension by 87 percent, with 71 percent of "
     "eligible members taking part", "Joana Albuquerque"),
)
PINNED_CLAIMS = (("About 140 vessels were waiting at anchor", "claim", ("figure",)),)


@pytest.fixture
def pinned_suggestions(monkeypatch):
    suggestions = pytest.importorskip("newsmark.tui.suggestions")
    if not suggestions.AVAILABLE:
        pytest.skip("no suggestion engine in this build")
    from newsmark.suggest import AttributionSuggestion, ClaimSuggestion, Suggestions

    def pinned(text, entities=None):
        def at(phrase, after=0):
            start = text.index(phrase, after)
            return (start, start + len(phrase))

        attributions = []
        for source, cue, content, speaker in PINNED_ATTRIBUTIONS:
            c = at(content)
            attributions.append(AttributionSuggestion(at(source, c[0]), speaker, at(cue, c[0]), c, 0.9))
        claims = [ClaimSuggestion(*at(p), label, 0.7, why) for p, label, why in PINNED_CLAIMS]
        return Suggestions(tuple(attributions), tuple(claims))

    monkeypatch.setattr(suggestions, "suggest", pinned)


def app_for(db: Path, **kwargs):
    app = make_app(db, "snap", user_keymap=None, **kwargs)
    app.sub_title = "news.db"
    return app


async def settle(pilot) -> None:
    """Let the entity worker finish and the screen repaint."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_library_snapshot(snap_compare, snapshot_db, fixed_config):
    db, _ = snapshot_db
    assert snap_compare(app_for(db), terminal_size=SIZE, run_before=settle)


def test_library_filtered_snapshot(snap_compare, snapshot_db, fixed_config):
    db, _ = snapshot_db
    assert snap_compare(app_for(db), press=list("dockwrokers"), terminal_size=SIZE, run_before=settle)


def test_reader_with_highlights_snapshot(snap_compare, snapshot_db, fixed_config, pinned_suggestions):
    db, wire_id = snapshot_db
    assert snap_compare(app_for(db, article_id=wire_id), terminal_size=SIZE, run_before=settle)


async def settle_suggestions(pilot) -> None:
    """Entities, then the suggestions that follow them."""
    for _ in range(100):
        await settle(pilot)
        if getattr(pilot.app.screen, "suggestions_ready", False):
            break
    await pilot.pause()


def test_reader_focused_suggestion_snapshot(snap_compare, snapshot_db, fixed_config, pinned_suggestions):
    """`f` selects the first suggestion: its source bold, its cue, the status line says who."""
    db, wire_id = snapshot_db
    assert snap_compare(app_for(db, article_id=wire_id), press=["f"], terminal_size=SIZE,
                        run_before=settle_suggestions)


def test_speaker_picker_at_80x24_snapshot(snap_compare, snapshot_db, fixed_config, pinned_suggestions):
    """Accept with another speaker: the picker below the quotation, its hint line whole."""
    db, wire_id = snapshot_db
    assert snap_compare(app_for(db, article_id=wire_id), press=["f", "f", "Y"], terminal_size=(80, 24),
                        run_before=settle_suggestions)


def test_help_snapshot(snap_compare, snapshot_db, fixed_config):
    db, _ = snapshot_db
    assert snap_compare(app_for(db), press=["f1"], terminal_size=SIZE, run_before=settle)


@pytest.fixture
def every_mark_db(snapshot_db) -> tuple[Path, str]:
    """The wire report with every kind of mark: claims (two of them neighbours), an
    attribution with its speaker, a disputed statement and a note."""
    db, wire_id = snapshot_db
    with Store.open(db) as store:
        text = store.article(wire_id).text
        first = "The walkout, which began on March 5, has halted most container traffic at the ports of Valmarés"
        start = text.index(first)
        rest_end = text.index("Spanish port", start) + len("Spanish port")
        store.add_annotation(wire_id, "claim", start, start + len(first), annotator="snap")
        store.add_annotation(wire_id, "claim", start + len(first) + 1, rest_end, annotator="snap",
                             note="Port authority figures for March 5\nhttps://example.org/ports")
        quote = "\"We came to the table with a serious offer and we left with nothing,\""
        q = text.index(quote)
        store.add_annotation(wire_id, "attribution", q, q + len(quote), annotator="snap",
                             attributed_to="Joana Albuquerque")
    return db, wire_id


@pytest.mark.parametrize("size", [(80, 24), (120, 35)], ids=["80x24", "120x35"])
def test_reader_every_mark_kind_snapshot(snap_compare, every_mark_db, fixed_config, pinned_suggestions, size):
    db, wire_id = every_mark_db
    assert snap_compare(app_for(db, article_id=wire_id), terminal_size=size, run_before=settle_suggestions)


@pytest.mark.parametrize("size", [(80, 24), (120, 35)], ids=["80x24", "120x35"])
def test_reader_every_mark_kind_no_color_snapshot(snap_compare, every_mark_db, fixed_config, pinned_suggestions,
                                                  monkeypatch, size):
    monkeypatch.setenv("NO_COLOR", "1")
    db, wire_id = every_mark_db
    assert snap_compare(app_for(db, article_id=wire_id), terminal_size=size, run_before=settle_suggestions)
