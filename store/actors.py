"""Reads and writes of the actor registry (tables `actors`, `actor_aliases`).

Functions take an open Store; each write is one transaction. The matching rules live in
newsmark.actors; this module only keeps the registry consistent: every actor has at
least one alias, its name is one of them, and a spelling (normalised) belongs to one actor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsmark.actors import ACTOR_LABELS, Actor, ActorRegistry, normalise_name, resolve_actor
from newsmark.errors import NewsmarkError
from newsmark.safe_text import clean

from .database import Store, now


@dataclass
class AliasResult:
    actor: Actor
    created: bool = False
    added: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)


def actors(store: Store) -> list[Actor]:
    """Every actor with its aliases (oldest first), by name (the query is Store.actors)."""
    return store.actors()


def registry(store: Store) -> ActorRegistry:
    return ActorRegistry(actors(store))


def actor(store: Store, actor_id: int) -> Actor:
    for a in actors(store):
        if a.id == actor_id:
            return a
    raise NewsmarkError(f"no actor with id {actor_id}; `newsmark entity actors` lists them")


def find_actor(store: Store, name: str) -> Actor | None:
    """The actor whose name or one alias normalises like `name`."""
    key = normalise_name(name)
    if not key:
        return None
    row = store.conn.execute("SELECT actor_id FROM actor_aliases WHERE normalised = ?", (key,)).fetchone()
    return actor(store, row[0]) if row else None


def _check_alias(text: str) -> str:
    cleaned = " ".join(clean(text).split())  # the incoming gate: no control characters in names
    if not cleaned:
        raise NewsmarkError("an alias is empty; give a name such as \"Khalifa Haftar\"")
    if not normalise_name(cleaned):
        raise NewsmarkError(f"alias {cleaned!r} is only a title or punctuation; give the name itself, e.g. \"Haftar\"")
    return cleaned


def add_aliases(store: Store, actor_name: str, aliases: list[str] = (), label: str | None = None) -> AliasResult:
    """Link `aliases` to the actor named `actor_name` (by name or alias), creating it if new.

    All or nothing: an alias that already belongs to another actor is an error and nothing is stored."""
    name = _check_alias(actor_name)
    cleaned = [_check_alias(a) for a in aliases]
    if label is not None:
        label = label.upper()
        if label not in ACTOR_LABELS:
            raise NewsmarkError(f"unknown label {label!r} for an actor; use one of: {', '.join(ACTOR_LABELS)}")
    result_created = False
    added: list[str] = []
    already: list[str] = []
    with store.write() as conn:
        target = find_actor(store, name)
        seen: set[str] = set()
        plan: list[tuple[str, str]] = []
        for alias in ([] if target else [name]) + cleaned:
            key = normalise_name(alias)
            if key in seen:
                continue
            seen.add(key)
            row = conn.execute(
                "SELECT a.id, a.name FROM actor_aliases x JOIN actors a ON a.id = x.actor_id WHERE x.normalised = ?",
                (key,),
            ).fetchone()
            if row is None:
                plan.append((alias, key))
            elif target is not None and row[0] == target.id:
                already.append(alias)
            else:
                raise NewsmarkError(
                    f"{alias!r} is already an alias of actor {row[1]!r}; "
                    f"`newsmark entity unalias {alias!r}` first if it should move"
                )
        stamp = now()
        if target is None:
            cur = conn.execute("INSERT INTO actors (name, label, created_at) VALUES (?, ?, ?)", (name, label, stamp))
            actor_id = cur.lastrowid
            result_created = True
        else:
            actor_id = target.id
            if label is not None and label != target.label:
                conn.execute("UPDATE actors SET label = ? WHERE id = ?", (label, actor_id))
        for alias, key in plan:
            conn.execute(
                "INSERT INTO actor_aliases (actor_id, alias, normalised, created_at) VALUES (?, ?, ?, ?)",
                (actor_id, alias, key, stamp),
            )
            if not (result_created and alias == name):
                added.append(alias)
    return AliasResult(actor(store, actor_id), result_created, added, already)


def remove_aliases(store: Store, aliases: list[str]) -> list[tuple[str, Actor, bool]]:
    """Unlink spellings from their actors: [(alias, actor before, actor deleted)].

    An actor whose name is removed takes its oldest remaining alias as name; one left with
    no alias is deleted. All or nothing: an unknown alias is an error and nothing changes."""
    if not aliases:
        raise NewsmarkError("no alias given; `newsmark entity actors` lists actors and their aliases")
    out: list[tuple[str, Actor, bool]] = []
    with store.write() as conn:
        for raw in aliases:
            alias = _check_alias(raw)
            key = normalise_name(alias)
            owner = find_actor(store, alias)
            if owner is None:
                raise NewsmarkError(f"no actor has the alias {alias!r}; `newsmark entity actors` lists them")
            conn.execute("DELETE FROM actor_aliases WHERE normalised = ?", (key,))
            left = conn.execute(
                "SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY created_at, rowid", (owner.id,)
            ).fetchall()
            if not left:
                conn.execute("DELETE FROM actors WHERE id = ?", (owner.id,))
            elif normalise_name(owner.name) == key:
                conn.execute("UPDATE actors SET name = ? WHERE id = ?", (left[0][0], owner.id))
            out.append((alias, owner, not left))
    return out


def delete_actor(store: Store, name: str) -> Actor:
    """Remove an actor and all its aliases (mentions are computed, so nothing else changes)."""
    with store.write() as conn:
        target = resolve_actor(registry(store), name)
        conn.execute("DELETE FROM actor_aliases WHERE actor_id = ?", (target.id,))
        conn.execute("DELETE FROM actors WHERE id = ?", (target.id,))
    return target


__all__ = ["AliasResult", "actors", "registry", "actor", "find_actor", "add_aliases", "remove_aliases", "delete_actor"]
