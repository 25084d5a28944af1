"""brat and W3C exports read back against the texts; --with-text; filters; atomic, no overwrite."""

from __future__ import annotations

import json

from conftest import assert_clean_error

from newsmark.export import read_brat_ann
from newsmark.ingest import ImportedText
from newsmark.store import Store

# Multi-byte characters, an emoji (one code point, four UTF-8 bytes, two UTF-16 units),
# a combining-free accented name, CRLF-free text with a newline inside a tagged span.
TEXT = (
    "Ministers meet in Zürich 🇨🇭 — talks stall\n\n"
    "“We will not move,” said Inês Carvalhal of the Água Board 💧. The ministry [bold]denied[/bold] it.\n"
    "Prices rose by 12 percent,\naccording to the board.\n"
)


def _db(db_path, tmp_path):
    store = Store.open(db_path)
    art, _, _ = store.import_article(ImportedText(TEXT, "Ministers meet in Zürich", str(tmp_path / "z.txt"),
                                                  {"url": "https://example.org/z"}))
    plain, _, _ = store.import_article(ImportedText("Plain text about water.\n", "Plain", None))

    def tag(article, label, quote, **kw):
        start = article.text.index(quote)
        return store.add_annotation(article.id, label, start, start + len(quote), **kw)

    ids = {
        "quote": tag(art, "attribution", "“We will not move,”", attributed_to="Inês Carvalhal", note="on tape",
                     annotator="ana").id,
        "emoji": tag(art, "claim", "Água Board 💧. The ministry [bold]denied[/bold] it.", annotator="ben").id,
        "newline": tag(art, "disputed", "rose by 12 percent,\naccording", note="tabs\there\nand lines",
                       attributed_to="Nobody In Text", annotator="ana").id,
        "plain": tag(plain, "claim", "about water", annotator="ben").id,
    }
    deleted = tag(plain, "claim", "Plain text")
    store.delete_annotation(deleted.id)
    return store, art, plain, ids


def test_brat_offsets_hold_against_the_txt_files(cli, db_path, tmp_path):
    store, art, plain, ids = _db(db_path, tmp_path)
    out = tmp_path / "brat"
    result = cli("export", "--format", "brat", "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{art.id}.txt", f"{art.id}.ann", f"{plain.id}.txt", f"{plain.id}.ann", "annotation.conf", "visual.conf"])
    raw = (out / f"{art.id}.txt").read_bytes()
    assert raw == TEXT.encode("utf-8")  # exactly the stored text, no newline translation
    text = raw.decode("utf-8")
    spans = read_brat_ann((out / f"{art.id}.ann").read_text(encoding="utf-8"))
    assert {s["label"] for s in spans} == {"claim", "attribution", "disputed", "Source"}
    for s in spans:
        assert s["text"] == " ".join(text[a:b] for a, b in s["fragments"])  # what brat checks on load
        assert all("\n" not in text[a:b] for a, b in s["fragments"])
    by_label = {s["label"]: s for s in spans}
    assert by_label["disputed"]["fragments"] == [
        (text.index("rose by"), text.index(",\naccording") + 1),
        (text.index("according"), text.index("according") + len("according")),
    ]
    ann = (out / f"{art.id}.ann").read_text(encoding="utf-8")
    assert "\tAttributedTo Arg1:T1 Arg2:T2\n" in ann  # the source's name is in the text: a linked span
    assert by_label["Source"]["text"] == "Inês Carvalhal"
    assert "Source: Nobody In Text" in ann  # not in the text: carried as a note
    assert "tabs here and lines" in ann
    assert ids["emoji"] in ann
    assert ann.count("\n") == len(ann.splitlines())
    assert "[entities]" in (out / "annotation.conf").read_text()
    assert "Plain text" not in (out / f"{plain.id}.ann").read_text()  # deleted stays out


def test_brat_refuses_a_non_empty_folder_without_force_and_replaces_it_with(cli, db_path, tmp_path):
    _db(db_path, tmp_path)
    out = tmp_path / "brat"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert_clean_error(cli("export", "-f", "brat", "-o", out), "not empty", "--force")
    assert (out / "keep.txt").read_text() == "mine"
    assert cli("export", "-f", "brat", "-o", out, "--force", "--label", "claim").exit_code == 0
    assert not (out / "keep.txt").exists()
    labels = {s["label"] for f in out.glob("*.ann") for s in read_brat_ann(f.read_text(encoding="utf-8"))}
    assert labels == {"claim"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".brat")] == []  # no temporary left
    assert_clean_error(cli("export", "-f", "brat"), "-o FOLDER")


def test_w3c_selectors_match_the_article_text(cli, db_path, tmp_path):
    store, art, plain, ids = _db(db_path, tmp_path)
    out = tmp_path / "w3c.jsonld"
    assert cli("export", "--format", "w3c", "-o", out).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection"
    items = doc["first"]["items"]
    assert doc["total"] == len(items) == 4
    texts = {"https://example.org/z": art.text, f"urn:sha256:{plain.sha256}": plain.text}
    for item in items:
        assert item["type"] == "Annotation"
        text = texts[item["target"]["source"]]
        quote_sel, pos_sel = item["target"]["selector"]
        assert quote_sel["type"] == "TextQuoteSelector" and pos_sel["type"] == "TextPositionSelector"
        s, e = pos_sel["start"], pos_sel["end"]
        assert text[s:e] == quote_sel["exact"]
        assert text[:s].endswith(quote_sel["prefix"]) and text[e:].startswith(quote_sel["suffix"])
        tags = [b["value"] for b in item["body"] if b["purpose"] == "tagging"]
        assert tags and tags[0] in ("claim", "attribution", "disputed")
        assert item["created"] and item["modified"] and item["creator"]["name"] in ("ana", "ben")
    first = next(i for i in items if i["id"] == f"urn:uuid:{ids['quote']}")
    assert {"purpose": "commenting", "type": "TextualBody", "value": "on tape", "format": "text/plain"} in first["body"]
    assert any(b["purpose"] == "identifying" and b.get("source", {}).get("name") == "Inês Carvalhal" for b in first["body"])


def test_exports_filter_by_label_article_and_annotator(cli, db_path, tmp_path):
    store, art, plain, ids = _db(db_path, tmp_path)

    def exported(*args):
        result = cli("export", *args)
        assert result.exit_code == 0, result.output
        return {json.loads(line)["id"] for line in result.stdout.splitlines()}

    assert exported() == set(ids.values())
    assert exported("--annotator", "ben") == {ids["emoji"], ids["plain"]}
    assert exported("--annotator", "ana", "--label", "disputed") == {ids["newline"]}
    assert exported("--article", plain.id) == {ids["plain"]}
    w3c = json.loads(cli("export", "-f", "w3c", "--annotator", "ana").stdout)
    assert {i["id"] for i in w3c["first"]["items"]} == {f"urn:uuid:{ids['quote']}", f"urn:uuid:{ids['newline']}"}


def test_with_text_carries_each_article_text_once(cli, db_path, tmp_path):
    store, art, plain, ids = _db(db_path, tmp_path)
    records = [json.loads(line) for line in cli("export", "--with-text").stdout.splitlines()]
    with_text = [r for r in records if "text" in r["article"]]
    assert sorted(r["article"]["id"] for r in with_text) == sorted([art.id, plain.id])
    for r in with_text:
        assert r["article"]["text"] == store.article(r["article"]["id"]).text
    assert_clean_error(cli("export", "-f", "csv", "--with-text"), "--with-text")


def test_w3c_file_is_not_overwritten_without_force(cli, db_path, tmp_path):
    _db(db_path, tmp_path)
    out = tmp_path / "a.json"
    out.write_text("precious")
    assert_clean_error(cli("export", "-f", "w3c", "-o", out), "already exists", "--force")
    assert out.read_text() == "precious"
    assert cli("export", "-f", "w3c", "-o", out, "--force").exit_code == 0
    assert json.loads(out.read_text())["total"] == 4


def test_streamed_jsonl_lines_are_exactly_the_annotation_json(db_path, tmp_path):
    from newsmark.export import jsonl_line_from_row

    store, art, plain, ids = _db(db_path, tmp_path)
    rows = list(store.annotation_rows())
    anns = list(store.annotations())
    assert [r[0] for r in rows] == [a.id for a in anns]  # same rows, same order
    for row, ann in zip(rows, anns):
        assert jsonl_line_from_row(row) == json.dumps(ann.to_json(), ensure_ascii=False) + "\n"
        carried = {"published": "2026-03-14", "authors": None, "language": "en", "text": "x\u2028\"y\"\t"}
        line = jsonl_line_from_row(row, carried)
        expected = ann.to_json()
        expected["article"] |= {"published": "2026-03-14", "language": "en", "text": "x\u2028\"y\"\t"}
        assert json.loads(line) == expected and list(json.loads(line)["article"]) == list(expected["article"])
    assert [r[0] for r in store.annotation_rows(label="claim", annotator="ben")] == [ids["emoji"], ids["plain"]]


def test_csv_file_opens_as_utf8_in_a_spreadsheet_and_is_readable_by_others(cli, db_path, tmp_path):
    import csv
    import os
    import stat

    _db(db_path, tmp_path)
    out = tmp_path / "marks.csv"
    old = os.umask(0o022)
    try:
        assert cli("export", "--format", "csv", "-o", out).exit_code == 0
        brat = tmp_path / "brat"
        assert cli("export", "--format", "brat", "-o", brat).exit_code == 0
    finally:
        os.umask(old)
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))  # the byte-order mark spreadsheets need for UTF-8
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert "Inês Carvalhal" in {r["attributed_to"] for r in rows}
    assert stat.S_IMODE(out.stat().st_mode) == 0o644  # not mkstemp's private 0600
    assert stat.S_IMODE(brat.stat().st_mode) == 0o755
    piped = cli("export", "--format", "csv")
    assert piped.stdout.startswith("id,")  # pipes get no byte-order mark


def test_import_annotations_of_a_file_that_is_no_export_is_one_error(cli, db_path, tmp_path):
    from conftest import dump

    _db(db_path, tmp_path)
    csv_file = tmp_path / "marks.csv"
    assert cli("export", "--format", "csv", "-o", csv_file).exit_code == 0
    before = dump(db_path)
    assert_clean_error(cli("import-annotations", csv_file), "no usable annotation lines", "line 1")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert_clean_error(cli("import-annotations", empty), "holds no annotations")
    assert dump(db_path) == before


def test_an_export_of_nothing_says_why(cli, db_path, tmp_path):
    out = tmp_path / "none.jsonl"
    result = cli("export", "-o", out)
    assert result.exit_code == 0 and "there are no annotations yet" in result.stderr
    _db(db_path, tmp_path)
    result = cli("export", "--annotator", "nobody", "-o", tmp_path / "nobody.jsonl")
    assert result.exit_code == 0 and "nothing matched; check the filters" in result.stderr
