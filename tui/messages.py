"""Messages that workers post back to the UI thread, in one place."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message


class ArticleImported(Message):
    """A file was imported (or found already imported) by the library's import worker."""

    def __init__(self, article_id: str, title: str, status: str, detail: str) -> None:
        super().__init__()
        self.article_id = article_id
        self.title = title
        self.status = status  # new, unchanged, updated
        self.detail = detail


class ImportFailed(Message):
    """The import worker could not import a file; `error` is the one-line NewsmarkError text."""

    def __init__(self, path: Path, error: str) -> None:
        super().__init__()
        self.path = path
        self.error = error
