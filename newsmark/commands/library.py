"""Articles: import, list, open, demo — and the way into the terminal UI."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from importlib import resources
from pathlib import Path

import typer

from newsmark.commands.base import app, settings, Settings
from newsmark.commands.output import echo, note, print_json
from newsmark.errors import NewsmarkError
from newsmark.ingest import find_files, read_article
from newsmark.quotes import excerpt
from newsmark.model import LABELS


@app.command("import")
def import_(
    ctx: typer.Context,
    paths: list[str] = typer.Argument(None, help="Files (.txt, .md, .html), folders with --recursive, or http(s) URLs to fetch."),
    recursive: bool = typer.Option(False, "--recursive", "-r", help="Import the article files inside folders."),
    from_file: Path = typer.Option(None, "--from-file", help="A page saved by a browser (.html); give its address with --url."),
    url: str = typer.Option(None, "--url", help="The address the --from-file page was saved from (kept as its provenance)."),
    timeout: float = typer.Option(None, "--timeout", help="Seconds to wait for a web server (default 20, or NEWSMARK_TIMEOUT)."),
    max_bytes: int = typer.Option(None, "--max-bytes", help="Largest page to download, in bytes (default 10 MB, or NEWSMARK_MAX_BYTES)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Import articles from files or the web. A bad file or page is reported and skipped; the rest still land."""
    from newsmark.commands.web import SavedPage, WebPage, check_saved_options, load

    cfg = settings(ctx)
    check_saved_options(paths, from_file, url)
    results: list[dict] = []
    files: list[tuple[object, str | None]] = []
    if from_file is not None:
        files.append((SavedPage(from_file, url), None))
    from newsmark.web import is_url

    for path in paths or []:
        if is_url(path):
            files.append((WebPage(path, timeout, max_bytes), None))
            continue
        try:
            files.extend((f, None) for f in find_files(path, recursive))
        except NewsmarkError as exc:
            files.append((path, str(exc)))
    store = cfg.open_store()
    store.require_writable()  # one line up front, not one per file
    failed = 0
    with typer.progressbar(files, label="Importing", file=sys.stderr, show_pos=True) if len(files) > 20 and sys.stderr.isatty() else nullcontext(files) as bar:
        for path, problem in bar:
            record = {"id": None, "title": None, "path": str(path), "status": "error"}
            message = ""
            try:
                if problem:
                    raise NewsmarkError(problem)
                imported, fetch = load(path, store)
                article, status, message = store.import_article(imported, fetch)
                record.update(id=article.id, title=article.title, path=article.path, status=status)
                for line in imported.notes:
                    note(f"          {article.id}: {line}")
            except NewsmarkError as exc:
                failed += 1
                record["error"] = str(exc)
                echo(f"Error: {exc}", err=True)
            results.append(record)
            if not as_json and record["status"] != "error":
                echo(f"{record['status']:<9} {record['id']}  {excerpt(record['title'] or '', 60)}")
                if record["status"] == "updated":
                    note(f"          {record['id']}: {message}")
    if as_json:
        print_json(results)
    elif len(files) > 1:
        counts = {s: sum(r["status"] == s for r in results) for s in ("new", "updated", "unchanged", "error")}
        note(", ".join(f"{n} {s}" for s, n in counts.items() if n) + f" — database {cfg.db_path}")
    if failed:
        raise typer.Exit(1)


@app.command()
def articles(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the articles as JSON."),
) -> None:
    """List articles with their counts per label."""
    store = settings(ctx).open_store()
    rows = store.articles()
    if as_json:
        print_json([{k: r[k] for k in ("id", "title", "outlet", "url", "published", "path", "counts")} for r in rows])
        return
    if not rows:
        note("No articles yet. Import some with `newsmark import FILE…`, or try `newsmark demo`."
             + settings(ctx).new_database_hint())
        return
    header = f"{'id':<8}  {'claim':>5} {'attrib':>6} {'disp':>4}  {'published':<10}  title"
    echo(header)
    for r in rows:
        c = r["counts"]
        echo(
            f"{r['id']:<8}  {c.get('claim', 0):>5} {c.get('attribution', 0):>6} {c.get('disputed', 0):>4}  "
            f"{(r['published'] or '')[:10]:<10}  {excerpt(r['title'], 70)}"
        )


def sample_files() -> list[Path]:
    folder = resources.files("newsmark.sample_articles")
    return sorted(Path(str(f)) for f in folder.iterdir() if f.name.endswith((".md", ".txt", ".html")) and f.name != "README.md")


@app.command()
def demo(
    ctx: typer.Context,
    no_ui: bool = typer.Option(False, "--no-ui", help="Import the samples and print them; do not open the terminal UI."),
) -> None:
    """Import the bundled sample articles into a demo database and open them."""
    cfg = settings(ctx)
    if not cfg.db or cfg.db_from_env:
        # NEWSMARK_DB names the user's real database: the samples never go there unasked.
        # Only an explicit --db on this command line chooses where the demo goes.
        from newsmark.store import default_db_path

        if cfg.db_from_env:
            note("The demo uses its own database, not NEWSMARK_DB; give --db to choose another.")
        cfg.db = str(default_db_path().with_name("demo.db"))
        cfg.create_parent = True
        cfg.db_from_env = False
    store = cfg.open_store()
    imported = []
    for path in sample_files():
        article, status, _ = store.import_article(read_article(path))
        imported.append(article)
    store.close()
    # Open the wire report first: it is short and full of attributions to tag.
    imported.sort(key=lambda a: (not (a.path or "").endswith("wire-report-port-strike.md"), a.path or ""))
    if not no_ui and _ui_available():
        from newsmark.tui.app import has_terminal

        if has_terminal():
            launch_ui(cfg, imported[0].id if imported else None)
            return
        note("No terminal to open the reader in: here is the demo as `demo --no-ui` lists it.")
    echo(f"Demo database: {cfg.db_path}")
    for article in imported:
        echo(f"  {article.id}  {article.title}")
    if imported:
        first = imported[0]
        echo("\nTry next:")
        echo(f"  newsmark --db {cfg.db_path} entities {first.id}")
        echo(f"  newsmark --db {cfg.db_path} tag {first.id} claim --quote \"…a phrase from the article…\"")
        echo(f"  newsmark --db {cfg.db_path} annotations")
        echo(f"  newsmark --db {cfg.db_path} export --format csv")


@app.command("open")
def open_(
    ctx: typer.Context,
    article: str = typer.Argument(..., help="A file or http(s) URL to import and open, or an article id / id prefix / imported path."),
) -> None:
    """Open an article in the reader, importing the file (or fetching the URL) first if needed."""
    cfg = settings(ctx)
    from newsmark.commands.web import WebPage, load
    from newsmark.web import is_url

    path = Path(article).expanduser()
    if (is_url(article) or path.is_file()) and _ui_available():
        from newsmark.tui.app import need_terminal

        need_terminal()  # before the page is fetched or the file stored: a command that fails changes nothing
    store = cfg.open_store()
    if is_url(article):
        # an address already imported opens as it is; `newsmark refresh` fetches it again
        found = store.article_by_url(article.strip())
        if found is None:
            found, status, _ = store.import_article(*load(WebPage(article, None, None), store))
            note(f"{status}: {found.id}  {found.title}")
    elif path.is_file():
        found, status, _ = store.import_article(read_article(path))
        if status != "unchanged":
            note(f"{status}: {found.id}  {found.title}")
    else:
        found = store.resolve_article(article)  # nothing is stored: the reader's start checks the terminal
    store.close()
    launch_ui(cfg, found.id)


def _ui_available() -> bool:
    try:
        from newsmark.tui import app as _  # noqa: F401
    except ModuleNotFoundError:
        return False
    return True


def launch_ui(cfg: Settings, article_id: str | None = None) -> None:
    if not _ui_available():
        raise NewsmarkError("the terminal UI is not available in this build; use the commands (newsmark --help)")
    from newsmark.tui.app import run

    # Open (create, migrate) the database before drawing: a bad --db is one Error: line.
    cfg.open_store().close()
    run(db_path=cfg.db_path, annotator=cfg.annotator, keymap=cfg.keymap, article_id=article_id,
        theme=cfg.config.theme)


__all__ = ["LABELS"]
