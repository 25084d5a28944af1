"""The reader's entity panel and alias dialog, in a real Textual app driven by Pilot."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, OptionList

from conftest import run_async
from newsmark.actors import Actor, ActorRegistry
from newsmark.ingest import ImportedText
from newsmark.model import Entity
from newsmark.store import Store
from newsmark.tui.entity_panel import AliasDialog, EntityPanel

TEXT = "Khalifa Haftar spoke. Hifter left. Cairo [b]waited[/b]. Haftar returned. Saddam Haftar [stayed]."
HAFTAR = Actor(1, "Khalifa Haftar", "PERSON", ("Khalifa Haftar", "Haftar", "Hifter"))


def _entities() -> list[Entity]:
    out = []
    for name, label in (("Khalifa Haftar", "PERSON"), ("Hifter", "PERSON"), ("Cairo", "PLACE"),
                        ("Haftar returned", None), ("Saddam Haftar", "PERSON")):
        start = TEXT.index(name)
        if label is None:  # the bare "Haftar" before "returned"
            name, label = "Haftar", "PERSON"
        out.append(Entity(start, start + len(name), label, name))
    return out


class PanelApp(App):
    def __init__(self, entities, registry):
        super().__init__()
        self.entities, self.registry, self.jumps = entities, registry, []

    def compose(self) -> ComposeResult:
        yield EntityPanel(self.entities, self.registry, id="panel")

    def on_entity_panel_jump(self, event: EntityPanel.Jump) -> None:
        self.jumps.append((event.start, event.end))


@run_async
async def test_selecting_an_actor_jumps_to_its_mentions_in_turn():
    entities = _entities()
    app = PanelApp(entities, ActorRegistry([HAFTAR]))
    async with app.run_test() as pilot:
        panel = app.query_one(EntityPanel)
        olist = panel.query_one(OptionList)
        prompts = [str(olist.get_option_at_index(i).prompt) for i in range(olist.option_count)]
        assert prompts[0] == "● Khalifa Haftar ×3 PER"  # the registry actor first, with its count
        assert "  Saddam Haftar ×1 PER" in prompts and "  Cairo ×1 LOC" in prompts
        olist.focus()
        olist.highlighted = 0
        await pilot.press("enter")
        await pilot.press("enter")
        await pilot.press("enter")
        await pilot.press("enter")
        await pilot.pause()
        haftar_mentions = [(e.start, e.end) for e in entities if e.text in ("Khalifa Haftar", "Hifter", "Haftar")]
        assert app.jumps == haftar_mentions + haftar_mentions[:1]  # wraps around
        # without the registry, bare "Haftar"/"Hifter" could be Khalifa or Saddam: each stays its own name
        # (article text with brackets is shown literally, never read as markup)
        bracketed = Entity(TEXT.index("[b]waited"), TEXT.index("[b]waited") + 13, "ORG", "[b]waited[/b]")
        panel.set_entities(entities + [bracketed], ActorRegistry())
        await pilot.pause()
        prompts = [str(olist.get_option_at_index(i).prompt) for i in range(olist.option_count)]
        assert prompts == ["  Haftar ×1 PER", "  Hifter ×1 PER", "  Khalifa Haftar ×1 PER",
                           "  Saddam Haftar ×1 PER", "  [b]waited[/b] ×1 ORG", "  Cairo ×1 LOC"]


@run_async
async def test_alias_dialog_links_the_entity_to_an_existing_actor(tmp_path):
    store = Store.open(tmp_path / "news.db")
    from newsmark.store.actors import add_aliases, find_actor

    add_aliases(store, "Khalifa Haftar", ["Haftar"])
    entity = Entity(0, 8, "PERSON", "Hifter's")
    results = []

    class DialogApp(App):
        def on_mount(self) -> None:
            self.push_screen(AliasDialog(store, entity), results.append)

    app = DialogApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        field = app.screen.query_one("#alias-input", Input)
        assert field.value == "Khalifa Haftar"  # "Hifter's" already links fuzzily: confirm it
        field.value = ""
        await pilot.press(*"khalifa")
        await pilot.press("down", "enter")
        await pilot.pause()
    assert [a.name for a in results] == ["Khalifa Haftar"]
    actor = find_actor(store, "Hifter")
    assert actor is not None and actor.aliases == ("Khalifa Haftar", "Haftar", "Hifter")
    store.close()


@run_async
async def test_alias_dialog_shows_the_problem_and_escape_changes_nothing(tmp_path):
    store = Store.open(tmp_path / "news.db")
    from newsmark.store.actors import add_aliases, actors

    add_aliases(store, "Saddam Haftar", ["Haftar"])
    entity = Entity(0, 6, "PERSON", "Haftar")
    results = []

    class DialogApp(App):
        def on_mount(self) -> None:
            self.push_screen(AliasDialog(store, entity), results.append)

    app = DialogApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.screen.query_one("#alias-input", Input).value = "Khalifa Haftar"
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one("#alias-error").render())
        assert "already an alias of actor 'Saddam Haftar'" in error
        await pilot.press("escape")
        await pilot.pause()
    assert results == [None]
    assert [a.name for a in actors(store)] == ["Saddam Haftar"]
    store.close()
