"""The one exception type the CLI turns into a single `Error: …` line."""


class NewsmarkError(Exception):
    """A problem the user can fix; the message says what happened and what to do."""
