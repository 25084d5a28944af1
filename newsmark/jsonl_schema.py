"""The JSONL annotation record (`newsmark export`, `import-annotations`, `sync`) as a table
of field → check, so one line from a stranger's file is judged before anything is stored.

Each check takes the value and returns a reason it is wrong, or None. Optional fields may
be missing or null; keys not in the table are ignored, so a file from a newer newsmark with
extra fields still imports. Checks that need the article's text (offsets within it, the
quote at its offsets) run in newsmark.transfer, which has the text.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from newsmark.model import LABELS, ORIGINS

ANCHORS = ("exact", "moved", "fuzzy", "orphaned")
STATUSES = ("accepted", "rejected")
# A clock a few minutes ahead on the machine that exported is not an attack.
CLOCK_SKEW = timedelta(minutes=10)

Check = Callable[[object], "str | None"]


class RecordError(ValueError):
    """Why a record does not follow the schema (names the field)."""


def _type_name(value) -> str:
    return "null" if value is None else {dict: "object", list: "list", bool: "true/false", int: "number",
                                         float: "number", str: "string"}.get(type(value), type(value).__name__)


def string(value) -> str | None:
    return None if isinstance(value, str) else f"must be a string, got {_type_name(value)}"


# The longest a free-text field may be. A note is a sentence or a page, not a book: a 30 MB
# note in a colleague's file made every search take seconds and gigabytes.
NOTE_MAX = 100_000
NAME_MAX = 1_000  # attributed_to
ANNOTATOR_MAX = 200


def bounded_string(limit: int) -> Check:
    def check(value) -> str | None:
        return string(value) or (f"is {len(value):,} characters long; at most {limit:,} are taken"
                                 if len(value) > limit else None)
    return check


def non_empty_string(value) -> str | None:
    return string(value) or (None if value.strip() else "must not be empty")


def whole_number(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"must be a whole number, got {_type_name(value)}"
    return None if value >= 0 else "must not be negative"


def one_of(choices: tuple[str, ...]) -> Check:
    def check(value) -> str | None:
        if value in choices:
            return None
        shown = repr(value)[:40] if isinstance(value, str) else _type_name(value)
        return f"is {shown}; newsmark knows {', '.join(choices)}"
    return check


def uuid_text(value) -> str | None:
    problem = non_empty_string(value)
    if problem:
        return problem
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        parsed = None
    if parsed is None or str(parsed) != value.lower():
        return f"must be a UUID such as 0f8e2c1a-5b7d-4c3e-9a10-2b6f4d8e1c37, got {value[:40]!r}"
    return None


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?")


def parse_timestamp(value: str) -> datetime | None:
    if not _ISO.fullmatch(value):
        return None
    text = value.replace("Z", "+00:00")
    if "." in text:  # fromisoformat takes at most 6 fraction digits
        head, _, rest = text.partition(".")
        digits = re.match(r"\d+", rest).group()
        text = f"{head}.{digits[:6].ljust(6, '0')}{rest[len(digits):]}"
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def timestamp(value) -> str | None:
    """ISO 8601 date and time (as newsmark writes: 2024-05-01T09:30:00.000Z), not in the future:
    `updated_at` decides conflicts, so "zzzz" or the year 9999 would beat every real edit."""
    problem = non_empty_string(value)
    if problem:
        return problem
    stamp = parse_timestamp(value)
    if stamp is None:
        return f"must be an ISO 8601 time such as 2024-05-01T09:30:00.000Z, got {value[:40]!r}"
    if stamp > datetime.now(timezone.utc) + CLOCK_SKEW:
        return f"is in the future ({value[:40]})"
    return None


def span(value) -> str | None:
    if not (isinstance(value, list) and len(value) == 2):
        return f"must be null or [start, end], got {_type_name(value)}"
    for part in value:
        if whole_number(part):
            return "must be [start, end] with whole numbers"
    return None if value[0] < value[1] else f"[{value[0]}, {value[1]}] must have start < end"


def boolean(value) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, got {_type_name(value)}"


def string_list(value) -> str | None:
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        return None
    return "must be a list of strings"


def sha256_hex(value) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value):
        return None
    return "must be the 64 hex digits of the text's sha256 (jsonl from `newsmark export` carries it)"


_HTTP_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)


def is_http_url(value) -> bool:
    """An http(s) address with no control characters: what `verdict --evidence` takes and
    what an imported verdict may carry."""
    return isinstance(value, str) and bool(_HTTP_URL.match(value)) and not any(
        ord(c) < 32 or ord(c) == 127 for c in value)


def _verdict(value) -> str | None:
    if not isinstance(value, dict):
        return f"must be an object or null, got {_type_name(value)}"
    for key in ("rating", "date"):
        problem = non_empty_string(value.get(key))
        if problem:
            return f"`{key}` {problem}"
    for key in ("reviewer", "note", "url"):
        if value.get(key) is not None and string(value[key]):
            return f"`{key}` {string(value[key])}"
    if "evidence" in value and string_list(value["evidence"]):
        return "`evidence` must be a list of URLs"
    if value.get("note") and bounded_string(NOTE_MAX)(value["note"]):
        return f"`note` {bounded_string(NOTE_MAX)(value['note'])}"
    links = list(value.get("evidence") or []) + ([value["url"]] if value.get("url") else [])
    bad = next((u for u in links if not is_http_url(u) or len(u) > 2_000), None)
    if bad is not None:
        return f"holds {bad[:60]!r}, which is not an http(s) URL"
    if len(value.get("evidence") or []) > 100:
        return "`evidence` holds more than 100 URLs"
    return None


def _article(value) -> str | None:
    if not isinstance(value, dict):
        return f"must be an object with the article's sha256, got {_type_name(value)}"
    problem = sha256_hex(value.get("sha256"))
    if problem:
        return f"`sha256` {problem}"
    for key, check in ARTICLE_FIELDS.items():
        if value.get(key) is not None:
            problem = check(value[key])
            if problem:
                return f"`{key}` {problem}"
    return None


# field -> (required, check). Optional fields may be absent or null.
FIELDS: dict[str, tuple[bool, Check]] = {
    "id": (True, uuid_text),
    "article": (True, _article),
    "label": (True, one_of(LABELS)),
    "start": (True, whole_number),
    "end": (True, whole_number),
    "quote": (True, string),
    "prefix": (False, bounded_string(NAME_MAX)),
    "suffix": (False, bounded_string(NAME_MAX)),
    "note": (False, bounded_string(NOTE_MAX)),
    "attributed_to": (False, bounded_string(NAME_MAX)),
    "annotator": (False, bounded_string(ANNOTATOR_MAX)),
    "created_at": (True, timestamp),
    "updated_at": (False, timestamp),
    "source": (False, span),
    "cue": (False, span),
    "origin": (False, one_of(ORIGINS)),
    "anchor": (False, one_of(ANCHORS)),
    "status": (False, one_of(STATUSES)),
    "verdict": (False, _verdict),
    "deleted": (False, boolean),
    "curated_from": (False, string_list),
}

ARTICLE_FIELDS: dict[str, Check] = {
    "id": string, "title": string, "outlet": string, "url": string, "published": string, "authors": string,
    "language": string, "text": string,
}


def validate(record) -> dict:
    """The record if it follows the schema; else RecordError naming the first wrong field."""
    if not isinstance(record, dict):
        raise RecordError("not a JSON object; each line must be one annotation as `newsmark export` writes it")
    for name, (required, check) in FIELDS.items():
        value = record.get(name)
        if value is None:
            if required:
                raise RecordError(f"`{name}` is missing")
            continue
        problem = check(value)
        if problem:
            raise RecordError(f"`{name}` {problem}")
    if record["start"] >= record["end"]:
        raise RecordError(f"offsets {record['start']}:{record['end']} must have start < end")
    if record.get("updated_at") and parse_timestamp(record["updated_at"]) < parse_timestamp(record["created_at"]):
        raise RecordError("`updated_at` is before `created_at`")
    return record


__all__ = ["ANCHORS", "ARTICLE_FIELDS", "FIELDS", "RecordError", "STATUSES", "parse_timestamp", "validate"]
