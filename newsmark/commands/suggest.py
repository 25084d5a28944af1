"""`newsmark suggest`: who said what, and which claims to check, found in an article."""

from __future__ import annotations

import math
from pathlib import Path

import typer

from newsmark.commands.base import app, settings
from newsmark.commands.output import echo, note, print_json
from newsmark.errors import NewsmarkError
from newsmark.quotes import excerpt


@app.command()
def suggest(
    ctx: typer.Context,
    article: str = typer.Argument(..., help="A file (read, not imported) or an article id / id prefix / imported path."),
    as_json: bool = typer.Option(False, "--json", help="Print the suggestions as JSON."),
    accept: bool = typer.Option(False, "--accept", help="Store every suggestion at or above --min-score as a mark "
                                "(origin 'suggested'); the article must be in the database."),
    min_score: float = typer.Option(None, "--min-score", help="The lowest score listed, or with --accept stored "
                                    "(0 to 1; default: every suggestion listed, 0.5 with --accept)."),
) -> None:
    """Suggested attributions (source, cue, content, speaker) and claims worth checking.

    For a stored article, suggestions that were rejected or that a mark already covers are left out."""
    from newsmark.suggest import suggest as find

    if min_score is not None and (not (0.0 <= min_score <= 1.0) or math.isnan(min_score)):
        raise NewsmarkError(f"--min-score {min_score} is outside 0..1; scores run from 0 to 1, e.g. --min-score 0.7")
    s = settings(ctx)
    path = Path(article).expanduser()
    if accept:
        from newsmark.suggest.open import accept_all

        min_score = 0.5 if min_score is None else min_score
        store = s.open_store()
        store.require_writable()
        try:
            found_article = store.resolve_article(article)
        except NewsmarkError:
            if path.is_file():
                raise NewsmarkError(f"{article} is not imported; `newsmark import {article}` first, then "
                                    f"`newsmark suggest {article} --accept`") from None
            raise
        rows = accept_all(store, found_article, min_score, s.annotator)
        n_attr = sum(1 for r in rows if r["label"] == "attribution")
        summary = {"article": found_article.id, "stored": len(rows), "attributions": n_attr,
                   "claims": len(rows) - n_attr, "min_score": min_score}
        if as_json:
            print_json(summary)
        else:
            echo(f"Stored {len(rows)} suggestion(s) at or above {min_score:g} in article {found_article.id}: "
                       f"{n_attr} attribution(s), {len(rows) - n_attr} claim(s).")
        return
    if path.is_file():
        from newsmark.ingest import read_article

        text = read_article(path).text
        found = find(text)
    else:
        from newsmark.suggest.open import open_suggestions

        store = s.open_store()
        stored = store.resolve_article(article)
        text = stored.text
        found = open_suggestions(store, stored)
    if min_score is not None:
        found = type(found)(tuple(a for a in found.attributions if a.score >= min_score),
                            tuple(c for c in found.claims if c.score >= min_score))
    if as_json:
        print_json(found.to_json())
        return
    if not found.attributions and not found.claims:
        note("No suggestions in this article.")
        return
    if found.attributions:
        echo(f"Attributions ({len(found.attributions)}):")
    for a in found.attributions:
        cue = text[a.cue[0]:a.cue[1]] if a.cue else "—"
        speaker = excerpt(a.source_text, 32) if a.source_text else "(unknown)"
        echo(f"  {a.score:.2f}  {a.content[0]:>6}:{a.content[1]:<6} {speaker} [{excerpt(cue, 20)}]: "
                   f"{excerpt(text[a.content[0]:a.content[1]], 70)}")
    if found.claims:
        echo(f"Claims ({len(found.claims)}):")
    for c in found.claims:
        echo(f"  {c.score:.2f}  {c.start:>6}:{c.end:<6} {c.label:<8} ({', '.join(c.why)}): "
                   f"{excerpt(text[c.start:c.end], 70)}")
