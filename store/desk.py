"""The desk's writes: verdicts on claims, curation status, a curator's own marks.

Each is one transaction and bumps the mark's `updated_at`, so `sync` and
`import-annotations` (newer wins) carry the change to the other databases.
"""

from __future__ import annotations

import json
import uuid

from newsmark.errors import NewsmarkError
from newsmark.jsonl_schema import is_http_url
from newsmark.model import Annotation, context

from .database import _clean, check_label, check_span, now

RATED_LABELS = ("claim", "disputed")
STATUSES = ("accepted", "rejected")


def check_url(url: str, what: str) -> str:
    url = url.strip()
    if not is_http_url(url):
        raise NewsmarkError(f"{what} {url!r} is not an http(s) URL; give the full address, e.g. https://example.org/report")
    return url


def set_verdict(store, annotation_id: str, rating: str, *, reviewer: str,
                evidence: list[str] | tuple[str, ...] | None = None, note: str | None = None,
                url: str | None = None) -> Annotation:
    """Rate a claim or disputed mark. A re-rating replaces the rating, reviewer and date; the
    evidence, note and url it is not given (None) stay those of the earlier verdict, so a
    new rating (the reader's verdict key, `verdict MARK true`) never drops the reasons
    gathered for the last one. Given, they replace them ("" clears the note or the url); what
    is kept passes the same URL check as what is given (an imported verdict's may not)."""
    links = None if evidence is None else [check_url(e, "evidence") for e in evidence]
    keep_url = url is None  # "" clears it
    url = check_url(url, "--url") if url else None
    with store.write() as conn:
        ann = store.annotation(annotation_id)
        if ann.label not in RATED_LABELS:
            raise NewsmarkError(f"mark {ann.id[:8]} is an {ann.label}; verdicts rate claims and disputed marks")
        if ann.deleted:
            raise NewsmarkError(f"mark {ann.id[:8]} is deleted; restore it before rating it")
        earlier = ann.verdict or {}
        if links is None:  # kept from a colleague's import too: only what passes the same check
            links = [e for e in earlier.get("evidence") or [] if is_http_url(e)]
        if note is None:
            note = earlier.get("note") or ""
        if keep_url:
            url = earlier.get("url") if is_http_url(earlier.get("url")) else None
        stamp = now()
        conn.execute(
            "INSERT OR REPLACE INTO verdicts (annotation_id, rating, reviewer, reviewed_at, evidence, note, url)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (ann.id, rating, _clean(reviewer), stamp, json.dumps(links, ensure_ascii=False), _clean(note), url),
        )
        conn.execute("UPDATE annotations SET updated_at = ? WHERE id = ?", (stamp, ann.id))
    return store.annotation(ann.id)


def kept_from_earlier(verdict: dict, *, evidence=None, note=None, url=None) -> list[str]:
    """What a re-rating saved in `verdict` carries over from the one before: the parts it was
    not given (None) that are not empty, in words ("1 evidence link(s)", "the note", "the url")."""
    parts = []
    if evidence is None and verdict.get("evidence"):
        parts.append(f"{len(verdict['evidence'])} evidence link(s)")
    if note is None and verdict.get("note"):
        parts.append("the note")
    if url is None and verdict.get("url"):
        parts.append("the url")
    return parts


def clear_verdict(store, annotation_id: str) -> Annotation:
    with store.write() as conn:
        ann = store.annotation(annotation_id)
        if conn.execute("DELETE FROM verdicts WHERE annotation_id = ?", (ann.id,)).rowcount:
            conn.execute("UPDATE annotations SET updated_at = ? WHERE id = ?", (now(), ann.id))
    return store.annotation(ann.id)


def write_verdict(conn, annotation_id: str, verdict: dict | None) -> None:
    """Put a verdict as it travels in JSON ({"rating", "reviewer", "date", "evidence", "note",
    "url"}) into the table, or remove it (None); for imports, inside their transaction."""
    if verdict is None:
        conn.execute("DELETE FROM verdicts WHERE annotation_id = ?", (annotation_id,))
        return
    conn.execute(
        "INSERT OR REPLACE INTO verdicts (annotation_id, rating, reviewer, reviewed_at, evidence, note, url)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (annotation_id, verdict["rating"], _clean(verdict.get("reviewer") or ""), verdict["date"],
         json.dumps(list(verdict.get("evidence") or []), ensure_ascii=False), _clean(verdict.get("note") or ""),
         verdict.get("url")),
    )


def set_status(store, annotation_ids: list[str], status: str | None) -> None:
    """Curation: mark these accepted, rejected, or (None) not curated any more."""
    if status is not None and status not in STATUSES:
        raise NewsmarkError(f"unknown status {status!r}; use accepted or rejected")
    with store.write() as conn:
        stamp = now()
        for aid in annotation_ids:
            store.annotation(aid)
            conn.execute("UPDATE annotations SET status = ?, updated_at = ? WHERE id = ?", (status, stamp, aid))


def add_curated_mark(store, article_id: str, label: str, start: int, end: int, *, curator: str,
                     sources: list[str], note: str = "", attributed_to: str = "",
                     reject: list[str] | tuple[str, ...] = ()) -> Annotation:
    """A curator's own mark (a merge of others' spans, or an edit), accepted at once; the
    marks in `reject` (usually the versions it replaces) are rejected in the same transaction."""
    check_label(label)
    with store.write() as conn:
        article = store.article(article_id)
        check_span(article, start, end)
        stamp = now()
        prefix, suffix = context(article.text, start, end)
        new_id = str(uuid.uuid4())
        conn.execute(
            'INSERT INTO annotations (id, article_id, label, start, "end", quote, prefix, suffix, note,'
            " attributed_to, annotator, created_at, updated_at, deleted, status, curated_from)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,0,'accepted',?)",
            (new_id, article.id, label, start, end, article.text[start:end], prefix, suffix, _clean(note),
             _clean(attributed_to), _clean(curator), stamp, stamp, json.dumps(sorted(sources))),
        )
        for aid in reject:
            conn.execute("UPDATE annotations SET status = 'rejected', updated_at = ? WHERE id = ?", (stamp, aid))
    return store.annotation(new_id)


def resolve_annotation(store, ref: str) -> Annotation:
    """A mark by its id or a unique prefix of it (as `newsmark annotations` prints 8 characters)."""
    ref = ref.strip()
    if not ref:
        raise NewsmarkError("no mark id given; `newsmark annotations` lists them")
    rows = store.conn.execute(
        "SELECT id FROM annotations WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 2",
        (ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
    ).fetchall()
    if not rows:
        raise NewsmarkError(f"no mark with id {ref!r}; `newsmark annotations` lists them")
    if len(rows) > 1 and rows[0][0] != ref:
        raise NewsmarkError(f"mark id prefix {ref!r} matches several marks; type more of the id")
    return store.annotation(rows[0][0])


def curate(store, *, accept: list[str] | tuple[str, ...] = (), reject: list[str] | tuple[str, ...] = ()) -> None:
    """One review decision in one transaction: these marks accepted, those rejected."""
    with store.write() as conn:
        stamp = now()
        for status, ids in (("accepted", accept), ("rejected", reject)):
            for aid in ids:
                store.annotation(aid)
                conn.execute("UPDATE annotations SET status = ?, updated_at = ? WHERE id = ?", (status, stamp, aid))
