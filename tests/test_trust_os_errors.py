"""Operating-system failures are one true `Error: <what> — <what to do>` line, exit 1, no
traceback, nothing changed: permission denied, a path through a file, a too-long name, a full
disk, a read-only folder or filesystem, a damaged database file, input nested too deeply.

Full disks and read-only filesystems are real: a 1 MB tmpfs and a read-only bind mount in a
user namespace (`unshare -rm`); where the machine refuses namespaces the tests say so and skip.
"""

from __future__ import annotations

import json
import os
import shlex
import sqlite3
import sys

import pytest

from conftest import NEWSMARK, assert_clean_error, assert_one_error_line, dump, in_namespace, protect, run_unprivileged

STORY = "Harbour talks\n\nAna Ruiz said the harbour would reopen on Monday, according to the union.\n"


@pytest.fixture
def stocked(cli, db_path, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    result = cli("import", "--json", story)
    assert result.exit_code == 0, result.output
    article_id = json.loads(result.stdout)[0]["id"]
    assert cli("tag", article_id, "claim", "--quote", "the harbour would reopen", "--note", "kept").exit_code == 0
    return article_id, dump(db_path)


# -- paths ---------------------------------------------------------------------------------


def test_export_under_a_regular_file_says_the_path_goes_through_a_file(cli, db_path, stocked, tmp_path):
    plain = tmp_path / "notes.txt"
    plain.write_text("x")
    result = cli("export", "-o", plain / "out.jsonl")
    assert_clean_error(result, "notes.txt", "is a file, not a folder")
    assert dump(db_path) == stocked[1]


def test_db_under_a_regular_file_is_one_line(cli, tmp_path):
    plain = tmp_path / "notes.txt"
    plain.write_text("x")
    assert_clean_error(cli("articles", db=plain / "news.db"), "notes.txt", "not a folder")
    assert plain.read_text() == "x"


@pytest.mark.parametrize("where", ["export", "db", "import"])
def test_a_300_character_name_is_too_long_not_a_traceback(cli, db_path, stocked, tmp_path, where):
    long_name = tmp_path / ("n" * 300 + ".jsonl")
    if where == "export":
        result = cli("export", "-o", long_name)
    elif where == "db":
        result = cli("articles", db=long_name)
    else:
        result = cli("import", str(long_name)[:-6] + ".txt")
    assert_clean_error(result, "too long", "shorter")
    message = result.stderr.strip()
    assert len(message) < 250, message  # the name is quoted clipped, not whole
    assert dump(db_path) == stocked[1]


def test_import_of_a_symlink_loop_says_loop(cli, db_path, stocked, tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert_clean_error(cli("import", loop), "loop.txt", "symbolic link loop")
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    assert_clean_error(cli("import", dangling), "gone.txt", "broken symbolic link", "nowhere.txt")
    assert dump(db_path) == stocked[1]


# -- permissions ------------------------------------------------------------------------------


def test_export_into_a_folder_one_cannot_write(db_path, stocked, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    protect(folder, 0o555)
    proc = run_unprivileged(["--db", db_path, "export", "-o", folder / "out.jsonl"])
    assert_one_error_line(proc, "out.jsonl", "permission denied", absent=("traceback", ".part"))
    assert os.listdir(folder) == []


def test_import_of_a_file_one_cannot_read(db_path, stocked, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    secret = folder / "secret.txt"
    secret.write_text("Secret story\n\nWords.\n")
    protect(secret, 0o000)
    proc = run_unprivileged(["--db", db_path, "import", "--recursive", folder])
    assert_one_error_line(proc, "secret.txt", "permission denied")
    assert dump(db_path) == stocked[1]


def test_db_one_cannot_read(db_path, stocked):
    protect(db_path, 0o000)
    proc = run_unprivileged(["--db", db_path, "articles"])
    assert_one_error_line(proc, "news.db", "cannot be read", "permission", absent=("not an sqlite", "damaged"))
    os.chmod(db_path, 0o644)
    assert dump(db_path) == stocked[1]


def test_import_annotations_from_a_file_one_cannot_read(db_path, stocked, tmp_path):
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("{}\n")
    protect(jsonl, 0o000)
    proc = run_unprivileged(["--db", db_path, "import-annotations", jsonl])
    assert_one_error_line(proc, "in.jsonl", "permission denied")
    assert dump(db_path) == stocked[1]


def test_db_in_a_read_only_folder_reads_and_refuses_writes(db_path, stocked, tmp_path):
    article_id, before = stocked
    protect(tmp_path, 0o555)
    try:
        for args in (["articles", "--json"], ["annotations", "--json"], ["export"], ["search", "harbour", "--json"],
                     ["entities", article_id, "--json"], ["entity", "actors", "--json"]):
            proc = run_unprivileged(["--db", db_path, *args])
            assert proc.returncode == 0, (args, proc.stderr)
            json.loads(proc.stdout) if args[0] != "export" else json.loads(proc.stdout.splitlines()[0])
        proc = run_unprivileged(["--db", db_path, "annotations", "--json"])
        assert [a["note"] for a in json.loads(proc.stdout)] == ["kept"]
        proc = run_unprivileged(["--db", db_path, "tag", article_id, "claim", "--span", "0:5"])
        assert_one_error_line(proc, "read-only folder", absent=("not an sqlite",))
    finally:
        os.chmod(tmp_path, 0o755)
    assert dump(db_path) == before


# -- a damaged file ------------------------------------------------------------------------


def test_a_database_cut_in_half_is_called_damaged(cli, db_path, stocked, tmp_path):
    article_id, _ = stocked
    for i in range(40):  # enough pages that half the file loses some
        story = tmp_path / f"s{i}.txt"
        story.write_text(f"Story {i}\n\n" + "The council said the port would reopen. " * 60)
        assert cli("import", story).exit_code == 0
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for leftover in ("-wal", "-shm"):  # a copied or downloaded file comes alone
        db_path.with_name(db_path.name + leftover).unlink(missing_ok=True)
    data = db_path.read_bytes()
    assert len(data) > 20 * 4096
    db_path.write_bytes(data[: len(data) // 2])
    half = db_path.read_bytes()
    for args in (["articles"], ["annotations"], ["tag", article_id, "claim", "--span", "0:5"]):
        result = cli(*args)
        assert_clean_error(result, "damaged", "backup")
        assert "not an sqlite" not in result.stderr.lower()
    assert db_path.read_bytes() == half


# -- full disk and read-only filesystem (namespaces) ------------------------------------------


def _script(tmp_path, body: str) -> str:
    nm = " ".join(shlex.quote(a) for a in NEWSMARK)
    return f"D={shlex.quote(str(tmp_path / 'disk'))}; OUT={shlex.quote(str(tmp_path / 'out'))}; NM={shlex.quote(nm)}\n" \
           f"mkdir -p $D $OUT\n{body}"


DUMP = (f"{shlex.quote(sys.executable)} -c 'import sqlite3,sys; c=sqlite3.connect(\"file:\"+sys.argv[1]+\"?mode=ro\", uri=True);"
        " print(chr(10).join(c.iterdump()))'")


def _read(tmp_path, name: str) -> str:
    return (tmp_path / "out" / name).read_text()


def test_full_disk_tag_says_database_or_disk_is_full_and_reading_works(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    body = f"""
mount -t tmpfs -o size=1m tmpfs $D
$NM --db $D/news.db import {story} > /dev/null
ID=$($NM --db $D/news.db articles --json | {sys.executable} -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
$NM --db $D/news.db tag $ID claim --span 0:5 > /dev/null
{DUMP} $D/news.db > $OUT/before
dd if=/dev/zero of=$D/fill bs=4096 2>/dev/null || true
for cmd in tag export articles; do
  case $cmd in
    tag) set -- tag $ID disputed --span 5:10 --note "$(head -c 20000 /dev/zero | tr '\\0' x)";;
    export) set -- export -o $D/out.jsonl;;
    articles) set -- articles --json;;
  esac
  rc=0; $NM --db $D/news.db "$@" > $OUT/$cmd.out 2> $OUT/$cmd.err || rc=$?; echo $rc > $OUT/$cmd.rc
done
{DUMP} $D/news.db > $OUT/after
ls -a $D > $OUT/ls
"""
    proc = in_namespace(_script(tmp_path, body))
    assert proc.returncode == 0, proc.stderr
    assert _read(tmp_path, "tag.rc").strip() == "1"
    err = _read(tmp_path, "tag.err")
    assert err.count("\n") == 1 and err.startswith("Error: ") and "database or disk is full" in err, err
    assert "rollback" not in err and "not an sqlite" not in err.lower()
    assert _read(tmp_path, "export.rc").strip() == "1"
    err = _read(tmp_path, "export.err")
    assert err.startswith("Error: ") and "out.jsonl" in err and "disk is full" in err, err
    assert ".part" not in _read(tmp_path, "ls")
    assert _read(tmp_path, "articles.rc").strip() == "0"
    assert len(json.loads(_read(tmp_path, "articles.out"))) == 1
    assert _read(tmp_path, "before") == _read(tmp_path, "after")


def test_full_disk_while_another_program_has_the_file_open(tmp_path):
    """The -shm exists (a reader holds the file): SQLite itself rolls back on SQLITE_FULL, and
    the store must report that, not "cannot rollback - no transaction is active"."""
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    hold = (f"{sys.executable} -c 'import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1]);"
            " c.execute(\"select count(*) from articles\").fetchone(); time.sleep(60)'")
    body = f"""
mount -t tmpfs -o size=1m tmpfs $D
$NM --db $D/news.db import {story} > /dev/null
ID=$($NM --db $D/news.db articles --json | {sys.executable} -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
{hold} $D/news.db & HOLDER=$!
sleep 1
{DUMP} $D/news.db > $OUT/before
dd if=/dev/zero of=$D/fill bs=4096 2>/dev/null || true
rc=0; $NM --db $D/news.db tag $ID claim --span 0:5 --note "$(head -c 20000 /dev/zero | tr '\\0' x)" 2> $OUT/tag.err || rc=$?
echo $rc > $OUT/tag.rc
{DUMP} $D/news.db > $OUT/after
kill $HOLDER
"""
    proc = in_namespace(_script(tmp_path, body))
    assert proc.returncode == 0, proc.stderr
    err = _read(tmp_path, "tag.err")
    assert _read(tmp_path, "tag.rc").strip() == "1", err
    assert err.count("\n") == 1 and "database or disk is full" in err and "rollback" not in err, err
    assert _read(tmp_path, "before") == _read(tmp_path, "after")


def test_read_only_filesystem_reads_and_refuses_writes(cli, db_path, stocked, tmp_path):
    article_id, before = stocked
    folder = db_path.parent
    out = tmp_path.parent / f"{tmp_path.name}-out"
    out.mkdir()
    body = f"""
OUT={shlex.quote(str(out))}
mount --bind {folder} {folder}
mount -o remount,bind,ro {folder}
for cmd in articles annotations search export entities tag import; do
  case $cmd in
    articles) set -- articles --json;;
    annotations) set -- annotations --json;;
    search) set -- search harbour --json;;
    export) set -- export --format csv;;
    entities) set -- entities {article_id} --json;;
    tag) set -- tag {article_id} claim --span 0:5;;
    import) set -- import {folder}/story.txt;;
  esac
  rc=0; $NM --db {db_path} "$@" > $OUT/$cmd.out 2> $OUT/$cmd.err || rc=$?; echo $rc > $OUT/$cmd.rc
done
"""
    proc = in_namespace(_script(tmp_path, body).replace("mkdir -p $D $OUT\n", ""))
    assert proc.returncode == 0, proc.stderr
    read = lambda name: (out / name).read_text()  # noqa: E731
    for cmd in ("articles", "annotations", "search", "export", "entities"):
        assert read(f"{cmd}.rc").strip() == "0", (cmd, read(f"{cmd}.err"))
    assert [a["note"] for a in json.loads(read("annotations.out"))] == ["kept"]
    for cmd in ("tag", "import"):
        assert read(f"{cmd}.rc").strip() == "1"
        err = read(f"{cmd}.err")
        assert err.count("\n") == 1 and "read-only filesystem" in err and "not an sqlite" not in err.lower(), err
    assert dump(db_path) == before


# -- deep input ----------------------------------------------------------------------------------


def test_deeply_nested_jsonl_line_is_a_bad_line_not_a_traceback(cli, db_path, stocked, tmp_path):
    jsonl = tmp_path / "deep.jsonl"
    jsonl.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    result = cli("import-annotations", jsonl)
    assert_clean_error(result, "line 1", "nested too deeply")
    assert dump(db_path) == stocked[1]


READER_ON_FULL_DISK = r"""
import asyncio, json, os, sys
from pathlib import Path
from newsmark.ingest import ImportedText
from newsmark.store import Store
from newsmark.tui.app import make_app
from newsmark.tui.reader import ReaderScreen

disk = Path(sys.argv[1])
db = disk / "news.db"
text = "Harbour talks\n\nAna Ruiz said the harbour would reopen on Monday.\n\nThe union agreed."
with Store.open(db) as store:
    article, _, _ = store.import_article(ImportedText(text=text, title="Harbour talks"))

async def go():
    app = make_app(db, "tester", user_keymap=None, article_id=article.id)
    async with app.run_test(size=(120, 30)) as pilot:
        for _ in range(50):
            if isinstance(app.screen, ReaderScreen) and app.screen.is_mounted:
                break
            await pilot.pause()
        await pilot.pause()
        with open(disk / "fill", "wb") as fh:  # fill the disk while the reader is open
            try:
                while True:
                    fh.write(b"\0" * 65536)
                    fh.flush()
            except OSError:
                pass
        screen = app.screen
        await pilot.press("s", "c")  # select the sentence, tag it as a claim
        await pilot.pause()
        status = screen.query_one("#reader-status").text
        selection = screen.view.selection
        marks = len(screen.view.annotations)
        await pilot.press("down", "right")  # and it goes on
        await pilot.pause()
        alive = app.is_running and isinstance(app.screen, ReaderScreen)
    print(json.dumps({"status": status, "selection": selection, "marks": marks, "alive": alive,
                      "return_code": app.return_code}))

asyncio.run(go())
"""


def test_reader_on_a_full_disk_shows_the_failed_save_and_goes_on(tmp_path):
    script = tmp_path / "reader_full.py"
    script.write_text(READER_ON_FULL_DISK)
    body = f"mount -t tmpfs -o size=1m tmpfs $D\n{shlex.quote(sys.executable)} {shlex.quote(str(script))} $D > $OUT/result\n"
    proc = in_namespace(_script(tmp_path, body))
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(_read(tmp_path, "result"))
    assert result["alive"] and not result["return_code"], result
    assert "not saved" in result["status"].lower() and "full" in result["status"].lower(), result["status"]
    assert result["selection"] is not None and result["marks"] == 0, result
