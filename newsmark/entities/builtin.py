"""The built-in recogniser: capitalised-sequence candidates, tagged by a small averaged
perceptron over gazetteer, shape and context features, then document-level consistency.

Everything it needs ships in data/: gazetteer.json.gz (scripts/build_entity_data.py) and
model.json.gz (scripts/train_entities.py). Pure Python; data loads on first use.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import threading
from collections import Counter
from importlib import resources

from newsmark.model import Entity

from . import lexicon, patterns

TYPES = ("PER", "ORG", "LOC", "MISC", "EVENT")
CLASSES = ("O",) + tuple(f"{p}-{t}" for t in TYPES for p in "BILU")
OUT_LABEL = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE", "EVENT": "EVENT"}

# U.S. / words with inner hyphens or apostrophes / numbers / any other single character
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}(?![A-Za-z])|\w+(?:[-'’‐]\w+)*|\S")
_SENT_END = frozenset(".!?…")
_OPENERS = frozenset("\"“‘'([«—–-:;")


class Doc:
    """Tokens of one text with the flags the features need."""

    __slots__ = ("text", "starts", "ends", "words", "sent_init", "headline", "excluded")

    def __init__(self, text: str, gaz: "Gazetteer") -> None:
        self.text = text
        starts, ends, words = [], [], []
        for m in _TOKEN.finditer(text):
            s, e = m.span()
            w = m.group()
            if len(w) > 2 and w[-2] in "'’" and w[-1] in "sS" and w[0].isalpha():
                starts += (s, e - 2)
                ends += (e - 2, e)
                words += (w[:-2], w[-2:])
            else:
                starts.append(s)
                ends.append(e)
                words.append(w)
        self.starts, self.ends, self.words = starts, ends, words
        n = len(words)
        sent_init = [False] * n
        headline = [False] * n
        prev_end = -1
        after_stop = True
        line_start = 0
        for i, w in enumerate(words):
            s = starts[i]
            if text.find("\n", prev_end if prev_end >= 0 else 0, s) != -1 or i == 0:
                after_stop = True
            if after_stop and w[0].isalnum():
                sent_init[i] = True
                after_stop = False
            elif w in _SENT_END:
                prev = words[i - 1].lower() if i else ""
                after_stop = not (prev in lexicon.ABBREVIATIONS or (len(prev) == 1 and prev.isalpha()))
            elif after_stop and w in _OPENERS:
                pass
            else:
                after_stop = False
            prev_end = ends[i]
        # Title Case headlines: a line whose words are mostly capitalised
        i = 0
        while i < n:
            j = i
            line_end = text.find("\n", starts[i])
            if line_end == -1:
                line_end = len(text)
            while j < n and starts[j] < line_end:
                j += 1
            alpha = [w for w in words[i:j] if w[0].isalpha() and len(w) > 3]
            if len(alpha) >= 3 and sum(w[0].isupper() for w in alpha) >= 0.75 * len(alpha):
                if sum(1 for w in alpha if w.lower() in gaz.lower) >= 2:
                    for k in range(i, j):
                        headline[k] = True
            i = j
        self.sent_init, self.headline = sent_init, headline
        self.excluded = [False] * n

    def regions(self, gaz: "Gazetteer") -> list[tuple[int, int]]:
        """Runs of capitalised tokens (with connectors and particles) that may be names."""
        words, n = self.words, len(self.words)
        cap = [False] * n
        for i, w in enumerate(words):
            if self.excluded[i] or not w[0].isalnum():
                continue
            if w[0].isupper() or (w[0].isalpha() and any(c.isupper() for c in w[1:])):
                if self.headline[i] and w.lower() in gaz.lower and not gaz.is_name(w):
                    continue
                cap[i] = True
        inside = cap[:]
        conn = lexicon.CONNECTORS
        for i, w in enumerate(words):
            if inside[i] or self.excluded[i] or w.lower() not in conn:
                continue
            # a run of at most three connectors between capitalised words ("Bab al - Azizia")
            j = i
            while j < n and j - i < 3 and not cap[j] and words[j].lower() in conn and not self.excluded[j]:
                j += 1
            if j < n and cap[j] and j > i:
                starts_name = w.lower() in lexicon.PARTICLES
                if (i > 0 and cap[i - 1] and self.ends[i - 1] <= self.starts[i]) or starts_name:
                    if not (words[i] == "-" and i > 0 and not cap[i - 1]):
                        for k in range(i, j):
                            inside[k] = True
        out = []
        i = 0
        while i < n:
            if inside[i]:
                j = i
                while j + 1 < n and inside[j + 1] and "\n" not in self.text[self.ends[j] : self.starts[j + 1]]:
                    j += 1
                # connectors never end a region
                k = j
                while k > i and not cap[k]:
                    k -= 1
                s = i
                while s < k and not cap[s] and words[s].lower() not in lexicon.PARTICLES:
                    s += 1
                if cap[k] or words[s].lower() in lexicon.PARTICLES:
                    out.append((s, k + 1))
                i = j + 1
            else:
                i += 1
        return out


def shape(w: str) -> str:
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
        self.first = frozenset(data["first"])
        self.last = frozenset(data["last"])
        self.lower = frozenset(data["lower"])
        self.proper = frozenset(data["proper"])
        self.places = self.country | self.region | self.city

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


def context_features(doc: Doc, gaz: Gazetteer, i: int, rs: int, re_: int, prev: str, memory: dict) -> list[str]:
    words = doc.words
    n = len(words)
    pw = words[i - 1].lower() if i > 0 else "<s>"
    ppw = words[i - 2].lower() if i > 1 else "<s>"
    nw = words[i + 1].lower() if i + 1 < n else "</s>"
    nnw = words[i + 2].lower() if i + 2 < n else "</s>"
    w = words[i]
    sh = shape(w)
    pos = ("only" if re_ - rs == 1 else "first") if i == rs else ("last" if i == re_ - 1 else "mid")
    f = [
        "pw=" + pw, "nw=" + nw, "ppw=" + ppw, "nnw=" + nnw,
        "pt=" + prev, "pt_sh=" + prev + sh, "pos=" + pos, "rl=" + str(min(re_ - rs, 5)),
        "pos_sh=" + pos + sh,
        "head=" + words[re_ - 1].lower(), "first=" + words[rs].lower(),
        "headc=" + gaz.word_class(words[re_ - 1]),
        "pwc=" + (gaz.word_class(words[i - 1]) if i > 0 else "<s>"),
        "nwc=" + (gaz.word_class(words[i + 1]) if i + 1 < n else "</s>"),
        "pw_pos=" + pw + pos,
        "bpre=" + (words[rs - 1].lower() if rs > 0 else "<s>"),
        "bpost=" + (words[re_].lower() if re_ < n else "</s>"),
    ]
    if doc.sent_init[i]:
        f.append("si")
        f.append("si_l=" + w.lower())
        if w.lower() in gaz.lower:
            f.append("si_lower")
    if doc.headline[i]:
        f.append("hl")
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


class Model:
    """Averaged-perceptron weights: feature -> [(class index, weight), …]."""

    def __init__(self, weights: dict[str, list]) -> None:
        self.weights = weights
        self._static: dict[str, list[float]] = {}

    def static_scores(self, gaz: Gazetteer, w: str) -> list[float]:
        v = self._static.get(w)
        if v is None:
            v = [0.0] * len(CLASSES)
            for feat in gaz.word_features(w):
                for k, x in self.weights.get(feat, ()):
                    v[k] += x
            if len(self._static) < 200_000:
                self._static[w] = v
        return v

    def scores(self, gaz: Gazetteer, doc: Doc, i: int, rs: int, re_: int, prev: str, memory: dict) -> list[float]:
        v = self.static_scores(gaz, doc.words[i])[:]
        get = self.weights.get
        for feat in context_features(doc, gaz, i, rs, re_, prev, memory):
            for k, x in get(feat, ()):
                v[k] += x
        return v


def decode_region(model, gaz, doc, rs, re_, memory) -> list[str]:
    tags = []
    prev = "O"
    for i in range(rs, re_):
        v = model.scores(gaz, doc, i, rs, re_, prev, memory)
        best = max(_ALLOWED[(prev, i == re_ - 1)], key=v.__getitem__)
        prev = CLASSES[best]
        tags.append(prev)
    remember(doc, rs, tags, memory)
    return tags


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
            _loaded = gaz, Model({f: [tuple(p) for p in ws] for f, ws in raw["weights"].items()})
        return _loaded


def _version() -> str:
    h = hashlib.sha256()
    for name in ("gazetteer.json.gz", "model.json.gz"):
        try:
            h.update(_read(name))
        except FileNotFoundError:
            h.update(b"missing")
    pkg = resources.files(__package__)
    for name in ("builtin.py", "lexicon.py", "patterns.py"):
        h.update(pkg.joinpath(name).read_bytes())
    return h.hexdigest()[:12]


def tag_doc(doc: Doc, gaz: Gazetteer, model: Model) -> list[tuple[int, int, str]]:
    """Token spans (start token, end token, type) before document-level clean-up."""
    memory: dict[str, str] = {}
    out = []
    for rs, re_ in doc.regions(gaz):
        out += spans_from_tags(rs, decode_region(model, gaz, doc, rs, re_, memory))
    return out


def consistency(doc: Doc, gaz: Gazetteer, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Once "Khalifa Haftar" is a person, a lone "Haftar" is too; repeated names agree."""
    words = doc.words
    text_of = lambda s, e: " ".join(words[s:e])  # noqa: E731
    surnames = {}
    for s, e, t in spans:
        if t == "PER" and e - s >= 2 and words[e - 1][0].isupper():
            surnames[words[e - 1]] = "PER"
    votes: dict[str, Counter] = {}
    for s, e, t in spans:
        votes.setdefault(text_of(s, e), Counter())[t] += 1
    out = []
    for s, e, t in spans:
        key = text_of(s, e)
        if e - s == 1 and key in surnames and t != "PER":
            t = "PER"
        else:
            c = votes[key]
            top, n = c.most_common(1)[0]
            if n > c[t] and top in ("PER", "ORG", "LOC"):
                t = top
        out.append((s, e, t))
    return out


def prepare(text: str, gaz: Gazetteer) -> tuple[Doc, list[tuple[int, int, str]]]:
    """Tokens of `text`, with tokens inside a date or quantity excluded from names."""
    doc = Doc(text, gaz)
    found = patterns.find(text)
    marks = iter(found)
    cur = next(marks, None)
    for i, s in enumerate(doc.starts):
        while cur is not None and cur[1] <= s:
            cur = next(marks, None)
        if cur is None:
            break
        if cur[0] < doc.ends[i]:
            doc.excluded[i] = True
    return doc, found


class BuiltinRecognizer:
    """The default recogniser: no network, no model download, pure Python."""

    name = "builtin"

    def __init__(self) -> None:
        self.version = _version()

    def recognize(self, text: str) -> list[Entity]:
        gaz, model = load()
        doc, found = prepare(text, gaz)
        spans = consistency(doc, gaz, tag_doc(doc, gaz, model))
        ents: list[tuple[int, int, str]] = []
        for s, e, t in spans:
            label = OUT_LABEL.get(t)
            if t == "MISC" and words_norp(doc.words[s:e]):
                label = "NORP"
            if label:
                ents.append((doc.starts[s], doc.ends[e - 1], label))
        taken = {i for s, e, _ in spans for i in range(s, e)}
        for i, w in enumerate(doc.words):
            if i not in taken and w[0].isupper() and w.lower() in lexicon.NORP_WORDS and not doc.excluded[i]:
                ents.append((doc.starts[i], doc.ends[i], "NORP"))
        ents += found  # name candidates never include date or quantity tokens
        ents.sort()
        return [Entity(s, e, lab, text[s:e]) for s, e, lab in ents]


def words_norp(ws: list[str]) -> bool:
    return any(w.lower() in lexicon.NORP_WORDS for w in ws)
