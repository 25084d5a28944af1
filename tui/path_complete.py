"""Path completion for the import dialog, as a shell completes: Tab fills in what every
match shares, the matches are listed when there are several, a folder gets its "/".
Only folders and files newsmark can import are offered; hidden ones only when the typed
name starts with a dot. No Textual here, so it is tested on its own."""

from __future__ import annotations

import os
from pathlib import Path

from newsmark.ingest import SUFFIXES

MAX_LISTED = 200  # a folder of thousands is not read into a dialog line


def candidates(value: str) -> tuple[str, list[str]]:
    """(the typed folder part, sorted names in it that complete the typed last part).
    Folder names end with "/"."""
    head, sep, tail = value.rpartition("/")
    folder = (head + sep) if sep else ""
    where = Path(os.path.expanduser(folder or ".")) if folder != "/" else Path("/")
    names: list[str] = []
    try:
        with os.scandir(where) as entries:
            for entry in entries:
                name = entry.name
                if not name.startswith(tail) or (name.startswith(".") and not tail.startswith(".")):
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    continue
                if is_dir:
                    names.append(name + "/")
                elif os.path.splitext(name)[1].lower() in SUFFIXES:
                    names.append(name)
                if len(names) >= MAX_LISTED:
                    break
    except OSError:
        return folder, []
    return folder, sorted(names, key=lambda n: (n.lower(), n))


def complete(value: str) -> tuple[str, list[str]]:
    """What Tab makes of `value`, and the matches to list (empty when there is one or none)."""
    folder, names = candidates(value)
    if not names:
        return value, []
    common = os.path.commonprefix(names)
    completed = folder + common
    if len(completed) < len(value):
        completed = value
    return completed, ([] if len(names) == 1 else names)
