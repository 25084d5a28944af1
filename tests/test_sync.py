"""`newsmark sync`: two databases and a bare git repository, with the real git binary."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import assert_clean_error

from newsmark.store import Store
from newsmark.sync import annotator_file_name, merge_versions

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

TEXT = ("Harbour plan\n\nThe harbour will take ships of 400 metres from May, the port authority said. "
        "Fishermen say the dredging has already emptied the bay.\n")


@pytest.fixture(autouse=True)
def git_env(monkeypatch, tmp_path_factory):
    """A machine with no git identity and no user config: sync must still commit."""
    empty = tmp_path_factory.mktemp("gitconfig") / "config"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(var, raising=False)


def git(*args, cwd=None) -> str:
    done = subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "user.name=Test", "-c", "user.email=t@example.org",
                           *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def bare_repo(path: Path) -> Path:
    git("init", "--quiet", "--bare", str(path))
    return path


def repo_files(bare: Path) -> dict[str, bytes]:
    """Every file on the repository's main branch, byte for byte."""
    names = git("-C", str(bare), "ls-tree", "-r", "--name-only", "main").splitlines()
    return {n: subprocess.run(["git", "-C", str(bare), "show", f"main:{n}"], capture_output=True, check=True).stdout
            for n in names}


def marks(db: Path) -> set[tuple]:
    with sqlite3.connect(db) as conn:
        return set(conn.execute('SELECT id, label, start, "end", note, annotator, updated_at, deleted FROM annotations'))


def sync(cli, db, repo, who, *extra):
    result = cli("sync", repo, *extra, db=db, annotator=who)
    assert result.exit_code == 0, result.output
    return result


def make_database(cli, tmp_path: Path, name: str, who: str, quotes: list[tuple[str, str]]) -> Path:
    article = tmp_path / "harbour.txt"
    if not article.exists():
        article.write_text(TEXT, encoding="utf-8")
    db = tmp_path / f"{name}.db"
    assert cli("import", article, db=db).exit_code == 0
    aid = json.loads(cli("articles", "--json", db=db).stdout)[0]["id"]
    for label, quote in quotes:
        assert cli("tag", aid, label, "--quote", quote, db=db, annotator=who).exit_code == 0
    return db


def copy_db(src: Path, dst: Path) -> Path:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


def test_two_desks_end_with_both_marks_and_the_same_files_whichever_syncs_first(cli, tmp_path):
    made = tmp_path / "made"
    made.mkdir()
    ana = make_database(cli, made, "ana", "ana", [("claim", "The harbour will take ships of 400 metres from May"),
                                                  ("attribution", "the port authority said")])
    ben = make_database(cli, made, "ben", "ben", [("disputed", "the dredging has already emptied the bay")])
    expected = marks(ana) | marks(ben)
    results = []
    for order in (("ana", "ben"), ("ben", "ana")):
        where = tmp_path / "-".join(order)
        where.mkdir()
        dbs = {"ana": copy_db(ana, where / "ana.db"), "ben": copy_db(ben, where / "ben.db")}
        bare = bare_repo(where / "desk.git")
        for _ in range(2):
            for who in order:
                sync(cli, dbs[who], bare, who)
        assert marks(dbs["ana"]) == expected
        assert marks(dbs["ben"]) == expected
        results.append(repo_files(bare))
    first, second = results
    sha = Store.open(ana).articles()[0]
    assert set(first) == {"annotations/ana.jsonl", "annotations/ben.jsonl", f"articles/{Store.open(ana).article(sha['id']).sha256}.json"}
    assert first == second
    lines = first["annotations/ana.jsonl"].decode().splitlines()
    assert len(lines) == 2 and lines == sorted(lines, key=lambda x: json.loads(x)["id"])
    assert list(json.loads(lines[0]))[:4] == ["id", "article", "label", "start"]


def test_an_empty_database_fills_from_the_repository(cli, tmp_path):
    ana = make_database(cli, tmp_path, "ana", "ana", [("claim", "Fishermen say")])
    bare = bare_repo(tmp_path / "desk.git")
    sync(cli, ana, bare, "ana")
    newcomer = tmp_path / "new.db"
    result = sync(cli, newcomer, bare, "cleo")
    assert "1 added" in result.stdout and "1 article(s) created" in result.stdout
    with Store.open(newcomer) as store:
        (article,) = store.articles()
        assert store.article(article["id"]).text == TEXT
        (mark,) = store.annotations()
        assert (mark.annotator, mark.quote) == ("ana", "Fishermen say")
    # cleo marked nothing: no file of hers, nothing to push
    assert set(repo_files(bare)) == {"annotations/ana.jsonl", f"articles/{article_sha(ana)}.json"}


def test_an_articles_authors_and_language_travel_with_it(cli, tmp_path):
    ana = make_database(cli, tmp_path, "ana", "ana", [("claim", "Fishermen say")])
    with sqlite3.connect(ana) as conn:
        conn.execute("UPDATE articles SET authors = 'Ana Lima; Ben Okafor', language = 'en-GB', published = '2026-03-14'")
    bare = bare_repo(tmp_path / "desk.git")
    sync(cli, ana, bare, "ana")
    newcomer = tmp_path / "new.db"
    sync(cli, newcomer, bare, "cleo")
    with Store.open(newcomer) as store:
        (row,) = store.articles()
        article = store.article(row["id"])
    assert (article.authors, article.language, article.published) == ("Ana Lima; Ben Okafor", "en-GB", "2026-03-14")


def article_sha(db) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT sha256 FROM articles").fetchone()[0]


def test_a_deletion_travels(cli, tmp_path):
    ana = make_database(cli, tmp_path, "ana", "ana", [("claim", "Fishermen say")])
    bare = bare_repo(tmp_path / "desk.git")
    sync(cli, ana, bare, "ana")
    ben = tmp_path / "ben.db"
    sync(cli, ben, bare, "ben")
    with Store.open(ana) as store:
        store.delete_annotation(next(store.annotations()).id)
    sync(cli, ana, bare, "ana")
    sync(cli, ben, bare, "ben")
    with Store.open(ben) as store:
        assert list(store.annotations()) == []
        assert len(list(store.annotations(include_deleted=True))) == 1  # kept, flagged, as locally
    assert json.loads(repo_files(bare)["annotations/ana.jsonl"])["deleted"] is True


def test_one_annotator_on_two_machines_keeps_the_newer_edit_of_a_conflict(cli, tmp_path):
    laptop = make_database(cli, tmp_path, "laptop", "ana", [("claim", "Fishermen say")])
    bare = bare_repo(tmp_path / "desk.git")
    sync(cli, laptop, bare, "ana")
    desktop = tmp_path / "desktop.db"
    sync(cli, desktop, bare, "ana")
    mark_id = next(Store.open(laptop).annotations()).id
    # The desktop's next push is refused once, so its commit waits unpushed ...
    hook = bare / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'desk closed for maintenance' >&2\nexit 1\n")
    hook.chmod(0o755)
    Store.open(desktop).update_annotation(mark_id, note="desktop: first edit")
    refused = cli("sync", bare, db=desktop, annotator="ana")
    assert_clean_error(refused, "git push failed", "desk closed for maintenance")
    hook.unlink()
    # ... while the laptop edits the same mark and pushes; the desktop edits it once more, later.
    Store.open(laptop).update_annotation(mark_id, note="laptop edit")
    sync(cli, laptop, bare, "ana")
    Store.open(desktop).update_annotation(mark_id, note="desktop: second edit, the newest")
    result = sync(cli, desktop, bare, "ana")
    assert "kept the newer of each, both versions stay in the git history" in result.stderr
    sync(cli, laptop, bare, "ana")
    for db in (laptop, desktop):
        assert Store.open(db).annotation(mark_id).note == "desktop: second edit, the newest"
    history = git("-C", str(bare), "log", "-p", "main", "--", "annotations/ana.jsonl")
    assert "laptop edit" in history and "desktop: second edit" in history


def test_a_working_copy_is_used_in_place(cli, tmp_path):
    ana = make_database(cli, tmp_path, "ana", "ana", [("claim", "Fishermen say")])
    bare = bare_repo(tmp_path / "desk.git")
    clone = tmp_path / "clone"
    git("clone", "--quiet", str(bare), str(clone))
    sync(cli, ana, clone, "ana")
    assert (clone / "annotations" / "ana.jsonl").exists()
    assert "annotations/ana.jsonl" in repo_files(bare)


def test_annotator_names_are_safe_file_names():
    assert annotator_file_name("ana") == "ana.jsonl"
    assert annotator_file_name("Inês Ruiz") == "In%C3%AAs%20Ruiz.jsonl"
    assert annotator_file_name("../etc/passwd") == "%2E%2E%2Fetc%2Fpasswd.jsonl"
    assert annotator_file_name("a b") != annotator_file_name("a_b")


def test_merge_versions_keeps_the_newer_record_per_id():
    old = '{"id": "a", "note": "old", "updated_at": "2026-01-01T00:00:00.000Z"}\n'
    new = '{"id": "a", "note": "new", "updated_at": "2026-01-02T00:00:00.000Z"}\n'
    other = '{"id": "b", "note": "", "updated_at": "2026-01-01T00:00:00.000Z"}\n'
    merged, ids = merge_versions(new + other, old)
    assert merged == new + other and ids == ["a"]
    assert merge_versions(old, new)[0] == new


def test_not_a_repository_and_no_git_are_one_line_errors(cli, tmp_path, monkeypatch):
    plain = tmp_path / "plain"
    plain.mkdir()
    assert_clean_error(cli("sync", plain), "is not a git repository", "git init --bare")
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "story.md").write_text("A story\n", encoding="utf-8")
    result = cli("sync", articles)
    assert_clean_error(result, "is not a git repository (and holds other files)", "an empty folder for a new one")
    assert "git init --bare" not in result.stderr  # not advised on a folder of someone's files
    assert_clean_error(cli("sync", tmp_path / "missing"), "does not exist")
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert_clean_error(cli("sync", plain), "git is not installed")


def test_verdicts_curation_and_a_curators_marks_travel(cli, tmp_path):
    from newsmark.store.desk import add_curated_mark, curate, set_verdict

    ana = make_database(cli, tmp_path, "ana", "ana", [("claim", "The harbour will take ships of 400 metres")])
    bare = bare_repo(tmp_path / "desk.git")
    sync(cli, ana, bare, "ana")
    editor = tmp_path / "editor.db"
    sync(cli, editor, bare, "ed")
    with Store.open(editor) as store:
        (mark,) = store.annotations()
        set_verdict(store, mark.id, "half true", reviewer="ed", evidence=["https://example.org/berths"])
        curate(store, accept=[mark.id])
        own = add_curated_mark(store, mark.article_id, "claim", mark.start, mark.end + 10, curator="ed",
                               sources=[mark.id])
    sync(cli, editor, bare, "ed")
    sync(cli, ana, bare, "ana")
    with Store.open(ana) as store:
        back = store.annotation(mark.id)
        assert (back.status, back.verdict["rating"], back.verdict["evidence"]) == (
            "accepted", "half true", ["https://example.org/berths"])
        assert store.annotation(own.id).curated_from == (mark.id,)
    # ana's file carries the editor's verdict on her mark; the editor's file holds his own mark
    files = repo_files(bare)
    assert json.loads(files["annotations/ana.jsonl"])["verdict"]["rating"] == "half true"
    assert json.loads(files["annotations/ed.jsonl"])["curated_from"] == [mark.id]
    again = sync(cli, editor, bare, "ed")
    assert "differs" not in again.stderr  # settled: no conflict reported over and over
    assert repo_files(bare) == files
