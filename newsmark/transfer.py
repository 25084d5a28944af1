"""Taking a JSONL export back in (`newsmark import-annotations`), so two annotators can merge.

Articles are matched by the sha256 of their text and created from `article.text` when an
export carried it (`export --with-text`); annotations are matched by id. Running the same
file twice changes nothing. The same id with different content keeps the side with the
newer `updated_at` and is reported as a conflict. A line with `"deleted": true` (as `newsmark
sync` writes for a deleted mark) carries the deletion. A bad line (not JSON, wrong types,
offsets outside the text, a quote that is not the text at its offsets, an unknown article)
is reported with its line number and skipped; everything else goes in in one transaction,
so an interruption leaves nothing half-written.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsmark.errors import clip
from newsmark.ingest import normalise, sha256_text
from newsmark.jsonl_schema import RecordError, validate
from newsmark.model import LABELS, ORIGINS, Article, context

_TEXT_FIELDS = ("quote", "note", "attributed_to", "annotator", "created_at", "updated_at")
_COMPARED = ("label", "start", "end", "quote", "note", "attributed_to", "annotator", "source", "cue")


@dataclass
class TransferReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    articles_created: int = 0
    conflicts: list[dict] = field(default_factory=list)  # {"line", "id", "kept": "incoming"|"local", "fields"}
    skipped: list[dict] = field(default_factory=list)  # {"line", "error"}

    def to_json(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "articles_created": self.articles_created, "conflicts": self.conflicts, "skipped": self.skipped}


class _Skip(Exception):
    pass


def _check(record, scale=None) -> dict:
    """The line against the JSONL schema (newsmark/jsonl_schema.py: types, UUID ids, ISO 8601
    times not in the future, spans); the checks that need the text come in _merge."""
    try:
        validate(record)
    except RecordError as exc:
        raise _Skip(str(exc)) from None
    _check_desk(record)
    verdict = record.get("verdict")
    if verdict is not None and scale is not None and scale.find(verdict["rating"]) is None:
        # taken, it would stop this desk's ClaimReview export for everyone
        raise _Skip(f"`verdict.rating` {verdict['rating'][:60]!r} is not on this desk's scale "
                    f"({', '.join(scale.names)}; config.toml `rating_scale`)")
    return record


def import_annotations(store, lines: Iterable[str], scale=None) -> TransferReport:
    """Merge JSONL annotation records into the store, in one transaction. `scale`: the desk's
    rating scale (default: config.toml's); a verdict off it skips its line."""
    if scale is None:
        from newsmark.config import load_config

        scale = load_config().rating_scale
    report = TransferReport()
    texts: dict[str, Article | dict] = {}  # sha256 -> local article, or the record to create it from
    with store.write() as conn, store.bulk():  # FTS and vocabulary work once, for the whole batch
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            # Each line under its own savepoint: a line found bad half-way (an article created,
            # then its offsets wrong) leaves nothing behind, and never changes a good record.
            conn.execute("SAVEPOINT line")
            try:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise _Skip(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
                except RecursionError:
                    raise _Skip("the JSON is nested too deeply; each line must be one flat annotation record") from None
                _merge(store, conn, _check(record, scale), number, texts, report)
            except (_Skip, sqlite3.InterfaceError, sqlite3.IntegrityError, OverflowError) as exc:
                conn.execute("ROLLBACK TO line")
                texts.clear()  # an article this line created is gone again
                error = str(exc) if isinstance(exc, _Skip) else f"cannot be stored ({clip(exc)})"
                report.skipped.append({"line": number, "error": error})
            conn.execute("RELEASE line")
    return report


def _article_for(store, conn, info: dict, texts: dict, report: TransferReport) -> Article:
    sha = info["sha256"]
    known = texts.get(sha)
    if isinstance(known, Article):
        return known
    text = info.get("text")
    if text is not None and sha256_text(text) != sha and sha256_text(normalise(text)) != sha:
        # whether or not this database holds the article: the line contradicts itself
        raise _Skip("`article.text` does not match `article.sha256`; the text was changed after export")
    local = store.article_by_sha(sha)
    if local is not None:
        texts[sha] = local
        return local
    if text is None:
        raise _Skip(f"article {sha[:12]}… is not in this database and the line carries no text; "
                    "export with --with-text, or import the article first")
    # The text passes the incoming gate like an imported file; the cleaned text is what is kept.
    text = normalise(text)
    clean_sha = sha256_text(text)
    if clean_sha != sha:
        local = store.article_by_sha(clean_sha)
        if local is not None:
            texts[sha] = local
            return local
    from newsmark.store.database import now

    article_id = store._new_article_id(clean_sha)
    conn.execute(
        "INSERT INTO articles (id, title, outlet, url, published, path, text, sha256, imported_at, authors, language)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (article_id, normalise(info.get("title") or "") or text.split("\n", 1)[0][:200] or article_id,
         _optional(info.get("outlet")), _optional(info.get("url")), _optional(info.get("published")), None, text,
         clean_sha, now(), _optional(info.get("authors")), _optional(info.get("language"))),
    )
    report.articles_created += 1
    article = store.article(article_id)
    texts[sha] = article
    return article


def _moved(text: str, start: int, end: int, quote: str) -> tuple[int, int, str]:
    """The span of the cleaned quote nearest to where it was before the text was cleaned."""
    quote = normalise(quote)
    best, pos = None, text.find(quote, max(0, start - 4096), end + 4096)
    while pos != -1 and pos <= start:
        best = pos  # removed characters only move a span towards the start
        pos = text.find(quote, pos + 1, end + 4096)
    return (best, best + len(quote), quote) if best is not None else (start, end, quote)


def _optional(value: str | None) -> str | None:
    return normalise(value) or None if value else None


def _merge(store, conn, rec: dict, number: int, texts: dict, report: TransferReport) -> None:
    article = _article_for(store, conn, rec["article"], texts, report)
    start, end, quote = rec["start"], rec["end"], rec["quote"]
    n = len(article.text)
    if rec["article"].get("text") is not None and normalise(rec["article"]["text"]) != rec["article"]["text"]:
        # The incoming gate removed control characters from this text: offsets after them moved.
        start, end, quote = _moved(article.text, start, end, quote)
    if not 0 <= start < end <= n:
        raise _Skip(f"offsets {start}:{end} are outside the article text ({n} characters)")
    if article.text[start:end] != quote:
        raise _Skip(f"quote does not match the article text at {start}:{end}")
    values = {k: rec.get(k) or "" for k in _TEXT_FIELDS}
    for key in ("note", "attributed_to", "annotator"):  # the incoming gate, as for `tag --note`
        values[key] = normalise(values[key])
    values.update(label=rec["label"], start=start, end=end)
    for key in ("source", "cue"):  # relation spans, PARC-style; must lie in the same text
        span = rec.get(key)
        if span is not None and not 0 <= span[0] < span[1] <= n:
            raise _Skip(f"`{key}` {span[0]}:{span[1]} is outside the article text ({n} characters)")
        values[key] = tuple(span) if span is not None else None
    origin = rec.get("origin") or "imported"  # a mark that does not say how it was made came from elsewhere
    if not values["created_at"]:
        raise _Skip("`created_at` is missing")
    values["updated_at"] = values["updated_at"] or values["created_at"]
    prefix, suffix = context(article.text, start, end)
    relation = (*(values["source"] or (None, None)), *(values["cue"] or (None, None)))
    deleted = int(rec.get("deleted", False))  # a deletion travels as a line with "deleted": true
    row = conn.execute(
        'SELECT article_id, label, start, "end", quote, note, attributed_to, annotator, source_start, source_end,'
        " cue_start, cue_end, updated_at, deleted FROM annotations WHERE id = ?",
        (rec["id"],),
    ).fetchone()
    if row is None:
        conn.execute(
            'INSERT INTO annotations (id, article_id, label, start, "end", quote, prefix, suffix, note,'
            " attributed_to, annotator, created_at, updated_at, deleted, source_start, source_end, cue_start,"
            " cue_end, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (rec["id"], article.id, values["label"], start, end, quote, prefix, suffix, values["note"],
             values["attributed_to"], values["annotator"], values["created_at"], values["updated_at"], deleted,
             *relation, origin),
        )
        _write_desk(conn, rec)
        report.added += 1
        return
    local = dict(zip(("article_id", *_COMPARED[:-2], "updated_at", "deleted"), row[:8] + row[12:]))
    local["source"] = (row[8], row[9]) if row[8] is not None else None
    local["cue"] = (row[10], row[11]) if row[10] is not None else None
    if local["article_id"] != article.id:
        raise _Skip(f"annotation {rec['id']} belongs to another article here ({local['article_id']}); not merged")
    differing = [k for k in _COMPARED if local[k] != values[k]]
    if local["deleted"] != deleted:
        differing.append("deleted")
    differing += _desk_differences(conn, rec)
    if not differing:
        report.unchanged += 1
        return
    incoming_newer = values["updated_at"] > local["updated_at"]
    report.conflicts.append({"line": number, "id": rec["id"], "kept": "incoming" if incoming_newer else "local",
                             "fields": differing})
    if incoming_newer:
        conn.execute(
            'UPDATE annotations SET label = ?, start = ?, "end" = ?, quote = ?, prefix = ?, suffix = ?, note = ?,'
            " attributed_to = ?, annotator = ?, updated_at = ?, deleted = ?, source_start = ?, source_end = ?,"
            " cue_start = ?, cue_end = ? WHERE id = ?",
            (values["label"], start, end, quote, prefix, suffix, values["note"], values["attributed_to"],
             values["annotator"], values["updated_at"], deleted, *relation, rec["id"]),
        )
        _write_desk(conn, rec)
        report.updated += 1
    else:
        report.unchanged += 1


# -- the desk's fields: curation status, verdict, a curator's sources -----------------
# A line without one of these keys (an older export) leaves the local value alone.

_STATUSES = ("accepted", "rejected")


def _check_desk(record: dict) -> None:
    if record.get("status") is not None and record["status"] not in _STATUSES:
        raise _Skip(f"unknown status {record['status']!r}; newsmark knows accepted, rejected or null")
    verdict = record.get("verdict")
    if verdict is not None:
        if not isinstance(verdict, dict):
            raise _Skip("`verdict` must be an object or null")
        for key in ("rating", "date"):
            if not isinstance(verdict.get(key), str) or not verdict[key]:
                raise _Skip(f"`verdict.{key}` must be a non-empty string")
        for key in ("reviewer", "note", "url"):
            if verdict.get(key) is not None and not isinstance(verdict[key], str):
                raise _Skip(f"`verdict.{key}` must be a string")
        evidence = verdict.get("evidence", [])
        if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
            raise _Skip("`verdict.evidence` must be a list of URLs")
    sources = record.get("curated_from")
    if sources is not None and not (isinstance(sources, list) and all(isinstance(x, str) for x in sources)):
        raise _Skip("`curated_from` must be a list of annotation ids")


def _normal_verdict(verdict: dict | None) -> dict | None:
    if verdict is None:
        return None
    return {"rating": verdict["rating"], "reviewer": verdict.get("reviewer") or "", "date": verdict["date"],
            "evidence": list(verdict.get("evidence") or []), "note": verdict.get("note") or "",
            "url": verdict.get("url") or None}


def _local_desk(conn, annotation_id: str) -> dict:
    status, sources = conn.execute("SELECT status, curated_from FROM annotations WHERE id = ?",
                                   (annotation_id,)).fetchone()
    row = conn.execute("SELECT rating, reviewer, reviewed_at, evidence, note, url FROM verdicts WHERE annotation_id = ?",
                       (annotation_id,)).fetchone()
    verdict = None if row is None else _normal_verdict(
        {"rating": row[0], "reviewer": row[1], "date": row[2], "evidence": json.loads(row[3]), "note": row[4],
         "url": row[5]})
    return {"status": status, "verdict": verdict, "curated_from": sorted(json.loads(sources)) if sources else []}


def _desk_differences(conn, rec: dict) -> list[str]:
    local = _local_desk(conn, rec["id"])
    incoming = {"status": rec.get("status"), "verdict": _normal_verdict(rec.get("verdict")),
                "curated_from": sorted(rec.get("curated_from") or [])}
    return [k for k in ("status", "verdict", "curated_from") if k in rec and local[k] != incoming[k]]


def _write_desk(conn, rec: dict) -> None:
    from newsmark.store.desk import write_verdict

    if "status" in rec:
        conn.execute("UPDATE annotations SET status = ? WHERE id = ?", (rec["status"], rec["id"]))
    if "curated_from" in rec:
        sources = sorted(rec["curated_from"] or [])
        conn.execute("UPDATE annotations SET curated_from = ? WHERE id = ?",
                     (json.dumps(sources) if sources else None, rec["id"]))
    if "verdict" in rec:
        write_verdict(conn, rec["id"], _normal_verdict(rec["verdict"]))
