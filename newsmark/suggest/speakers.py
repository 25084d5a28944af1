"""Who a source mention refers to: a name in it, or an earlier speaker for a pronoun or short form.

"He" → the last person quoted (or named) before; "They" → the last organisation or plural
group; "it" → the last organisation; "The Ministry" or "Albuquerque" → the earlier, longer
name that ends with (or contains) that word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from bisect import bisect_left, bisect_right

from newsmark.model import Entity

PERSONAL = {"he", "she", "him", "her"}
PLURAL = {"they", "them"}
FIRST = {"i", "we", "me", "us"}
THING = {"it", "its"}
_DET = re.compile(r"^(?:the|a|an)\s+", re.I)
ACTOR_LABELS = ("PERSON", "ORG", "PLACE", "NORP")
BODIES = {"company", "firm", "carrier", "ministry", "agency", "union", "federation", "association", "council",
          "department", "government", "operator", "group", "court", "police", "authority", "board"}
COMPANIES = {"company", "firm", "carrier", "operator", "airline", "insurer", "bank", "retailer"}
SPOKES = {"spokesman", "spokeswoman", "spokesperson", "official", "representative", "source", "lawyer"}
# a short form names its body by one of these words: "the union" → "Atlantic Dockers' Federation"
SHORT_HEADS = {
    "union": ("union", "federation", "confederation", "syndicate", "guild"),
    "federation": ("federation", "union", "confederation"),
    "association": ("association",), "council": ("council",), "institute": ("institute",),
    "ministry": ("ministry",), "agency": ("agency",), "commission": ("commission",),
    "carrier": ("line", "lines", "airlines", "airways", "shipping"),
    "auditors": ("audit", "auditor", "auditors"), "inspectors": ("inspectorate", "inspection"),
}
# last words of a company's name, whatever the recogniser typed it ("Porto Seco Container Terminal")
COMPANY_HEADS = {"company", "ltd", "inc", "corp", "group", "terminal", "terminals", "line", "lines", "airlines",
                 "airways", "holdings", "logistics", "logística", "plc", "shipping", "bank", "motors"}
# plural people nouns that name a group speaker by themselves ("Labour economists")
GROUPS = set("""
officials economists analysts experts residents witnesses researchers scientists doctors critics supporters
members workers organisers organizers protesters activists leaders observers citizens voters students teachers
staff employees engineers inspectors investigators forwarders farmers fishermen locals owners lawyers
prosecutors judges diplomats traders exporters importers dockworkers drivers pilots nurses villagers parents
""".split())
_BY = re.compile(r"\b(?:published|released|issued|compiled|provided|gathered|collected|supplied|prepared|written|"
                 r"produced|conducted|commissioned)\s+by\s+", re.I)
# things a body publishes: "the federation's published ballot results" are the federation's
DOCUMENTS = {"filing", "report", "reports", "study", "survey", "statement", "results", "figures", "data", "letter", "website",
             "analysis", "review", "audit", "memo", "records", "estimate", "estimates", "count", "census", "poll"}
_BASED = re.compile(r"\b[A-Z][\w'’.-]*-based\s+")
_POSSESSOR = re.compile(r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)['’]s\s+$")
# "Per Aaltonen, an aviation analyst at Fjordbank, said": a name the recogniser missed is a person
_APPOSED_PERSON = re.compile(r",\s+(?:an?|the|its|their)\s+(?:[\w-]+\s+){0,3}(?:analyst|spokesman|spokeswoman|"
                             r"spokesperson|director|minister|executive|president|chair|chairman|chairwoman|"
                             r"economist|researcher|professor|lawyer|official|secretary|manager|founder|"
                             r"organiser|organizer|nurse|doctor|teacher|editor|correspondent|mayor|governor)\b")
_PREP = {"in", "from", "at", "of", "for", "on", "with"}


class Resolver:
    def __init__(self, text: str, entities: list[Entity], units: list[tuple[int, int]] | None = None):
        self.text = text
        self.units = units or [(0, len(text))]
        self.unit_starts = [u[0] for u in self.units]
        self.entities = [e for e in entities if e.label in ACTOR_LABELS]
        self.starts = [e.start for e in self.entities]
        self.history: list[tuple[str, str]] = []
        self.documents: dict[str, str] = {}  # "report" -> whose report it was
        self.bodies: dict[str, str] = {}  # "company" -> the company a short form last meant
        self._by_word: dict[str, list[int]] | None = None  # (speaker, kind) of earlier attributions: PERSON/ORG/PLURAL

    def sentence_person(self, pos: int) -> Entity | None:
        """For "he"/"she": the first person named earlier in the same sentence, else the first
        person named in one of the two sentences before (the subject, more often than the last name)."""
        k = bisect_right(self.unit_starts, pos) - 1
        for u in range(k, max(-1, k - 3), -1):
            us, ue = self.units[u]
            stop = pos if u == k else ue
            for e in self.inside(us, stop):
                if e.label == "PERSON":
                    return e
        return None

    def inside(self, start: int, end: int) -> list[Entity]:
        i = bisect_left(self.starts, start)
        out = []
        while i < len(self.entities) and self.entities[i].start < end:
            if self.entities[i].end <= end:
                out.append(self.entities[i])
            i += 1
        return out

    def before(self, pos: int, labels: tuple[str, ...]) -> Entity | None:
        i = bisect_left(self.starts, pos) - 1
        while i >= 0:
            if self.entities[i].label in labels:
                return self.entities[i]
            i -= 1
        return None

    def resolve(self, start: int, end: int, enclosing_speaker: str | None = None) -> tuple[str, float]:
        """The speaker for the source mention at start:end, and a confidence in (0, 1]."""
        mention = self.text[start:end]
        low = mention.lower()
        if low in FIRST and enclosing_speaker:
            return self._remember(enclosing_speaker, "PERSON"), 0.8
        if low in PERSONAL:
            e = self.sentence_person(start)
            if e is not None:
                return self._remember(self._full(e.text, e.start), "PERSON"), 0.75
            for speaker, kind in reversed(self.history):
                if kind == "PERSON":
                    return self._remember(speaker, "PERSON"), 0.75
            e = self.before(start, ("PERSON",))
            if e is not None:
                return self._remember(e.text, "PERSON"), 0.6
            return mention, 0.3
        if low in PLURAL or low == "we":
            for speaker, kind in reversed(self.history):
                if kind in ("PLURAL", "ORG"):
                    return self._remember(speaker, kind), 0.65
            e = self.before(start, ("ORG",))
            if e is not None:
                return self._remember(e.text, "ORG"), 0.5
            return mention, 0.3
        if low in THING:
            for speaker, kind in reversed(self.history):
                if kind == "ORG":
                    return self._remember(speaker, "ORG"), 0.65
            e = self.before(start, ("ORG",))
            if e is not None:
                return self._remember(e.text, "ORG"), 0.5
            return mention, 0.3
        # "figures published by the port authorities": the publisher
        by = _BY.search(mention)
        if by and by.end() < len(mention):
            speaker, confidence = self.resolve(start + by.end(), end, enclosing_speaker)
            head = mention[:by.start()].split()
            if head:
                self.documents[head[-1].lower()] = speaker  # "the report" later is theirs
            return speaker, confidence
        names = self.inside(start, end)
        people = [e for e in names if e.label == "PERSON"]
        group = _group(mention)
        if group and not people:
            return self._remember(group, "PLURAL"), 0.8
        if people:
            return self._remember(self._full(people[-1].text, start), "PERSON"), 0.95
        if names:
            best = max(names, key=lambda e: e.end - e.start)
            whole = _DET.sub("", mention)
            # "the Turkish Foreign Ministry" is itself the name; "Reuters" inside "a Reuters report" is not all
            name = mention if len(whole) - len(best.text) <= 2 or _is_name(whole) else best.text
            if name == best.text:
                # "a spokesman for Spain's Ministry of Transport": the country's ministry
                owner = _POSSESSOR.search(self.text, start, best.start)
                if owner and any(e.label == "PLACE" and e.start == owner.start() for e in names):
                    name = self.text[owner.start():best.end]
            name = _BASED.sub("", name)  # "the Brussels-based Institute for …"
            kind = "PERSON" if _APPOSED_PERSON.match(self.text, end) else _kind(best.label, mention)
            return self._remember(self._full(name, start), kind), 0.9
        words = mention.split()
        low_words = [w.lower() for w in words]
        # "the federation's published ballot results": the body that owns them
        if len(words) > 2 and low_words[0] in ("the", "a", "an") and low_words[1].endswith(("'s", "’s")) \
                and low_words[-1] in DOCUMENTS:
            owner_word = words[1][:-2]
            owner = self._full("the " + owner_word, start)
            if owner == "the " + owner_word and owner_word.lower() in COMPANIES:
                owner = self.bodies.get("company", owner)  # "the operator's own data"
            if owner != "the " + owner_word:
                return self._remember(owner, "ORG"), 0.7
        # "a company spokeswoman", "a spokesman for the ministry": the body named just before
        if low_words and low_words[0] in ("a", "an") and any(w in BODIES for w in low_words) \
                and any(w in SPOKES for w in low_words):
            body = re.search(r"\s(?:for|of|at)\s+(\S.*)$", mention)
            if body is not None:  # "a spokesman for the education department": that body
                return self._remember(self._full(body.group(1), start + body.start(1)), "ORG"), 0.7
            e = self.recent_org(start)
            if e is not None:
                return self._remember(e.text, "ORG"), 0.6
        full = self._full(mention, start)
        if full == mention and len(low_words) == 2 and low_words[0] == "the":
            head = low_words[1]
            # "The company says …": the company named in this sentence or the one before
            if head in COMPANIES:
                e = self.recent_org(start)
                body = e.text if e is not None else self.last_body()
                if body is not None:
                    self.bodies["company"] = body
                    return self._remember(body, "ORG"), 0.6
            # "The department believes …" after "the education department said": the same body
            for speaker, kind in reversed(self.history[-20:]):
                if kind != "PERSON" and speaker.lower() != mention.lower() and _words(speaker)[-1:] == (head,):
                    return self._remember(speaker, kind), 0.65
            # "the report found …" after "according to a report prepared by council officers"
            if head in self.documents:
                return self._remember(self.documents[head], "PLURAL"), 0.6
            # "the filing showed …": the organisation that spoke last put it out
            if head in DOCUMENTS:
                body = self.last_body()
                if body is not None:
                    return self._remember(body, "ORG"), 0.5
            # "The union says …": the last body whose name says what it is
            if head in SHORT_HEADS:
                body = self.named_body(start, SHORT_HEADS[head])
                if body is not None:
                    return self._remember(body, "ORG"), 0.65
            # "The story said …" after "A Meridian Wire story …": the named one
            if words[1].islower():
                named = self.named_before(start, words[1])
                if named is not None:
                    return self._remember(named, "ORG"), 0.6
        kind = "PERSON" if _APPOSED_PERSON.match(self.text, end) else _kind(None, mention)
        return self._remember(full, kind), 0.85 if full != mention else 0.7

    def last_body(self) -> str | None:
        """The organisation that spoke last, among the last few speakers, by its name."""
        for speaker, kind in reversed(self.history[-8:]):
            if kind == "ORG" and _is_name(_DET.sub("", speaker)):
                return speaker
        return None

    def named_body(self, pos: int, heads: tuple[str, ...]) -> str | None:
        """The latest earlier speaker, else named organisation, with one of `heads` among its words."""
        for speaker, kind in reversed(self.history[-60:]):
            if kind != "PERSON" and any(h in _words(speaker) for h in heads) and _is_name(_DET.sub("", speaker)):
                return speaker
        i = bisect_left(self.starts, pos) - 1
        for k in range(i, max(-1, i - 400), -1):
            e = self.entities[k]
            if e.label == "ORG" and any(h in _words(e.text) for h in heads):
                return e.text
        return None

    def named_before(self, pos: int, noun: str) -> str | None:
        """An earlier indefinite phrase with a name before `noun`: "A Meridian Wire story"."""
        found = None
        pattern = re.compile(r"\b[Aa]n?\s+((?:[A-Z][\w'’-]*\s+){1,4})" + re.escape(noun) + r"\b")
        for m in pattern.finditer(self.text, max(0, pos - 5000), pos):
            found = m
        return (found.group(1) + noun) if found else None

    def recent_org(self, pos: int) -> Entity | None:
        """The last organisation named in this sentence or the one before (a name ending in
        "Terminal", "Line", "Group"… counts whatever the recogniser typed it)."""
        k = bisect_right(self.unit_starts, pos) - 1
        floor = self.units[max(0, k - 1)][0]
        i = bisect_left(self.starts, pos) - 1
        while i >= 0 and self.entities[i].start >= floor:
            e = self.entities[i]
            if e.label == "ORG" or (_words(e.text) and _words(e.text)[-1] in COMPANY_HEADS):
                return e
            i -= 1
        return None

    def _full(self, name: str, pos: int) -> str:
        """A short form (one word, or "the" + one word) stands for the earlier longer name ending in it."""
        core = _DET.sub("", name)
        if " " in core.strip() or not core:
            return name
        key = core.lower()
        # bounded look-backs: a short form refers to a name from the last pages, and a 1 MB
        # text must not cost a scan of everything before each mention
        for speaker, _kind_ in reversed(self.history[-60:]):
            words = _words(speaker)
            if len(words) > 1 and key in words and _is_name(_DET.sub("", speaker)):
                return speaker
        # the latest multi-word name containing the word, among the last 400 names before
        at = self.by_word().get(key)
        if at:
            i = bisect_left(self.starts, pos) - 1
            k = bisect_right(at, i) - 1
            if k >= 0 and at[k] > i - 400:
                return self.entities[at[k]].text
        # a name the recogniser missed: its first mention runs on in capitals ("Brightside Clinics")
        if core[:1].isupper():
            longer = re.search(r"\b" + re.escape(core) + r"((?:[ \t]+[A-Z][\w'’-]*){1,3})\b",
                               self.text[max(0, pos - 5000):pos])
            if longer:
                return core + longer.group(1)
        return name

    def by_word(self) -> dict[str, list[int]]:
        """word -> indices of the multi-word names holding it, built on first use."""
        if self._by_word is None:
            self._by_word = {}
            for i, e in enumerate(self.entities):
                words = _words(e.text)
                if len(words) > 1:
                    for w in set(words):
                        self._by_word.setdefault(w, []).append(i)
        return self._by_word

    def _remember(self, speaker: str, kind: str) -> str:
        self.history.append((speaker, kind))
        return speaker


@lru_cache(maxsize=4096)
def _words(name: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in re.findall(r"[\w'’-]+", name))


def _is_name(s: str) -> bool:
    words = s.split()
    return bool(words) and all(w[:1].isupper() or w.lower() in ("of", "for", "and", "the", "'s", "’s") for w in words)


def _kind(label: str | None, mention: str) -> str:
    if label == "PERSON":
        return "PERSON"
    last = mention.split()[-1].lower() if mention.split() else ""
    if last.endswith("s") and not last.endswith("ss") and last not in ("news", "times", "nations", "states"):
        return "PLURAL"
    return "ORG" if label in ("ORG", "PLACE", "NORP", None) else "PERSON"


def _group(mention: str) -> str | None:
    """A group of people named by its plural noun: "Labour economists", "Freight forwarders in
    Porto", "union officials" (the whole phrase is the speaker, not a name inside it)."""
    words = mention.split()
    head = None
    for w in words:
        if w.lower() in _PREP:
            break
        head = w
    if head is None or not head.islower() or head not in GROUPS:
        return None
    return _DET.sub("", mention)
