"""Fuzzy search of annotations: quote, note, attributed_to and the article's title.

Ranking (one function, used by the fast path and by the full scan in bench/search.py):

* Text is folded (accents off, lower case) and split into words, the way SQLite's FTS5
  `unicode61` tokenizer splits it, so the FTS index and this module see the same words.
* A query word matches a document word exactly (1.0), as a prefix ("bucc" → "buccino",
  at least 3 letters; 0.6 + 0.4·(typed/length)², falling fast with the letters left over,
  so a piece of another word ranks below a whole word with typos: "airprot" → "airport"
  0.86 but → "airprotection" 0.72, "mitgia" → "militia" 0.77 but → "mitgiardi" 0.78) or with typos (rapidfuzz `ratio` ≥ 75, words of 4+ letters,
  letters only: "Bucino" → "Buccino" 0.92; spelling-insensitive keys only when both keys
  keep 4+ letters and agree to 90, so "zzzqqq" (key "sk") matches nothing, nor "ragaqu"
  "sagach", whose keys "ragak" and "sagak" differ by a letter). Each query word takes its best
  match among all the words of the annotation (any field, any order).
* Query words are weighted by rarity (BM25's idf), so "Buccino said" is about Buccino.
  base = Σ weight·match / Σ weight, in 0..1.
* An exact phrase — the query's words consecutive in one field, the last one possibly a
  prefix — scores 90 + 10·base; anything else 90·base. So exact phrases rank first.
* The floor: a row that holds no phrase must match at least half of the query words that
  match anything at all (`Plan.min_matched`); less is not a hit, so a nonsense query finds
  nothing rather than its least bad rows.

Fast path: each query word is expanded against the vocabulary (`search_vocab`, in memory;
rapidfuzz over terms of plausible length), and each expansion is a posting list read from
the FTS5 tables. Lists are read in order of the most they can add to a score (rare, close
words first); reading stops when what no unread list can lift an unseen annotation above
the current k-th exact score (the MaxScore idea). The floor bounds too: a row that can no
longer come to match half the query words is out. Once a few thousand postings are read,
FTS5 intersections of the closest spellings seed the k-th score. After the unseen rows are
out, the remaining lists are read only for the candidates that lack their word, or the
candidates are scored exactly on their text, whichever costs less. Nothing a full scan
would rank in the top k is lost; bench/search.py checks it.
"""

from __future__ import annotations

import heapq
import json
import math
import operator
import re
import threading
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from newsmark.errors import NewsmarkError
from newsmark.model import Annotation

WORD = re.compile(r"[^\W_]+")
# Combining marks (Unicode category Mn), which NFD splits off accented letters.
class _FoldTable(dict):
    """str.translate table, filled on first sight of each character: NFD, marks dropped, lower case."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        folded = "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()
        self[code] = folded
        return folded


_FOLD = _FoldTable()
MIN_RATIO = 75.0  # rapidfuzz ratio for a typo match
SOUND_MIN_RATIO = 90.0  # ... for spelling-insensitive keys, which already forgive the spelling
SOUND_FACTOR = 0.95  # a match only after spelling-insensitive keys counts a little less
PREFIX_MIN = 3  # letters before a prefix counts
FUZZY_MIN = 4  # letters before typos are forgiven
PHRASE_FLOOR = 90.0
PREFIX_BASE = 0.6  # a prefix match: PREFIX_BASE + (1 - PREFIX_BASE) · (letters typed / letters of the word)²
TITLE_FACTOR = 0.9  # a word in the article's title counts a little less than one in the annotation
MAX_QUERY_WORDS = 32
_BATCH = 200
_TEXT_COST = 100  # scoring a row on its text costs about this many posting reads
_EPS = 1e-9  # bounds are sums in another order than exact scores; ties need no rescoring
_LIST_BUDGET = 5_000  # a posting list longer than this is worth avoiding
_EXACT_BUDGET = 200  # candidates scored on their text before deciding to read a long list


# -- words --------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, accents off (NFD, combining marks dropped)."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD)


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, folded word) with offsets into the original text."""
    for m in WORD.finditer(text):
        yield m.start(), m.end(), fold(m.group())


_DOUBLED = re.compile(r"(.)\1+")
_FIRST = operator.itemgetter(1)


def sound(word: str) -> str:
    """A spelling-insensitive key: qu/q/c/ck → k, ph → f, y → i, z → s, doubled letters single,
    so "albukerke" meets "albuquerque" and "Karvalal" meets "Carvalhal"."""
    w = word.replace("ph", "f").replace("qu", "k").replace("q", "k").replace("c", "k").replace("y", "i")
    w = w.replace("z", "s").replace("h", "")
    return _DOUBLED.sub(_FIRST, w)  # a C callable: a backreference template runs in Python, 2x slower


def word_similarity(q: str, w: str, by_sound: bool = True) -> float:
    """How well document word `w` matches query word `q`: 0 (no match) or about 0.7..1.
    `by_sound`: also compare spelling-insensitive keys (for query words that are not
    themselves in the vocabulary, i.e. probably misspelt)."""
    if q == w:
        return 1.0
    n = len(q)
    if n >= PREFIX_MIN and w.startswith(q):
        return PREFIX_BASE + (1.0 - PREFIX_BASE) * (n / len(w)) ** 2
    if n >= FUZZY_MIN and q.isalpha() and w.isalpha():
        r = fuzz.ratio(q, w, score_cutoff=MIN_RATIO)
        p = 0.0
        if by_sound:
            sq, sw = sound(q), sound(w)
            if len(sq) >= FUZZY_MIN and len(sw) >= FUZZY_MIN:
                p = fuzz.ratio(sq, sw, score_cutoff=SOUND_MIN_RATIO) * SOUND_FACTOR
        if r or p:
            return max(r, p) / 100.0
    return 0.0


def _length_window(n: int, cutoff: float = MIN_RATIO) -> tuple[int, int]:
    """The lengths a word can have to reach `cutoff` against one of n letters."""
    # ratio = 2·common/(n+m) ≤ 2·min(n, m)/(n+m): at 75, 0.6·n ≤ m ≤ n/0.6; at 90, 0.82·n ≤ m ≤ 1.22·n
    r = cutoff / 100.0
    return math.ceil(n * r / (2 - r) - _EPS), math.floor(n * (2 - r) / r + _EPS)


def query_words(query: str) -> list[str]:
    """The words of a query; a query with none is refused in one clear line."""
    found = words(query or "")
    if not found:
        raise NewsmarkError(
            "the search query has no letters or digits; type a word or a phrase from a quote, note, source or title"
        )
    return found[:MAX_QUERY_WORDS]


# -- vocabulary ---------------------------------------------------------------


@dataclass
class Vocabulary:
    terms: list[str]  # sorted
    df: dict[str, int]
    title_df: dict[str, int]
    by_length: dict[int, list[str]]
    sounds: dict[str, list[str]]  # sound key -> vocabulary words
    sounds_by_length: dict[int, list[str]]
    n_annotations: int
    n_articles: int
    generation: int
    # query word, by_sound -> its expansions: the reader's search runs again at each key
    # typed, and every word but the last was expanded by the search before
    expanded: dict[tuple[str, bool], dict[str, float]] = field(default_factory=dict, repr=False)


_CACHE: dict[object, Vocabulary] = {}
_CACHE_LOCK = threading.Lock()


def _store_key(store) -> object:
    return str(store.path) if store.path is not None else id(store.conn)


def sync_vocabulary(store) -> None:
    """Fold the words of rows changed since the last search into `search_vocab`."""
    conn = store.conn
    if store.readonly or not conn.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone():
        return
    with store.write():
        df, title_df = _pending_counts(conn)
        conn.executemany(
            "INSERT INTO search_vocab (term, df, title_df) VALUES (?, ?, ?) ON CONFLICT (term) DO UPDATE"
            " SET df = df + excluded.df, title_df = title_df + excluded.title_df",
            ((t, df.get(t, 0), title_df.get(t, 0)) for t in set(df) | set(title_df)),
        )
        conn.execute("DELETE FROM search_pending")
        conn.execute("UPDATE search_state SET generation = generation + 1")


def fold_new_annotations(conn, first_rowid: int) -> None:
    """Count the words of annotations from `first_rowid` on into `search_vocab`, inside the
    caller's transaction (Store.bulk: their rows never went through search_pending)."""
    df: Counter = Counter()
    findall = WORD.findall
    for (text,) in conn.execute(
        "SELECT quote || ' ' || note || ' ' || attributed_to FROM annotations WHERE rowid >= ?", (first_rowid,)
    ):
        df.update(set(findall(fold(text))))
    conn.executemany(
        "INSERT INTO search_vocab (term, df, title_df) VALUES (?, ?, 0) ON CONFLICT (term) DO UPDATE"
        " SET df = df + excluded.df",
        df.items(),
    )
    conn.execute("UPDATE search_state SET generation = generation + 1")


def _pending_counts(conn) -> tuple[Counter, Counter]:
    df: Counter = Counter()
    for quote, note, source in conn.execute(
        "SELECT a.quote, a.note, a.attributed_to FROM search_pending p JOIN annotations a ON a.rowid = p.row"
        " WHERE p.kind = 'a'"
    ):
        df.update(set(words(quote)) | set(words(note)) | set(words(source)))
    title_df: Counter = Counter()
    for (title,) in conn.execute(
        "SELECT r.title FROM search_pending p JOIN articles r ON r.rowid = p.row WHERE p.kind = 't'"
    ):
        title_df.update(set(words(title)))
    return df, title_df


def vocabulary(store) -> Vocabulary:
    """The vocabulary, cached per database file until a change is folded in."""
    sync_vocabulary(store)
    conn = store.conn
    generation = conn.execute("SELECT generation FROM search_state").fetchone()[0]
    key = _store_key(store)
    pending = store.readonly and conn.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone()
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached is not None and cached.generation == generation and not pending:
        return cached
    df: dict[str, int] = {}
    title_df: dict[str, int] = {}
    for term, d, t in conn.execute("SELECT term, df, title_df FROM search_vocab"):
        if d:
            df[term] = d
        if t:
            title_df[term] = t
    if pending:  # a read-only file cannot be updated: count its pending rows in memory
        extra, extra_titles = _pending_counts(conn)
        for t, n in extra.items():
            df[t] = df.get(t, 0) + n
        for t, n in extra_titles.items():
            title_df[t] = title_df.get(t, 0) + n
    terms = sorted(set(df) | set(title_df))
    by_length: dict[int, list[str]] = {}
    sounds: dict[str, list[str]] = {}
    for t in terms:
        by_length.setdefault(len(t), []).append(t)
        if t.isalpha():
            sounds.setdefault(sound(t), []).append(t)
    sounds_by_length: dict[int, list[str]] = {}
    for sound_key in sounds:
        sounds_by_length.setdefault(len(sound_key), []).append(sound_key)
    n_ann = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    n_art = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    vocab = Vocabulary(terms, df, title_df, by_length, sounds, sounds_by_length, max(n_ann, 1), max(n_art, 1), -1 if pending else generation)
    with _CACHE_LOCK:
        _CACHE[key] = vocab
    return vocab


# -- the ranking function -----------------------------------------------------


@dataclass
class Term:
    word: str
    weight: float
    expansions: dict[str, float]  # vocabulary word -> similarity: every vocabulary word that matches
    memo: dict[str, float] = field(default_factory=dict)
    complete: bool = True  # expansions cover every word the annotations can hold
    by_sound: bool = True  # spelling-insensitive matching (the word is not in the vocabulary)

    def similarity(self, w: str) -> float:
        s = self.memo.get(w)
        if s is None:
            s = self.memo[w] = word_similarity(self.word, w, self.by_sound)
        return s


@dataclass
class Plan:
    """A parsed query with its weights: the ranking function for one search."""

    words: list[str]
    terms: list[Term]
    total_weight: float
    min_matched: int = 1  # query words a row without the phrase must match to be a hit
    _titles: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _matching: set[str] | None = field(default=None, repr=False)

    @property
    def phrase(self) -> str:
        return " ".join(self.words)

    def score(self, fields: Iterable[str], title: str = "", phrase: bool | None = None) -> float:
        """The exact score (0..100) of an annotation: its own fields, then its article's title.
        `phrase`: whether it holds the phrase, when the caller already knows."""
        field_words = [words(f) for f in fields if f]
        own: set[str] = set()
        for fw in field_words:
            own.update(fw)
        title_words = self._titles.get(title)
        if title_words is None:
            title_words = self._titles[title] = words(title) if title else []
        base = 0.0
        matched = 0
        for term in self.terms:
            best = self._best(term, own)
            if best < TITLE_FACTOR and title_words:
                best = max(best, TITLE_FACTOR * self._best(term, set(title_words)))
            base += term.weight * best
            matched += best > 0
        base /= self.total_weight
        if phrase is None:
            phrase = any(self.phrase_in(fw) for fw in field_words) or bool(title_words and self.phrase_in(title_words))
        if phrase:
            return PHRASE_FLOOR + (100.0 - PHRASE_FLOOR) * base
        return PHRASE_FLOOR * base if matched >= self.min_matched else 0.0

    @staticmethod
    def _best(term: Term, ws: set[str]) -> float:
        if term.word in ws:
            return 1.0
        best = 0.0
        for w in ws & term.expansions.keys():
            s = term.expansions[w]
            if s > best:
                best = s
        if term.complete:
            return best
        for w in ws:  # words the vocabulary has not seen (a plan made without one)
            s = term.similarity(w)
            if s > best:
                best = s
        return best

    def phrase_in(self, field_words: list[str]) -> bool:
        text = " " + " ".join(field_words) + " "
        if " " + self.phrase + " " in text:
            return True
        return len(self.words[-1]) >= PREFIX_MIN and " " + self.phrase in text

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where query words match in `text` (offsets into it), for emphasis: the words the
        score counts (with complete expansions, a word outside them matches no query word)."""
        matching = self._matching
        if matching is None:
            complete = all(t.complete for t in self.terms)
            matching = self._matching = {w for t in self.terms for w in (t.word, *t.expansions)} if complete else set()
        if matching:
            return [(s, e) for s, e, w in word_spans(text) if w in matching]
        return [(s, e) for s, e, w in word_spans(text) if any(t.similarity(w) > 0 for t in self.terms)]


_EXPANDED_MAX = 1_000  # query words whose expansions a vocabulary keeps


def _expanded(vocab: Vocabulary, word: str, by_sound: bool) -> dict[str, float]:
    key = (word, by_sound)
    found = vocab.expanded.get(key)
    if found is None:
        if len(vocab.expanded) >= _EXPANDED_MAX:
            vocab.expanded.clear()
        found = vocab.expanded[key] = expand(vocab, word, by_sound)
    return dict(found)  # each plan's own: nothing may change the kept one


def expand(vocab: Vocabulary, word: str, by_sound: bool) -> dict[str, float]:
    """Vocabulary words that `word` matches, with their similarity."""
    found: dict[str, float] = {}
    if word in vocab.df or word in vocab.title_df:
        found[word] = 1.0
    if len(word) >= PREFIX_MIN:
        i = bisect_left(vocab.terms, word)
        while i < len(vocab.terms) and vocab.terms[i].startswith(word):
            found[vocab.terms[i]] = word_similarity(word, vocab.terms[i], by_sound)
            i += 1
    if len(word) >= FUZZY_MIN and word.isalpha():
        lo, hi = _length_window(len(word))
        for n in range(lo, hi + 1):
            bucket = vocab.by_length.get(n)
            if not bucket:
                continue
            for w, _score, _i in process.extract(word, bucket, scorer=fuzz.ratio, score_cutoff=MIN_RATIO, limit=None):
                if w not in found:
                    s = word_similarity(word, w, by_sound)
                    if s:
                        found[w] = s
    if by_sound and len(word) >= FUZZY_MIN and word.isalpha() and len(sound(word)) >= FUZZY_MIN:
        key = sound(word)
        lo, hi = _length_window(len(key), SOUND_MIN_RATIO)
        for n in range(lo, hi + 1):
            bucket = vocab.sounds_by_length.get(n)
            if not bucket:
                continue
            for k, _score, _i in process.extract(key, bucket, scorer=fuzz.ratio, score_cutoff=SOUND_MIN_RATIO,
                                                 limit=None):
                for w in vocab.sounds[k]:
                    if w not in found:
                        s = word_similarity(word, w, by_sound)
                        if s:
                            found[w] = s
    return found


def make_plan(vocab: Vocabulary, query_word_list: list[str]) -> Plan:
    n, per_article = vocab.n_annotations, vocab.n_annotations / vocab.n_articles
    terms: list[Term] = []
    for word in dict.fromkeys(query_word_list):
        by_sound = word not in vocab.df and word not in vocab.title_df
        expansions = _expanded(vocab, word, by_sound)
        if expansions:
            # rarity of the closest vocabulary word (ties: the commoner one)
            best = max(expansions, key=lambda w: (expansions[w], _df(vocab, w, per_article)))
            df = _df(vocab, best, per_article)
        else:
            df = 0.0
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5)) if df < n else 0.0
        terms.append(Term(word, max(idf, 0.1), expansions, dict(expansions), by_sound=by_sound))
    # A word that matches nothing anywhere cannot tell rows apart; at full rarity weight it
    # would only shrink every score, so it weighs as much as the lightest word that matches.
    matched = [t.weight for t in terms if t.expansions]
    for t in terms:
        if not t.expansions and matched:
            t.weight = min(matched)
    # The floor counts only the words that match something somewhere: "pretending AND OR NOT"
    # is about "pretending" when the other words are in no annotation at all.
    matchable = sum(1 for t in terms if t.expansions)
    return Plan(list(query_word_list), terms, sum(t.weight for t in terms), max(1, -(-matchable // 2)))


def _df(vocab: Vocabulary, w: str, per_article: float) -> float:
    return vocab.df.get(w, 0) + vocab.title_df.get(w, 0) * per_article


# -- the fast path ------------------------------------------------------------


@dataclass
class Hit:
    score: float
    annotation: Annotation
    quote_spans: list[tuple[int, int]]  # matches inside the quote, offsets into the quote
    plan: Plan | None = field(default=None, repr=False, compare=False)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Matches inside any other text of the hit (note, source, title)."""
        return self.plan.spans(text) if self.plan else []


@dataclass
class Filters:
    label: str | None = None
    article_id: str | None = None
    annotator: str | None = None
    predicate: Callable[[Annotation], bool] | None = None  # e.g. --actor


_SCORE_SELECT = (
    "SELECT a.rowid, a.quote, a.note, a.attributed_to, r.title FROM annotations a"
    " JOIN articles r ON r.id = a.article_id"
)


class _Scorer:
    """Fetches candidate rows by rowid, applies the filters, scores them exactly."""

    def __init__(self, conn, plan: Plan, filters: Filters):
        self.conn, self.plan, self.filters = conn, plan, filters
        self.exact: dict[int, float] = {}  # rowid -> score (0 when filtered out)
        where, params = ["a.deleted = 0"], []
        if filters.label:
            where.append("a.label = ?")
            params.append(filters.label)
        if filters.annotator:
            where.append("a.annotator = ?")
            params.append(filters.annotator)
        if filters.article_id:
            where.append("a.article_id = ?")
            params.append(filters.article_id)
        self.where, self.params = " AND ".join(where), params
        self.top: list[tuple[float, int]] = []  # min-heap of the k best (score, rowid)
        self._order: dict[str, int] = {}
        self.known_phrase: set[int] | None = None  # every row holding the phrase, once known

    def score(self, rowids: Iterable[int], k: int) -> None:
        todo = [r for r in rowids if r not in self.exact]
        for i in range(0, len(todo), _BATCH):
            chunk = todo[i : i + _BATCH]
            for r in chunk:
                self.exact[r] = 0.0
            marks = ",".join("?" * len(chunk))
            sql = f"{_SCORE_SELECT} WHERE a.rowid IN ({marks}) AND {self.where}"
            for row in self.conn.execute(sql, (*chunk, *self.params)):
                self._take(row, k)

    def accept(self, scored: list[tuple[float, int]], k: int) -> None:
        """Rows whose exact score is already known (from the posting lists): only the filters
        are checked here."""
        if self.filters.predicate is not None:
            self.score([d for _, d in scored], k)
            return
        marks = ",".join("?" * len(scored))
        passing = {r for (r,) in self.conn.execute(
            f"SELECT a.rowid FROM annotations a WHERE a.rowid IN ({marks}) AND {self.where}",
            (*(d for _, d in scored), *self.params))}
        for sc, d in scored:
            self.exact[d] = sc if d in passing else 0.0
            if d in passing and sc > 0:
                entry = (sc, d)
                if len(self.top) < k:
                    heapq.heappush(self.top, entry)
                elif entry > self.top[0]:
                    heapq.heapreplace(self.top, entry)

    def scan(self, k: int) -> None:
        """Score every row the filters allow (used when an article is given)."""
        for row in self.conn.execute(f"{_SCORE_SELECT} WHERE {self.where}", self.params):
            self._take(row, k)

    def _take(self, row, k: int) -> None:
        rowid, quote, note, source, title = row
        phrase = None if self.known_phrase is None else rowid in self.known_phrase
        s = self.plan.score((quote, note, source), title or "", phrase)
        if s <= 0:
            return
        if self.filters.predicate is not None and not self.filters.predicate(self._annotation(rowid)):
            return
        self.exact[rowid] = s
        entry = (s, rowid)
        if len(self.top) < k:
            heapq.heappush(self.top, entry)
        elif entry > self.top[0]:
            heapq.heapreplace(self.top, entry)

    def _annotation(self, rowid: int) -> Annotation:
        from newsmark.store.database import Store, row_to_annotation

        row = self.conn.execute(f"{Store._SELECT} WHERE a.rowid = ?", (rowid,)).fetchone()
        ann = row_to_annotation(row)
        self._order[ann.id] = rowid  # ties: newest (highest rowid) first
        return ann

    def theta(self, k: int) -> float:
        return self.top[0][0] if len(self.top) >= k else 0.0

    def hits(self) -> list[Hit]:
        out = []
        for _, rowid in self.top:
            ann = self._annotation(rowid)
            # scored again on the text, so every shown score is computed the same way
            s = self.plan.score((ann.quote, ann.note, ann.attributed_to), (ann.article or {}).get("title") or "")
            out.append(Hit(round(s, 1), ann, self.plan.spans(ann.quote), self.plan))
        out.sort(key=lambda h: (-h.score, -self._order[h.annotation.id]))
        return out


@dataclass
class _List:
    bound: float  # weight × similarity: the most this list adds to a base score
    term: int
    word: str
    sim: float
    title: bool
    cost: float
    exact_or_prefix: bool


def search(store, query: str, *, label: str | None = None, article_id: str | None = None,
           annotator: str | None = None, predicate: Callable[[Annotation], bool] | None = None,
           limit: int = 20) -> list[Hit]:
    """The `limit` best annotations for `query`, best first. Deleted annotations never appear."""
    if limit < 1:
        raise NewsmarkError(f"--limit must be at least 1 (got {limit})")
    qwords = query_words(query)
    vocab = vocabulary(store)
    plan = make_plan(vocab, qwords)
    filters = Filters(label, article_id, annotator, predicate)
    return _fast_path(store.conn, vocab, plan, filters, limit)


def _fast_path(conn, vocab: Vocabulary, plan: Plan, filters: Filters, k: int) -> list[Hit]:
    scorer = _Scorer(conn, plan, filters)
    if filters.article_id:
        scorer.scan(k)  # one article: a few hundred rows at most, score them all
        return scorer.hits()

    # 1. Exact phrase: the best possible score. Newest first; k of them end the search.
    fts_phrase = '"' + plan.phrase + '"'
    for sql in (
        "SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ? ORDER BY rowid DESC",
        "SELECT a.rowid FROM articles_fts t JOIN articles r ON r.rowid = t.rowid"
        " JOIN annotations a ON a.article_id = r.id WHERE articles_fts MATCH ? ORDER BY a.rowid DESC",
    ):
        cur = conn.execute(sql, (fts_phrase,))
        while len(scorer.top) < k or scorer.theta(k) + _EPS < 100.0:
            chunk = [r for (r,) in cur.fetchmany(_BATCH)]
            if not chunk:
                break
            scorer.score(chunk, k)
        cur.close()
        if scorer.theta(k) + _EPS >= 100.0:
            return scorer.hits()
    if len(plan.terms) == 1 and len(plan.words) == 1:
        return _one_word(conn, vocab, plan, scorer, k)
    known_phrase = _phrase_rows(conn, plan)  # every row holding the phrase (last word as a prefix), if few
    scorer.known_phrase = known_phrase
    if known_phrase is not None and len(plan.terms) > 1:
        # 1b. Rows holding, for every query word, one of its closest matches reach the highest
        # score a row without the phrase can have; k of them plus every phrase row settle the
        # top k without reading any posting list in Python.
        closest = []
        for t in plan.terms:
            top = max(t.expansions.values(), default=0.0)
            words_ = [w for w, sim in t.expansions.items() if sim == top and vocab.df.get(w)]
            closest.append((top, words_))
        if all(words_ for _, words_ in closest):
            ceiling = PHRASE_FLOOR * sum(t.weight * top for t, (top, _) in zip(plan.terms, closest)) / plan.total_weight
            scorer.score(sorted(known_phrase, reverse=True), k)
            match = " AND ".join("(" + " OR ".join('"' + w + '"' for w in ws) + ")" for _, ws in closest)
            cur = conn.execute("SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ? ORDER BY rowid DESC",
                               (match,))
            while scorer.theta(k) + _EPS < ceiling:
                chunk = [r for (r,) in cur.fetchmany(4 * k)]
                if not chunk:
                    break
                scorer.score(chunk, k)
            cur.close()
            if scorer.theta(k) + _EPS >= ceiling:
                return scorer.hits()

    # 2. Posting lists, most promising first, until no unread list can matter.
    n_terms = len(plan.terms)
    W = plan.total_weight
    per_article = vocab.n_annotations / vocab.n_articles
    lists: list[_List] = []
    for i, term in enumerate(plan.terms):
        for w, sim in term.expansions.items():
            pe = w.startswith(term.word)
            df, tdf = vocab.df.get(w, 0), vocab.title_df.get(w, 0)
            if df:
                lists.append(_List(term.weight * sim, i, w, sim, False, df, pe))
            if tdf:
                lists.append(_List(term.weight * sim * TITLE_FACTOR, i, w, sim * TITLE_FACTOR, True,
                                   tdf * per_article, pe))
    lists.sort(key=lambda x: (-x.bound, x.cost))
    unread: list[list[_List]] = [[x for x in lists if x.term == i] for i in range(n_terms)]  # per term, best first
    pe_left = [sum(1 for x in unread[i] if x.exact_or_prefix) for i in range(n_terms)]
    has: list[set[int]] = [set() for _ in range(n_terms)]  # docs seen in a list of term i
    pe_docs: list[set[int]] = [set() for _ in range(n_terms)]  # ... in an exact/prefix list of term i
    partial: dict[int, float] = {}  # base score from the lists read so far
    needed: list[set[int]] = []  # per query word: the candidates that have not matched it (set by finish)
    sig: dict[int, int] = {}  # bit i set: the doc matched query word i in a list read so far

    def rest() -> float:
        """The most the unread lists can add to any base score."""
        return sum(plan.terms[i].weight * unread[i][0].sim for i in range(n_terms) if unread[i]) / W

    def final(base: float, phrase: bool) -> float:
        return PHRASE_FLOOR + (100 - PHRASE_FLOOR) * base if phrase else PHRASE_FLOOR * base

    floor_n = plan.min_matched

    def alive() -> int:
        """Bit i set: query word i still has unread lists."""
        return sum(1 << i for i in range(n_terms) if unread[i])

    def outside_bound() -> float:
        # An unseen row can still match only the words with unread lists; a row without the
        # phrase that cannot match `floor_n` of them is not a hit (the floor).
        if known_phrase is not None:
            if not known_phrase <= partial.keys():
                return 100.0
            return final(rest(), False) if alive().bit_count() >= floor_n else 0.0
        phrase = all(pe_left[i] > 0 for i in range(n_terms))
        return final(rest(), phrase) if phrase or alive().bit_count() >= floor_n else 0.0

    def phrase_candidates() -> set[int] | None:
        """Seen docs that may hold the phrase; None when any doc may."""
        if known_phrase is not None:
            return known_phrase
        done = [pe_docs[i] for i in range(n_terms) if pe_left[i] == 0]
        if not done:
            return None
        return set.intersection(*done)

    def finish(budget: int | None) -> bool:
        """Score exactly, highest bound first, every seen doc whose bound beats the k-th score.

        A doc's bound: its partial base plus, for each query word it has not matched yet, the
        most an unread list of that word could add."""
        rw = [plan.terms[i].weight * unread[i][0].sim / W if unread[i] else 0.0 for i in range(n_terms)]
        missing = {s: sum(rw[i] for i in range(n_terms) if not s >> i & 1) for s in set(sig.values())}
        exact = scorer.exact
        may_phrase = phrase_candidates()
        if len(scorer.top) < k and any(unread):
            # No k-th score yet: score first the rows that have matched the most so far (a guess
            # that only decides how soon the k-th score is found), and the few phrase rows.
            first = [d for d in heapq.nlargest(4 * k, partial, key=partial.__getitem__) if d not in exact][: 2 * k]
            if may_phrase is not None and len(may_phrase) <= 4 * k:
                first += [d for d in may_phrase if d in partial and d not in exact]
            scorer.score(first, k)
        theta = scorer.theta(k) + _EPS
        if may_phrase is None:
            ub = [(b, d) for d, p in partial.items()
                  if d not in exact and (b := final(p + missing[sig[d]], True)) > theta]
        else:
            # Per signature, the partial base a row must pass to beat the k-th score without the
            # phrase; none for a row that cannot come to match `floor_n` query words any more
            # (it can only add those with unread lists), which without the phrase is no hit.
            live = alive()
            cut = {s: theta / PHRASE_FLOOR - m if (s | live).bit_count() >= floor_n else math.inf
                   for s, m in missing.items()}
            bounds = {d: PHRASE_FLOOR * (p + missing[sig[d]]) for d, p in partial.items()
                      if p > cut[sig[d]] and d not in exact}
            for d in may_phrase:
                p = partial.get(d)
                if p is not None and d not in exact and (b := final(p + missing[sig[d]], True)) > theta:
                    bounds[d] = b
            ub = [(b, d) for d, b in bounds.items()]
        if not any(unread) and known_phrase is not None:
            # Every list is read: a doc's partial base is its exact base, and the phrase rows
            # are known, so the bound is the score; only the filters remain to check.
            ub.sort(reverse=True)
            for j in range(0, len(ub), 8 * k):
                theta = scorer.theta(k) + _EPS
                batch = [x for x in ub[j : j + 8 * k] if x[0] > theta]
                if not batch:
                    break
                scorer.accept(batch, k)
            return True
        if budget is None and known_phrase is not None:
            # Only the lists of a query word some candidate has not matched yet can change a
            # score: a candidate that matched it took its best list already.
            lacking = [{d for _, d in ub if not sig[d] >> i & 1} for i in range(n_terms)]
            left = sum(x.cost for i in range(n_terms) if lacking[i] for x in unread[i])
            if len(ub) * _TEXT_COST > left:
                needed[:] = lacking
                return False  # reading those lists is cheaper than scoring these on their text
        ub.sort(reverse=True)
        spent = 0
        for j in range(0, len(ub), _BATCH):
            theta = scorer.theta(k) + _EPS
            batch = [d for b, d in ub[j : j + _BATCH] if b > theta]
            if not batch or (budget is not None and spent >= budget):
                return True
            scorer.score(batch, k)
            spent += len(batch)
        return True

    def read(lst: _List, only: set[int] | None = None) -> None:
        """Fold a posting list into the partial scores; `only` these rows once no other row
        can matter (the rest are bounded below the k-th score)."""
        i = lst.term
        if only is not None and only <= has[i]:
            unread[i].pop(0)  # every row that matters already has this word's best match
            if lst.exact_or_prefix:
                pe_left[i] -= 1
            return
        present = set(_postings(conn, lst))
        if only is not None:
            present.intersection_update(only)
        fresh = present - has[i]
        has[i].update(fresh)
        c = plan.terms[i].weight * lst.sim / W
        bit = 1 << i
        for d in fresh & partial.keys():  # rows that matched another query word already
            partial[d] += c
            sig[d] |= bit
        new = fresh.difference(partial)  # the rest, in C
        partial.update(dict.fromkeys(new, c))
        sig.update(dict.fromkeys(new, bit))
        if lst.exact_or_prefix:
            pe_docs[i].update(present)
            pe_left[i] -= 1
        unread[i].pop(0)

    seeded = not _SEED_ROWS or n_terms < 2
    postings_read = 0.0  # so far (estimated for title lists)
    for lst in lists:
        if outside_bound() <= scorer.theta(k) + _EPS:
            break
        postings_read += lst.cost
        if postings_read > _LIST_BUDGET and not seeded:
            # Before reading much: a k-th score from FTS5 intersections may prove every unread
            # list unnecessary, or most of them ("rrcao unio defen": 134 short lists of spellings
            # of "rrcao", 55,000 postings, before the first long one; 35 lists with the seed).
            seeded = True
            _seed(conn, vocab, plan, scorer, k)
            if outside_bound() <= scorer.theta(k) + _EPS:
                break
        if lst.cost > _LIST_BUDGET and partial:
            finish(budget=_EXACT_BUDGET)  # a good k-th score may make this long list unnecessary
            if outside_bound() <= scorer.theta(k) + _EPS:
                break
        read(lst)
    if not finish(budget=None):
        # Unseen rows cannot reach the k-th score any more, nor can seen rows whose bound is
        # below it: the remaining lists only complete the partial scores of the candidates
        # (for the words each has not matched yet), which then are exact.
        for lst in lists:
            if unread[lst.term] and unread[lst.term][0] is lst:
                read(lst, only=needed[lst.term])
        finish(budget=None)
    return scorer.hits()


def _one_word(conn, vocab: Vocabulary, plan: Plan, scorer: _Scorer, k: int) -> list[Hit]:
    """One query word: every row of a posting list has the same score (its word's similarity,
    with the phrase bonus for an exact or prefix match), so the lists are read best score
    first, newest rows first, and only as far as k rows pass the filters."""
    term = plan.terms[0]
    scored: list[tuple[float, _List]] = []
    for w, sim in term.expansions.items():
        pe = w.startswith(term.word) and (w == term.word or len(term.word) >= PREFIX_MIN)
        if vocab.df.get(w, 0):
            scored.append((PHRASE_FLOOR + (100 - PHRASE_FLOOR) * sim if pe else PHRASE_FLOOR * sim,
                           _List(sim, 0, w, sim, False, 0, pe)))
        if vocab.title_df.get(w, 0):
            t = sim * TITLE_FACTOR
            scored.append((PHRASE_FLOOR + (100 - PHRASE_FLOOR) * t if pe else PHRASE_FLOOR * t,
                           _List(t, 0, w, t, True, 0, pe)))
    scored.sort(key=lambda x: -x[0])
    for value, lst in scored:
        if scorer.theta(k) + _EPS >= value:
            break  # nothing further down can beat the k-th row
        cur = conn.execute(_postings_sql(lst) + " ORDER BY 1 DESC", ('"' + lst.word + '"',))
        while True:
            chunk = [r for (r,) in cur.fetchmany(4 * k)]
            if not chunk:
                break
            scorer.score(chunk, k)
            if scorer.theta(k) + _EPS >= value:
                break
        cur.close()
    return scorer.hits()


_SEED_ROWS = 80  # rows scored on their text per seeding query
_SEED_DF_CAP = 200_000  # summed rows of a word's spellings; above this it is left out of seeding
_SEED_ALONE_ROWS = 160  # rows scored when the other words are seeded without a very common one
_SEED_LEVELS = (0.0, 0.1, 0.2)  # expansions within this much of a word's closest match


def _seed(conn, vocab: Vocabulary, plan: Plan, scorer: _Scorer, k: int) -> None:
    """Raise the k-th score before any posting list is read in Python: FTS5 intersects, in C,
    the lists of rows that match every query word (then every word but one) by one of its
    closer spellings, and the newest of those rows are scored on their text. Only a better
    k-th score comes out of this, so the bounds below stay sound and prune long lists sooner."""
    n = len(plan.terms)
    groups: list[list[str]] = []
    common: set[int] = set()  # query words left out at some closeness as very common
    for level in _SEED_LEVELS:
        ors = []
        for j, t in enumerate(plan.terms):
            top = max(t.expansions.values(), default=0.0)
            ws = sorted(w for w, sim in t.expansions.items() if sim >= top - level - _EPS and vocab.df.get(w))
            if sum(vocab.df[w] for w in ws) > _SEED_DF_CAP:
                ws = []  # a very common word: FTS5 would walk a list of most rows; leave it out
                common.add(j)
            ors.append("(" + " OR ".join('"' + w + '"' for w in ws) + ")" if ws else "")
        groups.append(ors)
    subsets = [tuple(range(n))]
    if 2 < n <= 5:
        subsets += [tuple(j for j in range(n) if j != skip) for skip in range(n)]
    done: set[str] = set()
    for subset in subsets:
        for ors in groups:
            parts = [ors[j] for j in subset if ors[j]]
            if len(parts) < 2:
                continue
            match = " AND ".join(parts)
            if match in done:
                continue
            done.add(match)
            rows = _newest(conn, match, _SEED_ROWS)
            scorer.score(rows, k)
            if len(rows) >= k:
                break  # enough rows at this closeness; looser spellings would score lower
    # A word left out above as very common is in a fifth of the rows or more, so the newest
    # rows of each other word's closest spellings, scored on their text, mostly hold it too:
    # "perc Joqu" takes the rows of "joqui" (most of which say "percent") instead of waiting
    # for the 267,000 rows of "percent" to be read.
    closest = groups[0]
    for j in range(n):
        if common and j not in common and closest[j] and closest[j] not in done:
            done.add(closest[j])
            scorer.score(_newest(conn, closest[j], _SEED_ALONE_ROWS), k)


def _newest(conn, match: str, limit: int) -> list[int]:
    """The newest `limit` rows of an FTS5 match on the annotations."""
    return [r for (r,) in conn.execute(
        "SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ? ORDER BY rowid DESC LIMIT ?", (match, limit))]


_PHRASE_CAP = 5_000


def _phrase_rows(conn, plan: Plan) -> set[int] | None:
    """Rows whose quote, note, source or title holds the query as a phrase (the last word may be a
    prefix); None when there are more than _PHRASE_CAP (then bounds assume any row may)."""
    match = '"' + plan.phrase + '"' + (" *" if len(plan.words[-1]) >= PREFIX_MIN else "")
    found: set[int] = set()
    for sql in (
        "SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ? LIMIT ?",
        "SELECT a.rowid FROM articles_fts t JOIN articles r ON r.rowid = t.rowid"
        " JOIN annotations a ON a.article_id = r.id WHERE articles_fts MATCH ? LIMIT ?",
    ):
        found.update(r for (r,) in conn.execute(sql, (match, _PHRASE_CAP + 1)))
        if len(found) > _PHRASE_CAP:
            return None
    return found


def _postings_sql(lst: _List, joined: bool = False) -> str:
    """The rows of one posting list; `joined`: as one comma-separated string."""
    if lst.title:
        column = "group_concat(a.rowid)" if joined else "a.rowid"
        return (f"SELECT {column} FROM articles_fts t JOIN articles r ON r.rowid = t.rowid"
                " JOIN annotations a ON a.article_id = r.id WHERE articles_fts MATCH ?")
    column = "group_concat(rowid)" if joined else "rowid"
    return f"SELECT {column} FROM annotations_fts WHERE annotations_fts MATCH ?"


def _postings(conn, lst: _List) -> list[int]:
    # One string from SQLite, read as a JSON array (in C): a row tuple per posting costs ~5x,
    # splitting the string and int() each ~1.5x (266,653 postings of "percent" at 1 M: 92 ms
    # as rows, 59 split, 40 as JSON). The caller needs no order.
    joined = conn.execute(_postings_sql(lst, joined=True), ('"' + lst.word + '"',)).fetchone()[0]
    return json.loads("[" + joined + "]") if joined else []  # rowids: digits and commas only
