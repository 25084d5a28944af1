"""Marks survive corrections: re-importing a changed article re-anchors every mark as
exact, moved, fuzzy (needs a look) or orphaned (kept with its old quote), never silently
somewhere else. Each test is one realistic edit script."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from newsmark.reanchor import Reanchorer
from newsmark.store import Store

ROOT = Path(__file__).resolve().parent.parent

STORY = """Harbour fees to rise

The port authority said on Monday that berthing fees will rise by 12 percent from July, the first increase since 2019.

"We have held prices for six years while costs climbed," said Lena Marsh, the authority's finance director. "This is not a decision we took lightly."

Shipping lines reacted with dismay. The Coastal Carriers Group said the rise would cost its members 4 million euros a year.

The authority will hold a public consultation in May. Critics say the consultation is a formality.
"""


@pytest.fixture
def story(tmp_path):
    path = tmp_path / "fees.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def import_id(cli, path) -> str:
    result = cli("import", "--json", path)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)[0]["id"]


def tag(cli, article_id, quote, label="claim") -> str:
    result = cli("tag", article_id, label, "--quote", quote)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def marks(cli) -> dict[str, dict]:
    return {a["id"]: a for a in json.loads(cli("annotations", "--json").stdout)}


def reimport(cli, path, new_text) -> str:
    path.write_text(new_text, encoding="utf-8")
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    return result.stderr


def text_of(db_path, article_id) -> str:
    with Store.open(db_path) as store:
        return store.article(article_id).text


def assert_placed(db_path, article_id, mark):
    text = text_of(db_path, article_id)
    assert text[mark["start"]:mark["end"]] == mark["quote"]


def test_new_marks_are_exact(cli, story):
    article_id = import_id(cli, story)
    ann = tag(cli, article_id, "berthing fees will rise by 12 percent")
    assert marks(cli)[ann]["anchor"] == "exact"


def test_typo_fixed_inside_a_mark_is_fuzzy_with_old_quote_kept(cli, db_path, story):
    article_id = import_id(cli, story)
    ann = tag(cli, article_id, "Shipping lines reacted with dismay")
    reimport(cli, story, STORY.replace("Shipping lines reacted", "Shiping lines reacted"))
    mark = marks(cli)[ann]
    assert mark["anchor"] == "fuzzy"
    assert mark["quote"] == "Shiping lines reacted with dismay"
    assert_placed(db_path, article_id, mark)
    with Store.open(db_path) as store:
        assert store.annotation(ann).anchor_quote == "Shipping lines reacted with dismay"


def test_typo_fixed_next_to_a_mark_keeps_it_moved_or_exact(cli, db_path, story):
    article_id = import_id(cli, story)
    ann = tag(cli, article_id, "said Lena Marsh")
    reimport(cli, story, STORY.replace("costs climbed", "costs have climbed"))
    mark = marks(cli)[ann]
    assert mark["anchor"] == "moved" and mark["quote"] == "said Lena Marsh"
    assert_placed(db_path, article_id, mark)


def test_paragraph_inserted_above_moves_marks(cli, db_path, story):
    article_id = import_id(cli, story)
    ann = tag(cli, article_id, "Critics say the consultation is a formality.")
    stderr = reimport(cli, story, STORY.replace("Harbour fees to rise\n\n", "Harbour fees to rise\n\nUpdate: this "
                                                "story has been updated with a response from the carriers.\n\n"))
    mark = marks(cli)[ann]
    assert mark["anchor"] == "moved" and mark["start"] > STORY.index("Critics")
    assert_placed(db_path, article_id, mark)
    assert "1 moved" in stderr


def test_deleted_paragraph_orphans_its_marks_and_keeps_them(cli, db_path, story):
    article_id = import_id(cli, story)
    gone = tag(cli, article_id, "the rise would cost its members 4 million euros a year", "disputed")
    kept = tag(cli, article_id, "public consultation in May")
    paragraph = "Shipping lines reacted with dismay. The Coastal Carriers Group said the rise would cost its members 4 million euros a year.\n\n"
    stderr = reimport(cli, story, STORY.replace(paragraph, ""))
    after = marks(cli)
    assert after[gone]["anchor"] == "orphaned"
    assert after[gone]["quote"] == "the rise would cost its members 4 million euros a year"
    assert after[kept]["anchor"] == "moved"
    assert "1 orphaned" in stderr
    listing = {line[:8]: line for line in cli("annotations").stdout.splitlines()}
    assert "orphaned: its words are gone" in listing[gone[:8]]
    assert "orphaned" not in listing[kept[:8]] and "check it" not in listing[kept[:8]]
    with Store.open(db_path) as store:
        orphan = store.annotation(gone)
        assert not orphan.deleted
        old = store.conn.execute("SELECT text FROM article_versions WHERE sha256 = ?", (orphan.anchor_sha256,)).fetchone()[0]
        assert old[orphan.start:orphan.end] == orphan.quote  # its offsets still mean something, in the old text


def test_corrected_figure_inside_a_mark_is_fuzzy(cli, db_path, story):
    article_id = import_id(cli, story)
    ann = tag(cli, article_id, "berthing fees will rise by 12 percent from July")
    reimport(cli, story, STORY.replace("by 12 percent", "by 21 percent"))
    mark = marks(cli)[ann]
    assert mark["anchor"] == "fuzzy"
    assert mark["quote"] == "berthing fees will rise by 21 percent from July"
    assert "re-anchored on similar words: check it" in cli("annotations").stdout
    assert_placed(db_path, article_id, mark)


def test_moved_sentence_takes_its_mark_along(cli, db_path, story):
    article_id = import_id(cli, story)
    sentence = "The Coastal Carriers Group said the rise would cost its members 4 million euros a year."
    ann = tag(cli, article_id, sentence)
    edited = STORY.replace(" " + sentence, "").replace("Critics say", sentence + " Critics say")
    reimport(cli, story, edited)
    mark = marks(cli)[ann]
    assert mark["anchor"] == "moved" and mark["start"] == edited.index(sentence)
    assert_placed(db_path, article_id, mark)


def test_repeated_phrase_added_elsewhere_does_not_take_the_mark(cli, db_path, story):
    article_id = import_id(cli, story)
    ann = tag(cli, article_id, "a public consultation")
    edited = STORY.replace("Shipping lines reacted", "Carriers asked for a public consultation last year. Shipping lines reacted")
    reimport(cli, story, edited)
    mark = marks(cli)[ann]
    assert mark["anchor"] in ("exact", "moved")
    assert mark["start"] == edited.index("a public consultation in May")


def test_short_quote_whose_sentence_is_gone_is_not_put_on_a_look_alike(cli, db_path, story):
    article_id = import_id(cli, story)
    ann = tag(cli, article_id, "the consultation")
    edited = STORY.replace(" Critics say the consultation is a formality.", "") + "\nOfficials defended the consultation process.\n"
    reimport(cli, story, edited)
    mark = marks(cli)[ann]
    # the words exist elsewhere, but not as this mark: flagged, never silently moved there
    assert mark["anchor"] in ("fuzzy", "orphaned")


def test_rewritten_sentence_orphans_the_mark(cli, story):
    article_id = import_id(cli, story)
    ann = tag(cli, article_id, "This is not a decision we took lightly.")
    reimport(cli, story, STORY.replace("This is not a decision we took lightly.", "Nobody wanted this outcome."))
    assert marks(cli)[ann]["anchor"] == "orphaned"


def test_orphaned_mark_comes_back_when_the_text_returns(cli, db_path, story):
    article_id = import_id(cli, story)
    ann = tag(cli, article_id, "This is not a decision we took lightly.")
    reimport(cli, story, STORY.replace("This is not a decision we took lightly.", "Nobody wanted this outcome."))
    reimport(cli, story, STORY + "\nThis story was corrected.\n")
    mark = marks(cli)[ann]
    assert mark["anchor"] == "moved" or mark["anchor"] == "exact"
    assert_placed(db_path, article_id, mark)
    with Store.open(db_path) as store:
        assert store.annotation(ann).anchor_sha256 is None


def test_anchor_in_jsonl_export(cli, story, tmp_path):
    article_id = import_id(cli, story)
    tag(cli, article_id, "This is not a decision we took lightly.")
    reimport(cli, story, STORY.replace("This is not a decision we took lightly.", "Nobody wanted this outcome."))
    out = tmp_path / "marks.jsonl"
    assert cli("export", "--format", "jsonl", "-o", out).exit_code == 0
    [line] = out.read_text().splitlines()
    record = json.loads(line)
    assert record["anchor"] == "orphaned"
    assert list(record).index("anchor") == list(record).index("origin") + 1


def test_orphaned_marks_stay_out_of_brat_offsets(cli, story, tmp_path):
    article_id = import_id(cli, story)
    tag(cli, article_id, "This is not a decision we took lightly.")
    tag(cli, article_id, "public consultation in May")
    reimport(cli, story, STORY.replace("This is not a decision we took lightly.", "Nobody wanted this outcome."))
    out = tmp_path / "brat"
    assert cli("export", "--format", "brat", "-o", out).exit_code == 0
    ann_text = next(out.glob("*.ann")).read_text()
    txt = next(out.glob("*.txt")).read_text()
    spans = [line.split("\t") for line in ann_text.splitlines() if line.startswith("T")]
    assert len(spans) == 1
    _tid, label_span, quote = spans[0]
    _label, start, end = label_span.split()
    assert txt[int(start):int(end)] == quote == "public consultation in May"


def test_fixing_the_span_of_an_orphan_places_it_again(db_path, story):
    from newsmark.ingest import read_article

    with Store.open(db_path) as store:
        article, _, _ = store.import_article(read_article(story))
        start = article.text.index("This is not")
        ann = store.add_annotation(article.id, "claim", start, start + len("This is not a decision we took lightly."))
        story.write_text(STORY.replace("This is not a decision we took lightly.", "Nobody wanted this outcome."))
        store.import_article(read_article(story))
        assert store.annotation(ann.id).anchor == "orphaned"
        text = store.article(article.id).text
        new_start = text.index("Nobody")
        fixed = store.update_annotation(ann.id, start=new_start, end=new_start + len("Nobody wanted this outcome."))
        assert (fixed.anchor, fixed.quote, fixed.anchor_sha256) == ("exact", "Nobody wanted this outcome.", None)


# -- the edit scripts of bench/reanchor.py, as a test ----------------------------------

def test_edit_scripts_on_the_sample_articles_are_never_silently_wrong():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import reanchor as bench
    finally:
        sys.path.pop(0)
    result = bench.quality(marks_per_article=25, seed=3)
    assert result["wrong"] == 0, result
    assert result["right_or_flagged"] >= 0.99
    assert result["by_edit"]["delete_paragraph"]["right"] > 0


def test_placements_always_hold_quote_on_the_new_text():
    old = STORY
    new = STORY.replace("12 percent", "14 percent").replace("dismay", "alarm")
    r = Reanchorer(len(old), new)
    for quote in ("berthing fees will rise by 12 percent", "reacted with dismay", "Lena Marsh", "formality"):
        start = old.index(quote)
        p = r.place(quote, old[max(0, start - 32):start], old[start + len(quote):start + len(quote) + 32], start,
                    start + len(quote))
        if p.anchor != "orphaned":
            assert 0 <= p.start < p.end <= len(new)
            assert (p.anchor == "fuzzy") == (new[p.start:p.end] != quote)
