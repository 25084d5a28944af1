"""Export formats. Each writer streams annotations to an open text file."""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from newsmark.errors import NewsmarkError
from newsmark.model import Annotation

FORMATS = ("jsonl", "csv")

CSV_FIELDS = (
    "id", "article_id", "article_title", "article_outlet", "article_url", "article_sha256", "label", "start", "end",
    "quote", "prefix", "suffix", "note", "attributed_to", "annotator", "created_at", "updated_at",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_jsonl(annotations: Iterable[Annotation], out: IO[str]) -> int:
    n = 0
    for ann in annotations:
        out.write(json.dumps(ann.to_json(), ensure_ascii=False) + "\n")
        n += 1
    return n


def spreadsheet_safe(value):
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP advice)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_row(ann: Annotation) -> list:
    art = ann.article or {}
    row = [ann.id, ann.article_id, art.get("title"), art.get("outlet"), art.get("url"), art.get("sha256"), ann.label,
           ann.start, ann.end, ann.quote, ann.prefix, ann.suffix, ann.note, ann.attributed_to, ann.annotator,
           ann.created_at, ann.updated_at]
    return [spreadsheet_safe(v if v is not None else "") for v in row]


def write_csv(annotations: Iterable[Annotation], out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    n = 0
    for ann in annotations:
        writer.writerow(csv_row(ann))
        n += 1
    return n


@contextmanager
def atomic_output(path: str | os.PathLike | None, force: bool = False) -> Iterator[IO[str]]:
    """stdout, or a file written under a temporary name and renamed into place on success."""
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path).expanduser()
    if target.is_dir():
        raise NewsmarkError(f"{target} is a folder; give a file name for -o")
    if target.exists() and not force:
        raise NewsmarkError(f"{target} already exists; pass --force to replace it, or choose another -o path")
    if not target.parent.exists():
        raise NewsmarkError(f"folder {target.parent} does not exist; create it first")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
