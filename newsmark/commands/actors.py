"""`newsmark entity …`: the actor registry — which spellings are one person or body."""

from __future__ import annotations

from collections import Counter

import typer

from newsmark.commands.base import app, settings
from newsmark.commands.output import echo, note, print_json

entity_app = typer.Typer(
    help="The actor registry: say which names are one actor (\"Haftar\", \"Hifter\", \"Field Marshal "
    "Khalifa Haftar\"); newsmark links their mentions in every article.",
    no_args_is_help=True,
)
app.add_typer(entity_app, name="entity")

RECOGNIZER_HELP = "Recogniser whose entities are linked: builtin (default) or spacy[:MODEL]."


def _recognizer(spec: str):
    try:
        from newsmark.entities import get_recognizer
    except ImportError:  # the recogniser package is missing from this install
        note("note: no entity recogniser available; mention counts are empty")
        return None
    return get_recognizer(spec)


@entity_app.command("alias")
def alias(
    ctx: typer.Context,
    actor_name: str = typer.Argument(..., help="The actor, by name or an existing alias; created if new. "
                                     "Give the full name (\"Khalifa Haftar\") so mentions with a given name link too."),
    aliases: list[str] = typer.Argument(None, help="Other spellings of the same actor (\"Hifter\" \"Haftar\")."),
    label: str = typer.Option(None, "--label", help="Entity type of the actor: PERSON, ORG, NORP, PLACE or EVENT."),
    as_json: bool = typer.Option(False, "--json", help="Print the actor as JSON."),
) -> None:
    """Link spellings to one actor (creating the actor if it is new)."""
    from newsmark.store.actors import add_aliases, registry

    store = settings(ctx).open_store()
    before = registry(store)
    result = add_aliases(store, actor_name, aliases or [], label=label)
    if as_json:
        print_json({**result.actor.to_json(), "created": result.created, "added": result.added,
                    "already": result.already})
        return
    a = result.actor
    if result.created:
        echo(f"created actor {a.name!r}")
        lookalike = before.match(a.name, a.label)
        if lookalike is not None:
            note(f"note: it looks like existing actor {lookalike.name!r}; to merge, run "
                 f"`newsmark entity unalias --actor {a.name!r}` and `newsmark entity alias {lookalike.name!r} {a.name!r}`")
    for text in result.added:
        echo(f"linked {text!r} to {a.name!r}")
    for text in result.already:
        echo(f"{text!r} was already an alias of {a.name!r}")
    if not (result.created or result.added or result.already):
        echo(f"{a.name!r} is already an actor; nothing to link (give aliases after the name)")


@entity_app.command("unalias")
def unalias(
    ctx: typer.Context,
    aliases: list[str] = typer.Argument(None, help="Spellings to unlink from their actor."),
    actor_name: str = typer.Option(None, "--actor", help="Remove this whole actor with all its aliases."),
) -> None:
    """Unlink spellings from their actor, or remove an actor (--actor NAME)."""
    from newsmark.errors import NewsmarkError
    from newsmark.store.actors import delete_actor, remove_aliases

    store = settings(ctx).open_store()
    if actor_name is not None:
        if aliases:
            raise NewsmarkError("give either aliases to unlink or --actor NAME to remove an actor, not both")
        gone = delete_actor(store, actor_name)
        echo(f"removed actor {gone.name!r} and its {len(gone.aliases)} alias(es)")
        return
    for text, owner, deleted in remove_aliases(store, aliases or []):
        echo(f"unlinked {text!r} from {owner.name!r}" + (" (no aliases left, actor removed)" if deleted else ""))


@entity_app.command("actors")
def list_actors(
    ctx: typer.Context,
    recognizer: str = typer.Option("builtin", "--recognizer", help=RECOGNIZER_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the actors as JSON."),
) -> None:
    """List actors with their aliases and how often they are mentioned across articles."""
    from newsmark.actors import ActorRegistry, linked_mentions

    store = settings(ctx).open_store()
    registry = ActorRegistry(store.actors())
    mentions: Counter[int] = Counter()
    articles: dict[int, set[str]] = {}
    rec = _recognizer(recognizer) if len(registry) else None
    if rec is not None:
        for ref, _entity, actor in linked_mentions(store, registry, rec):
            mentions[actor.id] += 1
            articles.setdefault(actor.id, set()).add(ref["id"])
    rows = [{**a.to_json(), "mentions": mentions[a.id], "articles": len(articles.get(a.id, ()))}
            for a in registry.actors]
    if as_json:
        print_json(rows)
        return
    if not rows:
        note("no actors yet; `newsmark entity alias \"Khalifa Haftar\" Haftar Hifter` makes one")
        return
    for row in rows:
        label = f" [{row['label']}]" if row["label"] else ""
        others = [x for x in row["aliases"] if x != row["name"]]
        echo(f"{row['name']}{label}  {row['mentions']} mention(s) in {row['articles']} article(s)"
             + (f"  aka {', '.join(others)}" if others else ""))


@entity_app.command("mentions")
def mentions(
    ctx: typer.Context,
    actor_name: str = typer.Argument(..., help="The actor, by name or alias."),
    article: str = typer.Option(None, "--article", help="Only this article (id, id prefix or imported path)."),
    recognizer: str = typer.Option("builtin", "--recognizer", help=RECOGNIZER_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the mentions as JSON."),
) -> None:
    """Every mention linked to an actor: article, offsets, text."""
    from newsmark.actors import ActorRegistry, linked_mentions, resolve_actor

    store = settings(ctx).open_store()
    registry = ActorRegistry(store.actors())
    target = resolve_actor(registry, actor_name)
    ids = [store.resolve_article(article).id] if article else None
    rec = _recognizer(recognizer)
    found = []
    if rec is not None:
        found = [(ref, e) for ref, e, a in linked_mentions(store, registry, rec, ids) if a.id == target.id]
    if as_json:
        print_json([{"article": ref, "start": e.start, "end": e.end, "label": e.label, "text": e.text}
                    for ref, e in found])
        return
    if not found:
        note(f"no mentions of {target.name!r} found")
        return
    for ref, e in found:
        echo(f"{ref['id']}  {e.start:>7}:{e.end:<7} {e.label:<7} {e.text}")
