"""The catalogue of bindable actions: stable ids, the screen they act on, what they do.

Presets (default.toml, vim.toml) and a user's keys.toml map these ids to keys. The TUI
builds its Textual `Binding(id=…)`s from this table, so `newsmark keys`, the help
screen and the running app can never disagree. No Textual import here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Action:
    id: str  # "reader.tag_claim": screen, dot, name
    action: str  # the Textual action string run on the screen (or app for "app.*")
    description: str  # short, shown in the footer and the help screen
    show: bool = False  # shown in the footer

    @property
    def screen(self) -> str:
        return self.id.split(".", 1)[0]


def _a(id: str, action: str, description: str, show: bool = False) -> Action:
    return Action(id, action, description, show)


CATALOGUE: tuple[Action, ...] = (
    # Everywhere
    _a("app.quit", "quit", "Quit", True),
    _a("app.help", "help", "Keys", True),
    _a("app.search", "search", "Search", True),
    _a("app.palette", "command_palette", "Commands", True),
    # Library of articles
    _a("library.open", "open_article", "Open article", True),
    _a("library.import", "import_file", "Import a file", True),
    _a("library.focus_filter", "focus_filter", "From the list: back to the filter, its text selected"),
    _a("library.review", "review_article", "Review", True),
    # Reader: moving the caret
    _a("reader.cursor_left", "move('left')", "Caret left"),
    _a("reader.cursor_right", "move('right')", "Caret right"),
    _a("reader.cursor_up", "move('up')", "Caret up a line"),
    _a("reader.cursor_down", "move('down')", "Caret down a line"),
    _a("reader.word_next", "move('word_next')", "Next word"),
    _a("reader.word_prev", "move('word_prev')", "Previous word"),
    _a("reader.sentence_next", "move('sentence_next')", "Next sentence"),
    _a("reader.sentence_prev", "move('sentence_prev')", "Previous sentence"),
    _a("reader.paragraph_next", "move('paragraph_next')", "Next paragraph"),
    _a("reader.paragraph_prev", "move('paragraph_prev')", "Previous paragraph"),
    _a("reader.page_down", "move('page_down')", "Page down"),
    _a("reader.page_up", "move('page_up')", "Page up"),
    _a("reader.line_start", "move('line_start')", "Start of line"),
    _a("reader.line_end", "move('line_end')", "End of line"),
    _a("reader.top", "move('top')", "Start of article"),
    _a("reader.bottom", "move('bottom')", "End of article"),
    # Reader: selecting
    _a("reader.select_left", "extend('left')", "Extend selection left"),
    _a("reader.select_right", "extend('right')", "Extend selection right"),
    _a("reader.select_up", "extend('up')", "Extend selection up"),
    _a("reader.select_down", "extend('down')", "Extend selection down"),
    _a("reader.select_word_next", "extend('word_next')", "Extend selection by a word"),
    _a("reader.select_word_prev", "extend('word_prev')", "Shrink/extend selection back a word"),
    _a("reader.visual", "toggle_visual", "Visual mode: moves extend the selection"),
    _a("reader.select_word", "select_unit('word')", "Select the word at the caret"),
    _a("reader.select_sentence", "select_unit('sentence')", "Select the sentence", True),
    _a("reader.select_paragraph", "select_unit('paragraph')", "Select the paragraph"),
    _a("reader.find", "find", "Find text", True),
    _a("reader.find_next", "find_next", "Select next match"),
    _a("reader.find_prev", "find_prev", "Select previous match"),
    # Reader: marking
    _a("reader.tag_claim", "tag('claim')", "Tag claim", True),
    _a("reader.tag_attribution", "tag('attribution')", "Tag attribution", True),
    _a("reader.tag_disputed", "tag('disputed')", "Tag disputed", True),
    _a("reader.note", "edit_note", "Note on annotation", True),
    _a("reader.change_label", "change_label", "Change label"),
    _a("reader.attributed_to", "edit_attributed_to", "Change who said it"),
    _a("reader.delete", "delete_annotation", "Delete annotation"),
    _a("reader.undo", "undo", "Undo", True),
    _a("reader.redo", "redo", "Redo"),
    # Reader: jumping
    _a("reader.next_annotation", "jump('annotation', 1)", "Next annotation"),
    _a("reader.prev_annotation", "jump('annotation', -1)", "Previous annotation"),
    _a("reader.next_entity", "jump('entity', 1)", "Next entity"),
    _a("reader.prev_entity", "jump('entity', -1)", "Previous entity"),
    _a("reader.next_mention", "jump('mention', 1)", "Next mention of this actor"),
    _a("reader.prev_mention", "jump('mention', -1)", "Previous mention of this actor"),
    _a("reader.toggle_annotations", "toggle_panel('annotations')", "Show/hide annotation list"),
    _a("reader.toggle_entities", "toggle_panel('entities')", "Show/hide entity list"),
    _a("reader.alias", "alias_entity", "Link entity to an actor"),
    # Reader: suggestions (who said what, claims to check)
    _a("reader.next_suggestion", "jump_suggestion(1)", "Next suggestion"),
    _a("reader.prev_suggestion", "jump_suggestion(-1)", "Previous suggestion"),
    _a("reader.accept_suggestion", "accept_suggestion", "Accept the suggestion"),
    _a("reader.accept_suggestion_speaker", "accept_suggestion_as", "Accept, choosing another speaker"),
    _a("reader.reject_suggestion", "reject_suggestion", "Reject the suggestion (not offered again)"),
    _a("reader.toggle_suggestions", "toggle_suggestions", "Show/hide suggestions"),
    _a("reader.verdict", "verdict", "Verdict on the claim at the caret"),
    _a("reader.review", "review", "Review where annotators differ"),
    _a("reader.back", "back", "Clear selection / back to library"),
    # Search
    _a("search.open", "open_result", "Open result", True),
    _a("search.toggle_claim", "toggle_label('claim')", "Only claims", True),
    _a("search.toggle_attribution", "toggle_label('attribution')", "Only attributions", True),
    _a("search.toggle_disputed", "toggle_label('disputed')", "Only disputed", True),
    _a("search.close", "close", "Back", True),
    # Review: annotators' disagreements on one article, one at a time
    _a("review.next", "step(1)", "Next disagreement", True),
    _a("review.prev", "step(-1)", "Previous disagreement"),
    _a("review.choose_next", "choose(1)", "Choose the next version"),
    _a("review.choose_prev", "choose(-1)", "Choose the previous version"),
    _a("review.accept", "accept", "Accept the chosen version", True),
    _a("review.merge", "merge", "Merge the spans", True),
    _a("review.reject", "reject", "Reject all versions", True),
    _a("review.edit", "edit", "Edit: your own span and label", True),
    _a("review.accept_agreed", "accept_agreed", "Accept every agreed mark"),
    _a("review.back", "back", "Back", True),
)

ACTIONS: dict[str, Action] = {a.id: a for a in CATALOGUE}
SCREENS: tuple[str, ...] = ("app", "library", "reader", "search", "review")
