"""The one exception type the CLI turns into a single `Error: …` line, and the one place
that says what an operating-system failure means for the user."""

from __future__ import annotations

import errno
import os

from newsmark.safe_text import excerpt

# How much of a user's input (a path, a quote) a message repeats: enough to recognise it.
QUOTE_CHARS = 80


class NewsmarkError(Exception):
    """A problem the user can fix; the message says what happened and what to do."""


def clip(value: object, width: int = QUOTE_CHARS) -> str:
    """A user's input for a message: one line, at most `width` characters."""
    return excerpt(str(value), width)


def clip_path(value: object, width: int = QUOTE_CHARS) -> str:
    """A path for a message: its end (the file's name) kept when it is too long."""
    flat = excerpt(str(value), 10**9)
    return flat if len(flat) <= width else "…" + flat[-(width - 1):]


# errno -> (what happened, what to do)
_OS_ERRORS: dict[int, tuple[str, str]] = {
    errno.EACCES: ("permission denied", "check its permissions, or choose another path"),
    errno.EPERM: ("permission denied", "check its permissions, or choose another path"),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "check the path"),
    errno.ENAMETOOLONG: ("the name is too long for the filesystem", "use a shorter file name"),
    errno.ENOSPC: ("the disk is full (no space left on device)", "free some space and try again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space and try again"),
    errno.EROFS: ("the filesystem is read-only", "choose a path on a writable disk"),
    errno.ELOOP: ("the path is a symbolic link loop (a link that points back to itself)", "fix or remove the link"),
    errno.ENOENT: ("it does not exist", "check the path"),
    errno.EISDIR: ("it is a folder, not a file", "give a file path"),
    errno.EEXIST: ("it already exists", "choose another path, or pass --force"),
    errno.EIO: ("an input/output error from the disk", "check the disk, then try again"),
    errno.EMFILE: ("too many open files", "close some programs and try again"),
    errno.ENXIO: ("it is a device without a reader", "give a regular file"),
}


def file_in_the_way(path) -> str | None:
    """When `path`'s folder is missing because a part of the path is a regular file, that
    file (a message should name it, not say the folder "does not exist")."""
    from pathlib import Path

    for ancestor in Path(path).parents:
        try:
            if ancestor.exists():
                return None if ancestor.is_dir() else str(ancestor)
        except OSError:
            return None
    return None


def os_error_message(exc: OSError) -> str:
    """`<what> — <what to do>` for an OSError, naming the file (clipped) it concerns."""
    what, todo = _OS_ERRORS.get(exc.errno or 0, (None, "check the path and try again"))
    if what is None:
        what = (exc.strerror or str(exc) or type(exc).__name__).lower()
    name = exc.filename if exc.filename is not None else None
    where = f"{clip_path(os.fsdecode(name) if isinstance(name, bytes) else name)}: " if name not in (None, "") else ""
    return f"{where}{what} — {todo}"


def input_error_message(exc: BaseException) -> str:
    """RecursionError and MemoryError raised while reading input."""
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read — give a flatter file (as `newsmark export` writes)"
    return "not enough memory to read this input — split it into smaller files"


__all__ = ["NewsmarkError", "QUOTE_CHARS", "clip", "clip_path", "input_error_message", "os_error_message"]
