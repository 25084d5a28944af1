"""Import by URL against a real HTTP server on 127.0.0.1 (never the internet): redirects,
errors, timeouts, size limits, provenance kept in the database."""

from __future__ import annotations

import gzip
import hashlib
import json
import socket
import sqlite3
from pathlib import Path

import pytest

from conftest import assert_clean_error, dump
from web_server import PageServer

FERRY = (Path(__file__).parent / "data" / "web" / "harbour-ferry.html").read_bytes()


@pytest.fixture
def server():
    with PageServer() as s:
        s.pages["/news/ferry"] = (200, "text/html; charset=utf-8", FERRY)
        s.redirects["/short"] = (301, "/go")
        s.redirects["/go"] = (302, "/news/ferry")
        s.redirects["/loop"] = (302, "/loop")
        s.pages["/report.pdf"] = (200, "application/pdf", b"%PDF-1.7\n%binary\n")
        s.pages["/photo"] = (200, "image/jpeg", b"\xff\xd8\xff\xe0fakejpeg")
        s.pages["/plain"] = (200, "text/plain; charset=utf-8", "Harbour notes\n\nThe quay reopens on Monday.\n".encode())
        s.pages["/empty"] = (200, "text/html", b"<html><head><title>x</title></head><body></body></html>")
        yield s


def rows(db_path, sql):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_import_url_follows_redirects_and_keeps_provenance(cli, db_path, server):
    url = server.url("/short")
    result = cli("import", "--json", url)
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    assert record["status"] == "new" and record["path"] == url
    assert record["title"] == "Ferry fares to rise by a fifth, operator says"
    [(req_url, final, redirects, status, ctype, fetched_at, source, size, sha, body, text_sha)] = rows(
        db_path, "SELECT url, final_url, redirects, status, content_type, fetched_at, source, size, sha256,"
        " body_gzip, text_sha256 FROM fetches")
    assert (req_url, final, status, ctype, source) == (url, server.url("/news/ferry"), 200, "text/html", "http")
    assert [(h["url"], h["status"], h["location"]) for h in json.loads(redirects)] == [
        (url, 301, server.url("/go")), (server.url("/go"), 302, server.url("/news/ferry"))]
    assert gzip.decompress(body) == FERRY and size == len(FERRY)
    assert sha == hashlib.sha256(FERRY).hexdigest()
    assert fetched_at.endswith("Z") and fetched_at[:4].isdigit()
    [(article_sha, authors, language)] = rows(db_path, "SELECT sha256, authors, language FROM articles")
    assert text_sha == article_sha and (authors, language) == ("Marta Lindqvist", "en-GB")
    # one honest request per hop, naming newsmark
    assert [r["path"] for r in server.requests] == ["/short", "/go", "/news/ferry"]
    assert all(r["user_agent"].startswith("newsmark/") and "(+http" in r["user_agent"] for r in server.requests)


def test_import_same_url_again_is_unchanged_and_records_the_fetch(cli, db_path, server):
    url = server.url("/news/ferry")
    assert cli("import", url).exit_code == 0
    again = cli("import", "--json", url)
    assert json.loads(again.stdout)[0]["status"] == "unchanged"
    assert len(rows(db_path, "SELECT id FROM fetches")) == 2
    assert len(rows(db_path, "SELECT id FROM articles")) == 1


def test_fetches_lists_provenance_and_saves_the_bytes(cli, db_path, server, tmp_path):
    article_id = json.loads(cli("import", "--json", server.url("/short")).stdout)[0]["id"]
    listed = json.loads(cli("fetches", "--json", article_id).stdout)
    assert [f["final_url"] for f in listed] == [server.url("/news/ferry")]
    out = tmp_path / "as-fetched.html"
    assert cli("fetches", article_id, "--save", str(listed[0]["id"]), "-o", out).exit_code == 0
    assert out.read_bytes() == FERRY


@pytest.mark.parametrize("path, needle", [
    ("/missing", "HTTP 404"),
    ("/report.pdf", "is a PDF"),
    ("/photo", "is an image"),
    ("/loop", "redirects more than"),
    ("/empty", "no text"),
])
def test_bad_pages_are_one_error_line_and_store_nothing(cli, db_path, server, path, needle):
    cli("articles")
    before = dump(db_path)
    assert_clean_error(cli("import", server.url(path)), needle)
    assert dump(db_path) == before


def test_page_that_never_answers_times_out(cli, db_path, server):
    cli("articles")
    before = dump(db_path)
    assert_clean_error(cli("import", "--timeout", "0.3", server.url("/never")), "did not answer within 0.3 s")
    assert dump(db_path) == before


def test_timeout_from_the_environment(cli, server, monkeypatch):
    monkeypatch.setenv("NEWSMARK_TIMEOUT", "0.3")
    assert_clean_error(cli("import", server.url("/never")), "did not answer within 0.3 s")


def test_endless_body_stops_at_the_size_limit(cli, db_path, server):
    cli("articles")
    before = dump(db_path)
    assert_clean_error(cli("import", "--max-bytes", "200000", server.url("/endless")), "larger than 200,000 bytes")
    assert dump(db_path) == before


def test_tls_failure_is_one_error_line(cli, server):
    # the test server speaks plain HTTP: a TLS handshake with it fails
    https = server.base.replace("http://", "https://") + "/news/ferry"
    assert_clean_error(cli("import", "--timeout", "5", https), "TLS")


def test_offline_host_is_one_error_line(cli):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    assert_clean_error(cli("import", f"http://127.0.0.1:{port}/story"), "refused the connection")


def test_not_a_web_address_is_one_error_line(cli):
    assert_clean_error(cli("import", "ftp://example.org/story.html"), "not an http or https address")


def test_plain_text_page_imports_as_text(cli, db_path, server):
    result = cli("import", "--json", server.url("/plain"))
    assert json.loads(result.stdout)[0]["title"] == "Harbour notes"
    [(text,)] = rows(db_path, "SELECT text FROM articles")
    assert text == "Harbour notes\n\nThe quay reopens on Monday.\n"


def test_saved_page_with_its_url(cli, db_path, tmp_path):
    saved = tmp_path / "Ferry fares.html"
    saved.write_bytes(FERRY)
    url = "https://gazette.example.org/news/2026/03/ferry-fares"
    result = cli("import", "--json", "--from-file", saved, "--url", url)
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    assert record["title"] == "Ferry fares to rise by a fifth, operator says" and record["path"] == url
    [(got_url, final, status, source, file, body)] = rows(
        db_path, "SELECT url, final_url, status, source, file, body_gzip FROM fetches")
    assert (got_url, final, status, source, file) == (url, url, None, "file", str(saved.resolve()))
    assert gzip.decompress(body) == FERRY


def test_saved_page_needs_its_url(cli, tmp_path):
    saved = tmp_path / "page.html"
    saved.write_bytes(FERRY)
    assert_clean_error(cli("import", "--from-file", saved), "--from-file needs --url")


def test_refresh_fetches_again_and_reanchors(cli, db_path, server):
    url = server.url("/news/ferry")
    article_id = json.loads(cli("import", "--json", url).stdout)[0]["id"]
    tagged = cli("tag", article_id, "claim", "--quote", "Season tickets for residents rise less steeply, by twelve per cent")
    assert tagged.exit_code == 0, tagged.output
    gone = cli("tag", article_id, "disputed", "--quote", "blaming fuel costs and the repair of its oldest vessel").stdout.strip()
    corrected = (FERRY.replace(b"by twelve per cent", b"by fifteen per cent")
                 .replace(b", blaming fuel costs and the repair of its oldest vessel", b"")
                 .replace(b"<h2>Residents push back</h2>", b"<h2>Residents push back</h2>\n<p>Update: the "
                          b"operator has since said the rise will be phased in over two years, starting in June.</p>"))
    server.pages["/news/ferry"] = (200, "text/html; charset=utf-8", corrected)
    result = cli("refresh", article_id)
    assert result.exit_code == 0, result.output
    assert result.stdout.split()[:2] == ["updated", article_id]
    assert "1 fuzzy" in result.stderr and "1 orphaned" in result.stderr
    marks = {a["label"]: a for a in json.loads(cli("annotations", "--json").stdout)}
    assert marks["claim"]["anchor"] == "fuzzy"
    assert marks["claim"]["quote"] == "Season tickets for residents rise less steeply, by fifteen per cent"
    assert marks["disputed"]["anchor"] == "orphaned" and marks["disputed"]["id"] == gone
    assert marks["disputed"]["quote"] == "blaming fuel costs and the repair of its oldest vessel"
    assert len(rows(db_path, "SELECT id FROM fetches")) == 2
