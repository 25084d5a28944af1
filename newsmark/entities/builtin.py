"""The built-in recogniser: capitalised-sequence candidates, tagged by a small averaged
perceptron over gazetteer, shape and context features, then document-level consistency.

Everything it needs ships in data/: gazetteer.json.gz (scripts/build_entity_data.py) and
model.json.gz (scripts/train_entities.py). Pure Python; data loads on first use.
"""

from __future__ import annotations

import gc
import gzip
import json
import re
import struct
import threading
from array import array
from bisect import bisect_left, bisect_right
from importlib import resources
from itertools import accumulate, chain, compress, filterfalse
from operator import itemgetter

from newsmark.model import Entity

from . import lexicon, patterns

TYPES = ("PER", "ORG", "LOC", "MISC", "EVENT")
CLASSES = ("O",) + tuple(f"{p}-{t}" for t in TYPES for p in "BILU")
OUT_LABEL = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE", "EVENT": "EVENT"}

# acronyms, initials, abbreviations; 's apart; words with inner hyphens or apostrophes; any other character
_TOKEN = re.compile(
    r"(?=[A-Za-z]\.|[A-Z][a-z]{1,3}\.)(?:"  # cheap guard: only then try the dotted forms
    r"(?:[A-Za-z]\.){2,}(?![A-Za-z])"  # U.S., U.N.
    r"|[A-Z]\.(?=[ \t]+[A-Z])"  # an initial: George F. Hauser
    r"|(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Ltd|Inc|Co|Corp|Gen|Lt|Col|Sgt|Capt|Rep|Sen|Gov|Prof|Mt|Ft|Rev)\.(?=[ \t]+\w))"
    r"|\w+(?:[-‐]\w+|['’](?![sS]\b)\w+)*|['’][sS]\b|\S"
)
_TOKEN_SPLIT = re.compile("(" + _TOKEN.pattern + ")")
HYPHEN_TAIL = True
DROP_CODES = True
PLACE_RULE = True
_CODE = re.compile(r"\d|\A[IVX]{2,}[A-Z]*\Z")
_GROUP = re.compile(r"[A-Z]\d{1,2}\Z")  # but the G7, the G20 and the E3 are actors
_HYPHEN_GIVEN = re.compile(r"[A-Z][a-z]+-[a-z]+\Z")
_NEWLINE = re.compile("\n")
_BASED = re.compile(r"-(?:" + "|".join(sorted(lexicon.HYPHEN_SUFFIXES)) + r")\b")
_PLACE_BEFORE = re.compile(r"(?<![\w-])([A-Z][\w.]*(?: [A-Z][\w.]*)?)\Z")
_SENT_END = frozenset(".!?…")
# words a Title Case headline leaves in lower case
_MINOR = frozenset("a an the and or nor but as at by for from in into of off on onto per to up via vs with".split())
_OPENERS = frozenset("\"“‘'([«—–-:;")


class Doc:
    """Tokens of one text; sentence starts and headline lines are worked out on demand."""

    __slots__ = ("text", "starts", "ends", "words", "excluded", "after_title", "distinct", "_si", "_hl", "_lower", "_nl", "_breaks", "_lows")

    def __init__(self, text: str, gaz: "Gazetteer") -> None:
        self.text = text
        # split keeps the tokens and the blanks between them; offsets are summed lengths:
        # no Match objects, which would cost more than the regular expression on 1 MB
        parts = _TOKEN_SPLIT.split(text)  # blank, token, blank, token, …, blank
        words = parts[1::2]
        # arrays, not lists: an offset past 256 is an int object of its own (~11 MB more
        # at the peak for 1 MB of text, bench/entities.py). The running total of the parts'
        # lengths is where each part ends: a blank's end is the next token's start
        ends = array("q", accumulate(map(len, parts)))
        self.starts = ends[0:-1:2]
        self.ends = ends[1::2]
        del parts, ends
        self.words = words
        self.excluded = [False] * len(words)
        self.after_title: set[int] = set()  # regions that follow "President", "Dr." …
        self.distinct: set[str] = set(words)  # news repeats words: much is decided once per word
        self._si: set[int] | None = None  # sentence starts, found on first use
        self._hl: set[int] | None = None  # tokens on headline lines, found on first use
        self._nl: list[int] | None = None
        self._breaks: set[int] | None = None
        self._lows: tuple[list[str], list[str]] | None = None  # the distinct words not in lower case, lowered
        self._lower = gaz.lower

    def _split_titles(self, gaz: "Gazetteer", cap: set, rs: int, re_: int) -> list[tuple[int, int]]:
        """Take title chains out of a region: "NASA Administrator Charles Bolden" gives
        "NASA" and "Charles Bolden"; "Deputy Secretary of State John Bass" gives "John Bass"."""
        words = self.words
        titles = lexicon.TITLES
        k = None
        first = words[rs].lower()
        if first in titles and not (first == "general" and rs + 1 < re_ and words[rs + 1].lower() not in titles):
            k = rs
        else:
            for x in range(rs + 1, re_):
                if words[x].lower() in titles and x - 1 in cap and words[x - 1].lower() not in titles:
                    j = x
                    while j < re_ and words[j].lower() in titles:
                        j += 1
                    if any(w.lower() in lexicon.CORE_TITLES for w in words[x:j]):
                        k = x
                    break
        if k is None:
            return [(rs, re_)]
        if k == rs and words[rs].lower() in lexicon.CORE_TITLES and re_ - rs <= 5 and rs + 1 < re_ and words[rs + 1] == "of":
            if not any(w in gaz.first for w in words[rs + 2 : re_]):
                return []  # "Secretary of State", "Minister of Foreign Affairs": a role, no name
        j = k
        while j < re_ and words[j].lower() in titles:
            j += 1
        left = [(rs, k)] if k > rs else []
        if j == re_:
            return left
        nxt = words[j].lower()
        cut = None
        if nxt == "of":
            cut = next((x for x in range(j + 1, min(re_, j + 5)) if words[x] in gaz.first), None)
        elif j in cap and nxt not in lexicon.ORG_HEADS and nxt not in lexicon.CONNECTORS:
            cut = j
        if cut is None:
            return [(rs, re_)]
        self.after_title.add(cut)
        return left + [(cut, re_)]

    def _person_like(self, gaz: "Gazetteer", cap: set, i: int) -> bool:
        """Do the capitalised words ending at token i look like a person's name?"""
        k = i
        while k - 1 in cap and i - k < 3 and not self.line_break_before(k):
            k -= 1
        if k == i:
            return False
        toks = self.words[k : i + 1]
        heads = lexicon.ORG_HEADS | lexicon.PLACE_HEADS
        if any(w.lower() in heads for w in toks) or toks[-1] in gaz.places:
            return False
        # a known given name, or a Chinese-style hyphenated given name ("Leung Yiu-chung")
        return toks[0] in gaz.first or any(_HYPHEN_GIVEN.match(w) for w in toks[1:])

    def lowered_in(self, vocab: frozenset) -> set[str]:
        """The document's distinct words whose lower case is in `vocab`; only the words not
        already in lower case are lowered, once per document."""
        if self._lows is None:
            nonlow = list(filterfalse(str.islower, self.distinct))
            self._lows = (nonlow, list(map(str.lower, nonlow)))
        nonlow, lows = self._lows
        return (self.distinct & vocab) | set(compress(nonlow, map(vocab.__contains__, lows)))

    def line_break_before(self, i: int) -> bool:
        return i == 0 or i in (self._breaks if self._breaks is not None else self.breaks())

    def newlines(self) -> list[int]:
        """The text's newline offsets, found once (rfind per token is quadratic on one long line)."""
        if self._nl is None:
            self._nl = [m.start() for m in _NEWLINE.finditer(self.text)]
        return self._nl

    def breaks(self) -> set[int]:
        """The tokens with a line break between them and the token before (0 aside): no
        token holds a newline, so each newline lies in the gap before the first token after it."""
        if self._breaks is None:
            starts = self.starts
            self._breaks = {bisect_right(starts, o) for o in self.newlines()}
        return self._breaks

    def sent_init(self, i: int) -> bool:
        """Does token i begin a sentence (line start, or after . ! ? not ending an abbreviation)?"""
        return i in (self._si if self._si is not None else self.sentence_starts())

    def sentence_starts(self) -> set[int]:
        """The tokens that begin a sentence, all found at once: a line start; the token after
        . ! ? unless that ends an abbreviation or an initial; the token after an opening
        quote, bracket or dash that itself begins a sentence."""
        if self._si is None:
            words, n = self.words, len(self.words)
            breaks = self.breaks()
            out = {0} | breaks
            abbreviations = lexicon.ABBREVIATIONS
            for p in compress(range(n - 1), map(_SENT_END.__contains__, words)):
                # the word before the stop, unless a line break comes between
                q = words[p - 1].lower() if p >= 1 and p not in breaks else ""
                if not (q in abbreviations or (len(q) == 1 and q.isalpha())):
                    out.add(p + 1)
            # left to right, so whether an opener begins a sentence is settled before the next
            for o in compress(range(n - 1), map(_OPENERS.__contains__, words)):
                if o in out:
                    out.add(o + 1)
            self._si = out
        return self._si

    def headline(self, i: int) -> bool:
        """Is token i on a Title Case line (a headline), where capitals say little?"""
        return i in (self._hl if self._hl is not None else self._headline_tokens())

    def _headline_tokens(self) -> set[int]:
        """The tokens on headline lines, all lines judged at once: a set test per question
        instead of a search for the token's line."""
        text, starts = self.text, self.starts
        out: set[int] = set()
        ls = 0
        for le in chain(self.newlines(), (len(text),)):
            if le > ls and self._headline_line(text[ls:le].rstrip()):
                out.update(range(bisect_left(starts, ls), bisect_left(starts, le)))
            ls = le + 1
        self._hl = out
        return out

    def _headline_line(self, line: str) -> bool:
        if line.endswith((".", ":", ";", ",")) or len(line) > 200:
            return False
        toks = _TOKEN.findall(line)
        alpha = [w for w in toks if w[0].isalpha() and w.lower() not in _MINOR]
        v = (
            len(alpha) >= 4
            and toks[-1] != "."
            and all(not w.islower() for w in alpha)
            and sum(1 for w in alpha if w.lower() in self._lower) >= 2
        )
        if not v and len(alpha) >= 4 and all(w.isupper() for w in alpha):
            v = True  # a line in capitals says as little as a Title Case one
        return v

    def regions(self, gaz: "Gazetteer") -> list[tuple[int, int]]:
        """Runs of capitalised tokens (with connectors and particles) that may be names."""
        words, n, excluded = self.words, len(self.words), self.excluded
        # which words may be name words is decided once per distinct word (news repeats
        # words); the tokens holding them are then picked out at C speed with compress
        capw = set()  # words with a capital letter (punctuation is never lower)
        hlw = set()  # ... that a Title Case headline line would leave out
        particles = lexicon.PARTICLES
        distinct = self.distinct
        # a lower-case word is its own lower case, so only the others need lowering below
        nonlow = list(filterfalse(str.islower, distinct))
        for w in nonlow:
            if not w[0].isalpha():
                continue
            c = w[0]
            if not (c.isupper() or w.lower() != w):  # CJK has no capitals
                continue
            if c.islower() and "-" in w and w.split("-", 1)[0] not in particles:
                continue  # "pro-Beijing", "anti-American": an attitude, not a name
            if "-" in w and w.rsplit("-", 1)[1] in lexicon.HYPHEN_SUFFIXES:
                continue  # "Brussels-based", "Saudi-led": describes the next name
            capw.add(w)
            if w.lower() in gaz.lower and not gaz.is_name(w):
                hlw.add(w)
        cap = {i for i in compress(range(n), map(capw.__contains__, words)) if not excluded[i]}
        if hlw:
            cap.difference_update([i for i in cap if words[i] in hlw and self.headline(i)])
        if not cap:
            return []
        # pre-tokenised text splits "Wong Kwok-kin" as "Wong Kwok - kin": keep the tail
        for i in sorted(cap) if HYPHEN_TAIL else ():
            if (
                i + 2 < n and words[i + 1] == "-" and i - 1 in cap
                and words[i + 2].isalpha() and words[i + 2].islower() and len(words[i + 2]) <= 6
                and words[i + 2] not in lexicon.FUNCTION_WORDS
                and self.ends[i] < self.starts[i + 1] and not self.line_break_before(i + 2)
            ):
                cap.add(i + 2)
        inside = set(cap)
        # the same words, lower-cased once per distinct word instead of once per look
        self._lows = (nonlow, list(map(str.lower, nonlow)))
        lowered_in = self.lowered_in
        conn = lowered_in(lexicon.CONNECTORS)
        partw = lowered_in(particles)
        apostrophes = ("'", "’")
        for i in sorted(cap):
            if (
                (i + 1 >= n or (words[i + 1] not in conn and words[i + 1] not in apostrophes))
                and (i == 0 or words[i - 1] not in conn)
            ):
                continue  # most name words: no connector, particle or apostrophe beside them
            # connectors after a capitalised word, before the next ("Bank of the West", "Bab al - Azizia")
            j = i + 1
            while j < n and j - i <= 3 and j not in cap and words[j] in conn and not excluded[j]:
                j += 1
            if (
                j == i + 1 and i + 2 in cap and words[j] in ("'", "’") and words[i].endswith("s")
                and self.ends[i] == self.starts[j]
            ):
                inside.add(j)  # plural possessive inside a name: "Atlantic Dockers' Federation"
            if j in cap and j > i + 1 and not any(self.line_break_before(k) for k in range(i + 1, j + 1)):
                # "General Motors and Minister …": a title after "and" starts someone new;
                # "Tanya Chan of the Civic Party": a person's name does not go on with "of"
                if not (
                    (words[j - 1].lower() == "and" and words[j].lower() in lexicon.TITLES)
                    or (words[i + 1].lower() in ("of", "from", "and") and self._person_like(gaz, cap, i))
                    or (words[i + 1].lower() == "and" and words[i + 2].lower() == "the")
                    # "Daniel and Nettie", "Washington and Oregon" (but "Trinidad and Tobago")
                    or (
                        j == i + 2 and words[i + 1].lower() == "and"
                        and (words[j] in gaz.first or words[j] in gaz.places or " ".join(words[j : j + 2]) in gaz.places)
                        and f"{words[i]} and {words[j]}" not in gaz.country
                    )
                ):
                    inside.update(range(i + 1, j))
            # particles that begin a name ("al - Ikhbariya", "bin Laden")
            k = i - 1
            while k >= 0 and i - k <= 2 and k not in inside and words[k] in conn and not excluded[k]:
                k -= 1
            k += 1
            while k < i and words[k] not in partw:
                k += 1
            if k < i and not any(self.line_break_before(x) for x in range(k + 1, i + 1)):
                inside.update(range(k, i))
        out = []
        idx = sorted(inside)
        a = prev = idx[0]
        fw = lowered_in(lexicon.FUNCTION_WORDS)
        breaks = self.breaks()
        for i in idx[1:] + [None]:
            if i is not None and i == prev + 1 and i not in breaks:
                prev = i
                continue
            # a leading "The", "But", "In" … is never part of the name
            while a <= prev and (words[a] in fw or a not in cap and words[a] not in partw):
                a += 1
            if a <= prev:
                out += self._split_titles(gaz, cap, a, prev + 1)
            if i is not None:
                a = prev = i
        return out


_shapes: dict[str, str] = {}


def shape(w: str) -> str:
    v = _shapes.get(w)
    if v is None:
        v = _shape(w)
        if len(_shapes) < 200_000:
            _shapes[w] = v
    return v


def _shape(w: str) -> str:
    out = []
    for c in w[:8]:
        if c.isupper():
            t = "X"
        elif c.islower():
            t = "x"
        elif c.isdigit():
            t = "d"
        else:
            t = c
        if not out or out[-1] != t:
            out.append(t)
    return "".join(out) + ("+" if len(w) > 8 else "")


class Gazetteer:
    def __init__(self, data: dict) -> None:
        self.country = frozenset(data["country"])
        self.region = frozenset(data["region"])
        self.city = frozenset(data["city"])
        self.first = frozenset(data["first"]) | lexicon.GIVEN_NAMES
        self.last = frozenset(data["last"])
        self.lower = frozenset(data["lower"])
        self.proper = frozenset(data["proper"])
        self.places = self.country | self.region | self.city
        self.country_first = frozenset(c.split(" ", 1)[0] for c in self.country if " " in c)
        self._classes: dict[str, str] = {}

    def is_name(self, w: str) -> bool:
        return w in self.places or w in self.first or w.lower() in lexicon.NORP_WORDS

    def word_features(self, w: str) -> list[str]:
        lw = w.lower()
        f = ["b", "w=" + w, "l=" + lw, "sh=" + shape(w), "s3=" + lw[-3:], "s2=" + lw[-2:]]
        if w in self.country:
            f.append("g=country")
        if w in self.region:
            f.append("g=region")
        if w in self.city:
            f.append("g=city")
        if w in self.first:
            f.append("g=first")
        if w in self.last:
            f.append("g=last")
        if lw in self.lower:
            f.append("g=lower")
        if w in self.proper:
            f.append("g=proper")
        if lw in lexicon.NORP_WORDS:
            f.append("g=norp")
        if lw in lexicon.TITLES:
            f.append("g=title")
        if lw in lexicon.ORG_HEADS:
            f.append("g=orghead")
        if lw in lexicon.PLACE_HEADS:
            f.append("g=placehead")
        if lw in lexicon.PLACE_FIRST:
            f.append("g=placefirst")
        if lw in lexicon.EVENT_HEADS:
            f.append("g=eventhead")
        if lw in lexicon.CONNECTORS:
            f.append("g=conn")
        if len(w) > 1 and w.isupper():
            f.append("caps")
            f.append("caps_len=" + str(min(len(w), 5)))
        if "-" in w:
            f.append("hyph")
            f.append("hyph0=" + lw.split("-", 1)[0])
        return f

    def word_class(self, w: str) -> str:
        """One coarse class for a neighbouring word, so context features generalise."""
        v = self._classes.get(w)
        if v is None:
            v = self._word_class(w)
            if len(self._classes) < 200_000:
                self._classes[w] = v
        return v

    def _word_class(self, w: str) -> str:
        lw = w.lower()
        if lw in lexicon.TITLES:
            return "title"
        if lw in lexicon.ORG_HEADS:
            return "orghead"
        if w in self.country or w in self.region:
            return "country"
        if w in self.city:
            return "city"
        if w in self.first:
            return "first"
        if lw in lexicon.NORP_WORDS:
            return "norp"
        return shape(w)


def region_features(doc: Doc, gaz: Gazetteer, rs: int, re_: int) -> list[str]:
    """Features shared by every token of a region: its head word, length, what surrounds it."""
    words = doc.words
    wc = gaz.word_class
    head = words[re_ - 1]
    f = [
        "rl=" + str(min(re_ - rs, 5)),
        "head=" + head.lower(),
        "first=" + words[rs].lower(),
        "headc=" + wc(head),
        "bpre=" + (words[rs - 1].lower() if rs > 0 else "<s>"),
        "bpost=" + (words[re_].lower() if re_ < len(words) else "</s>"),
        "bprec=" + (wc(words[rs - 1]) if rs > 0 else "<s>"),
    ]
    if re_ - rs <= 3:
        f.append("rc=" + "+".join(map(wc, words[rs:re_])))
    if doc.headline(rs):
        f.append("hl")
    return f


def token_features(doc: Doc, gaz: Gazetteer, i: int, rs: int, re_: int, prev: str, memory: dict) -> list[str]:
    words = doc.words
    n = len(words)
    wc = gaz.word_class
    if i > 0:
        p = words[i - 1]
        pw, pwc = p.lower(), wc(p)
    else:
        pw = pwc = "<s>"
    ppw = words[i - 2].lower() if i > 1 else "<s>"
    if i + 1 < n:
        q = words[i + 1]
        nw, nwc = q.lower(), wc(q)
    else:
        nw = nwc = "</s>"
    nnw = words[i + 2].lower() if i + 2 < n else "</s>"
    w = words[i]
    sh = shape(w)
    pos = ("only" if re_ - rs == 1 else "first") if i == rs else ("last" if i == re_ - 1 else "mid")
    f = [
        "pw=" + pw, "nw=" + nw, "ppw=" + ppw, "nnw=" + nnw,
        "pt=" + prev, "pt_sh=" + prev + sh, "pos=" + pos,
        "pos_sh=" + pos + sh,
        "pwc=" + pwc,
        "nwc=" + nwc,
        "pw_pos=" + pw + pos,
    ]
    if doc.sent_init(i):
        lw = w.lower()
        f.append("si")
        f.append("si_l=" + lw)
        if lw in gaz.lower:
            f.append("si_lower")
    m = memory.get(w)
    if m:
        f.append("mem=" + m)
        f.append("mem_pos=" + m + pos)
    return f


def allowed(prev: str, last: bool) -> list[int]:
    """Class indices that may follow `prev`; at a region's last token no entity stays open."""
    out = []
    open_type = prev[2:] if prev[:1] in ("B", "I") else None
    for k, c in enumerate(CLASSES):
        if open_type:
            ok = c in ("I-" + open_type, "L-" + open_type) and not (last and c[0] == "I")
        else:
            ok = c == "O" or c[0] == "U" or (c[0] == "B" and not last)
        if ok:
            out.append(k)
    return out


_ALLOWED = {(p, last): allowed(p, last) for p in CLASSES for last in (False, True)}
# itemgetter over the allowed classes; a one-class choice still yields a tuple
_PICK = {
    key: (ks, itemgetter(*ks) if len(ks) > 1 else (lambda row, k=ks[0]: (row[k],)))
    for key, ks in _ALLOWED.items()
}


# Weights: the training script writes them rounded to three decimals, so times SCALE they
# are integers and a token's score is an exact sum, whatever order its rows are added in.
# Each feature's row of class scores is packed into one int, a FIELD-bit field per class
# holding weight + BIAS: adding two packed rows adds every class's field at once (no carry
# between fields: a field stays positive and below 2**FIELD for up to 2**(FIELD-21) rows).
# Every class gets the same BIAS per row added, so the best class, and which of several
# tied ones comes first, are those of the plain sums.
SCALE = 1000
FIELD = 32
BIAS = 1 << 20  # above any weight times SCALE (|w| < 1,048 before scaling)
_NCLS = len(CLASSES)
_NBYTES = _NCLS * FIELD // 8
_unpack = struct.Struct(f"<{_NCLS}I").unpack
_LONE = _ALLOWED[("O", True)]  # the classes open to a one-word region: O and U-*
_lone = itemgetter(*_LONE)


def pack(row: list[int]) -> int:
    """A row of integer class scores as one int (see FIELD, BIAS)."""
    out = 0
    for k, x in enumerate(row):
        if not -BIAS < x < BIAS:
            raise ValueError(f"weight {x / SCALE} is too large to pack")
        out |= (x + BIAS) << (FIELD * k)
    return out


def fields(total: int) -> tuple[int, ...]:
    """The class fields of a sum of packed rows (each score plus the same bias)."""
    return _unpack(total.to_bytes(_NBYTES, "little"))


class Model:
    """Averaged-perceptron weights: per feature, its row of class scores, packed (see pack)."""

    def __init__(self, sparse: dict[str, list]) -> None:
        # pack() without the row: every field's BIAS at once, then each weight added at its
        # field (a negative one takes from its own field's BIAS, never from the next field)
        base = pack([0] * _NCLS)
        shifts = [FIELD * k for k in range(_NCLS)]
        weights: dict[str, int] = {}
        top = 0
        for feat, pairs in sparse.items():
            v = base
            for k, x in pairs:
                x = round(x * SCALE)
                v += x << shifts[k]
                if x > top or -x > top:
                    top = abs(x)
            weights[feat] = v
        if top >= BIAS:
            raise ValueError(f"weight {top / SCALE} is too large to pack")
        self.weights = weights
        self._static: dict[str, int] = {}

    def static_scores(self, gaz: Gazetteer, w: str) -> int:
        """The sum of the rows of the word's own features (Gazetteer.word_features), packed."""
        v = self._static.get(w)
        if v is None:
            v = sum(filter(None, map(self.weights.get, gaz.word_features(w))))
            if len(self._static) < 200_000:
                self._static[w] = v
        return v


class _Scores:
    """Summed weight rows for one document, found once per word or context and reused.

    A token's score is the sum of the rows its features name (region_features,
    token_features and Gazetteer.word_features are the definition; decode_region without a
    cache adds them one by one). Here the rows that depend on the same thing are summed
    beforehand: everything a word says about itself, about the word after it, about the
    one before it, and so on, so each token adds a handful of packed rows instead of
    twenty. The sums are exact, so the scores are the same."""

    __slots__ = ("get", "wc", "gaz", "model", "lone_w", "lone_p", "lone_q", "far_p", "far_q", "si", "mem",
                 "hl", "head", "bpre", "bpost", "tok", "ctx_p", "ctx_q", "pt_sh", "rl1")

    def __init__(self, model: Model, gaz: Gazetteer) -> None:
        self.get = get = model.weights.get
        self.wc = gaz.word_class
        self.gaz = gaz
        self.model = model
        # missing features count 0; keys None: before the text's start or past its end
        self.lone_w: dict = {}  # a one-word region's word: its region and token rows, its static row
        self.lone_p: dict = {}  # the word before a one-word region
        self.lone_q: dict = {}  # the word after it
        self.far_p: dict = {}  # ppw= of the word two before a token
        self.far_q: dict = {}  # nnw= of the word two after
        self.si: dict = {}  # a word at a sentence start: si + si_l= + si_lower
        self.mem: dict = {}  # remembered type + position -> mem= + mem_pos=
        self.hl = get("hl") or 0
        self.head: dict = {}  # head=, headc= of a longer region's last word
        self.bpre: dict = {}  # bpre=, bprec= of the word before it
        self.bpost: dict = {}  # bpost= of the word after it
        self.tok: dict = {}  # a word in a longer region -> its rows at each position (static, pos=, pos_sh=), its shape
        self.ctx_p: dict = {}  # the word before such a token -> its rows at each position (pw=, pwc=, pw_pos=)
        self.ctx_q: dict = {}  # the word after it -> nw= + nwc=
        self.pt_sh: dict = {}  # previous tag + shape -> pt= + pt_sh=
        self.rl1 = sum(filter(None, (get("rl=1"), get("pt=O"), get("pos=only"))))

    # (each found on a miss and kept)

    def word_lone(self, w: str) -> int:
        get = self.get
        lw = w.lower()
        c = self.wc(w)
        sh = shape(w)
        v = self.lone_w[w] = (
            self.model.static_scores(self.gaz, w) + self.rl1
            + sum(filter(None, (get("head=" + lw), get("first=" + lw), get("headc=" + c), get("rc=" + c),
                                get("pt_sh=O" + sh), get("pos_sh=only" + sh))))
        )
        return v

    def before_lone(self, p) -> int:
        get = self.get
        if p is None:
            pw = pwc = "<s>"
        else:
            pw, pwc = p.lower(), self.wc(p)
        v = self.lone_p[p] = sum(filter(None, (get("bpre=" + pw), get("bprec=" + pwc), get("pw=" + pw),
                                               get("pwc=" + pwc), get("pw_pos=" + pw + "only"))))
        return v

    def after_lone(self, q) -> int:
        get = self.get
        if q is None:
            nw = nwc = "</s>"
        else:
            nw, nwc = q.lower(), self.wc(q)
        v = self.lone_q[q] = sum(filter(None, (get("bpost=" + nw), get("nw=" + nw), get("nwc=" + nwc))))
        return v

    def two_before(self, w) -> int:
        v = self.far_p[w] = self.get("ppw=" + (w.lower() if w is not None else "<s>")) or 0
        return v

    def two_after(self, w) -> int:
        v = self.far_q[w] = self.get("nnw=" + (w.lower() if w is not None else "</s>")) or 0
        return v

    def sent_start(self, w: str) -> int:
        lw = w.lower()
        get = self.get
        v = (get("si") or 0) + (get("si_l=" + lw) or 0)
        if lw in self.gaz.lower:
            v += get("si_lower") or 0
        self.si[w] = v
        return v

    def remembered(self, m: str, pos: str) -> int:
        v = self.mem[m + pos] = (self.get("mem=" + m) or 0) + (self.get("mem_pos=" + m + pos) or 0)
        return v

    def region(self, doc: "Doc", rs: int, re_: int) -> int:
        """The rows of region_features(rs, re_), summed."""
        words = doc.words
        get = self.get
        head = words[re_ - 1]
        p = words[rs - 1] if rs > 0 else None
        q = words[re_] if re_ < len(words) else None
        v = (
            (self.head[head] if head in self.head else self._head(head))
            + (self.bpre[p] if p in self.bpre else self._bpre(p))
            + (self.bpost[q] if q in self.bpost else self._bpost(q))
            + (get("rl=" + str(min(re_ - rs, 5))) or 0) + (get("first=" + words[rs].lower()) or 0)
        )
        if re_ - rs <= 3:
            v += get("rc=" + "+".join(map(self.wc, words[rs:re_]))) or 0
        if doc.headline(rs):
            v += self.hl
        return v

    def _head(self, w: str) -> int:
        v = self.head[w] = (self.get("head=" + w.lower()) or 0) + (self.get("headc=" + self.wc(w)) or 0)
        return v

    def _forms(self, w, edge: str) -> tuple[str, str]:
        """A neighbouring word's lower case and word class; `edge` for none (text start or end)."""
        return (edge, edge) if w is None else (w.lower(), self.wc(w))

    def _bpre(self, p) -> int:
        pw, pwc = self._forms(p, "<s>")
        v = self.bpre[p] = (self.get("bpre=" + pw) or 0) + (self.get("bprec=" + pwc) or 0)
        return v

    def _bpost(self, q) -> int:
        v = self.bpost[q] = self.get("bpost=" + (q.lower() if q is not None else "</s>")) or 0
        return v

    def word(self, w: str) -> tuple:
        get = self.get
        static = self.model.static_scores(self.gaz, w)
        sh = shape(w)
        v = self.tok[w] = tuple(
            static + (get("pos=" + pos) or 0) + (get("pos_sh=" + pos + sh) or 0) for pos in _POSITIONS
        ) + (sh,)
        return v

    def before(self, p) -> tuple:
        get = self.get
        pw, pwc = self._forms(p, "<s>")
        both = (get("pw=" + pw) or 0) + (get("pwc=" + pwc) or 0)
        v = self.ctx_p[p] = tuple(both + (get("pw_pos=" + pw + pos) or 0) for pos in _POSITIONS)
        return v

    def after(self, q) -> int:
        nw, nwc = self._forms(q, "</s>")
        v = self.ctx_q[q] = (self.get("nw=" + nw) or 0) + (self.get("nwc=" + nwc) or 0)
        return v

    def tag_shape(self, key: str, prev: str, sh: str) -> int:
        v = self.pt_sh[key] = (self.get("pt=" + prev) or 0) + (self.get("pt_sh=" + prev + sh) or 0)
        return v


_POSITIONS = ("first", "mid", "last")


def decode_lone(doc: Doc, i: int, memory: dict, cache: _Scores, si: bool) -> str:
    """The tag of the one-word region at token i (si: does it start a sentence?), as
    decode_region gives it."""
    words = doc.words
    n = len(words)
    far_p, far_q = cache.far_p, cache.far_q
    w = words[i]
    p = words[i - 1] if i > 0 else None
    q = words[i + 1] if i + 1 < n else None
    pp = words[i - 2] if i > 1 else None
    qq = words[i + 2] if i + 2 < n else None
    lp, lq = cache.lone_p, cache.lone_q
    v = (
        (cache.lone_w.get(w) or cache.word_lone(w))
        + (lp[p] if p in lp else cache.before_lone(p))
        + (lq[q] if q in lq else cache.after_lone(q))
        + (far_p[pp] if pp in far_p else cache.two_before(pp))
        + (far_q[qq] if qq in far_q else cache.two_after(qq))
    )
    if doc.headline(i):
        v += cache.hl
    if si:
        v += cache.si[w] if w in cache.si else cache.sent_start(w)
    m = memory.get(w)
    if m:
        key = m + "only"
        v += cache.mem[key] if key in cache.mem else cache.remembered(m, "only")
    s = _lone(_unpack(v.to_bytes(_NBYTES, "little")))
    t = CLASSES[_LONE[s.index(max(s))]]
    if t != "O" and t[2:] in _REMEMBERED:
        memory[w] = t[2:]
    return t


def decode_region(model: Model, gaz: Gazetteer, doc: Doc, rs: int, re_: int, memory: dict, cache: "_Scores | None" = None) -> list[str]:
    """The tags of region rs:re_, left to right, each the best class allowed after the last.

    Without `cache`: by the definition, every feature's row added one by one. With it: the
    same sums from rows summed beforehand (see _Scores)."""
    if cache is None:
        return _decode_by_features(model, gaz, doc, rs, re_, memory)
    words = doc.words
    n = len(words)
    far_p, far_q = cache.far_p, cache.far_q
    if re_ - rs == 1:  # most regions: one word, six classes, one sum
        return [decode_lone(doc, rs, memory, cache, doc.sent_init(rs))]
    tags = []
    prev = "O"
    rvec = cache.region(doc, rs, re_)
    last = re_ - 1
    tok, ctx_p, ctx_q, pt_sh = cache.tok, cache.ctx_p, cache.ctx_q, cache.pt_sh
    starts = doc.sentence_starts()
    for i in range(rs, re_):
        allowed, pick = _PICK[(prev, i == last)]
        if len(allowed) == 1:  # inside a name, at its last word: only its end may follow
            prev = CLASSES[allowed[0]]
            tags.append(prev)
            continue
        w = words[i]
        p = words[i - 1] if i > 0 else None
        q = words[i + 1] if i + 1 < n else None
        pp = words[i - 2] if i > 1 else None
        qq = words[i + 2] if i + 2 < n else None
        k = 0 if i == rs else (2 if i == last else 1)  # first, mid, last
        wrows = tok.get(w) or cache.word(w)
        key = prev + wrows[3]
        v = (
            rvec + wrows[k] + (ctx_p.get(p) or cache.before(p))[k]
            + (ctx_q[q] if q in ctx_q else cache.after(q))
            + (far_p[pp] if pp in far_p else cache.two_before(pp))
            + (far_q[qq] if qq in far_q else cache.two_after(qq))
            + (pt_sh[key] if key in pt_sh else cache.tag_shape(key, prev, wrows[3]))
        )
        if i in starts:
            v += cache.si[w] if w in cache.si else cache.sent_start(w)
        m = memory.get(w)
        if m:
            key = m + _POSITIONS[k]
            v += cache.mem[key] if key in cache.mem else cache.remembered(m, _POSITIONS[k])
        s = pick(fields(v))
        prev = CLASSES[allowed[s.index(max(s))]]
        tags.append(prev)
    remember(doc, rs, tags, memory)
    return tags


def _decode_by_features(model: Model, gaz: Gazetteer, doc: Doc, rs: int, re_: int, memory: dict) -> list[str]:
    """decode_region by the definition: each token's feature strings, each one's row of
    plain scores added to a list one by one (no packing, no sums kept between tokens)."""
    plain: dict[str, list[int]] = {}

    def row(feat: str):
        r = plain.get(feat)
        if r is None and feat in model.weights:
            f = fields(model.weights[feat])
            r = plain[feat] = [x - BIAS for x in f]
        return r

    words = doc.words
    region = [row(f) for f in region_features(doc, gaz, rs, re_)]
    tags = []
    prev = "O"
    for i in range(rs, re_):
        allowed = _ALLOWED[(prev, i == re_ - 1)]
        feats = gaz.word_features(words[i]) + token_features(doc, gaz, i, rs, re_, prev, memory)
        v = [0] * _NCLS
        for r in region + [row(f) for f in feats]:
            if r is not None:
                for k in range(_NCLS):
                    v[k] += r[k]
        s = [v[k] for k in allowed]
        prev = CLASSES[allowed[s.index(max(s))]]
        tags.append(prev)
    remember(doc, rs, tags, memory)
    return tags


_REMEMBERED = frozenset(("PER", "ORG", "LOC"))


def remember(doc: Doc, rs: int, tags: list[str], memory: dict) -> None:
    for k, t in enumerate(tags):
        if t != "O" and t[2:] in ("PER", "ORG", "LOC"):
            memory[doc.words[rs + k]] = t[2:]


def spans_from_tags(rs: int, tags: list[str]) -> list[tuple[int, int, str]]:
    out, start = [], None
    for k, t in enumerate(tags):
        if t[0] == "U":
            out.append((rs + k, rs + k + 1, t[2:]))
        elif t[0] == "B":
            start = rs + k
        elif t[0] == "L" and start is not None:
            out.append((start, rs + k + 1, t[2:]))
            start = None
    return out


_lock = threading.Lock()
_loaded: tuple[Gazetteer, Model] | None = None


def _read(name: str) -> bytes:
    return resources.files(__package__).joinpath("data").joinpath(name).read_bytes()


def load_gazetteer_only() -> tuple[Gazetteer, None]:
    """For the training script, which writes the model this module would load."""
    return Gazetteer(json.loads(gzip.decompress(_read("gazetteer.json.gz")))), None


def load() -> tuple[Gazetteer, Model]:
    global _loaded
    with _lock:
        if _loaded is None:
            gaz = Gazetteer(json.loads(gzip.decompress(_read("gazetteer.json.gz"))))
            raw = json.loads(gzip.decompress(_read("model.json.gz")))
            _loaded = gaz, Model(raw["weights"])
        return _loaded


def _version() -> str:
    from . import builtin_version  # the hash of the data and source, computed once per process

    return builtin_version()


def tag_doc(doc: Doc, gaz: Gazetteer, model: Model) -> list[tuple[int, int, str]]:
    """Token spans (start token, end token, type) before document-level clean-up."""
    memory: dict[str, str] = {}
    out = []
    cache = _Scores(model, gaz)
    regions = doc.regions(gaz)
    words = doc.words
    common: dict[str, bool] = {}  # word -> a common word (at a sentence start), decided once
    starts = doc.sentence_starts()
    for rs, re_ in regions:
        if re_ - rs == 1:
            si = rs in starts
            if si:
                w = words[rs]
                v = common.get(w)
                if v is None:
                    v = common[w] = _common_at_start(w, gaz)
                if v:
                    continue
            t = decode_lone(doc, rs, memory, cache, si)
            if t[0] == "U":
                out.append((rs, re_, t[2:]))
            continue
        out += spans_from_tags(rs, decode_region(model, gaz, doc, rs, re_, memory, cache))
    return regions, person_rules(doc, gaz, regions, out)


def _common_at_start(w: str, gaz: Gazetteer) -> bool:
    """Is `w`, a lone capitalised word at a sentence start, a common word the model says O to?"""
    # "Critics said …": a lone common word that is capitalised only because it starts a
    # sentence; the model says O to these, so the work is skipped
    if w.lower() in gaz.lower and w not in gaz.proper and w not in gaz.last and not gaz.is_name(w):
        return True
    # "Privatisation has failed": British spelling of a common word
    return w not in gaz.proper and w not in gaz.last and _british_common(w.lower(), gaz.lower) and not gaz.is_name(w)


def person_rules(doc: Doc, gaz: Gazetteer, regions, spans):
    """News conventions the small training set cannot teach: a name after a title, and a
    given name followed by capitalised words, is a person; "Ministry of …" and "… Council"
    are organisations even where the model saw nothing."""
    words = doc.words
    spans = sorted(spans)
    firsts = [sp[0] for sp in spans]
    drop: set = set()
    add_: list = []
    # the words that keep a region from being a person: organisation and place heads, known places
    blocked = doc.lowered_in(lexicon.ORG_HEADS | lexicon.PLACE_HEADS) | (doc.distinct & gaz.places)
    for rs, re_ in regions:
        n = re_ - rs
        if n > 4:
            continue
        toks = words[rs:re_]
        if not blocked.isdisjoint(toks):
            continue
        inner = spans[bisect_left(firsts, rs) : bisect_left(firsts, re_)]
        if any(t in ("PER", "ORG") for _, _, t in inner) and not (rs in doc.after_title):
            continue
        whole = inner == [] or (len(inner) == 1 and inner[0][:2] == (rs, re_))
        if not whole:
            continue
        after_title = rs in doc.after_title and all(w[0].isupper() or w.lower() in lexicon.PARTICLES or w == "-" for w in toks)
        given = (
            2 <= n <= 3 and toks[0] in gaz.first and not doc.headline(rs)
            and toks[-1][0].isupper() and toks[-1].lower() not in gaz.lower
            and (not inner or toks[0].lower() not in gaz.lower)  # "Summer Olympics", "Grace Church"
        )
        if after_title or given:
            drop.update(inner)
            add_.append((rs, re_, "PER"))
    # a region the model left empty that is built like an organisation or a place
    for rs, re_ in regions:
        if spans[bisect_left(firsts, rs) : bisect_left(firsts, re_)]:
            continue
        if re_ - rs == 1:
            w = words[rs]
            # "teams from outside Montreal": a known place that is no common word or given name
            if PLACE_RULE and w in gaz.places and w.lower() not in gaz.lower and w not in gaz.first:
                add_.append((rs, re_, "LOC"))
            continue
        if doc.headline(rs):
            continue
        first, second, last = words[rs].lower(), words[rs + 1].lower(), words[re_ - 1].lower()
        if last in lexicon.ORG_HEADS or (first in lexicon.ORG_HEADS and second == "of"):
            add_.append((rs, re_, "ORG"))
        elif last in lexicon.PLACE_HEADS or last in lexicon.FACILITY_HEADS or first in lexicon.PLACE_FIRST:
            add_.append((rs, re_, "LOC"))
    return sorted([sp for sp in spans if sp not in drop] + add_)


def consistency(doc: Doc, gaz: Gazetteer, regions, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Once "Khalifa Haftar" is a person, a lone "Haftar" is too; repeated names agree."""
    words = doc.words
    surnames = {}
    for s, e, t in spans:
        if t == "PER" and e - s >= 2 and words[e - 1][0].isupper():
            surnames[words[e - 1]] = "PER"
    # each span's text, joined once (a one-word name is its word)
    keys = [words[s] if e - s == 1 else " ".join(words[s:e]) for s, e, _ in spans]
    votes: dict[str, dict[str, int]] = {}  # name -> type -> spans, types in first-seen order
    for key, (_, _, t) in zip(keys, spans):
        c = votes.get(key)
        if c is None:
            votes[key] = {t: 1}
        else:
            c[t] = c.get(t, 0) + 1
    tops: dict[str, tuple[str, int]] = {}
    out = []
    for key, (s, e, t) in zip(keys, spans):
        if e - s == 1 and key in surnames:
            t = "PER"
        else:
            c = votes[key]
            if len(c) > 1:  # (a name typed one way only keeps its type: none of these apply)
                # the most votes, the first type seen among equals (as Counter.most_common)
                top, n = tops[key] if key in tops else tops.setdefault(key, max(c.items(), key=itemgetter(1)))
                ct = c[t]
                per = c.get("PER", 0)
                if n > ct and top in ("PER", "ORG", "LOC"):
                    t = top
                elif t != "PER" and per and per == ct and e - s >= 2 and words[s] in gaz.first:
                    t = "PER"  # "Hassan Ouchen": a tie goes to the person when it starts with a given name
                elif t == "ORG" and c.get("LOC", 0) == ct and key in gaz.places:
                    t = "LOC"  # a known place typed both ways
        if t == "PER" and e - s >= 2:
            head = words[e - 1].lower()
            # "Johnson Space Center" is a place, "Andy Warhol Foundation" an organisation
            if head in lexicon.FACILITY_HEADS or head in lexicon.PLACE_HEADS:
                t = "LOC"
            elif head in lexicon.ORG_HEADS:
                t = "ORG"
        out.append((s, e, t))
    # a person whose name goes on past a spaced hyphen ("Wong Kwok - kin")
    for k, (s, e, t) in enumerate(out):
        if t == "PER" and e + 1 < len(words) and words[e] == "-" and words[e + 1].islower() and HYPHEN_TAIL:
            r = bisect_left(regions, (s + 1,)) - 1  # the region holding the span
            if r >= 0 and regions[r][0] <= s and e + 2 <= regions[r][1]:
                out[k] = (s, e + 2, t)
    # a surname seen in a full name is the person wherever it stands alone
    if surnames:
        covered = {i for s, e, _ in out for i in range(s, e)}
        for rs, re_ in regions:
            if surnames.keys().isdisjoint(words[rs:re_]):
                continue  # most regions hold no surname at all
            for i in range(rs, re_):
                w = words[i]
                if i not in covered and w in surnames and w.lower() not in gaz.lower:
                    out.append((i, i + 1, "PER"))
    out.sort()
    return out


def prepare(text: str, gaz: Gazetteer) -> tuple[Doc, list[tuple[int, int, str]]]:
    """Tokens of `text`, with tokens inside a date or quantity excluded from names."""
    doc = Doc(text, gaz)
    found = patterns.find(text, doc.starts, doc.words, doc.distinct)
    starts, ends, excluded = doc.starts, doc.ends, doc.excluded
    n = len(starts)
    for s, e, _ in found:
        i = bisect_right(ends, s)  # the first token ending after the span starts
        while i < n and starts[i] < e:
            excluded[i] = True
            i += 1
    return doc, found


class BuiltinRecognizer:
    """The default recogniser: no network, no model download, pure Python."""

    name = "builtin"

    def __init__(self) -> None:
        self.version = _version()

    def recognize(self, text: str) -> list[Entity]:
        # the work allocates many small objects and leaves no reference cycles (a 1 MB
        # article leaves none for gc.collect), so the cyclic collector has nothing to find
        # during the call; its passes over the heap cost ~10% of a 1 MB article's CPU
        enabled = gc.isenabled()
        if enabled:
            gc.disable()
        try:
            return self._recognize(text)
        finally:
            if enabled:
                gc.enable()

    def _recognize(self, text: str) -> list[Entity]:
        gaz, model = load()
        doc, found = prepare(text, gaz)
        regions, spans = tag_doc(doc, gaz, model)
        spans = consistency(doc, gaz, regions, spans)
        spans = news_rules(doc, gaz, regions, spans)
        spans = speaker_rules(doc, gaz, regions, spans)
        # "LISBON, March 14": a dateline city in capitals
        for k, (s, e, t) in enumerate(spans):
            w = doc.words[s]
            if e - s == 1 and t != "LOC" and len(w) > 3 and w.isupper() and w.title() in gaz.places:
                spans[k] = (s, e, "LOC")
        ents: list[tuple[int, int, str]] = []
        for s, e, t in spans:
            if DROP_CODES and any(_CODE.search(w) and not _GROUP.match(w) for w in doc.words[s:e]):
                continue  # "F-86 Sabre", "MP500T", "III": products and numbering, not actors
            label = OUT_LABEL.get(t)
            if t == "MISC" and words_norp(doc.words[s:e]):
                label = "NORP"
            if label:
                ents.append((doc.starts[s], doc.ends[e - 1], label))
        taken = {i for s, e, _ in spans for i in range(s, e)}
        for rs, re_ in regions:
            for i in range(rs, re_):
                w = doc.words[i]
                if i not in taken and w[0].isupper() and w.lower() in lexicon.NORP_WORDS:
                    ents.append((doc.starts[i], doc.ends[i], "NORP"))
        for h in _BASED.finditer(text):  # "the Brussels-based institute": Brussels is a place
            m = _PLACE_BEFORE.search(text, max(0, h.start() - 60), h.start())
            if m is None:
                continue
            g, a = m.group(1), m.start(1)
            if g not in gaz.places and " " in g:
                a += g.index(" ") + 1
                g = g[g.index(" ") + 1 :]  # "The Vienna-based": the last word alone
            if g in gaz.places:
                ents.append((a, m.end(1), "PLACE"))
        ents += found  # name candidates never include date or quantity tokens
        ents.sort()
        return [Entity(s, e, lab, text[s:e]) for s, e, lab in ents]


def words_norp(ws: list[str]) -> bool:
    return any(w.lower() in lexicon.NORP_WORDS for w in ws)


_AND_SPLIT_KEEP = frozenset(("PER", "ORG", "LOC"))
_SUFFIXES = frozenset(("Jr", "Sr", "Jnr", "Snr", "Jr.", "Sr."))
_SPEAK = frozenset(("speak", "speaks", "spoke", "spoken", "speaking", "translated", "written"))


def _british_common(lw: str, lower: frozenset) -> bool:
    """Is `lw` an ordinary word, allowing British spellings of the American word list
    ("privatisation", "labour", "centre", "catalogue")?"""
    if lw in lower:
        return True
    for a, b in (("isation", "ization"), ("isations", "izations"), ("ise", "ize"), ("ised", "ized"),
                 ("ising", "izing"), ("our", "or"), ("ours", "ors"), ("tre", "ter"), ("tres", "ters"),
                 ("ogue", "og"), ("ence", "ense"), ("yse", "yze")):
        if lw.endswith(a) and lw[: -len(a)] + b in lower:
            return True
    if lw.endswith(("ed", "ing", "ation", "ations")):
        # "Inactivated", "Redesignated", "Reopening": a prefix on an ordinary verb form
        for pre in ("re", "in", "un", "de", "non", "pre", "co", "dis"):
            if lw.startswith(pre) and len(lw) - len(pre) >= 5 and lw[len(pre):] in lower:
                return True
    return False


def news_rules(doc: Doc, gaz: Gazetteer, regions, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Rules for names news quotes from other languages and for what the words around a name
    say about it, applied after the model and the consistency pass."""
    words = doc.words
    n = len(words)
    L = lexicon
    org_end = L.ORG_HEADS | L.COMPANY_HEADS
    not_place_end = org_end | L.FACILITY_HEADS
    spans = sorted(spans)
    firsts = [sp[0] for sp in spans]
    strong: dict[str, str] = {}  # name -> type the words around it settled
    # 1. whole regions whose build says the type, whatever the model split them into
    drop: set = set()
    add_: list = []
    for rs, re_ in regions:
        if re_ - rs < 2:
            continue
        first, last = words[rs].lower(), words[re_ - 1].lower()
        if not (
            first in L.PLACE_OPENERS or first in L.ORG_HEADS or last in org_end
            or (re_ - rs > 2 and not L.FOREIGN_CONNECTORS.isdisjoint(words[rs + 1 : re_ - 1]))
        ) or doc.headline(rs):
            continue  # most regions: nothing here applies
        inner = spans[bisect_left(firsts, rs) : bisect_left(firsts, re_)]
        whole = len(inner) == 1 and inner[0][:2] == (rs, re_)
        new = None
        if (
            first in L.PLACE_OPENERS and last not in not_place_end
            and (words[rs + 1][:1].isupper() or words[rs + 1] in L.FOREIGN_CONNECTORS)
        ):
            # "Porto Seco", "Oued Imlil", "Avenida dos Plátanos"; up to an "and"
            e = next((k for k in range(rs + 1, re_) if words[k] == "and"), re_)
            if e - rs >= 2 and not (e == re_ and whole and inner[0][2] == "LOC"):
                new = [(rs, e, "LOC")]
                if e < re_:
                    new += [sp for sp in inner if sp[0] > e]
        elif first in L.ORG_HEADS and words[rs + 1] in ("of", "for", "on") and not whole and last not in L.TITLES:
            new = [(rs, re_, "ORG")]  # "Institute for Maritime Labour", "Ministry of …"
        elif (
            inner and not whole and all(t == "ORG" for *_, t in inner) and inner[-1][1] == re_
            and last in org_end and "and" in words[rs + 1 : re_ - 1]
        ):
            # "Mediterranean Investment and Development Bank", "the Progress and Renewal Party":
            # one organisation, unless what comes before "and" is a name of its own
            k = words.index("and", rs, re_)
            a = rs
            if doc.sent_init(rs) and words[rs].lower() in gaz.lower:
                a += 1  # "Leaders of the X and Y Party": a capitalised common word starts the sentence
                while a < k and words[a] in L.CONNECTORS:
                    a += 1
            left = words[a:k]
            if (
                left and left[-1].lower() not in org_end and all(w[:1].isupper() or w in L.CONNECTORS for w in left)
                and " ".join(left) not in gaz.places and left[0] not in gaz.first
            ):
                new = [(a, re_, "ORG")]
        elif len(inner) >= 2 and any(w in L.FOREIGN_CONNECTORS for w in words[rs + 1 : re_ - 1]):
            typ = "LOC" if " ".join(words[rs:re_]) in gaz.places else "ORG"  # "Terre et Eau"
            if all(t == "PER" for *_, t in inner):
                typ = "PER"  # "Germaine de Staël"
            new = [(rs, re_, typ)]
        if new is not None:
            drop.update(inner)
            add_ += new
            for s, e, t in new:
                if t == "LOC" and words[s].lower() in L.PLACE_OPENERS and e - s >= 2:
                    strong.setdefault(" ".join(words[s + 1 : e]), "LOC")  # "Sebrine" after "Oued Sebrine"
    if drop or add_:
        spans = sorted([sp for sp in spans if sp not in drop] + add_)
    # 2. one span at a time
    out = []
    seen: dict[str, str] | None = None
    for s, e, t in spans:
        last = words[e - 1].lower()
        if (
            e - s >= 3 and "and" in words[s + 1 : e - 1] and t in _AND_SPLIT_KEEP and last not in org_end and words[s].lower() not in L.ORG_HEADS
            and " ".join(words[s:e]) not in gaz.country and not any(w in ("of", "for", "the") for w in words[s:e])
        ):
            if seen is None:
                seen = {}
                for s2, e2, t2 in spans:
                    if "and" not in words[s2:e2]:
                        seen.setdefault(" ".join(words[s2:e2]), t2)
            ks = [k for k in range(s + 1, e - 1) if words[k] == "and"]
            parts = list(zip([s] + [k + 1 for k in ks], ks + [e]))
            types = [
                seen.get(" ".join(words[a:b]))
                or ("LOC" if " ".join(words[a:b]) in gaz.places else None)
                # in a place span, an unknown word that is no common word ("Vellbro and Skarnes")
                or ("LOC" if t == "LOC" and not any(w.lower() in gaz.lower for w in words[a:b]) else None)
                for a, b in parts
            ]
            if ks and all(types):  # "Ait Oumghar and Tighza": two names known apart, not one organisation
                out += [(a, b, tt) for (a, b), tt in zip(parts, types)]
                continue
        if t == "PER" and e < n:
            if words[e] in _SUFFIXES and not doc.line_break_before(e):
                e += 1  # "Andrew J. Evans Jr."
            if e < n and words[e - 1] in _SUFFIXES and words[e] == "." and doc.ends[e - 1] == doc.starts[e]:
                e += 1
        if e - s >= 2 and t in ("PER", "LOC") and last in L.COMPANY_HEADS:
            t = "ORG"  # "Caldera Line", "Hidroatlas Ingeniería"
        elif e - s >= 2 and t in ("PER", "ORG") and last in L.PLACE_ENDS and last not in L.ORG_HEADS and last != "state":
            t = "LOC"  # "Middle Atlas", "Nordhamn Province"
        out.append((s, e, t))
    # 3. what the words around a name say
    covered = {i for s, e, _ in out for i in range(s, e)}
    cands = list(out)
    for rs, re_ in regions:
        if rs not in covered and (re_ - rs == 1 or not any(i in covered for i in range(rs + 1, re_))):
            # an untagged "Tromsdal and Nordhamn" is two candidates
            ks = [k for k in range(rs + 1, re_ - 1) if words[k] == "and"] if re_ - rs >= 3 else []
            if ks and any(w in ("of", "for", "the") for w in words[rs:re_]):
                ks = []
            cands += [(a, b, None) for a, b in zip([rs] + [k + 1 for k in ks], ks + [re_])]
    listed = False
    cands.sort()
    for s, e, t in cands:
        if t == "PER" and words[s] in gaz.first:
            continue
        typ = None
        # "the ports of Valmarés, Porto Seco and Arenal del Norte"
        if s >= 2 and words[s - 1] == "of" and words[s - 2].lower() in L.PLACE_LIST_NOUNS:
            typ, listed = "LOC", True
        elif listed and s >= 1 and words[s - 1] in (",", "and"):
            typ = "LOC"
        else:
            listed = False
        if typ is None and e + 2 < n and words[e] == "," and words[e + 1].lower() in ("a", "an", "the"):
            for j in range(e + 2, min(n, e + 8)):
                w = words[j].lower()
                if not w[:1].isalpha() or w in L.APPOSITION_STOP:
                    break
                if j + 1 < n and words[j + 1] in ("'s", "’s"):
                    break
                if w in L.APPOSITION_ORG:
                    typ = "ORG"
                    break
                if w in L.APPOSITION_PLACE:
                    typ = "LOC"
                    break
        if typ and (typ != "LOC" or words[e - 1].lower() not in not_place_end):
            strong[" ".join(words[s:e])] = typ
    # 4. the same name gets the type its surroundings settled, everywhere in the article
    final = []
    strong_first = {k.split(" ", 1)[0] for k in strong}
    for s, e, t in cands:
        if words[s] in strong_first:
            key = " ".join(words[s:e])
            st = strong.get(key)
            if st and t != "PER":
                t = st
            elif st and t == "PER" and words[s] not in gaz.first and (e - s >= 2 or key not in gaz.last):
                t = st
        if t is None:
            continue  # an untagged region nothing around it typed
        if (
            e - s == 1 and t in ("LOC", "ORG") and words[s][-2:] == "ic" and words[s] not in gaz.country
            and words[s] not in gaz.region and e < n and words[e].islower() and doc.ends[s] < doc.starts[e]
        ):
            continue  # "220 Olympic swimming pools": an adjective before its noun
        if e - s == 1 and s >= 1 and (words[s - 1].lower() in _SPEAK or (
            s >= 2 and words[s - 1].lower() in ("only", "fluent", "in") and words[s - 2].lower() in _SPEAK
        )):
            continue  # "speaks only Tamazight": a language, none of our labels
        final.append((s, e, t))
    # a name typed ORG as often as LOC is the place when a place's longer name starts with
    # it ("Ighrem Amellal" beside "Ighrem Amellal Dam")
    both: dict[str, list[int]] = {}  # name -> [ORG spans, LOC spans]
    for s, e, t in final:
        if t == "ORG" or t == "LOC":
            key = words[s] if e - s == 1 else " ".join(words[s:e])
            c = both.get(key)
            if c is None:
                c = both[key] = [0, 0]
            c[t == "LOC"] += 1
    tied = {k for k, (org, loc) in both.items() if org and org == loc}
    if tied:
        longer = {" ".join(words[s : s + m]) for s, e, t in final if t == "LOC" for m in range(1, e - s)}
        final = [(s, e, "LOC") if t == "ORG" and " ".join(words[s:e]) in tied & longer else (s, e, t) for s, e, t in final]
    final.sort()
    kept: list[tuple[int, int, str]] = []
    for sp in final:  # a span widened above ("Jr") may overlap the next one
        if not kept or sp[0] >= kept[-1][1]:
            kept.append(sp)
    final = kept
    # a company's first word alone is the company ("Hidroatlas" after "Hidroatlas Ingeniería")
    company = {words[s] for s, e, t in final if t == "ORG" and e - s >= 2 and words[e - 1].lower() in L.COMPANY_HEADS}
    if company:
        person_last = {words[e - 1] for s, e, t in final if t == "PER" and e - s >= 2}
        final = [(s, e, "ORG") if e - s == 1 and t == "PER" and words[s] in company and words[s] not in person_last else (s, e, t)
                 for s, e, t in final]
    return final


class _Spans:
    """Token spans that later rules replace: putting one drops every span it overlaps."""

    __slots__ = ("by_start", "cover")

    def __init__(self, spans) -> None:
        self.by_start = {s: (e, t) for s, e, t in spans}
        self.cover = {i: s for s, e, _ in spans for i in range(s, e)}

    def at(self, i: int):
        s = self.cover.get(i)
        if s is None:
            return None
        e, t = self.by_start[s]
        return s, e, t

    def put(self, a: int, b: int, t: str) -> None:
        for s in {self.cover[i] for i in range(a, b) if i in self.cover}:
            e, _ = self.by_start.pop(s)
            for i in range(s, e):
                del self.cover[i]
        self.by_start[a] = (b, t)
        for i in range(a, b):
            self.cover[i] = a

    def inside(self, a: int, b: int) -> list:
        return sorted({self.at(i) for i in range(a, b) if i in self.cover})

    def sorted(self) -> list[tuple[int, int, str]]:
        return sorted((s, e, t) for s, (e, t) in self.by_start.items())


def _parts(words, rs: int, re_: int):
    """A region cut at "and" (lists of names): [(start, end)]."""
    ks = [k for k in range(rs + 1, re_ - 1) if words[k] == "and"]
    return list(zip([rs] + [k + 1 for k in ks], ks + [re_]))


def _name_word(w: str) -> bool:
    """Capitalised, or a transliterated particle with a capitalised rest ("al-Juma" counts)."""
    if w[:1].isupper():
        return True
    head, _, rest = w.partition("-")
    return bool(rest) and (head in lexicon.CONTEXT_PLACE_OPENERS or head in lexicon.HYPHEN_PLACE_OPENERS) and rest[:1].isalpha()


def speaker_rules(doc: Doc, gaz: Gazetteer, regions, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """What attribution needs from the recogniser: organisations offered whole ("the
    Turkish Foreign Ministry", "United Nations Support Mission in Libya"), companies whose
    names are common words, countries and capitals acting as governments ("Italy said",
    "Ankara denied": ORG, as GUM annotates them), transliterated place names in place
    contexts, and headline word lists of countries split into one place each."""
    words = doc.words
    n = len(words)
    L = lexicon
    sp = _Spans(spans)
    lower = gaz.lower
    countries = gaz.country
    # the words any rule here looks at, found once per distinct word (news repeats words):
    # one intersection with everything the rules name, then sorted out among the few found
    distinct = doc.distinct or set(words)
    rel = distinct & _relevant(gaz)
    orgw = rel & L.KNOWN_ORGS
    placew = rel & gaz.places
    capitals = rel & L.ACTOR_CAPITALS
    instw = rel & _INSTITUTION_FORMS
    headw = rel & _WHOLE_ORG_HEAD_FORMS
    openw = rel & _OPENER_FORMS
    # "Al-Khums", "as-Sidra": a prefix before a hyphen; the text's hyphens are few
    text, starts, ends = doc.text, doc.starts, doc.ends
    k = text.find("-")
    while k != -1:
        i = bisect_right(starts, k) - 1
        if i >= 0 and ends[i] > k:
            w = words[i]
            if w != "-" and w.partition("-")[0].lower() in _HYPHEN_OPENERS:
                openw.add(w)
            k = ends[i]
        k = text.find("-", k + 1)
    picked = []  # the regions holding an opener, for rule 4
    single = orgw | openw | placew | instw  # a one-word region matters only if it is one of these
    multi_ok = placew | orgw | openw | headw | {"and"}
    for rs, re_ in regions:
        m = re_ - rs
        first = words[rs]
        if m == 1:
            if first not in single:
                continue
        elif multi_ok.isdisjoint(words[rs:re_]):
            continue
        if openw and not openw.isdisjoint(words[rs:re_]):
            picked.append((rs, re_))
        if m <= 3 and rs not in sp.cover and (first in placew or first in instw):
            # untagged countries and capitals before a speech verb ("Turkey condemned the
            # attack"), an institution named by its head alone after "the" ("the Ministry said")
            if m == 1 and first in instw:
                if (
                    rs > 0 and words[rs - 1] in ("the", "The") and not doc.headline(rs)
                    and (_actor_follows(words, rs, re_) or (re_ < n and words[re_] in ("'s", "’s")))
                ):
                    sp.put(rs, re_, "ORG")  # an actor ("the Church denied"), not a name's first word
                continue
            key = first if m == 1 else " ".join(words[rs:re_])
            if (key in countries or (m == 1 and key in capitals)) and _actor_follows(words, rs, re_):
                sp.put(rs, re_, "ORG")
                continue
        # 1. "Algeria Niger Mali": a run of country names is a list, one place each
        if m >= 2 and first in placew:
            ws = words[rs:re_]
            if (
                (all(w in countries or w in gaz.region for w in ws) or (m >= 3 and doc.headline(rs) and all(w in placew for w in ws)))
                and not any(" ".join(ws[k : k + 2]) in gaz.places for k in range(m - 1))
            ):
                for i in range(rs, re_):
                    sp.put(i, i + 1, "LOC")
                continue
        # 2. companies and agencies whose names are ordinary words ("Google and Microsoft said")
        if orgw and not orgw.isdisjoint(words[rs:re_]):
            for i in range(rs, re_):
                w = words[i]
                if w not in orgw:
                    continue
                if doc.sent_init(i) and w.lower() in lower:
                    nxt = words[i + 1].lower() if i + 1 < n else ""
                    if not (nxt in L.ACTOR_VERBS or nxt in L.ACTOR_AUX or nxt in ("'s", "’s", ",", "and", "is", "was")):
                        continue  # "Apple orchards …": the fruit, at a sentence start
                cur = sp.at(i)
                if cur is None or cur[1] - cur[0] == 1:
                    sp.put(i, i + 1, "ORG")
                elif all(x in orgw or x in ("and", "&", ",") for x in words[cur[0] : cur[1]]):
                    for k in range(cur[0], cur[1]):  # "Google and Microsoft" as one span: two names
                        if words[k] in orgw:
                            sp.put(k, k + 1, "ORG")
        # 3. a capitalised run ending in an organisation head is one organisation, whatever
        # pieces the model found ("the Turkish Foreign Ministry": not "Turkish" + nothing)
        if (
            m >= 2 and words[re_ - 1] in headw and not doc.headline(rs)
            and not any(x in ("and", "of", "for", "&") for x in words[rs:re_])  # "X Party and Y Party", "A of the B"
        ):
            inner = sp.inside(rs, re_)
            if not (len(inner) == 1 and inner[0] == (rs, re_, "ORG")) and not any(t == "PER" for *_, t in inner):
                if all(inner_s >= rs and inner_e <= re_ for inner_s, inner_e, _ in inner):
                    a = rs
                    if doc.sent_init(rs) and first.lower() in lower and first not in placew and first.lower() not in L.NORP_WORDS:
                        a += 1  # "Critics Interior Ministry": the sentence's first word is no part of it
                    while a < re_ and words[a].lower() in L.CONNECTORS:
                        a += 1
                    if re_ - a >= 2 and not any(" ".join(words[k:re_]) in gaz.places for k in range(a, re_ - 1)):
                        sp.put(a, re_, "ORG")  # but "the Soviet Union" stays a country
    # 4. transliterated place names: always places after some openers ("Zawiyet al-Dahmani"),
    # after others only where a preposition or a verb of movement says so ("in Abu Salim")
    prev_place_end = -2
    if picked:
        for rs, re_ in picked:
            for a, b in _parts(words, rs, re_):
                w = words[a]
                if w not in openw:
                    # "Residents of Abu Salim": a capitalised first word joined by "of"
                    a = next((k for k in range(a + 1, b) if words[k] in openw and words[k - 1] == "of"), None)
                    if a is None:
                        continue
                    w = words[a]
                lw = w.lower()
                head, hy, rest = lw.partition("-")
                always = (lw in L.ALWAYS_PLACE_OPENERS and b - a >= 2 and _name_word(words[a + 1])) or (
                    hy and head in L.ALWAYS_PLACE_OPENERS and rest[:1].isalpha()
                )
                ctx = not always and (
                    (lw in L.CONTEXT_PLACE_OPENERS and b - a >= 2 and _name_word(words[a + 1]) and words[a + 1].lower().split("-")[-1] not in L.AL_ORGS)
                    or (
                        hy and (head in L.CONTEXT_PLACE_OPENERS or head in L.HYPHEN_PLACE_OPENERS)
                        and rest[:1].isalpha() and rest not in L.AL_ORGS and w[:1].isupper()
                    )
                )
                if not (always or ctx):
                    continue
                if words[b - 1].lower() in L.ORG_HEADS or words[b - 1].lower() in L.COMPANY_HEADS:
                    continue  # "Bab al-Aziziya Brigade"
                if ctx:
                    p = words[a - 1].lower() if a > 0 else ""
                    pp = words[a - 2].lower() if a > 1 else ""
                    ok = (
                        p in L.PLACE_PREPOSITIONS
                        or p in L.PLACE_OBJECT_VERBS
                        or (p == "to" and pp in L.MOTION_VERBS)
                        or (p == "of" and (pp in L.PLACE_LIST_NOUNS or pp in L.APPOSITION_PLACE or pp in L.OF_PLACE_NOUNS))
                        or (b < n and words[b] in L.PLACE_NOUNS_AFTER)
                        or (p in (",", "and") and prev_place_end in (a - 1, a - 2))
                        or (b + 1 < n and words[b] == "," and words[b + 1] in countries)
                    )
                    if not ok:
                        continue
                    if any(t == "ORG" and words[e - 1].lower() in L.ORG_HEADS for _, e, t in sp.inside(a, b)):
                        continue
                if sp.inside(a, b) != [(a, b, "LOC")]:
                    sp.put(a, b, "LOC")
                prev_place_end = b
    # 5. one span at a time: missions named with their place, countries and capitals as
    # actors, sites named where something stands, names the words around them settle
    vessel = _VESSEL_FORMS
    phrase_first = gaz.country_first | _ORG_PHRASE_FIRST
    for s, e, t in sp.sorted():
        if s not in sp.by_start:
            continue  # replaced by a span put earlier in this pass
        m = e - s
        if s and words[s - 1] in vessel:
            del_span(sp, s)  # "the cruise ship Freewinds": a vehicle is no actor or place
            continue
        last = words[e - 1]
        if m == 1:
            if t != "PER" and (last in countries or last in capitals):
                if t == "LOC" and _actor_follows(words, s, e):
                    sp.put(s, e, "ORG")  # "Italy said", "Ankara denied"
                elif t == "ORG" and last in countries and not _actor_follows(words, s, e):
                    sp.put(s, e, "LOC")  # a country is a place unless it acts ("near Mecca, Saudi Arabia")
            continue
        first = words[s]
        if first == "Space" and m >= 3 and words[s + 1] == "Shuttle":
            del_span(sp, s)  # "Space Shuttle Columbia": a vehicle
            continue
        if t == "PER":
            continue
        if t == "ORG" and e + 1 < n and words[e] == "in" and last in _IN_PLACE_FORMS:
            nxt = sp.at(e + 1)
            if nxt is not None and nxt[0] == e + 1 and nxt[2] == "LOC":
                sp.put(s, nxt[1], "ORG")  # "United Nations Support Mission in Libya"
            continue
        if first in phrase_first:
            key = " ".join(words[s:e])
            if key in countries:
                if t == "LOC" and _actor_follows(words, s, e):
                    sp.put(s, e, "ORG")  # "South Korea says"
                elif t == "ORG" and not _actor_follows(words, s, e):
                    sp.put(s, e, "LOC")
                continue
            if key in L.KNOWN_ORG_PHRASES:
                if t != "ORG":
                    sp.put(s, e, "ORG")  # "the United Nations rates …"
                continue
        if t == "ORG" and last in _SITE_FORMS and s >= 1:
            p = words[s - 1].lower()
            if p == "the" and s >= 2:
                p = words[s - 2].lower()
            if p in L.SITE_PREPOSITIONS or (e + 1 < n and words[e] == "in" and words[e + 1] in placew):
                sp.put(s, e, "LOC")  # "on display at the Museum of Flight", "the X Museum in Seattle"
        elif m >= 3 and first in _STATE_FORMS and words[s + 1] == "of" and " ".join(words[s + 2 : e]) in gaz.places:
            sp.put(s, e, "LOC")  # "the State of Texas"
    # "the Kennedy Space Center (KSC)": the acronym in brackets is the same thing, everywhere
    acr: dict[str, str] = {}
    for s, (e, t) in sp.by_start.items():
        if e - s >= 2 and e + 2 < n and words[e] == "(" and words[e + 2] == ")":
            a = words[e + 1]
            if 2 <= len(a) <= 6 and a.isupper() and a.isalpha():
                initials = "".join(w[0] for w in words[s:e] if w[:1].isupper())
                if initials == a or initials.replace("S", "", 1) == a or a[0] == initials[:1] and a[-1] == initials[-1:] and len(a) <= len(initials):
                    acr[a] = t
    if acr:
        for rs, re_ in regions:
            if re_ - rs == 1 and words[rs] in acr:
                t = acr[words[rs]]
                cur = sp.at(rs)
                if cur is None or (cur[1] - cur[0] == 1 and cur[2] != t):
                    sp.put(rs, re_, t)
    return sp.sorted()


def _forms(ws) -> frozenset:
    """A lower-case word list as the capitalised and upper-case words text carries."""
    return frozenset(f(w) for w in ws for f in (str.capitalize, str.upper))


_VESSEL_FORMS = lexicon.VESSEL_NOUNS | _forms(lexicon.VESSEL_NOUNS)
_IN_PLACE_FORMS = _forms(lexicon.IN_PLACE_ORG_HEADS)
_SITE_FORMS = _forms(lexicon.SITE_HEADS)
_STATE_FORMS = _forms(lexicon.STATE_FORMS)
_ORG_PHRASE_FIRST = frozenset(p.split(" ", 1)[0] for p in lexicon.KNOWN_ORG_PHRASES)
_INSTITUTION_FORMS = frozenset(f(w) for w in lexicon.INSTITUTIONS for f in (str.capitalize, str.upper))
_WHOLE_ORG_HEAD_FORMS = frozenset(f(w) for w in lexicon.WHOLE_ORG_HEADS for f in (str.capitalize, str.upper))
# words that may open a transliterated place name: "Zawiyet", "Bab", "Abu" alone, or a
# prefix before a hyphen ("Al-Khums", "as-Sidra", "Bab-al-Aziziya")
_OPENER_FORMS = _forms(lexicon.ALWAYS_PLACE_OPENERS | lexicon.CONTEXT_PLACE_OPENERS)
_HYPHEN_OPENERS = lexicon.ALWAYS_PLACE_OPENERS | lexicon.CONTEXT_PLACE_OPENERS | lexicon.HYPHEN_PLACE_OPENERS
_RELEVANT: dict[int, frozenset] = {}


def _relevant(gaz: Gazetteer) -> frozenset:
    """Every word speaker_rules may look at, as one set (built once per gazetteer)."""
    v = _RELEVANT.get(id(gaz))
    if v is None:
        v = _RELEVANT[id(gaz)] = (
            gaz.places | lexicon.KNOWN_ORGS | lexicon.ACTOR_CAPITALS | _INSTITUTION_FORMS | _WHOLE_ORG_HEAD_FORMS | _OPENER_FORMS
        )
    return v


def del_span(sp: "_Spans", s: int) -> None:
    e, _ = sp.by_start.pop(s)
    for i in range(s, e):
        del sp.cover[i]


def _actor_follows(words, s: int, e: int) -> bool:
    """Is the name at s:e the subject of a speech or action verb ("Italy said", "Turkey has
    also denied") rather than where something happens ("officials in Italy said")?"""
    n = len(words)
    if s > 0 and words[s - 1].lower() in _NOT_SUBJECT:
        return False
    k = e
    hops = 0
    while k < n and hops < 3 and words[k].lower() in lexicon.ACTOR_AUX:
        k += 1
        hops += 1
    if k >= n:
        return False
    v = words[k].lower()
    return v in lexicon.ACTOR_VERBS or (hops > 0 and v in lexicon.ACTOR_BASE)


_NOT_SUBJECT = frozenset(
    "in from of to at across throughout within outside near around into inside between among against with by for on".split()
)
