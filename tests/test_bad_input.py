"""Bad input gets one `Error: …` line on stderr, exit status 1, no traceback — and the
database is exactly as it was before (issue 2, "Bad input")."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import tracemalloc
import zipfile

import pytest

from conftest import assert_clean_error, dump
from newsmark.ingest import MAX_BYTES, read_article
from newsmark.store import Store

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def stocked(cli, db_path, sample_paths):
    """A database with one article and one annotation, and its dump."""
    result = cli("import", sample_paths[0])
    assert result.exit_code == 0, result.output
    article_id = result.stdout.split()[1]
    result = cli("tag", article_id, "claim", "--span", "0:10", "--note", "kept")
    assert result.exit_code == 0, result.output
    return article_id, dump(db_path)


def test_import_missing_path(cli, db_path, stocked, tmp_path):
    result = cli("import", tmp_path / "nope.txt")
    assert_clean_error(result, "nope.txt", "does not exist", "check the path")
    assert dump(db_path) == stocked[1]


def test_import_folder_without_recursive(cli, db_path, stocked, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Some words.\n")
    result = cli("import", folder)
    assert_clean_error(result, "is a folder", "--recursive")
    assert dump(db_path) == stocked[1]


@pytest.mark.parametrize("name", ["photo.txt", "photo.md", "photo.html"])
def test_import_png_renamed_as_text(cli, db_path, stocked, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(PNG_BYTES)
    result = cli("import", path)
    assert_clean_error(result, name, "binary", ".txt")
    assert dump(db_path) == stocked[1]


def test_import_png_image(cli, db_path, stocked, tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(PNG_BYTES)
    result = cli("import", path)
    assert_clean_error(result, "photo.png", ".txt, .md or .html")
    assert dump(db_path) == stocked[1]


def test_import_zip_renamed_txt(cli, db_path, stocked, tmp_path):
    path = tmp_path / "archive.txt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("story.txt", "A story inside a zip.\n" * 50)
    result = cli("import", path)
    assert_clean_error(result, "archive.txt", "binary")
    assert dump(db_path) == stocked[1]


def test_import_latin1_file(cli, db_path, stocked, tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Le café du maire a fermé, selon le préfet.\n".encode("latin-1"))
    result = cli("import", path)
    assert_clean_error(result, "latin.txt", "not utf-8", "iconv")
    assert dump(db_path) == stocked[1]


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  \r\n", "\ufeff\n\n".encode()])
@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_import_empty_or_whitespace(cli, db_path, stocked, tmp_path, content, suffix):
    path = tmp_path / f"blank{suffix}"
    path.write_bytes(content)
    result = cli("import", path)
    assert_clean_error(result, f"blank{suffix}", "no text")
    assert dump(db_path) == stocked[1]


def test_import_markdown_with_only_front_matter(cli, db_path, stocked, tmp_path):
    path = tmp_path / "meta-only.md"
    path.write_text("---\ntitle: Nothing here\n---\n\n")
    result = cli("import", path)
    assert_clean_error(result, "meta-only.md", "no text")
    assert dump(db_path) == stocked[1]


def test_import_html_with_only_scripts(cli, db_path, stocked, tmp_path):
    path = tmp_path / "app.html"
    path.write_text("<html><head><title>App</title><script>var x = 1;</script></head><body><nav>Home</nav></body></html>")
    result = cli("import", path)
    assert_clean_error(result, "app.html", "no text")
    assert dump(db_path) == stocked[1]


def test_db_in_missing_folder(cli, tmp_path, sample_paths):
    db = tmp_path / "no" / "such" / "folder" / "news.db"
    result = cli("import", sample_paths[0], db=db)
    assert_clean_error(result, "does not exist", "--db")
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("command", [["articles"], ["annotations"], ["export"]])
def test_db_in_missing_folder_for_reading_commands(cli, tmp_path, command):
    db = tmp_path / "missing" / "news.db"
    result = cli(*command, db=db)
    assert_clean_error(result, "does not exist")
    assert not (tmp_path / "missing").exists()


def test_db_is_a_folder(cli, tmp_path):
    result = cli("articles", db=tmp_path)
    assert_clean_error(result, "is a folder")


@pytest.mark.parametrize("content", [b"This is my shopping list, not a database.\n" * 40, PNG_BYTES * 20])
def test_db_file_that_is_not_sqlite(cli, tmp_path, sample_paths, content):
    db = tmp_path / "notes.db"
    db.write_bytes(content)
    for args in (["articles"], ["import", sample_paths[0]]):
        result = cli(*args, db=db)
        assert_clean_error(result, "not a newsmark database", "--db")
    assert db.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_db_of_another_program(cli, tmp_path, sample_paths):
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
    conn.execute("INSERT INTO recipes VALUES ('soup', 40)")
    conn.commit()
    conn.close()
    before = dump(db)
    result = cli("import", sample_paths[0], db=db)
    assert_clean_error(result, "another program", "--db")
    assert dump(db) == before


def _add_future_migration(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('newsmark', 'm999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()


@pytest.mark.parametrize("command", [["articles"], ["annotations"], ["export"], ["tag", "x", "claim", "--span", "0:4"]])
def test_db_made_by_newer_schema(cli, db_path, stocked, command):
    _add_future_migration(db_path)
    before = dump(db_path)
    result = cli(*command)
    assert_clean_error(result, "newer newsmark", "m999_from_the_future", "upgrade")
    assert dump(db_path) == before


def test_import_file_above_size_limit_is_refused_quickly(cli, db_path, stocked, tmp_path):
    """50 MB: refused from its size alone (sparse file, never read), with the limit named."""
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.write(b"The minister said the figures were wrong. ")
        fh.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    result = cli("import", path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert_clean_error(result, "huge.txt", "50.0 mb", "20 mb limit", "split")
    assert peak < 10 * 1024 * 1024, f"refusing a 50 MB file allocated {peak} bytes"
    assert dump(db_path) == stocked[1]


def test_import_file_of_15_mb(cli, db_path, tmp_path):
    path = tmp_path / "long.txt"
    sentence = "Officials in Porto Seco said the harbour would reopen on Monday, according to the union. "
    body = "A very long report\n\n" + (sentence * 60 + "\n\n") * (15 * 1024 * 1024 // (len(sentence) * 60))
    path.write_text(body, encoding="utf-8")
    assert 14 * 1024 * 1024 < path.stat().st_size <= MAX_BYTES
    result = cli("import", "--json", path)
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    assert record["status"] == "new"
    with Store.open(db_path) as store:
        assert store.article(record["id"]).text == body


def test_text_that_looks_like_markup_is_stored_as_text(cli, db_path, tmp_path):
    raw = (
        "[bold red]Breaking[/] news <script>alert('x')</script> and <b>bold</b>\n"
        "An \x1b[31mANSI red\x1b[0m word, a bell\x07, zero\u200bwidth and joiner\u200d here.\n"
        "Markup close tag [/bold] and a link [link=https://example.org]x[/link].\n"
    )
    path = tmp_path / "markup.txt"
    path.write_text(raw, encoding="utf-8")
    result = cli("import", "--json", path)
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    assert record["title"] == "[bold red]Breaking[/] news <script>alert('x')</script> and <b>bold</b>"
    with Store.open(db_path) as store:
        text = store.article(record["id"]).text
    assert text == raw.replace("\x1b", "").replace("\x07", "")
    assert "[31mANSI red[0m" in text and "\u200b" in text and "\u200d" in text
    # and tagging the markup-looking text keeps it verbatim
    result = cli("tag", record["id"], "disputed", "--quote", "<script>alert('x')</script>", "--note", "[bold]not markup[/bold]")
    assert result.exit_code == 0, result.output
    result = cli("annotations", "--json")
    [ann] = json.loads(result.stdout)
    assert ann["quote"] == "<script>alert('x')</script>"
    assert ann["note"] == "[bold]not markup[/bold]"


def test_many_files_one_bad(cli, db_path, tmp_path, sample_paths):
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(5):
        (folder / f"good{i}.txt").write_text(f"Story number {i}\n\nThe mayor said {i} things.\n")
    (folder / "bad.txt").write_bytes("caf\xe9".encode("latin-1"))
    result = cli("import", "--recursive", folder, tmp_path / "missing.md")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 2
    assert "bad.txt" in errors[0] and "UTF-8" in errors[0]
    assert "missing.md" in errors[1]
    with Store.open(db_path) as store:
        titles = sorted(a["title"] for a in store.articles())
    assert titles == [f"Story number {i}" for i in range(5)]


def test_many_files_one_bad_json(cli, db_path, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Headline\n\nBody.\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(PNG_BYTES)
    result = cli("import", "--json", good, bad)
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert [r["status"] for r in records] == ["new", "error"]
    assert set(records[1]) == {"id", "title", "path", "status", "error"}
    assert "binary" in records[1]["error"]


# -- read-only database -------------------------------------------------------------


@pytest.fixture
def readonly_db(cli, db_path, stocked):
    article_id, before = stocked
    os.chmod(db_path, 0o444)
    yield article_id, before
    os.chmod(db_path, 0o644)


@pytest.mark.parametrize(
    "command",
    [
        ["tag", "{id}", "claim", "--span", "0:5"],
        ["tag", "{id}", "claim", "--quote", "67 percent"],
        ["import", "{new_file}"],
    ],
)
def test_write_to_readonly_db(cli, db_path, readonly_db, tmp_path, command):
    article_id, before = readonly_db
    new_file = tmp_path / "fresh.txt"
    new_file.write_text("A fresh story\n\nWith text.\n")
    args = [a.format(id=article_id, new_file=new_file) for a in command]
    result = cli(*args)
    assert_clean_error(result, "read-only", "chmod")
    assert dump(db_path) == before
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o444


def test_reading_commands_work_on_readonly_db(cli, db_path, readonly_db, tmp_path):
    article_id, before = readonly_db
    result = cli("articles", "--json")
    assert result.exit_code == 0, result.output
    assert [a["id"] for a in json.loads(result.stdout)] == [article_id]
    result = cli("annotations", "--json")
    assert result.exit_code == 0, result.output
    assert [a["note"] for a in json.loads(result.stdout)] == ["kept"]
    result = cli("export", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "kept" in result.stdout
    out = tmp_path / "out.jsonl"
    result = cli("export", "-o", out)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["note"] == "kept"
    assert dump(db_path) == before


def test_store_api_refuses_writes_to_readonly_file(db_path, readonly_db):
    article_id, before = readonly_db
    with Store.open(db_path) as store:
        assert store.readonly
        with pytest.raises(Exception, match="read-only"):
            store.add_annotation(article_id, "claim", 0, 5)
        assert store.count_annotations() == 1
    assert dump(db_path) == before


def test_read_article_refuses_unknown_suffix(tmp_path):
    path = tmp_path / "story.docx"
    path.write_text("hi")
    with pytest.raises(Exception, match="not a .txt, .md or .html"):
        read_article(path)


def test_control_characters_in_notes_are_removed(cli, db_path, stocked):
    article_id, _ = stocked
    result = cli("tag", article_id, "claim", "--span", "0:5", "--note", "red \x1b[31malert\x1b[0m\x07 [bold]x[/bold]\nline two",
                 "--attributed-to", "Ana\x1b]0;title\x07 Ruiz", "--json")
    assert result.exit_code == 0, result.output
    ann = json.loads(result.stdout)
    assert ann["note"] == "red [31malert[0m [bold]x[/bold]\nline two"
    assert ann["attributed_to"] == "Ana]0;title Ruiz"
    listing = cli("annotations")
    assert "\x1b" not in listing.stdout and "\x07" not in listing.stdout
    with Store.open(db_path) as store:
        changed = store.update_annotation(ann["id"], note="again \x1b[2J cleared")
    assert changed.note == "again [2J cleared"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_import_fifo_is_refused_not_blocking(cli, db_path, stocked, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = cli("import", fifo)
    assert_clean_error(result, "pipe.txt", "not a regular file")
    assert dump(db_path) == stocked[1]


def test_import_many_into_readonly_db_is_one_line(cli, db_path, readonly_db, tmp_path):
    _, before = readonly_db
    paths = []
    for i in range(3):
        paths.append(tmp_path / f"s{i}.txt")
        paths[-1].write_text(f"Story {i}\n")
    result = cli("import", *paths)
    assert_clean_error(result, "read-only")
    assert dump(db_path) == before


@pytest.mark.parametrize("setup", ["missing_folder", "not_sqlite", "missing_file"])
def test_real_entry_point_prints_one_line(tmp_path, setup):
    """The installed command behaves like CliRunner says: one line, exit 1, no traceback."""
    import subprocess
    import sys

    db = tmp_path / "news.db"
    args = ["articles"]
    if setup == "missing_folder":
        db = tmp_path / "nope" / "news.db"
    elif setup == "not_sqlite":
        db.write_text("hello")
    else:
        args = ["import", str(tmp_path / "ghost.md")]
    out = subprocess.run([sys.executable, "-c", "from newsmark.cli import main; main()", "--db", str(db), *args],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), out.stderr


@pytest.mark.parametrize(
    "args, needle",
    [
        (["tag"], "missing argument"),
        (["no-such-command"], "no such command"),
        (["tag", "x", "claim", "--nth", "abc"], "--nth"),
        (["entity", "no-such-subcommand"], "no such command"),
        (["--db"], "requires an argument"),
    ],
)
def test_usage_error_is_one_line_with_status_2(tmp_path, args, needle):
    """A mistyped command line: one `Error:` line naming the problem and where help is, exit 2."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", "from newsmark.cli import main; main()", *args],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2, out.stderr
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), out.stderr
    assert needle in lines[0].lower() and "--help" in lines[0]


def test_open_names_a_missing_file_or_a_folder_plainly(cli, tmp_path, db_path):
    cli("import", str(tmp_path.parent))  # creates the database (this import fails: a folder)
    before = dump(db_path)
    assert_clean_error(cli("open", str(tmp_path / "ghost.md")), "does not exist")
    assert_clean_error(cli("open", str(tmp_path)), "is a folder")
    assert dump(db_path) == before


def test_reversed_or_empty_span_says_so(cli, tmp_path, db_path):
    story = tmp_path / "story.txt"
    story.write_text("The mayor said the bridge will open in May.\n")
    cli("import", str(story))
    before = dump(db_path)
    assert_clean_error(cli("tag", str(story), "claim", "--span", "10:5"), "reversed", "5:10")
    assert_clean_error(cli("tag", str(story), "claim", "--span", "7:7"), "empty")
    assert dump(db_path) == before


def test_the_reader_without_a_terminal_is_one_error_line_not_a_hang(cli, tmp_path, db_path):
    page = tmp_path / "story.txt"
    page.write_text("Harbour plan\n\nThe harbour will take larger ships from May.\n", encoding="utf-8")
    assert cli("import", str(page)).exit_code == 0
    before = dump(db_path)
    # the test runner's input and output are pipes, as in a script or a cron job
    assert_clean_error(cli("open", str(page)), "needs a terminal")
    assert_clean_error(cli(), "needs a terminal")
    assert dump(db_path) == before
    # a file not imported yet is not imported by a command that then fails; no database is made
    other = tmp_path / "other.txt"
    other.write_text("Bridge plan\n\nThe bridge will close in May.\n", encoding="utf-8")
    assert_clean_error(cli("open", str(other)), "needs a terminal")
    assert dump(db_path) == before
    assert_clean_error(cli("open", str(other), db=tmp_path / "new.db"), "needs a terminal")
    assert not (tmp_path / "new.db").exists()


def test_the_demo_without_a_terminal_lists_what_it_imported(cli, tmp_path):
    result = cli("demo", db=tmp_path / "demo.db")
    assert result.exit_code == 0, result.output
    assert "No terminal to open the reader in" in result.stderr
    assert "Demo database:" in result.stdout and "Try next:" in result.stdout


@pytest.mark.parametrize("args, option", [
    (["articles", "--db", "x.db"], "--db"),
    (["annotations", "--db=x.db"], "--db"),
    (["search", "harbour", "--keymap", "vim"], "--keymap"),
    (["entity", "alias", "Ana Lima", "A. Lima", "--db", "x.db"], "--db"),
])
def test_a_global_option_after_the_command_says_where_it_goes(cli, args, option):
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [result.stderr.strip()]
    command = " ".join(args[:2]) if args[0] == "entity" else args[0]
    assert result.stderr.startswith(f"Error: {option} goes before the command: newsmark {option} VALUE {command} …")


@pytest.mark.parametrize("args", [["tag", "x", "claim", "--quote", "a", "--nth", "two"], ["search", "port", "--limit", "2x"]])
def test_a_word_for_a_number_is_named_plainly(cli, args):
    result = cli(*args)
    assert result.exit_code == 2
    assert "is not a whole number" in result.stderr and "pydantic" not in result.stderr.lower()
    assert "Input should be" not in result.stderr


def test_a_note_too_long_to_travel_is_refused_where_it_is_written(cli, tmp_path, db_path):
    page = tmp_path / "story.txt"
    page.write_text("Harbour plan\n\nThe harbour will take larger ships from May.\n", encoding="utf-8")
    assert cli("import", str(page)).exit_code == 0
    before = dump(db_path)
    assert_clean_error(cli("tag", str(page), "claim", "--span", "0:6", "--note", "x" * 100_001), "at most 100,000")
    assert dump(db_path) == before
    assert cli("tag", str(page), "claim", "--span", "0:6", "--note", "x" * 100_000).exit_code == 0
