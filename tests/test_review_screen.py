"""The review screen: two annotators' disagreements settled by keyboard, the curated export."""

from __future__ import annotations

import asyncio
import functools
import json

import pytest
from textual.widgets import Static

from newsmark.curation import items
from newsmark.ingest import ImportedText
from newsmark.store import Store
from newsmark.tui.app import make_app
from newsmark.tui.review import ReviewScreen, parse_edit

SIZE = (80, 24)
TEXT = ("Harbour plan\n\nThe harbour will take ships of 400 metres from May, the port authority said. "
        "The mayor called the dredging finished. Fishermen say the bay is empty. "
        "Berths cost 12 million euros.\n")


def run_async(test):
    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper


def span(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


@pytest.fixture
def desk_db(db_path):
    """ana and ben on one article: one agreed claim, three disagreements."""
    with Store.open(db_path) as store:
        article, _, _ = store.import_article(ImportedText(TEXT, "Harbour plan", None))
        ids = {}

        def add(key, who, label, quote, **kw):
            ids[key] = store.add_annotation(article.id, label, *span(quote), annotator=who, **kw).id

        add("ana_agreed", "ana", "claim", "Berths cost 12 million euros")
        add("ben_agreed", "ben", "claim", "Berths cost 12 million euros")
        add("ana_ships", "ana", "claim", "The harbour will take ships of 400 metres from May")
        add("ben_ships", "ben", "claim", "ships of 400 metres from May, the port authority said")
        add("ana_mayor", "ana", "disputed", "The mayor called the dredging finished", note="contested")
        add("ana_bay", "ana", "claim", "the bay is empty")
        add("ben_bay", "ben", "attribution", "Fishermen say the bay is empty", attributed_to="Fishermen")
    return db_path, article.id, ids


def test_items_find_the_agreed_place_and_the_three_disagreements(desk_db):
    db_path, aid, ids = desk_db
    with Store.open(db_path) as store:
        found = items(store.annotations(article_id=aid))
    assert [(i.agreed, sorted(i.ids())) for i in found] == [
        (False, sorted([ids["ana_ships"], ids["ben_ships"]])),
        (False, [ids["ana_mayor"]]),
        (False, sorted([ids["ana_bay"], ids["ben_bay"]])),
        (True, sorted([ids["ana_agreed"], ids["ben_agreed"]])),
    ]


def versions_shown(screen) -> list[str]:
    return [str(box.border_title) for box in screen.query(".review-version").results(Static)]


@run_async
async def test_settling_disagreements_by_keyboard_gives_the_curated_set(desk_db, cli):
    db_path, aid, ids = desk_db
    app = make_app(db_path, "ed", user_keymap=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")  # from the library: review the highlighted article
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert versions_shown(screen) == ["1 ana", "2 ben"]
        status = str(screen.query_one("#review-status", Static).render())
        assert "Disagreement 1 of 3" in status and "1 agreed" in status
        # 1: the ships claim — merge ana's and ben's spans into one mark of the curator's
        await pilot.press("m")
        await pilot.pause()
        # 2: the mayor — only ana marked it; choose her version (already chosen) and accept
        ben_column = list(screen.query(".review-version").results(Static))[1]
        assert "did not mark this" in str(ben_column.render())
        await pilot.press("enter")
        await pilot.pause()
        # 3: the bay — ana says claim, ben attribution: choose ben's and accept it
        await pilot.press("right", "enter")
        await pilot.pause()
        assert "All disagreements settled" in str(screen.query_one("#review-status", Static).render())
        await pilot.press("A")  # and the agreed claim, once
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    with Store.open(db_path) as store:
        marks = {m.id: m for m in store.annotations(article_id=aid)}
    status = {key: marks[i].status for key, i in ids.items()}
    assert status == {"ana_agreed": "accepted", "ben_agreed": "rejected", "ana_ships": "rejected",
                      "ben_ships": "rejected", "ana_mayor": "accepted", "ana_bay": "rejected", "ben_bay": "accepted"}
    (merged,) = [m for m in marks.values() if m.curated_from]
    assert (merged.annotator, merged.label, merged.status) == ("ed", "claim", "accepted")
    assert (merged.start, merged.end) == (span("The harbour will take ships")[0], span("the port authority said")[1])
    assert sorted(merged.curated_from) == sorted([ids["ana_ships"], ids["ben_ships"]])
    # export --curated writes exactly what the reviewer chose
    out = cli("export", "--curated")
    assert out.exit_code == 0, out.output
    exported = [json.loads(line) for line in out.stdout.splitlines()]
    assert sorted(r["id"] for r in exported) == sorted([ids["ana_agreed"], ids["ana_mayor"], ids["ben_bay"], merged.id])
    assert all(r["status"] == "accepted" for r in exported)
    # the curator's mark is the outcome, not one more annotator to compare
    report = json.loads(cli("agree", "--json").stdout)
    assert {(p["a"], p["b"]) for p in report["pairs"]} == {("ana", "ben")}


@run_async
async def test_reject_and_edit(desk_db, tmp_path):
    db_path, aid, ids = desk_db
    app = make_app(db_path, "ed", user_keymap=None)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ReviewScreen(db_path, aid, "ed"))
        await pilot.pause()
        await pilot.press("x")  # reject both ships versions
        await pilot.pause()
        await pilot.press("e")  # edit the mayor: the curator's own span and label
        await pilot.pause()
        edit = app.screen.query_one("#span-input")
        assert edit.value == "{}:{} disputed".format(*span("The mayor called the dredging finished"))
        edit.value = "{}:{} claim".format(*span("the dredging finished"))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#span-input").value = "5:2 claim"  # a bad span is refused, nothing saved
        await pilot.press("enter")
        await pilot.pause()
        assert "Not saved" in str(app.screen.query_one("#review-message", Static).render())
    with Store.open(db_path) as store:
        marks = {m.id: m for m in store.annotations(article_id=aid)}
    assert marks[ids["ana_ships"]].status == marks[ids["ben_ships"]].status == "rejected"
    assert marks[ids["ana_mayor"]].status == "rejected"
    own = [m for m in marks.values() if m.curated_from]
    assert [(m.quote, m.label, m.note) for m in own] == [("the dredging finished", "claim", "contested")]


def test_parse_edit():
    assert parse_edit("3:9 claim", 20) == (3, 9, "claim")
    for bad in ("3:9", "9:3 claim", "3:99 claim", "3:9 opinion"):
        with pytest.raises(Exception):
            parse_edit(bad, 20)


async def rate_the_first_mark_mostly_true(pilot) -> None:
    await pilot.pause()
    await pilot.press("right_square_bracket")  # to the first mark: the ships claim
    await pilot.pause()
    await pilot.press("V")
    await pilot.pause()
    await pilot.press("down", "enter")  # the second rating: mostly true
    await pilot.pause()


@run_async
async def test_verdict_key_in_the_reader(desk_db):
    db_path, aid, ids = desk_db
    app = make_app(db_path, "ed", user_keymap=None, article_id=aid)
    async with app.run_test(size=SIZE) as pilot:
        await rate_the_first_mark_mostly_true(pilot)
    with Store.open(db_path) as store:
        rated = [m for m in store.annotations(article_id=aid) if m.verdict]
    assert len(rated) == 1 and rated[0].verdict["rating"] == "mostly true" and rated[0].verdict["reviewer"] == "ed"
    assert rated[0].label == "claim"


@run_async
async def test_the_verdict_key_keeps_the_evidence_and_note_of_the_earlier_verdict(desk_db):
    from newsmark.store.desk import RATED_LABELS, set_verdict

    db_path, aid, ids = desk_db
    with Store.open(db_path) as store:
        for mark in store.annotations(article_id=aid):
            if mark.label in RATED_LABELS:
                set_verdict(store, mark.id, "true", reviewer="ana", evidence=[f"https://example.org/{mark.id}"],
                            note="Two berths only")
    app = make_app(db_path, "ed", user_keymap=None, article_id=aid)
    async with app.run_test(size=SIZE) as pilot:
        await rate_the_first_mark_mostly_true(pilot)
    with Store.open(db_path) as store:
        rerated = [m for m in store.annotations(article_id=aid) if m.verdict and m.verdict["rating"] == "mostly true"]
    assert len(rerated) == 1
    verdict = rerated[0].verdict
    assert verdict["reviewer"] == "ed"
    assert (verdict["evidence"], verdict["note"]) == ([f"https://example.org/{rerated[0].id}"], "Two berths only")
