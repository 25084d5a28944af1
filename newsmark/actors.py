"""The actor registry: which entity mentions, in any article, are the same person or body.

A person tells newsmark that "Haftar", "Hifter" and "Field Marshal Khalifa Haftar" are one
actor (`newsmark entity alias`, or `A` in the reader); newsmark then links every mention
that is a variant of one of the actor's aliases. No Textual, no store import here: the
store hands in `Actor`s, and functions that need the database take a store object.

How a mention is compared with an alias (both go through `parse_name`):

1. **Normalise**: accents off, case folded, possessive `'s` off, punctuation to spaces,
   leading titles off ("Field Marshal", "former President", "Dr."), trailing "Jr"/"III" off.
2. **Tokens for matching**: Arabic and European particles dropped ("al-", "el-", "bin",
   "van", "de"), then each token folded for common transliteration choices: doubled letters
   single, q→k, ph→f, dj→j, ou/oo→u, ee→i, a vowel+y → vowel+i, and a final -y/-iy/-yy/-ij/-i
   all one ending (Zelensky, Zelenskyy, Zelenskiy).
3. **Tokens agree** when equal after folding, or when both are at least six letters long,
   equally long, and differ only in vowels, at most one vowel in three and never more than
   two (Haftar/Hifter, Sarraj/Serraj). Shorter names carry too little to tell a variant
   from another name (Smith/Smyth, Walsh/Welsh, Jon/John) and must match after folding.
4. **Names agree** when all tokens agree pairwise; or, for people, when a one-word name is
   the other's surname (last token): "Haftar" ↔ "Khalifa Haftar"; or when both have given
   names, the surnames agree and the shorter's given names appear, in order, in the longer
   ("Khalifa Haftar" ↔ "Libyan commander Khalifa Belqasim Haftar"; an initial "K." agrees with
   "Khalifa").
5. **Given names decide**: a mention with a given name links only to an actor that has an
   alias with an agreeing given name. So "Saddam Haftar" never links to the actor
   {"Khalifa Haftar", "Haftar"}, and an actor registered only as "Haftar" gets only the
   bare-surname mentions — register the full name once to catch the rest.
6. **Ambiguity stays unlinked**: when two actors fit a mention equally well (two Haftars
   and a bare "Haftar"), the mention is linked to neither.

Why rules and not one rapidfuzz threshold: similarity alone ranks the pairs the wrong way
round — fuzz.ratio gives Smith/Smyth 80 and Morsi/Mursi 80, but Haftar/Hifter only 67 and
Hassan/Hussein 62. The rules above say yes to Haftar/Hifter and no to Smith/Smyth and
Hassan/Hussein ("Hasan" vs "Husein" differ in length, i.e. in the vowel pattern). rapidfuzz
ranks suggestions ("did you mean …", the reader's alias dialog), where a score is right.

Known misses, by choice: short transliterations (Morsi/Mursi, Osama/Usama, Omar/Umar) and
consonant variants (Gaddafi/Qaddafi/Kadhafi: g vs k) need an explicit alias; long names that
differ in a vowel are linked even when they are different families (Andersen/Anderson).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable

from rapidfuzz import fuzz, process

from newsmark.errors import NewsmarkError
from newsmark.model import Annotation, Entity

# Entity labels that can be actors; dates and quantities never are.
ACTOR_LABELS: tuple[str, ...] = ("PERSON", "ORG", "NORP", "PLACE", "EVENT")
LABEL_ORDER: tuple[str, ...] = ("PERSON", "ORG", "PLACE", "NORP", "EVENT", "DATE", "QUANTITY")

_TITLE_LINES = [
    "president", "vice president", "prime minister", "deputy prime minister", "foreign minister",
    "defence minister", "defense minister", "interior minister", "finance minister", "minister",
    "chancellor", "premier", "king", "queen", "prince", "princess", "crown prince", "emir", "sheikh",
    "shaikh", "sultan", "field marshal", "marshal", "general", "gen", "lieutenant general", "lt gen",
    "major general", "maj gen", "brigadier general", "brig gen", "brigadier", "colonel", "col",
    "lieutenant colonel", "lt col", "lieutenant", "lt", "major", "maj", "captain", "capt", "admiral",
    "adm", "commander", "cmdr", "sergeant", "sgt", "dr", "doctor", "prof", "professor", "mr", "mrs",
    "ms", "miss", "mx", "sir", "dame", "lord", "lady", "senator", "sen", "representative", "rep",
    "congressman", "congresswoman", "governor", "gov", "mayor", "ambassador", "secretary general",
    "secretary of state", "secretary", "judge", "justice", "chief justice", "pope", "cardinal",
    "bishop", "archbishop", "imam", "ayatollah", "grand ayatollah", "rabbi", "rev", "reverend",
]
# Longest first, so "field marshal" is taken before "marshal".
TITLES: tuple[tuple[str, ...], ...] = tuple(
    sorted({tuple(t.split()) for t in _TITLE_LINES}, key=len, reverse=True)
)
_TITLES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _title in TITLES:
    _TITLES_BY_FIRST.setdefault(_title[0], []).append(_title)
_TITLE_SET = frozenset(TITLES)
MODIFIERS = frozenset({"former", "late", "acting", "interim", "then", "outgoing", "incoming", "deputy", "vice"})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd"})
PARTICLES = frozenset({
    "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ul", "bin", "ibn", "bint",
    "de", "da", "di", "do", "dos", "das", "du", "del", "della", "la", "le", "van", "von", "der", "den", "ter",
})
# Capitalised words that start sentences, not names ("The Haftar forces").
LEAD_WORDS = frozenset({
    "the", "a", "an", "and", "but", "or", "if", "when", "while", "as", "in", "on", "at", "for", "from",
    "to", "by", "with", "after", "before", "since", "so", "yet", "this", "that", "these", "those",
})
_LETTER_MAP = str.maketrans({"ø": "o", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae",
                             "œ": "oe", "ı": "i", "ħ": "h"})
_VOWELS = frozenset("aeiou")
_NON_WORD = re.compile(r"[^\w]+")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTER_MAP))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_name(name: str) -> str:
    """The comparable form of a name: "Field Marshal Khalifa Haftar's" → "khalifa haftar".

    Empty when nothing but a title or punctuation is left ("President", "  ")."""
    text = " ".join(_POSSESSIVE.sub("", word) for word in name.split())
    text = strip_accents(text).replace("'", "").replace("’", "")
    words = [w for w in _NON_WORD.sub(" ", text).replace("_", " ").split() if w]
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    return " ".join(_strip_titles(words))


def _strip_titles(words: list[str]) -> list[str]:
    """Drop everything up to the last title among the first words, if a name follows it:
    "Field Marshal X", "former U.S. President X", "Libyan commander X" → "X"."""
    cut = 0
    for i in range(min(len(words), 6)):
        for title in _TITLES_BY_FIRST.get(words[i], ()):
            n = len(title)
            if i + n < len(words) and tuple(words[i:i + n]) == title:
                cut = max(cut, i + n)
                break
    words = words[cut:]
    while len(words) > 1 and words[0] in MODIFIERS:
        words = words[1:]
    if words and (words[0] in MODIFIERS or tuple(words) in _TITLE_SET):
        return []  # nothing but a title: "President", "former Prime Minister"
    return words


def fold_token(token: str) -> str:
    """One spelling for common transliteration and spelling choices of a name token."""
    t = token
    for old, new in (("dj", "j"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i")):
        t = t.replace(old, new)
    t = re.sub(r"([aeiou])y(?![aeiou])", r"\1i", t)  # Husayn → Husain, Shoygu → Shoigu
    t = re.sub(r"(.)\1+", r"\1", t)  # Gaddafi → Gadafi, Zelenskyy → Zelensky
    if len(t) > 3:
        t = re.sub(r"(?:iy|ij|yi|y|i)$", "i", t)  # -sky, -skiy, -skyy, -ski: one ending
    return t


def _masked(token: str) -> str:
    """Tokens that can agree have the same consonant frame; used as an index key."""
    return "".join("*" if ch in _VOWELS else ch for ch in token)


@dataclass(frozen=True, slots=True)
class Name:
    key: str  # normalise_name() form, what the store keeps and exact matches compare
    tokens: tuple[str, ...]  # folded, particles dropped: what fuzzy matching compares
    raw_lengths: tuple[int, ...]  # letters in each token before folding (short names match exactly)

    @property
    def surname(self) -> str:
        return self.tokens[-1]


@lru_cache(maxsize=65536)
def parse_name(text: str) -> Name | None:
    key = normalise_name(text)
    if not key:
        return None
    words = key.split()
    core = [w for w in words if w not in PARTICLES] or words
    return Name(key, tuple(fold_token(w) for w in core), tuple(len(w) for w in core))


def token_match(a: str, b: str, a_len: int | None = None, b_len: int | None = None) -> bool:
    """Two folded tokens name the same thing (see the module docstring, rule 3)."""
    if a == b:
        return True
    if len(a) != len(b) or min(a_len or len(a), b_len or len(b)) < 6:
        return False
    diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if not all(a[i] in _VOWELS and b[i] in _VOWELS for i in diffs):
        return False
    return len(diffs) <= min(2, max(1, len(a) // 3))


def _initial_or_match(short: str, long: str, s_len: int, l_len: int) -> bool:
    if len(short) == 1 or len(long) == 1:
        return short[0] == long[0]
    return token_match(short, long, s_len, l_len)


EXACT, FOLDED, VARIANT, GIVEN, SURNAME = 100, 95, 90, 80, 70


def compare_names(mention: Name, alias: Name, person: bool = True) -> int:
    """How well a mention fits one alias: 0 (no), 70 surname only … 100 identical."""
    if mention.key == alias.key:
        return EXACT
    if mention.tokens == alias.tokens:
        return FOLDED
    m, a = mention.tokens, alias.tokens
    if len(m) == len(a):
        if all(_initial_or_match(x, y, lx, ly) for x, y, lx, ly in zip(m, a, mention.raw_lengths, alias.raw_lengths)):
            if token_match(m[-1], a[-1], mention.raw_lengths[-1], alias.raw_lengths[-1]):
                return VARIANT
        return 0
    if not person:
        return 0
    if len(m) > 1 and len(a) == 1:
        return 0  # a given name in the mention needs an alias with a given name (rule 5)
    short, long_ = (mention, alias) if len(m) < len(a) else (alias, mention)
    if not token_match(short.tokens[-1], long_.tokens[-1], short.raw_lengths[-1], long_.raw_lengths[-1]):
        return 0
    if len(short.tokens) == 1:
        return SURNAME
    # the shorter name's given names, in order, among the longer name's given names
    j = 0
    for tok, tok_len in zip(short.tokens[:-1], short.raw_lengths[:-1]):
        while j < len(long_.tokens) - 1 and not _initial_or_match(
            tok, long_.tokens[j], tok_len, long_.raw_lengths[j]
        ):
            j += 1
        if j >= len(long_.tokens) - 1:
            return 0
        j += 1
    return GIVEN


@dataclass(frozen=True, slots=True)
class Actor:
    id: int
    name: str
    label: str | None = None
    aliases: tuple[str, ...] = ()  # includes the name itself
    created_at: str = ""

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "label": self.label, "aliases": list(self.aliases),
                "created_at": self.created_at}


class ActorRegistry:
    """Every actor and alias, indexed for linking mentions: `registry.match("Hifter")`."""

    def __init__(self, actors: Iterable[Actor] = ()):
        self.actors: list[Actor] = list(actors)
        self.by_id: dict[int, Actor] = {a.id: a for a in self.actors}
        self._exact: dict[str, Actor] = {}
        self._index: dict[str, list[tuple[Name, Actor]]] = {}
        for actor in self.actors:
            for alias in actor.aliases:
                name = parse_name(alias)
                if name is None:
                    continue
                self._exact.setdefault(name.key, actor)
                self._index.setdefault(_masked(name.surname), []).append((name, actor))
        self._memo: dict[tuple[str, bool], tuple[Actor | None, int]] = {}

    def __len__(self) -> int:
        return len(self.actors)

    def find(self, name: str) -> Actor | None:
        """The actor whose name or alias is `name` (normalised; no fuzzy matching)."""
        parsed = parse_name(name)
        if parsed is None:
            return None
        return self._exact.get(parsed.key)

    def match(self, text: str, label: str | None = None) -> Actor | None:
        return self.match_scored(text, label)[0]

    def match_scored(self, text: str, label: str | None = None) -> tuple[Actor | None, int]:
        """The actor a mention belongs to and how well it fits; (None, 0) when none or ambiguous."""
        person = label in (None, "PERSON")
        memo_key = (text, person)
        if memo_key in self._memo:
            return self._memo[memo_key]
        result: tuple[Actor | None, int] = (None, 0)
        name = parse_name(text)
        if name is not None:
            exact = self._exact.get(name.key)
            if exact is not None:
                result = (exact, EXACT)
            else:
                result = self._best(name, person)
        self._memo[memo_key] = result
        return result

    def _best(self, name: Name, person: bool) -> tuple[Actor | None, int]:
        scores: dict[int, int] = {}
        for alias, actor in self._index.get(_masked(name.surname), ()):
            score = compare_names(name, alias, person)
            if score > scores.get(actor.id, 0):
                scores[actor.id] = score
        if not scores:
            return None, 0
        top = max(scores.values())
        best = [actor_id for actor_id, s in scores.items() if s == top]
        if len(best) > 1:
            return None, 0  # two actors fit equally well: linking either would be a guess
        return self.by_id[best[0]], top

    def link(self, entities: Iterable[Entity]) -> list[Actor | None]:
        """The actor of each entity (None when unlinked), in the order given."""
        return [self.match(e.text, e.label) if e.label in ACTOR_LABELS else None for e in entities]

    def suggest(self, text: str, limit: int = 5, score_cutoff: float = 60) -> list[Actor]:
        """Actors whose names or aliases look like `text`, best first (rapidfuzz WRatio)."""
        key = normalise_name(text) or strip_accents(text).strip()
        if not key or not self.actors:
            return []
        choices: list[str] = []
        owners: list[Actor] = []
        for actor in self.actors:
            for alias in actor.aliases:
                choices.append(normalise_name(alias) or strip_accents(alias))
                owners.append(actor)
        seen: dict[int, Actor] = {}
        for _, _score, idx in process.extract(key, choices, scorer=fuzz.WRatio, limit=limit * 4,
                                              score_cutoff=score_cutoff):
            seen.setdefault(owners[idx].id, owners[idx])
            if len(seen) == limit:
                break
        return list(seen.values())


# -- grouping an article's entities --------------------------------------------


@dataclass(slots=True)
class EntityGroup:
    key: str  # "actor:12" or "name:khalifa haftar"
    name: str  # what a list shows
    label: str
    actor: Actor | None
    mentions: list[Entity] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.mentions)


def _group_key(entity: Entity) -> str:
    parsed = parse_name(entity.text)
    return "name:" + (parsed.key if parsed else strip_accents(entity.text).strip())


def group_entities(entities: Iterable[Entity], registry: ActorRegistry | None = None) -> list[EntityGroup]:
    """An article's entities grouped: registry actors first (most mentioned first), then
    names nobody registered, grouped by normalised form, with a bare surname joined to the
    one full name in the article it belongs to ("Haftar" to "Khalifa Haftar")."""
    entities = sorted(entities, key=lambda e: (e.start, e.end))
    registry = registry or ActorRegistry()
    links = registry.link(entities)
    actor_groups: dict[int, EntityGroup] = {}
    loose: dict[str, list[Entity]] = {}
    for entity, actor in zip(entities, links):
        if actor is not None:
            group = actor_groups.get(actor.id)
            if group is None:
                group = actor_groups[actor.id] = EntityGroup(
                    f"actor:{actor.id}", actor.name, actor.label or entity.label, actor
                )
            group.mentions.append(entity)
        else:
            loose.setdefault(_group_key(entity), []).append(entity)
    merged = _merge_within_article(loose)
    unlinked = []
    for key, members in merged.items():
        label = Counter(e.label for e in members).most_common(1)[0][0]
        texts = Counter(e.text for e in members)
        # the longest spelling used most often names the group ("Khalifa Haftar", not "Haftar's")
        name = max(texts, key=lambda t: (len(parse_name(t).tokens) if parse_name(t) else 0, texts[t], -len(t)))
        unlinked.append(EntityGroup(key, name, label, None, sorted(members, key=lambda e: (e.start, e.end))))
    actors_sorted = sorted(actor_groups.values(), key=lambda g: (-g.count, g.name.casefold()))
    unlinked.sort(key=lambda g: (_label_rank(g.label), -g.count, g.name.casefold()))
    return actors_sorted + unlinked


def _label_rank(label: str) -> int:
    return LABEL_ORDER.index(label) if label in LABEL_ORDER else len(LABEL_ORDER)


def _merge_within_article(loose: dict[str, list[Entity]]) -> dict[str, list[Entity]]:
    """Join unregistered PERSON groups that are one person by the registry's own rules,
    using the article's multi-word names as provisional actors."""
    keys = list(loose)
    person = {k for k in keys if any(e.label == "PERSON" for e in loose[k])}
    full = [k for k in keys if k in person and parse_name(loose[k][0].text) and len(parse_name(loose[k][0].text).tokens) > 1]
    if not full:
        return loose
    provisional = ActorRegistry(
        Actor(i, loose[k][0].text, "PERSON", tuple(sorted({e.text for e in loose[k]}))) for i, k in enumerate(full)
    )
    parent = {k: k for k in keys}

    def root(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    for k in keys:
        if k not in person:
            continue
        target, _ = provisional.match_scored(loose[k][0].text, "PERSON")
        if target is None:
            continue
        tk = full[target.id]
        if tk != k:
            a, b = root(k), root(tk)
            if a != b:
                parent[a] = b
    out: dict[str, list[Entity]] = {}
    for k in keys:
        out.setdefault(root(k), []).extend(loose[k])
    return out


def mentions_of(entities: Iterable[Entity], entity: Entity | None, registry: ActorRegistry | None = None,
                groups: list[EntityGroup] | None = None) -> list[Entity]:
    """Every mention in the article of the same actor (or unregistered name) as `entity`,
    in text order; [] when `entity` is None or not among `entities`."""
    if entity is None:
        return []
    for group in groups if groups is not None else group_entities(entities, registry):
        if any(m.start == entity.start and m.end == entity.end for m in group.mentions):
            return list(group.mentions)
    return []


def step_mention(mentions: list[Entity], offset: int, delta: int) -> Entity | None:
    """The mention after (delta=1) or before (delta=-1) text offset `offset`, wrapping around."""
    if not mentions:
        return None
    ordered = sorted(mentions, key=lambda e: e.start)
    if delta > 0:
        return next((m for m in ordered if m.start > offset), ordered[0])
    return next((m for m in reversed(ordered) if m.start < offset), ordered[-1])


# -- actors across articles --------------------------------------------------------


def registry_of(store) -> ActorRegistry:
    """The registry as stored (`store.actors()`)."""
    return ActorRegistry(store.actors())


def linked_mentions(store, registry: ActorRegistry, recognizer, article_ids: Iterable[str] | None = None
                    ) -> Iterable[tuple[dict, Entity, Actor]]:
    """(article record, entity, actor) for every linked mention, article by article.
    Entities come from the per-article cache, computed once per recogniser version."""
    from newsmark.entity_cache import entities_for

    ids = list(article_ids) if article_ids is not None else [a["id"] for a in store.articles()]
    for article_id in ids:
        article = store.article(article_id)
        entities = entities_for(store, article, recognizer)
        ref = {"id": article.id, "title": article.title}
        for entity, actor in zip(entities, registry.link(entities)):
            if actor is not None:
                yield ref, entity, actor


# -- filtering annotations by actor ------------------------------------------------

_WORD = re.compile(r"[^\W\d_][\w'’.\-]*")


def _name_runs(text: str) -> Iterable[str]:
    """Runs of capitalised words (with particles such as al-, bin, van) in running text."""
    run: list[str] = []
    last_end = -1
    for m in _WORD.finditer(text):
        word = m.group().rstrip(".-")
        if not word:
            continue
        head = word.split("-")[0].casefold()
        namey = word[0].isupper() or (head in PARTICLES and (len(run) > 0 or "-" in word))
        gap = text[last_end:m.start()] if last_end >= 0 else ""
        if run and (not namey or gap.strip() or "\n" in gap):
            yield " ".join(run)
            run = []
        if namey:
            if run or word.casefold() not in LEAD_WORDS:
                run.append(word)
        last_end = m.end()
    if run:
        yield " ".join(run)


@lru_cache(maxsize=1024)
def _single_registry(actor: Actor) -> ActorRegistry:
    return ActorRegistry([actor])


def annotation_matches_actor(annotation: Annotation, actor: Actor) -> bool:
    """True when the annotation's attributed_to, or a name in its quote, is this actor."""
    registry = _single_registry(actor)
    if annotation.attributed_to and registry.match(annotation.attributed_to) is not None:
        return True
    quote = annotation.quote or ""
    if not quote:
        return False
    frames = set(registry._index)
    for run in _name_runs(quote):
        parsed = parse_name(run)
        if parsed is None or _masked(parsed.surname) not in frames:
            continue
        if registry.match(run) is not None:
            return True
    return False


def resolve_actor(registry: ActorRegistry, name: str) -> Actor:
    """The actor called `name` (or with that alias); a NewsmarkError that suggests close names otherwise."""
    if not name or not name.strip():
        raise NewsmarkError("no actor given; `newsmark entity actors` lists them")
    actor = registry.find(name)
    if actor is not None:
        return actor
    close = registry.suggest(name, limit=3)
    hint = f" (did you mean {', '.join(repr(a.name) for a in close)}?)" if close else ""
    raise NewsmarkError(f"no actor named {name.strip()!r}{hint}; `newsmark entity actors` lists them")


def actor_filter(store, actor_name: str) -> Callable[[Annotation], bool]:
    """A predicate for search/export `--actor NAME`: annotations about or by that actor."""
    actor = resolve_actor(registry_of(store), actor_name)
    return lambda annotation: annotation_matches_actor(annotation, actor)


__all__ = [
    "ACTOR_LABELS", "Actor", "ActorRegistry", "EntityGroup", "Name", "actor_filter", "annotation_matches_actor",
    "compare_names", "fold_token", "group_entities", "linked_mentions", "mentions_of", "normalise_name",
    "parse_name", "registry_of", "resolve_actor", "step_mention", "token_match",
]
