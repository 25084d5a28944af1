"""Articles from the web: `text` (the stored text of a file or article), import by URL,
`refresh`, and the provenance kept for each fetch."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import typer

from newsmark import web
from newsmark.commands.base import app, settings
from newsmark.commands.output import note, print_json
from newsmark.errors import NewsmarkError
from newsmark.ingest import ImportedText, parse_html, parse_text, read_article
from newsmark.quotes import excerpt
from newsmark.web import Fetch
from newsmark.safe_text import shown


@app.command()
def text(
    ctx: typer.Context,
    article: str = typer.Argument(..., help="A file (read, not imported: what import would store) or an article id / id prefix / imported path."),
) -> None:
    """Print an article's text exactly as newsmark stores it (offsets count from its start)."""
    path = Path(article).expanduser()
    if path.is_file():
        body = read_article(path).text
    else:
        body = settings(ctx).open_store().resolve_article(article).text
    # Exact for pipes; on a terminal control characters are shown as pictures (same offsets).
    sys.stdout.write(shown(body) if sys.stdout.isatty() else body)
    sys.stdout.flush()


# -- import from the web -----------------------------------------------------------

@dataclass
class WebPage:
    """A URL given on the command line: fetched when its turn comes."""

    url: str
    timeout: float | None
    max_bytes: int | None

    def __str__(self) -> str:
        return self.url


@dataclass
class SavedPage:
    """A page saved by a browser, with the address it came from."""

    file: Path
    url: str

    def __str__(self) -> str:
        return str(self.file)


def check_saved_options(paths, from_file, url) -> None:
    if from_file is not None and not url:
        raise NewsmarkError("--from-file needs --url, the address the page was saved from")
    if url and from_file is None:
        raise NewsmarkError("--url goes with --from-file SAVED.html; to fetch a page, give its URL as an argument")
    if from_file is None and not paths:
        raise NewsmarkError("nothing to import; give files, folders with --recursive, or URLs")


def load(item, store=None) -> tuple[ImportedText, Fetch | None]:
    """What `import` stores for one argument: (text, the fetch kept as provenance or None)."""
    if isinstance(item, WebPage):
        fetch = web.fetch(item.url, timeout=item.timeout, max_bytes=item.max_bytes)
    elif isinstance(item, SavedPage):
        fetch = web.from_file(item.file, item.url)
    else:
        return read_article(item), None
    return imported_from_fetch(fetch, store), fetch


def imported_from_fetch(fetch: Fetch, store=None, path: str | None = None) -> ImportedText:
    raw, notes = fetch.text()
    if fetch.is_html:
        imported = parse_html(raw, url=fetch.final_url)
    else:
        imported = parse_text(raw)
    imported.notes[:0] = notes
    if not imported.text.strip():
        raise NewsmarkError(f"{fetch.url} has no text newsmark can find (an empty page, or one drawn by "
                            "JavaScript); save the page from a browser and import it with --from-file")
    imported.meta.setdefault("url", fetch.final_url)
    # The article is known by the address the user gave; the same page fetched again (or
    # by the address it redirects to) updates that article rather than making a new one.
    known = None
    if path is None and store is not None:
        for candidate in (fetch.url, fetch.final_url, imported.meta.get("url")):
            known = store.article_by_url(candidate) if candidate else None
            if known is not None:
                break
    imported.path = path or (known.path if known is not None and known.path else fetch.url)
    return imported


@app.command()
def refresh(
    ctx: typer.Context,
    article: str = typer.Argument(..., help="An article id / id prefix / imported path, or its URL."),
    timeout: float = typer.Option(None, "--timeout", help="Seconds to wait for the web server (default 20, or NEWSMARK_TIMEOUT)."),
    max_bytes: int = typer.Option(None, "--max-bytes", help="Largest page to download, in bytes (default 10 MB)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Fetch an article's page again (or re-read its file) and re-anchor its marks on the new text."""
    store = settings(ctx).open_store()
    store.require_writable()
    found = store.article_by_url(article.strip()) if web.is_url(article) else None
    if found is None:
        found = store.resolve_article(article)
    fetches = store.fetches(found.id)
    if fetches or web.is_url(found.path or ""):
        address = found.path if web.is_url(found.path or "") else fetches[-1]["url"]
        fetch = web.fetch(address, timeout=timeout, max_bytes=max_bytes)
        imported = imported_from_fetch(fetch, store, path=found.path or address)
    elif found.path and Path(found.path).is_file():
        imported, fetch = read_article(found.path), None
    else:
        raise NewsmarkError(f"article {found.id} has no URL and its file {found.path} is gone; "
                            "import the new version with `newsmark import`")
    result, status, message = store.import_article(imported, fetch)
    record = {"id": result.id, "title": result.title, "path": result.path, "status": status}
    if as_json:
        print_json([record])
        return
    typer.echo(f"{status:<9} {result.id}  {excerpt(result.title, 60)}")
    for line in imported.notes:
        note(f"          {result.id}: {line}")
    if status == "updated":
        note(f"          {result.id}: {message}")


@app.command()
def fetches(
    ctx: typer.Context,
    article: str = typer.Argument(..., help="An article id / id prefix / imported path."),
    save: int = typer.Option(None, "--save", help="Write the bytes of the fetch with this id (see the list) to --output."),
    output: Path = typer.Option(None, "--output", "-o", help="Where --save writes the page (never overwritten)."),
    as_json: bool = typer.Option(False, "--json", help="Print the fetches as JSON."),
) -> None:
    """The provenance of an article: each fetch of its page (address, redirects, status, time, sha256)."""
    store = settings(ctx).open_store()
    found = store.resolve_article(article)
    rows = store.fetches(found.id)
    if save is not None:
        if save not in {r["id"] for r in rows}:
            raise NewsmarkError(f"article {found.id} has no fetch {save}; `newsmark fetches {found.id}` lists them")
        if output is None:
            raise NewsmarkError("--save needs --output PATH for the page's bytes")
        if output.exists():
            raise NewsmarkError(f"{output} exists; give a new file name")
        output.write_bytes(store.fetched_body(save))
        note(f"fetch {save}: {output}")
        return
    if as_json:
        print_json(rows)
        return
    if not rows:
        note(f"article {found.id} was not fetched from the web (imported from {found.path or 'a file'})")
        return
    for r in rows:
        hops = " -> ".join(f"{h['status']} {h['location']}" for h in r["redirects"])
        typer.echo(f"{r['id']:>4}  {r['fetched_at']}  {r['status'] or r['source']:<4} {r['size']:>9} B  "
                   f"sha256 {r['sha256'][:16]}  {excerpt(r['final_url'], 80)}")
        if hops:
            typer.echo(f"      via {excerpt(r['url'], 60)} -> {excerpt(hops, 120)}")
