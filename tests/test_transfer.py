"""import-annotations: merging one database's JSONL export into another."""

from __future__ import annotations

import json
import uuid
import sqlite3

from conftest import assert_clean_error

from newsmark.ingest import ImportedText
from newsmark.store import Store

TEXT = "Dam talks\n\nThe dam will release 40 cubic metres a second, the water board said. Ça va, said Inês.\n"


def dump(path) -> list:
    with sqlite3.connect(path) as conn:
        return [
            conn.execute("SELECT id, title, sha256, text FROM articles ORDER BY sha256").fetchall(),
            conn.execute('SELECT id, label, start, "end", quote, prefix, suffix, note, attributed_to, annotator,'
                         " created_at, updated_at, deleted FROM annotations ORDER BY id").fetchall(),
        ]


def _source(path):
    store = Store.open(path)
    art, _, _ = store.import_article(ImportedText(TEXT, "Dam talks", None))
    s = TEXT.index("The dam")
    a = store.add_annotation(art.id, "claim", s, s + len("The dam will release 40 cubic metres a second"),
                             note="check", annotator="ana")
    s = TEXT.index("Ça va")
    b = store.add_annotation(art.id, "attribution", s, s + 5, attributed_to="Inês", annotator="ana")
    return store, art, a, b


def test_merge_twice_gives_the_same_database(cli, tmp_path):
    src, dst = tmp_path / "a.db", tmp_path / "b.db"
    store, art, a, b = _source(src)
    export = tmp_path / "a.jsonl"
    assert cli("export", "--with-text", "-o", export, db=src).exit_code == 0
    first = cli("import-annotations", export, "--json", db=dst)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) | {} == {"added": 2, "updated": 0, "unchanged": 0, "articles_created": 1,
                                             "conflicts": [], "skipped": []}
    after_once = dump(dst)
    second = cli("import-annotations", export, db=dst)
    assert second.exit_code == 0
    assert second.stdout.startswith("0 added, 0 updated, 2 unchanged")
    assert dump(dst) == after_once
    with Store.open(dst) as merged:
        assert [x.to_json() | {"article": None} for x in merged.annotations()] == [
            x.to_json() | {"article": None} for x in store.annotations()]
        assert merged.article_by_sha(art.sha256).text == TEXT


def test_a_copy_made_from_with_text_keeps_the_articles_date_authors_and_language(cli, tmp_path):
    src, dst = tmp_path / "a.db", tmp_path / "b.db"
    meta = {"outlet": "Valley News", "url": "https://example.org/dam", "published": "2026-03-14",
            "authors": "Ana Lima; Ben Okafor", "language": "en-GB"}
    with Store.open(src) as store:
        art, _, _ = store.import_article(ImportedText(TEXT, "Dam talks", None, meta))
        s = TEXT.index("The dam")
        store.add_annotation(art.id, "claim", s, s + 7, annotator="ana")
        store.add_annotation(art.id, "claim", s + 8, s + 12, annotator="ana")
    export = tmp_path / "a.jsonl"
    assert cli("export", "--with-text", "-o", export, db=src).exit_code == 0
    first, second = [json.loads(line)["article"] for line in export.read_text(encoding="utf-8").splitlines()]
    assert {k: first[k] for k in meta} == meta and first["text"] == TEXT
    assert "published" not in second and "text" not in second  # once per article, on its first line
    assert cli("import-annotations", export, db=dst).exit_code == 0
    with Store.open(src) as a, Store.open(dst) as b:
        original, copied = a.article(art.id), b.article_by_sha(art.sha256)
    for key in ("title", "outlet", "url", "published", "authors", "language", "sha256", "text"):
        assert getattr(copied, key) == getattr(original, key) is not None, key


def test_same_id_different_content_keeps_the_newer_and_reports_it(cli, tmp_path):
    src, dst = tmp_path / "a.db", tmp_path / "b.db"
    store, art, a, b = _source(src)
    export = tmp_path / "a.jsonl"
    cli("export", "--with-text", "-o", export, db=src)
    assert cli("import-annotations", export, db=dst).exit_code == 0
    with Store.open(dst) as other:  # the other annotator edits a note afterwards: newer there
        other.update_annotation(a.id, note="checked: true")
    store.update_annotation(b.id, label="claim")  # and here, b changes after the export... re-export
    export2 = tmp_path / "a2.jsonl"
    cli("export", "-o", export2, db=src)
    result = cli("import-annotations", export2, "--json", db=dst)
    report = json.loads(result.stdout)
    kept = {c["id"]: (c["kept"], c["fields"]) for c in report["conflicts"]}
    assert kept == {a.id: ("local", ["note"]), b.id: ("incoming", ["label"])}
    with Store.open(dst) as other:
        assert other.annotation(a.id).note == "checked: true"
        assert other.annotation(b.id).label == "claim"
    assert "differs in note; kept this database's version" in cli("import-annotations", export2, db=dst).stderr


def test_bad_lines_are_reported_by_number_and_the_rest_imported(cli, tmp_path):
    src, dst = tmp_path / "a.db", tmp_path / "b.db"
    store, art, a, b = _source(src)
    good = [json.loads(x) for x in cli("export", "--with-text", db=src).stdout.splitlines()]
    text_line = next(r for r in good if "text" in r["article"])
    other = next(r for r in good if r is not text_line)

    def variant(**changes):
        rec = json.loads(json.dumps(other))
        rec["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"x-{len(changes)}-{sorted(changes)}"))
        rec.update(changes)
        return json.dumps(rec)

    lines = [
        json.dumps(text_line),                                     # 1 fine (creates the article)
        "{not json",                                               # 2
        variant(start="7"),                                        # 3 wrong type
        variant(start=5, end=10_000),                              # 4 outside the text
        variant(quote="something else entirely"),                 # 5 quote mismatch
        variant(label="opinion"),                                  # 6 unknown label
        json.dumps([1, 2]),                                        # 7 not an object
        variant(article={"sha256": "0" * 64}),                     # 8 unknown article, no text
        "",                                                        # 9 blank: ignored
        json.dumps(other),                                         # 10 fine
        variant(end=True),                                         # 11 a boolean is not a number
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("import-annotations", path, db=dst)
    assert result.exit_code == 1
    assert result.stdout.startswith("2 added")
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert [int(line.split(":")[0].split()[1]) for line in skipped] == [2, 3, 4, 5, 6, 7, 8, 11]
    assert "not valid JSON" in skipped[0] and "whole number" in skipped[1] and "outside" in skipped[2]
    assert "does not match" in skipped[3] and "--with-text" in skipped[6]
    with Store.open(dst) as merged:
        assert {x.id for x in merged.annotations()} == {a.id, b.id}


def test_a_file_that_is_not_utf8_imports_nothing(cli, tmp_path):
    src, dst = tmp_path / "a.db", tmp_path / "b.db"
    _source(src)
    data = cli("export", "--with-text", db=src).stdout.encode("utf-8") + b"\xff\xfe broken\n"
    path = tmp_path / "bad.jsonl"
    path.write_bytes(data)
    Store.open(dst).close()
    before = dump(dst)
    assert_clean_error(cli("import-annotations", path, db=dst), "not UTF-8")
    assert dump(dst) == before


def test_missing_file_is_one_clear_error(cli, tmp_path):
    assert_clean_error(cli("import-annotations", tmp_path / "nope.jsonl"), "does not exist")


def _export_line(cli, tmp_path, src) -> dict:
    export = tmp_path / "a.jsonl"
    assert cli("export", "--with-text", "-o", export, db=src).exit_code == 0
    return json.loads(export.read_text(encoding="utf-8").splitlines()[0])


def _import_one(cli, tmp_path, record, db):
    """The one edited line imported: the exit code and what was said (a file whose only line
    is skipped is an error naming the line's reason)."""
    path = tmp_path / "edited.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = cli("import-annotations", path, db=db)
    return result.exit_code, result.stdout + result.stderr


def test_a_colleagues_edited_line_is_skipped_when_it_would_harm_the_desk(cli, tmp_path):
    src, dst = tmp_path / "a.db", tmp_path / "b.db"
    _source(src)
    good = _export_line(cli, tmp_path, src)
    verdict = {"rating": "half true", "reviewer": "ed", "date": good["created_at"], "evidence": [], "note": ""}
    cases = {
        "30 MB note": ({**good, "note": "x" * 30_000_000}, "at most 100,000"),
        "rating off the scale": ({**good, "verdict": {**verdict, "rating": "totally bogus"}}, "not on this desk's scale"),
        "script as evidence": ({**good, "verdict": {**verdict, "evidence": ["javascript:alert(1)"]}}, "not an http(s) URL"),
    }
    for name, (record, needle) in cases.items():
        code, said = _import_one(cli, tmp_path, record, dst)
        assert code == 1 and needle in said and "nothing was imported" in said, (name, said[:300])
    assert not dst.exists() or json.loads(cli("annotations", "--json", db=dst).stdout) == []
    code, said = _import_one(cli, tmp_path, {**good, "verdict": verdict}, dst)  # on the scale: taken
    assert code == 0 and said.startswith("1 added"), said
    [mark] = json.loads(cli("annotations", "--json", db=dst).stdout)
    assert mark["verdict"]["rating"] == "half true"


def test_a_text_that_does_not_match_its_sha256_is_refused_also_where_the_article_is_known(cli, tmp_path):
    src = tmp_path / "a.db"
    store, art, a, b = _source(src)
    store.close()
    good = _export_line(cli, tmp_path, src)
    changed = {**good, "id": str(uuid.uuid4()), "article": {**good["article"], "text": TEXT.replace("40", "400")}}
    code, said = _import_one(cli, tmp_path, changed, src)  # src holds the article with that sha256
    assert code == 1 and "does not match `article.sha256`" in said, said


def test_a_curators_mark_keeps_what_it_was_made_from_through_jsonl(cli, tmp_path):
    from newsmark.store.desk import add_curated_mark

    src, dst = tmp_path / "a.db", tmp_path / "b.db"
    store, art, a, b = _source(src)
    merged = add_curated_mark(store, art.id, "claim", a.start, a.end, curator="cara", sources=[a.id, b.id])
    store.close()
    for args in ((), ("--curated",)):  # the streamed rows and the filtered marks write it alike
        out = tmp_path / f"out{len(args)}.jsonl"
        assert cli("export", "--with-text", *args, "-o", out, db=src).exit_code == 0
        lines = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
        assert sorted(lines[merged.id]["curated_from"]) == sorted([a.id, b.id])
        assert all("curated_from" not in r for i, r in lines.items() if i != merged.id)
    assert cli("import-annotations", tmp_path / "out0.jsonl", db=dst).exit_code == 0
    with Store.open(dst) as copy:
        assert sorted(copy.annotation(merged.id).curated_from) == sorted([a.id, b.id])
