"""Export formats. Each writer streams annotations (in article order) to an open text file or,
for brat, to a folder; nothing is built up in memory beyond one article at a time."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from json.encoder import encode_basestring as _encode_basestring

from newsmark.errors import NewsmarkError, clip_path as clip, file_in_the_way
from newsmark.model import Annotation
from newsmark.safe_text import json_text

FORMATS = ("jsonl", "csv", "brat", "w3c", "claimreview")  # claimreview: newsmark/claimreview.py

# What a person reads first comes first (quote, note, who said it); the context columns,
# for finding the spot again, come last, on one line each.
CSV_FIELDS = (
    "id", "article_id", "article_title", "article_outlet", "article_url", "article_sha256", "label", "start", "end",
    "quote", "note", "attributed_to", "annotator", "created_at", "updated_at",
    "source_start", "source_end", "cue_start", "cue_end", "origin",
    # where a desk works in a spreadsheet: how the mark sits on a corrected text, curation, the rating
    "anchor", "status", "verdict_rating", "verdict_reviewer", "verdict_date", "verdict_evidence", "verdict_note",
    "verdict_url",
    "prefix", "suffix",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LEADING_BLANK = re.compile(r"^[\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]+")


CARRIED = ("published", "authors", "language", "text")  # with --with-text, after the short article record


def write_jsonl(annotations: Iterable[Annotation], out: IO[str],
                texts: Callable[[str], dict] | None = None) -> int:
    """One annotation per line. With `texts` (article id -> {"text", and "published",
    "authors", "language" where known}), the first line of each article carries them in
    `article`, so `newsmark import-annotations` can create the article as it was."""
    n = 0
    sent: set[str] = set()
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for ann in annotations:
        record = ann.to_json()
        if ann.curated_from:
            record["curated_from"] = list(ann.curated_from)
        if texts is not None and ann.article_id not in sent:
            sent.add(ann.article_id)
            carried = texts(ann.article_id)
            record["article"] = {**record["article"], **{k: carried[k] for k in CARRIED if carried.get(k) is not None}}
        out.write(json_text(dumps(record)))
        out.write("\n")
        n += 1
    return n


def jsonl_line_from_row(row, carried: dict | None = None) -> str:
    """The `write_jsonl` line of one `Store.annotation_rows()` row, formatted directly: the same
    bytes as json.dumps(annotation.to_json(), ensure_ascii=False), about three times faster.
    `carried`: the article's text and metadata for its first line (`write_jsonl`'s `texts`)."""
    s = _json_str
    tail = "".join(f', "{k}": {s(carried[k])}' for k in CARRIED if carried.get(k) is not None) if carried else ""
    article = (f'{{"id": {s(row[1])}, "title": {s(row[14])}, "outlet": {s(row[15])}, "url": {s(row[16])},'
               f' "sha256": {s(row[17])}{tail}}}')
    return (f'{{"id": {s(row[0])}, "article": {article}, "label": {s(row[2])}, "start": {row[3]}, "end": {row[4]},'
            f' "quote": {s(row[5])}, "prefix": {s(row[6])}, "suffix": {s(row[7])}, "note": {s(row[8])},'
            f' "attributed_to": {s(row[9])}, "annotator": {s(row[10])}, "created_at": {s(row[11])},'
            f' "updated_at": {s(row[12])}, "source": {_json_pair(row[18], row[19])},'
            f' "cue": {_json_pair(row[20], row[21])}, "origin": {s(row[22])}, "anchor": {s(row[23])}, "status": {s(row[-3])},'
            f' "verdict": {_verdict_json(row[-1])}{_curated_json(row[-2])}}}\n')


def _curated_json(value) -> str:
    """A curator's mark names the marks it was made from (`curated_from`, last); others have none."""
    ids = json.loads(value) if value else []
    return f', "curated_from": {json.dumps(ids, ensure_ascii=False)}' if ids else ""


def _json_pair(start, end) -> str:
    return "null" if start is None else f"[{start}, {end}]"


def _verdict_json(value: str | None) -> str:
    # SQLite's json_object spells it compactly; the line must match json.dumps byte for byte
    return "null" if value is None else json.dumps(json.loads(value), ensure_ascii=False)


def _json_str(value) -> str:
    return "null" if value is None else json_text(_encode_basestring(value))


def write_jsonl_rows(rows: Iterable[tuple], out: IO[str], texts: Callable[[str], dict] | None = None) -> int:
    """`write_jsonl` over raw store rows (no Annotation objects): the path a full export takes."""
    n = 0
    sent: set[str] = set()
    write = out.write
    for row in rows:
        carried = None
        if texts is not None and row[1] not in sent:
            sent.add(row[1])
            carried = texts(row[1])
        write(jsonl_line_from_row(row, carried))
        n += 1
    return n


def spreadsheet_safe(value):
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP advice)."""
    if isinstance(value, str) and (value.startswith(_FORMULA_START)
                                   or _LEADING_BLANK.sub("", value, count=1).startswith(_FORMULA_START[:4])):
        return "'" + value  # "\n=cmd()" too: spreadsheets skip the blank and run the formula
    return value


def _one_line_context(text: str) -> str:
    """Prefix and suffix are 32 characters of context that often straddle a paragraph break:
    in CSV their line breaks become spaces, so a record's context never splits it over
    lines (line-based tools count records by lines). jsonl keeps them exact."""
    return " ".join(text.split("\n"))


def csv_row(ann: Annotation) -> list:
    art = ann.article or {}
    verdict = ann.verdict or {}  # evidence: its URLs in one cell, a space between
    row = [ann.id, ann.article_id, art.get("title"), art.get("outlet"), art.get("url"), art.get("sha256"), ann.label,
           ann.start, ann.end, ann.quote, ann.note, ann.attributed_to, ann.annotator,
           ann.created_at, ann.updated_at, *(ann.source or ("", "")), *(ann.cue or ("", "")), ann.origin,
           ann.anchor, ann.status, verdict.get("rating"), verdict.get("reviewer"), verdict.get("date"),
           " ".join(verdict.get("evidence") or ()), verdict.get("note"), verdict.get("url"),
           _one_line_context(ann.prefix), _one_line_context(ann.suffix)]
    return [spreadsheet_safe(v if v is not None else "") for v in row]


def write_csv(annotations: Iterable[Annotation], out: IO[str], bom: bool = False) -> int:
    """`bom`: start with a UTF-8 byte-order mark, which spreadsheets need to read UTF-8
    (without it Excel shows "Zoë" as "ZoÃ«"); pipes get none."""
    if bom:
        out.write("\ufeff")
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
    _check_parent(target)
    remove_stale_parts(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise _about(exc, target) from None
    _hold(fd)  # while this export runs, nobody takes its .part for a leftover
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an export is an ordinary file
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            raise _about(exc, target) from None
        raise


def _hold(fd: int) -> None:
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (ImportError, OSError):
        pass  # no flock (another OS): stale parts are then left alone, never a live one removed


def remove_stale_parts(target: Path) -> list[str]:
    """Delete `.NAME.*.part` files and folders that an export killed half-way left next to
    `target`. A running export holds a lock on its own part, so only dead ones go."""
    try:
        import fcntl
    except ImportError:
        return []
    removed = []
    prefix = f".{target.name}."
    try:
        entries = [e for e in os.scandir(target.parent) if e.name.startswith(prefix) and e.name.endswith(".part")]
    except OSError:
        return []
    for entry in entries:
        try:
            fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # a live export
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
            removed.append(entry.name)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def _check_parent(target: Path) -> None:
    if target.parent.exists() and not target.parent.is_dir():
        raise NewsmarkError(f"{clip(target.parent)} is a file, not a folder — give -o a path inside a folder")
    if not target.parent.exists():
        blocker = file_in_the_way(target)
        if blocker:
            raise NewsmarkError(f"{clip(blocker)} is a file, not a folder — give -o a path inside a folder")
        raise NewsmarkError(f"folder {clip(target.parent)} does not exist; create it first")


def _about(exc: OSError, target: Path) -> OSError:
    """The error named after the file the user asked for, not the temporary one."""
    return type(exc)(exc.errno, exc.strerror, str(target))


# -- brat standoff ------------------------------------------------------------

BRAT_CONF = """\
# brat configuration written by newsmark: one entity type per label; the source mention
# of an attribution as a `Source` entity linked by `AttributedTo`, its cue ("said") as a
# `Cue` entity linked by `CuedBy` (PARC-style source/cue/content); overlapping spans allowed.
[entities]
claim
attribution
disputed
Source
Cue

[relations]
AttributedTo\tArg1:claim|attribution|disputed, Arg2:Source
CuedBy\tArg1:claim|attribution|disputed, Arg2:Cue
<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>

[events]

[attributes]
"""

BRAT_VISUAL = """\
[labels]
claim | Claim
attribution | Attribution
disputed | Disputed
Source | Source
Cue | Cue
AttributedTo | Attributed to
CuedBy | Cued by

[drawing]
claim\tbgColor:#ffd966
attribution\tbgColor:#9fc5e8
disputed\tbgColor:#ea9999
Source\tbgColor:#d9d2e9
Cue\tbgColor:#d9ead3
"""


def brat_fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span as brat fragments: brat spans cannot cross a newline, so split there."""
    out, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        if stop > pos:
            out.append((pos, stop))
        pos = stop + 1
    return out or [(start, end)]


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _brat_span_line(tid: str, label: str, text: str, start: int, end: int) -> str:
    frags = brat_fragments(text, start, end)
    where = ";".join(f"{a} {b}" for a, b in frags)
    covered = " ".join(text[a:b] for a, b in frags)
    return f"{tid}\t{label} {where}\t{covered}\n"


def nearest(text: str, needle: str, around: int) -> int | None:
    """Start of the occurrence of `needle` closest to offset `around`."""
    best, pos = None, text.find(needle)
    while pos != -1:
        if best is None or abs(pos - around) < abs(best - around):
            best = pos
        pos = text.find(needle, pos + 1)
    return best


def brat_ann(article_text: str, annotations: Iterable[Annotation]) -> str:
    """The .ann file of one article. T lines for spans, AnnotatorNotes for notes and sources;
    the stored source span (or else, when a source's name is in the text, its nearest
    occurrence) as a `Source` span with an `AttributedTo` relation; a stored cue span as a
    `Cue` span with a `CuedBy` relation."""
    lines: list[str] = []
    t = r = n = 0
    for ann in annotations:
        if ann.anchor == "orphaned":
            continue  # its offsets point into an older text, not this .txt
        t += 1
        tid = f"T{t}"
        lines.append(_brat_span_line(tid, ann.label, article_text, ann.start, ann.end))
        notes = []
        if ann.note:
            notes.append(_one_line(ann.note))
        if ann.attributed_to:
            notes.append(f"Source: {_one_line(ann.attributed_to)}")
        source = ann.source
        if source is None and ann.attributed_to:
            found = nearest(article_text, ann.attributed_to, ann.start)
            if found is not None:
                source = (found, found + len(ann.attributed_to))
        for kind, relation, span in (("Source", "AttributedTo", source), ("Cue", "CuedBy", ann.cue)):
            if span is not None:
                t += 1
                lines.append(_brat_span_line(f"T{t}", kind, article_text, *span))
                r += 1
                lines.append(f"R{r}\t{relation} Arg1:{tid} Arg2:T{t}\n")
        if ann.origin != "manual":
            notes.append(f"Origin: {ann.origin}")
        if ann.annotator:
            notes.append(f"Annotator: {_one_line(ann.annotator)}")
        notes.append(f"id: {ann.id}")
        n += 1
        lines.append(f"#{n}\tAnnotatorNotes {tid}\t{' | '.join(notes)}\n")
    return "".join(lines)


_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")


def write_brat(annotations: Iterable[Annotation], folder: Path, texts: Callable[[str], str]) -> tuple[int, int]:
    """Per article ID.txt (the stored text, UTF-8, newlines untouched) and ID.ann; returns
    (annotations, articles)."""
    (folder / "annotation.conf").write_text(BRAT_CONF, encoding="utf-8")
    (folder / "visual.conf").write_text(BRAT_VISUAL, encoding="utf-8")
    n_ann = n_art = 0
    current: str | None = None
    group: list[Annotation] = []

    def flush() -> None:
        nonlocal n_art
        if current is None:
            return
        text = texts(current)
        if not _SAFE_NAME.fullmatch(current):
            # Article ids become file names; one edited by hand must not write outside -o.
            raise NewsmarkError(f"article id {clip(current)!r} cannot be a file name (only letters, digits, - and _)"
                                " — fix the id in the database, or leave the article out with --article")
        with open(folder / f"{current}.txt", "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        with open(folder / f"{current}.ann", "w", encoding="utf-8", newline="") as fh:
            fh.write(brat_ann(text, group))
        n_art += 1

    for ann in annotations:
        if ann.article_id != current:
            flush()
            current, group = ann.article_id, []
        group.append(ann)
        n_ann += 1
    flush()
    return n_ann, n_art


def read_brat_ann(ann_text: str) -> list[dict]:
    """Parse the T lines of a .ann file (for checks and tests): id, label, fragments, text."""
    out = []
    for line in ann_text.splitlines():
        if not line.startswith("T"):
            continue
        tid, middle, covered = line.split("\t", 2)
        label, _, where = middle.partition(" ")
        frags = [tuple(int(x) for x in part.split()) for part in where.split(";")]
        out.append({"id": tid, "label": label, "fragments": frags, "text": covered})
    return out


@contextmanager
def atomic_folder(path: str | os.PathLike, force: bool = False) -> Iterator[Path]:
    """A folder filled under a temporary name and renamed into place on success."""
    target = Path(path).expanduser()
    if target.exists() and not target.is_dir():
        raise NewsmarkError(f"{target} is a file; brat export writes a folder, give a folder path for -o")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise NewsmarkError(f"folder {target} is not empty; pass --force to replace it, or choose another -o folder")
    parent = target.parent
    _check_parent(target)
    remove_stale_parts(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=parent))
    held = os.open(tmp, os.O_RDONLY)
    _hold(held)
    os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700; an export is an ordinary folder
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if target.exists():
            old = parent / f".{target.name}.old-{uuid.uuid4().hex[:8]}"
            os.rename(target, old)
            os.rename(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        os.close(held)


# -- W3C Web Annotation -------------------------------------------------------

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def w3c_source(article: dict) -> str:
    return article.get("url") or f"urn:sha256:{article.get('sha256')}"


# The W3C Web Annotation context defines Person and Organization (as foaf classes).
_AGENT_TYPES = {"PERSON": "Person", "ORG": "Organization", "NORP": "Organization", "PLACE": "Organization"}


def w3c_speaker_body(name: str, actor=None) -> dict:
    """Who said it, as an agent rather than a sentence: a SpecificResource with purpose
    "identifying" whose source is the speaker ({"type": "Person"|"Organization", "name"}),
    with a stable id (urn:newsmark:actor:N) when the name is linked to an actor of the
    registry; its type comes from the actor's label (a country speaking is an organisation)."""
    agent: dict = {}
    if actor is not None:
        agent["id"] = f"urn:newsmark:actor:{actor.id}"
        kind = _AGENT_TYPES.get((actor.label or "").upper())
        if kind:
            agent["type"] = kind
        agent["name"] = actor.name
        if actor.name != name:
            agent["nickname"] = name  # the spelling in this article
    else:
        agent["name"] = name
    return {"type": "SpecificResource", "purpose": "identifying", "source": agent}


def w3c_annotation(ann: Annotation, text: str | None = None, speaker=None) -> dict:
    """One annotation in the W3C Web Annotation Data Model (offsets in code points, end exclusive).

    The source mention and the cue of an attribution are extra bodies: SpecificResources of
    the same document, each with a TextPositionSelector and a TextQuoteSelector, the source
    with purpose "identifying" (who said it), the cue with purpose "describing" (how it was
    reported). The speaker (`attributed_to`) is an agent body, see w3c_speaker_body; `speaker`
    is its actor in the registry, if linked. A mark accepted from a suggestion names
    newsmark's suggester as `generator`."""
    article = ann.article or {}
    body: list[dict] = [{"type": "TextualBody", "purpose": "tagging", "value": ann.label}]
    if ann.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": ann.note, "format": "text/plain"})
    if ann.attributed_to:
        body.append(w3c_speaker_body(ann.attributed_to, speaker))
    for span, purpose in ((ann.source, "identifying"), (ann.cue, "describing")):
        if span is not None:
            body.append(w3c_span_body(ann, span, purpose, text))
    record: dict = {
        "id": f"urn:uuid:{ann.id}",
        "type": "Annotation",
        "motivation": "tagging",
        "created": ann.created_at,
        "modified": ann.updated_at,
        "body": body,
        "target": {
            "source": w3c_source(article),
            "selector": [
                {"type": "TextQuoteSelector", "exact": ann.quote, "prefix": ann.prefix, "suffix": ann.suffix},
                # an orphaned mark's offsets are into an older text: only its quote still selects
                *([] if ann.anchor == "orphaned" else [{"type": "TextPositionSelector", "start": ann.start, "end": ann.end}]),
            ],
        },
    }
    if ann.annotator:
        record["creator"] = {"type": "Person", "name": ann.annotator}
    if ann.origin == "suggested":
        record["generator"] = {"type": "Software", "name": "newsmark suggest"}
    return record


def w3c_span_body(ann: Annotation, span: tuple[int, int], purpose: str, text: str | None = None) -> dict:
    """A span of the annotated document as a body (source mention, cue). Without the article
    text at hand its quote comes from the mark's own quote and context where it lies there."""
    start, end = span
    selectors: list[dict] = [{"type": "TextPositionSelector", "start": start, "end": end}]
    exact = _quote_near(ann, start, end) if text is None else text[start:end]
    if exact is not None:
        selectors.insert(0, {"type": "TextQuoteSelector", "exact": exact})
    return {"type": "SpecificResource", "purpose": purpose, "source": w3c_source(ann.article or {}),
            "selector": selectors}


def _quote_near(ann: Annotation, start: int, end: int) -> str | None:
    """The text at start:end if it lies within the mark's prefix + quote + suffix window."""
    window = ann.prefix + ann.quote + ann.suffix
    origin = ann.start - len(ann.prefix)
    if origin <= start and end <= origin + len(window):
        return window[start - origin:end - origin]
    return None


def write_w3c(annotations: Iterable[Annotation], out: IO[str], texts: Callable[[str], str] | None = None,
              speakers: Callable[[str], object] | None = None) -> int:
    """An AnnotationCollection with one page, written item by item (streamed). `texts`
    (article id -> text) gives the quotes of source and cue spans; `speakers` (name ->
    registry actor or None) links speakers to actors."""
    out.write('{\n  "@context": "%s",\n  "type": "AnnotationCollection",\n  "label": "newsmark export",\n'
              '  "first": {\n    "type": "AnnotationPage",\n    "items": [' % W3C_CONTEXT)
    n = 0
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for ann in annotations:
        out.write(",\n      " if n else "\n      ")
        text = texts(ann.article_id) if texts is not None and (ann.source or ann.cue) else None
        speaker = speakers(ann.attributed_to) if speakers is not None and ann.attributed_to else None
        out.write(json_text(dumps(w3c_annotation(ann, text, speaker))))
        n += 1
    out.write("\n    ]\n  },\n  \"total\": %d\n}\n" % n)
    return n


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
