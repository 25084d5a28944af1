"""The reader's entity list (grouped by actor), its "link to actor" dialog, and mention jumps.

How the reader wires it (tui/reader.py owns the bindings; these need no new ones):

    from newsmark.tui.entity_panel import AliasDialog, EntityPanel, mentions_of, step_mention
    from newsmark.actors import registry_of          # registry = registry_of(store)

* `toggle_panel('entities')`: mount one `EntityPanel(id="entity-panel")` in the reader's
  side area (compose it hidden, toggle `.display`), then whenever entities or the
  registry change call `panel.set_entities(entities, registry)` (entities: list[Entity]
  of the article; registry: newsmark.actors.ActorRegistry). Cheap enough to call on every
  change; the highlighted row is kept when its group still exists.
  Enter / click on a row posts `EntityPanel.Jump(start, end)`: handle it in the reader,

      def on_entity_panel_jump(self, event: EntityPanel.Jump) -> None:
          self.select_span(event.start, event.end)      # whatever moves caret+selection

  Pressing Enter again on the same row jumps to that actor's next mention (wraps).
  `panel.focus_group_of(entity)` highlights the row of the entity under the caret.
* `alias_entity`: with the entity under the caret (an Entity, or None → tell the user to
  put the caret on a name), push the dialog; it writes the alias itself (one transaction)
  and dismisses with the Actor, or None when cancelled (Escape):

      def action_alias_entity(self) -> None:
          entity = self.entity_at_caret()
          if entity is None:
              self.notify("Put the caret on a name first"); return
          def done(actor):
              if actor is not None:
                  self.registry = registry_of(self.store)
                  self.panel.set_entities(self.entities, self.registry)  # and re-highlight
          self.app.push_screen(AliasDialog(self.store, entity, self.registry), done)

* `jump('mention', ±1)`: `mentions = mentions_of(self.entities, entity_under_caret,
  self.registry, groups=self.panel.groups)` then `target = step_mention(mentions,
  caret_offset, delta)` (None when no entity is under the caret: say "Put the caret on a
  name first"); select target.start/end. Passing the panel's `groups` reuses its grouping
  instead of recomputing it per key press.

Cost: grouping 20k mentions of 1,500 distinct names against 1,000 actors takes ~0.4 s the
first time and ~0.1 s after (names are memoised); call set_entities when entities or the
registry change, not on every caret move, or from a worker for 1 MB articles.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from newsmark.actors import (
    Actor,
    ActorRegistry,
    EntityGroup,
    group_entities,
    mentions_of,
    normalise_name,
    step_mention,
)
from newsmark.errors import NewsmarkError
from newsmark.model import Entity

SHORT_LABEL = {"PERSON": "PER", "ORG": "ORG", "PLACE": "LOC", "NORP": "GRP", "EVENT": "EVT", "DATE": "DAT",
               "QUANTITY": "QTY"}


class EntityPanel(Vertical):
    """The article's entities grouped by actor, registry actors first, with counts."""

    COMPONENT_CLASSES = {
        "entity-panel--person",
        "entity-panel--org",
        "entity-panel--place",
        "entity-panel--norp",
        "entity-panel--event",
        "entity-panel--date",
        "entity-panel--quantity",
        "entity-panel--actor",
        "entity-panel--count",
    }

    DEFAULT_CSS = """
    EntityPanel { width: 36; height: 1fr; border-left: vkey $foreground 20%; }
    EntityPanel > #entity-panel-title { padding: 0 1; text-style: bold; }
    EntityPanel > OptionList { height: 1fr; border: none; padding: 0; }
    EntityPanel > .entity-panel--person { color: $text-accent; }
    EntityPanel > .entity-panel--org { color: $text-success; }
    EntityPanel > .entity-panel--place { color: $text-warning; }
    EntityPanel > .entity-panel--norp { color: $text-secondary; }
    EntityPanel > .entity-panel--event { color: $text-primary; }
    EntityPanel > .entity-panel--date { color: $text-muted; }
    EntityPanel > .entity-panel--quantity { color: $text-muted; }
    EntityPanel > .entity-panel--actor { text-style: bold; }
    EntityPanel > .entity-panel--count { color: $text-muted; }
    """

    class Jump(Message):
        """Move the reader's caret and selection to text[start:end]."""

        def __init__(self, start: int, end: int, group: EntityGroup | None = None) -> None:
            super().__init__()
            self.start = start
            self.end = end
            self.group = group

    def __init__(self, entities: list[Entity] | None = None, registry: ActorRegistry | None = None, *,
                 name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._entities: list[Entity] = list(entities or [])
        self._registry = registry or ActorRegistry()
        self.groups: list[EntityGroup] = []
        self._next: dict[str, int] = {}  # group key -> index of the mention Enter jumps to next

    def compose(self) -> ComposeResult:
        yield Static("Entities", id="entity-panel-title", markup=False)
        yield OptionList(id="entity-panel-list")

    def on_mount(self) -> None:
        self.set_entities(self._entities, self._registry)

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#entity-panel-list", OptionList)

    def set_entities(self, entities: list[Entity], registry: ActorRegistry | None = None) -> None:
        """Show these entities (grouped with this registry); keeps the highlighted group."""
        self._entities = list(entities)
        if registry is not None:
            self._registry = registry
        self.groups = group_entities(self._entities, self._registry)
        try:
            olist = self.option_list
        except NoMatches:  # not composed yet: on_mount shows them
            return
        current = olist.highlighted_option.id if olist.highlighted_option is not None else None
        olist.set_options(Option(self._prompt(g), id=g.key) for g in self.groups)
        keys = [g.key for g in self.groups]
        self._next = {k: v for k, v in self._next.items() if k in keys}
        n_actors = sum(1 for g in self.groups if g.actor is not None)
        title = f"Entities  {n_actors} actor(s), {len(self.groups)} name(s)"
        self.query_one("#entity-panel-title", Static).update(title)
        if current in keys:
            olist.highlighted = keys.index(current)
        elif self.groups:
            olist.highlighted = 0

    def _prompt(self, group: EntityGroup) -> Text:
        component = f"entity-panel--{group.label.lower()}"
        style = self.get_component_rich_style(component) if component in self.COMPONENT_CLASSES else Style()
        if group.actor is not None:
            style += self.get_component_rich_style("entity-panel--actor")
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("● " if group.actor is not None else "  ")
        text.append(group.name, style=style)  # untrusted article text: a Text, never markup
        text.append(f" ×{group.count}", style=self.get_component_rich_style("entity-panel--count"))
        text.append(f" {SHORT_LABEL.get(group.label, group.label[:3])}",
                    style=self.get_component_rich_style("entity-panel--count"))
        return text

    def group_of(self, entity: Entity | None) -> EntityGroup | None:
        if entity is None:
            return None
        for group in self.groups:
            if any(m.start == entity.start and m.end == entity.end for m in group.mentions):
                return group
        return None

    def focus_group_of(self, entity: Entity | None) -> None:
        """Highlight the row of the group this entity belongs to (no message posted)."""
        group = self.group_of(entity)
        if group is not None and self.children:
            self.option_list.highlighted = self.groups.index(group)

    @on(OptionList.OptionSelected, "#entity-panel-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        group = self.groups[event.option_index]
        index = self._next.get(group.key, 0) % len(group.mentions)
        self._next[group.key] = index + 1
        mention = group.mentions[index]
        self.post_message(self.Jump(mention.start, mention.end, group))


class AliasDialog(ModalScreen[Actor | None]):
    """Link the entity under the caret to an actor: type a name (new or existing), Enter.

    Suggestions are existing actors that look like what is typed (rapidfuzz); Down or Tab
    moves into them, Enter picks one. Escape cancels. Writes the alias and dismisses with
    the Actor; a problem (alias owned by another actor, read-only file) is shown in the dialog.
    """

    # Escape closes any dialog, as in Textual's own command palette; not a remappable reader key.
    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]

    DEFAULT_CSS = """
    AliasDialog { align: center middle; }
    AliasDialog > Vertical { width: 64; max-width: 100%; height: auto; max-height: 80%;
                             border: round $accent; background: $surface; padding: 0 1; }
    AliasDialog #alias-suggestions { height: auto; max-height: 10; border: none; }
    AliasDialog #alias-error { color: $text-error; height: auto; }
    AliasDialog #alias-hint { color: $text-muted; }
    """

    def __init__(self, store, entity: Entity, registry: ActorRegistry | None = None) -> None:
        super().__init__()
        self.store = store
        self.entity = entity
        self.registry = registry if registry is not None else ActorRegistry(store.actors())
        self._suggested: list[Actor] = []

    def compose(self) -> ComposeResult:
        linked = self.registry.match(self.entity.text, self.entity.label)
        start = linked.name if linked is not None else _display_name(self.entity.text)
        with Vertical():
            yield Label(Content.from_markup("Link [b]$text[/b] to the actor:", text=self.entity.text))
            yield Input(value=start, placeholder="Actor name, e.g. Khalifa Haftar", id="alias-input")
            yield OptionList(id="alias-suggestions")
            yield Static("", id="alias-error", markup=False)
            yield Static("Enter links · ↓ suggestions · Esc cancels", id="alias-hint", markup=False)

    def on_mount(self) -> None:
        self._suggest(self.query_one("#alias-input", Input).value or self.entity.text)
        self.query_one("#alias-input", Input).focus()

    def _suggest(self, text: str) -> None:
        found = self.registry.suggest(text, limit=6) if text.strip() else []
        matched = self.registry.match(self.entity.text, self.entity.label)
        if matched is not None and matched not in found:
            found.insert(0, matched)
        self._suggested = found
        olist = self.query_one("#alias-suggestions", OptionList)
        olist.set_options(
            Option(Text(f"{a.name}" + (f"  ({', '.join(x for x in a.aliases if x != a.name)})"
                                        if len(a.aliases) > 1 else ""), no_wrap=True, overflow="ellipsis"))
            for a in found
        )
        olist.display = bool(found)

    @on(Input.Changed, "#alias-input")
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#alias-error", Static).update("")
        self._suggest(event.value)

    def on_key(self, event) -> None:
        if event.key == "down" and self.focused is self.query_one("#alias-input", Input) and self._suggested:
            event.stop()
            olist = self.query_one("#alias-suggestions", OptionList)
            olist.focus()
            olist.highlighted = 0

    @on(Input.Submitted, "#alias-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._link(event.value)

    @on(OptionList.OptionSelected, "#alias-suggestions")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._link(self._suggested[event.option_index].name)

    def _link(self, actor_name: str) -> None:
        from newsmark.store.actors import add_aliases

        existing = self.registry.find(actor_name)
        # the entity's type names a new actor; an existing actor's type is the user's to change (CLI --label)
        label = _actor_label(self.entity) if existing is None or existing.label is None else None
        try:
            result = add_aliases(self.store, actor_name, [_display_name(self.entity.text)], label=label)
        except NewsmarkError as exc:
            self.query_one("#alias-error", Static).update(f"{exc}")
            self.query_one("#alias-input", Input).focus()
            return
        self.dismiss(result.actor)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _display_name(text: str) -> str:
    """The entity's text without a trailing possessive: "Haftar's" → "Haftar"."""
    stripped = " ".join(text.split())
    for tail in ("'s", "’s", "'", "’"):
        if stripped.endswith(tail) and normalise_name(stripped[: -len(tail)]):
            return stripped[: -len(tail)]
    return stripped


def _actor_label(entity: Entity) -> str | None:
    from newsmark.actors import ACTOR_LABELS

    return entity.label if entity.label in ACTOR_LABELS else None


__all__ = ["AliasDialog", "EntityPanel", "mentions_of", "step_mention"]
