"""Who said what: cues, source mentions and content spans found by rules over words.

Per sentence (a quoted passage of several sentences is one unit), each cue outside a
quotation is read in one of these shapes:

- quote first:      "We came with an offer," said Joana Albuquerque.  /  "…," she told reporters.
- content first:    Talks broke down, union officials said.           (the inverted "…, X said.")
- according to:     According to the ministry, 40 died.  /  40 died, according to the ministry.
- source first:     The ministry said (that) 40 died.  /  She said: "…"  /  He believes …

The source is the noun phrase next to the cue (appositions skipped); the speaker it
refers to is worked out in `speakers.py`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import compress

from .speakers import GROUPS as SPEAKER_GROUPS
from .text import WORD

# Reporting and cognitive verbs (PARC counts both), as they appear in text.
SPEECH = set("""
said say says saying told tell tells added adds adding claimed claim claims claiming denied deny denies denying
condemned condemns stressed stresses insisted insists warned warns argued argues noted notes stated states
announced announces explained explains asserted asserts replied replies responded responds asked asks
admitted admits confirmed confirms acknowledged acknowledges alleged alleges reported reports wrote writes
declared declares urged urges suggested suggests predicted predicts maintained maintains agreed agrees
promised promises revealed reveals conceded concedes observed observes remarked remarks commented comments
described describes accused accuses complained complains estimated estimates published publishes
countered counters cautioned cautions emphasised emphasized emphasises emphasizes pointed recalled recalls
disputed disputes rejected rejects blamed blames criticised criticized criticises criticizes praised praises
questioned questions predicted testified testifies conceded charged mentioned mentions indicated indicates
showed shows found finds ruled rules concluded concludes quoted quoting quotes hinted hints vowed vows
threatened threatens demanded demands repeated repeats reiterated reiterates show find indicate conclude
called calls
""".split())
COGNITIVE = set("""
believes believe believed thinks think thought considers consider considered feels feel felt
expects expect expected hopes hope hoped fears fear feared knows know knew doubts doubt doubted
suspects suspect suspected
""".split())
CUES = SPEECH | COGNITIVE
# Cues that are also common nouns or other verbs: only with a subject right before them.
AMBIGUOUS = set("claims claim questions notes states reports rules shows finds found showed estimates show find "
                "indicate conclude "
                "fears fear hope hopes doubts doubt think thought feel felt know knew considered expected "
                "remarks comments quotes charged pointed mentions indicates".split())
PASSIVE = {"was", "were", "been", "be", "being", "is", "are", "am", "get", "got"}
NOUN_BEFORE = {"the", "a", "an", "his", "her", "its", "their", "our", "these", "those", "this", "that", "such",
               "of", "no", "any", "some", "many", "new", "these", "my", "your", "to"}
ADVERBS = {"also", "later", "previously", "repeatedly", "recently", "has", "have", "had", "then", "further",
           "once", "again", "first", "earlier", "still", "publicly", "reportedly", "originally", "would", "will",
           "had", "did", "does", "do", "not", "never", "always", "openly", "separately", "privately",
           "yesterday", "today", "subsequently", "initially", "already", "allegedly", "apparently", "often",
           "strongly", "firmly", "flatly", "angrily", "repeatedly", "quickly", "immediately", "has"}
# lower-case words that head or belong to a source noun phrase
ROLE_WORDS = set("""
spokesman spokeswoman spokesperson spokespeople official officials minister ministers ministry secretary
president chairman chairwoman chair director directors manager managers chief head officer officers police
government authorities authority agency company firm union federation association council committee board
court judge judges prosecutor prosecutors lawyer lawyers attorney residents resident witnesses witness
analysts analyst experts expert researchers researcher scientists scientist doctors doctor report reports
statement statements study survey poll polls data figures sources source critics supporters members member
workers worker organisers organizers protesters activists leaders leader group groups observers observer
department office administration military army navy spokespeople governor mayor senator commissioner
professor curator founder owner residents citizens voters students teachers staff employees engineers
inspectors investigators authorities operators operator economists economist website newspaper paper
agency agencies network channel broadcaster statement letter memo note communique results estimates
general admiral colonel captain sergeant lieutenant correspondent reporter editor officials people
man woman men women mother father parents family families farmers fishermen owners locals town city
story article documents document filing records results review audit forwarders carrier carriers
""".split())
# plural people nouns that head a source phrase ("Labour economists", "Freight forwarders in Porto"):
# the speaker resolver's group nouns, and more that only find the phrase
GROUPS = set(SPEAKER_GROUPS)
GROUPS |= set("""
passengers commuters customers patients users readers viewers families shoppers tenants landlords motorists
cyclists travellers travelers officers councillors campaigners volunteers auditors inspectors
""".split())
ROLE_WORDS |= GROUPS | {"person", "executive", "executives", "emails", "messages", "minutes", "filings", "texts",
                        "reporters", "journalists", "lawmakers", "legislators"}
# what a document, post or dataset is called when it is the source ("A post shared … claimed")
MEDIA = set("""
post posts video videos tweet message messages report study survey article leaflet letter email statement
document poll analysis review audit data figures memo website blog
""".split())
PRONOUNS = {"he", "she", "they", "it", "i", "we", "him", "her", "them", "you"}
# words that open a sentence, capitalised there, and never name who is speaking
DISCOURSE = {"but", "and", "so", "yet", "or", "nor", "now", "then", "still", "instead", "also", "however",
             "indeed", "meanwhile", "here", "there", "thus", "hence", "besides", "moreover", "furthermore",
             "consider", "imagine", "remember", "note"}
# where something was said: "wrote on social media that", "said in an email that"
CHANNELS = {"social", "media", "post", "email", "letter", "interview", "blog", "website", "online", "broadcast",
            "radio", "television", "news", "conference", "briefing", "speech", "message", "video"}
DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "these", "those", "this", "our", "my", "your"}
LINKERS = {"of", "for", "the", "and", "'s", "’s", "at", "de", "la", "del", "al", "von", "van", "&"}
TIME_TAIL = set("""
on in at to during after before late early earlier later last this yesterday today tonight monday tuesday
wednesday thursday friday saturday sunday morning afternoon evening night week month year time reporters
journalists through via by from when while as outside inside with told
""".split())
# with these a bare object is no report ("announced the start of", "pointed to the table")
NEEDS_EXPLICIT = {"maintained", "maintains", "asked", "asks", "announced", "announces", "described", "describes",
                  "pointed", "urged", "urges", "demanded", "demands", "promised", "promises", "threatened",
                  "threatens", "vowed", "vows", "rejected", "rejects", "blamed", "blames", "praised", "praises",
                  "criticised", "criticized", "criticises", "criticizes", "questioned", "accused", "accuses",
                  "published", "publishes", "quoted", "quoting", "quotes", "condemned", "condemns"}
EVIDENCE = {"show", "shows", "showed", "found", "finds", "suggest", "suggests", "suggested", "put", "puts", "estimated",
            "estimates", "counted", "recorded"}
OBJECT_CUES = {"told", "tell", "tells", "asked", "asks", "urged", "urges", "warned", "warns", "assured",
               "reminded", "informed", "accused", "accuses", "quoted", "quoting", "quotes", "blamed", "blames"}
SPLITTERS = re.compile(r",\s*(?:saying|which|who|adding|citing|as|while|whereas|amid)\b|\s[—–-]{1,2}\s"
                       # "…, a figure the company rejects": a comment on what was said, not part of it
                       r"|,\s*an?\s+(?:figure|claim|number|estimate|charge|view|assertion|allegation|account)\s+(?=\w+\s+\w+)")


@dataclass
class Found:
    """One attribution before speakers are resolved."""

    source: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int]
    shape: str  # quote-first, content-first, according-to, source-first
    cognitive: bool


def _is_cap(w: str) -> bool:
    return w[:1].isupper() or w[:1].isdigit() and False


_ALL_CUES = frozenset(CUES | {"according"})
_ALL_CUES_BYTES = frozenset(c.encode() for c in _ALL_CUES)
_LETTERS_ONLY = bytes(b if 97 <= b <= 122 else 32 for b in range(256))  # a-z stay, other bytes become blanks


def extract(text: str, units: list[tuple[int, int]], quotes: list[tuple[int, int]]) -> list[Found]:
    out: list[Found] = []
    qi = 0
    # only sentences holding a cue word (a run of a-z in the lower-cased text) are read word by word
    starts = [s for s, _ in units]
    cues = _ALL_CUES_BYTES
    low = text.lower()
    # a word lower-cases on its own as inside the whole text unless a character lower-cases to
    # two (then `low` keeps it as it is, for exact offsets) or is a capital sigma (its lower
    # case depends on the letters around it); only then are the words sliced from `low`
    by_word = len(low) == len(text) and "Σ" not in text
    if len(low) != len(text):  # a few characters lower-case to two; keep offsets exact
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    # the lower-cased text as bytes with a-z kept and all else blank, one byte a code point
    # (any other than ASCII is "?", then blank), so that each sentence's runs of a-z are one split()
    letters = low.encode("ascii", "replace").translate(_LETTERS_ONLY)
    for us, ue in units:
        if cues.isdisjoint(letters[us:ue].split()):
            continue
        while qi < len(quotes) and quotes[qi][1] <= us:
            qi += 1
        uq = []
        j = qi
        while j < len(quotes) and quotes[j][0] < ue:
            uq.append(quotes[j])
            j += 1
        out.extend(_unit(text, us, ue, uq, None if by_word else low))
    return out


def _inside(pos: int, quotes: list[tuple[int, int]]) -> bool:
    return any(s < pos < e for s, e in quotes)


_SPAN, _GROUP = re.Match.span, re.Match.group


def _unit(text: str, us: int, ue: int, quotes: list[tuple[int, int]], low: str | None = None) -> list[Found]:
    """The attributions in one sentence; `low` (the lower-cased text) is sliced for the words'
    lower case when given, else each word is lower-cased on its own."""
    matches = list(WORD.finditer(text, us, ue))
    if len(matches) < 3:
        return []
    toks = list(map(_SPAN, matches))
    ws = list(map(_GROUP, matches))
    lw = [low[a:b] for a, b in toks] if low is not None else list(map(str.lower, ws))
    n = len(toks)
    # which words lie inside a quotation (after its opening mark), decided once per sentence
    inq = [False] * n
    if quotes:
        tstarts = [a for a, _ in toks]
        for qs, qe in quotes:
            for x in range(bisect_right(tstarts, qs), bisect_left(tstarts, qe)):
                inq[x] = True
    found: list[Found] = []
    used_quotes: set[tuple[int, int]] = set()
    n = len(toks)
    # only the cue words are looked at (every other word would be passed over below)
    for i in compress(range(n), map(_ALL_CUES.__contains__, lw)):
        w = lw[i]
        if inq[i]:
            # "… I think the toll would have been higher": the speaker's own cognitive cue
            if w in COGNITIVE and i > 0 and lw[i - 1] in ("i", "we") and ws[i].islower():
                f = _inner(text, toks, i, quotes)
                if f:
                    found.append(f)
            continue
        if w == "according" and i + 1 < n and lw[i + 1] == "to":
            f = _according(text, toks, ws, lw, i, us, ue, quotes)
            if f:
                found.append(f)
            continue
        if w not in CUES:
            continue
        if i > 0 and (lw[i - 1] in PASSIVE or (lw[i - 1] in NOUN_BEFORE and not inq[i - 1]
                                              and lw[i - 1] not in ("that",))):
            continue
        if w == "saying" or w == "adding":
            continue  # ", saying …" continues another attribution
        j = _skip_adverbs_left(lw, i - 1)
        if j >= 0 and lw[j] in ("and", "but") and found and found[-1].content[0] < toks[j][0] < found[-1].content[1] \
                and ws[i].islower():
            prev = found[-1]
            head = _tight(text, prev.content[0], toks[j][0])
            rest = _tight(text, toks[i][1], prev.content[1])
            if head and rest:
                found[-1] = Found(prev.source, prev.cue, head, prev.shape, prev.cognitive)
                found.append(Found(prev.source, toks[i], rest, prev.shape, lw[i] in COGNITIVE))
                continue
        f = _verb_cue(text, toks, ws, lw, i, us, ue, quotes, used_quotes)
        if f:
            found.append(f)
    return found


def _inner(text, toks, i, quotes) -> Found | None:
    q = _quote_at(toks[i][0], quotes)
    start = toks[i][1]
    stop = re.compile(r"[.!?](?=\s)").search(text, start, q[1] - 1)
    end = stop.end() if stop else q[1]
    content = _tight(text, start, end, quote_ends=True)
    if content is None:
        return None
    return Found(toks[i - 1], toks[i], content, "inner", True)


def _left_np(toks, ws, lw, j: int, floor: int = 0) -> tuple[int, int] | None:
    """The noun phrase ending at token j (inclusive), as token indices [a, j]."""
    if j < floor:
        return None
    if lw[j] in PRONOUNS:
        return (j, j)
    k = j
    while k >= floor:
        w, l = ws[k], lw[k]
        if w[:1].isupper() or l in ROLE_WORDS or l in ("'s", "’s", "-", "&", ".") and k < j:
            k -= 1
            continue
        if l in ("'", "’") and floor < k < j and lw[k - 1].endswith("s") and ws[k + 1][:1].isupper():
            k -= 1  # "The Northwind Pilots' Guild"
            continue
        if l in LINKERS and k < j and k > floor:
            k -= 1
            continue
        if l.isdigit() and k < j:
            k -= 1
            continue
        if l.isalpha() and l.islower() and floor < k < j and lw[k + 1] in ROLE_WORDS and l not in FINITE \
                and (lw[k - 1] in ("'s", "’s", "its", "their", "his", "her", "our", "the")
                     or lw[k + 1] in GROUPS and (ws[k - 1][:1].isupper() or lw[k - 1] in ROLE_WORDS)):
            k -= 1  # "the council's finance department", "the operator's own data"
            continue
        if l in ("in", "from", "at") and floor < k < j and lw[k - 1] in GROUPS:
            k -= 1  # "Freight forwarders in Porto": the group, not the place
            continue
        break
    a = k + 1
    while a <= j and (lw[a] in LINKERS - {"the"} or lw[a] in DISCOURSE):
        a += 1  # "But consider …", "And the ministry said": the capital is the sentence's, not a name's
    if a > j:
        return None
    # a lower-case determiner right before belongs to the phrase ("the ministry")
    if a - 1 >= floor and lw[a - 1] in ("the", "a", "an", "its", "their", "his", "her"):
        a -= 1
    if not any(ws[x][:1].isupper() or lw[x] in ROLE_WORDS for x in range(a, j + 1)):
        return None
    return (a, j)


def _right_np(toks, ws, lw, i: int, end: int) -> tuple[int, int] | None:
    """The noun phrase starting at token i."""
    if i >= end:
        return None
    if lw[i] in PRONOUNS:
        return (i, i)
    k = i
    while k < end:
        w, l = ws[k], lw[k]
        if w[:1].isupper() or l in ROLE_WORDS or l in ("'s", "’s", "-", "&"):
            k += 1
            continue
        if l in LINKERS and k + 1 < end and (ws[k + 1][:1].isupper() or lw[k + 1] in ROLE_WORDS or lw[k + 1] == "the"):
            k += 1
            continue
        break
    if k == i:
        return None
    b = k - 1
    while b > i and lw[b] in LINKERS:
        b -= 1
    if not any(ws[x][:1].isupper() or lw[x] in ROLE_WORDS for x in range(i, b + 1)):
        return None
    return (i, b)


def _skip_adverbs_left(lw, j: int) -> int:
    while j >= 0 and lw[j] in ADVERBS:
        j -= 1
    return j


def _span(toks, a: int, b: int) -> tuple[int, int]:
    return (toks[a][0], toks[b][1])


def _tight(text: str, start: int, end: int, quote_ends: bool = False) -> tuple[int, int] | None:
    """Trim blanks, a leading "that" or comma or colon, trailing sentence punctuation (outside
    quotes) and a trailing ", saying …" / ", which …" clause that is not what was said."""
    while start < end and text[start] in " \t\n,:;":
        start += 1
    m = re.match(r"(?:(?:only|simply|merely|just|also|again|merely)\s+)?that\b\s*,?\s*", text[start:end])
    if m:
        start += m.end()
    if not quote_ends:
        for cut in SPLITTERS.finditer(text, start, end):
            if cut.start() <= start + 10:
                continue
            # ", saying …" always ends what was said; ", which …" only when nothing follows it
            if cut.group().split()[-1] in ("saying", "adding", "citing") or "," not in text[cut.end():end]:
                end = cut.start()
                break
    while end > start and text[end - 1] in " \t\n.;:,":
        end -= 1
    if end - start < 3:
        return None
    return (start, end)


def _quote_at(pos: int, quotes, after: bool = True):
    for s, e in quotes:
        if s <= pos < e:
            return (s, e)
    return None


FINITE = set("""
is are was were has have had will would could can may might must should shall did does do am
made went came took gave began left knew thought saw became got held kept lost won ran met paid sent spent built
fell rose grew led brought bought caught taught wrote broke chose drove stood understood said told found felt
""".split())
NOT_CLAUSE = {"to", "as", "out", "for", "of", "about", "on", "at", "with", "by", "from", "up", "into", "against"}
WH = {"how", "why", "what", "whether", "when", "where", "who", "which", "if"}
INTRO = {"according", "in", "on", "at", "after", "before", "speaking", "discussing", "of", "during", "asked", "writing",
         "later", "however", "but", "and", "meanwhile", "separately", "earlier", "also", "for", "from", "with"}


def _finite(w: str, l: str) -> bool:
    if l in FINITE:
        return True
    return l.isalpha() and w.islower() and len(l) > 3 and (l.endswith("ed") or (l.endswith("s") and not l.endswith("ss")
                                                                             and not l.endswith("us")))


def _clause_like(ws, lw, k: int, n: int) -> bool:
    """Tokens from k read like a reported clause: a noun phrase then a finite verb, soon."""
    if k + 1 < n and (lw[k] in ("at", "up") and lw[k + 1] in ("least", "most", "to")
                      or lw[k] == "about" and lw[k + 1][:1].isdigit()):
        k += 2  # "at least a dozen drivers had …", "about 40 people died"
    if k >= n or lw[k] in NOT_CLAUSE:
        return False
    if lw[k] in WH:
        return True
    for t in range(k + 1, min(n, k + 14)):
        if ws[t] in (",", ";", ":") and t < k + 2:
            return False
        if _finite(ws[t], lw[t]):
            return True
    return False


def _chunk_np(ws, lw, k: int, j: int) -> tuple[int, int] | None:
    """The words from k to the first comma, when they read as a name or title (no verb) and a
    comma-set apposition follows up to j: "Cynthia Thompson, curator at …, said"."""
    c = next((x for x in range(k, j + 1) if ws[x] == ","), None)
    if c is None or c == k or c - k > 12:
        return None
    words = range(k, c)
    if not any(ws[x][:1].isupper() or lw[x] in ROLE_WORDS for x in words):
        return None
    if any(_finite(ws[x], lw[x]) and not ws[x][:1].isupper() and lw[x] not in ROLE_WORDS
           and lw[x - 1] not in DETERMINERS for x in words):  # "familiar with the talks" has no verb
        return None
    a = k
    while a < c - 1 and lw[a] in ("and", "but", "so", "then"):
        a += 1
    # a role then the person's name: "A ministry spokeswoman, Inês Carvalhal, told …"
    name = range(c + 1, j)
    if 0 < len(name) <= 5 and all(ws[x][:1].isupper() or lw[x] in ("-", ".") for x in name) \
            and not any(ws[x][:1].isupper() for x in range(a + 1, c)):
        return (a, j - 1)
    return (a, c - 1)


def _media_subject(toks, ws, lw, i: int, j: int, quotes, text, us) -> tuple[int, int] | None:
    """A subject that is a document or post described by a participle phrase, from the clause's
    start: "A post shared widely on social media this week" (trailing time words dropped)."""
    k = _clause_start(text, toks, ws, lw, i, quotes, us)
    if not (k + 1 < j and lw[k] in ("a", "an", "the") and lw[k + 1] in MEDIA) or j - k > 12:
        return None
    if any(ws[x] in (",", ";", ":", '"', "“", "”") or lw[x] in FINITE for x in range(k, j + 1)):
        return None
    b = j
    while b > k + 1 and lw[b] in TIME_TAIL | {"week", "month", "year", "weekend"}:
        b -= 1
    return (k, b)


def _clause_start(text, toks, ws, lw, i: int, quotes, us: int) -> int:
    """Token index where the clause holding the cue at i starts: after a quotation, a colon or
    semicolon, and past introductory phrases ("In a statement,")."""
    k = 0
    for x in range(i - 1, -1, -1):
        if ws[x] in (";", ":") or (ws[x] in ('"', "”") and any(e - 1 == toks[x][0] for _, e in quotes)):
            k = x + 1
            break
    # "In a statement, X said", "Speaking to reporters, X said"
    while k < i and lw[k] in INTRO:
        c = next((x for x in range(k, i) if ws[x] == ","), None)
        if c is None:
            break
        k = c + 1
    return k


def _verb_cue(text, toks, ws, lw, i, us, ue, quotes, used_quotes) -> Found | None:
    n = len(toks)
    cue = toks[i]
    if not ws[i].islower():
        return None  # "United States", "Estimates" in a headline
    cognitive = lw[i] in COGNITIVE
    j = _skip_adverbs_left(lw, i - 1)
    # --- quote first: "…," said X.  /  "…," X, a spokesman, said.  /  "…," she told reporters.
    first = next(((s, e) for s, e in quotes if s >= us), None)
    if first is not None and first[1] <= cue[0] and text[us:first[0]].strip(" \t\n—-–(") == "":
        later = [q for q in quotes if first[1] <= q[0] < cue[0]]
        after = _tok_after(toks, first[1])
        if not later and i - after <= 20:
            if text[first[1]:cue[0]].strip(" ,\t\n") == "":
                np = _right_np(toks, ws, lw, i + 1, n)
            else:
                # everything between the quotation and the cue: "a ministry spokeswoman, Inês Carvalhal,"
                k = after + (1 if after < n and ws[after] == "," else 0)
                b = j - 1 if j >= 0 and ws[j] == "," else j
                np = (k, b) if k <= b and b - k < 16 and any(ws[x][:1].isupper() or lw[x] in ROLE_WORDS
                                                            or lw[x] in PRONOUNS for x in range(k, b + 1)) else None
            content = _tight(text, *first, quote_ends=True)
            if content is None:
                return None
            used_quotes.add(first)
            return Found(_span(toks, *np) if np else None, cue, content, "quote-first", cognitive)
    # --- who: the noun phrase before the cue, or after it (", said the ministry.")
    np = None
    if j >= 0 and ws[j] == ",":
        # "Jeff Rathke, the State Department spokesperson, said": the phrase that starts the clause
        k = _clause_start(text, toks, ws, lw, i, quotes, us)
        cand = _chunk_np(ws, lw, k, j)
        if cand is not None:
            np = cand
        else:
            np2 = _right_np(toks, ws, lw, i + 1, n)
            if np2 is not None and _tail_only(lw, np2[1] + 1, n):
                content = _tight(text, us, toks[j][0])
                if content:
                    return Found(_span(toks, *np2), cue, content, "content-first", cognitive)
            return None
    else:
        np = _left_np(toks, ws, lw, j)
        if np is None:
            np = _media_subject(toks, ws, lw, i, j, quotes, text, us)
        if np is None:
            if lw[i] in AMBIGUOUS:
                return None
            if j >= 0 and ws[j] in ("—", "–"):
                np2 = _right_np(toks, ws, lw, i + 1, n)
                if np2 is not None and _tail_only(lw, np2[1] + 1, n):
                    content = _tight(text, us, toks[j][0])
                    if content:
                        return Found(_span(toks, *np2), cue, content, "content-first", cognitive)
            return None
    if cognitive and np[0] == np[1] and lw[np[0]] in ("i", "we") and not _inside(toks[np[0]][0], quotes):
        return None  # "I know how that sounds": a writer's own view (a claim, if anything), no one reported
    src = _span(toks, *np)
    # content first: "…, union officials said (in a statement)."
    a = np[0]
    if a > 0 and ws[a - 1] in (",", "—", "–") and _tail_only(lw, i + 1, n):
        content = _tight(text, us, toks[a - 1][0])
        if content:
            return Found(src, cue, content, "content-first", cognitive)
    # in the middle: "The offer amounted to 14 percent, she said, and the 19 percent figure …"
    if a > 0 and ws[a - 1] == "," and i + 1 < n and ws[i + 1] == "," and a - 1 > 2:
        content = _tight(text, us, ue)
        if content:
            return Found(src, cue, content, "content-first", cognitive)
    # source first: the content follows the cue
    k = i + 1
    if lw[i] in OBJECT_CUES:
        obj = _right_np(toks, ws, lw, k, n)
        if obj is not None:
            k = obj[1] + 1
    explicit = False
    if lw[i] in OBJECT_CUES:
        # "told the meeting that …", "told a news conference on Monday that …"
        t = next((x for x in range(k, min(n, k + 7)) if lw[x] == "that"), None)
        if t is not None and t > k and all(ws[x][:1].isalnum() and not (_finite(ws[x], lw[x]) and lw[x] not in TIME_TAIL)
                                           for x in range(k, t)):
            k = t + 1
            explicit = True
    # "said on Friday that …", "said in a statement that …"
    for t in range(k, min(n, k + 8)):
        if lw[t] == "that":
            if all(lw[x] in TIME_TAIL or ws[x][:1].isupper() or lw[x] in ("a", "the", "an", "statement", ",")
                   or lw[x] in CHANNELS or lw[x].isdigit() for x in range(k, t)):
                k = t + 1
                explicit = True
            break
        if ws[t] in (",", ":", '"', "“"):
            break
    # "called the ruling a victory for patients": a judgement of something, not a tail
    judged = k < n and lw[i] in ("called", "calls") and lw[k] in ("the", "it", "this", "that") \
        and any(lw[x] in ("a", "an") for x in range(k + 1, min(n, k + 5)))
    # "accused the commissioner of 'announcing a meal …'": the charge, with whom it is against
    if lw[i] in ("accused", "accuses") and "of" in lw[i + 2:min(n, i + 8)]:
        k, judged = i + 1, True
    if k >= n or not judged and _tail_only(lw, k, n):
        return None
    if ws[k] in (",", ":") and k + 1 < n:
        explicit = explicit or ws[k] == ":"
        k += 1
    if lw[i] in ("described", "describes") and "as" in lw[k + 1:min(n, k + 8)]:
        explicit = True  # "the story described Caldera Line as based in Genoa"
    start = toks[k][0]
    q = _quote_at(start, quotes)
    if q is not None:
        used_quotes.add(q)
        content = _tight(text, start, q[1], quote_ends=True)
    else:
        measured = lw[i] in EVIDENCE and any(w[:1].isdigit() for w in lw[k:min(n, k + 8)])
        # "Brightside denied any wrongdoing", "denied the allegations"
        measured = measured or lw[i] in ("denied", "denies", "deny") and lw[k] in ("any", "all", "the", "wrongdoing")
        measured = measured or judged
        if not explicit and not measured and (lw[i] in NEEDS_EXPLICIT and lw[k] not in WH
                                              or not _clause_like(ws, lw, k, n)):
            return None
        content = _tight(text, start, ue)
    if content is None:
        return None
    return Found(src, cue, content, "source-first", cognitive)


def _unit_end_if_quote(text, q, ue):
    return q[1]


def _np_between(text, toks, ws, lw, a: int, b: int) -> bool:
    """Between a quotation's end and a cue: only a comma and a short noun phrase."""
    gap = text[a:b].strip(" ,\t\n")
    if not gap or len(gap) > 80:
        return False
    return bool(re.fullmatch(r"(?:[\w'’.&-]+\s*){1,8}", gap))


def _tok_after(toks, pos: int) -> int:
    for x, (a, _) in enumerate(toks):
        if a >= pos:
            return x
    return len(toks)


def _tail_only(lw, k: int, n: int) -> bool:
    """Nothing after the cue but a short tail: "in a statement", "on Friday", "told reporters"."""
    rest = [w for w in lw[k:n] if w not in (".", "!", "?", '"', "”", "’", "'", ")")]
    if not rest:
        return True
    if len(rest) > 9:
        return False
    if any(w in FINITE - {"told", "said"} for w in rest):
        return False  # "… that the correct number is five" is a clause, not a tail
    if rest[0] in ("the", "a"):
        # "said the strike reflected tensions": a noun phrase and then its verb is a clause;
        # "said the ministry in a statement released on Friday" stays a tail
        for w in rest[2:5]:
            if w in TIME_TAIL:
                break
            if len(w) > 4 and w.endswith("ed"):
                return False
    return rest[0] in TIME_TAIL or rest[0] in ("reporters", "journalists", "the", "a", "in", ",")


PUBLISHED = {"published", "released", "issued", "compiled", "provided", "gathered", "collected", "supplied",
             "prepared", "written", "produced", "conducted", "commissioned"}


def _according(text, toks, ws, lw, i, us, ue, quotes) -> Found | None:
    n = len(toks)
    np = _right_np(toks, ws, lw, i + 2, n)
    if np is None and i + 3 < n and lw[i + 2].isalpha() and lw[i + 3] in ROLE_WORDS and lw[i + 2] not in FINITE:
        np = (i + 2, _right_np(toks, ws, lw, i + 3, n)[1])  # "according to exchange data"
    if np is None and i + 3 < n and lw[i + 2] in ("a", "an") and lw[i + 3] in ROLE_WORDS:
        np = _right_np(toks, ws, lw, i + 3, n)  # "according to a report …"
        if np is not None:
            np = (i + 2, np[1])
    if np is None:
        return None
    # "according to the federation's published ballot results, …": the phrase runs to the comma
    c = next((x for x in range(np[1] + 1, min(n, i + 14)) if ws[x] in (",", ".", ";")), None)
    if c is not None and ws[c] == "," and not any(lw[x] in FINITE for x in range(np[1] + 1, c)):
        np = (np[0], c - 1)
    # "according to figures published by the port authorities": the publisher is the source
    by = np[1] + 1
    if by + 2 < n and lw[by] in PUBLISHED and lw[by + 1] == "by":
        owner = _right_np(toks, ws, lw, by + 2, n)
        if owner is None:  # "by the port authorities": up to the punctuation
            stop = next((x for x in range(by + 2, min(n, by + 9)) if not ws[x][:1].isalnum()), None)
            if stop is not None and stop > by + 2 and any(lw[x] in ROLE_WORDS for x in range(by + 2, stop)):
                owner = (by + 2, stop - 1)
        if owner is not None:
            np = (np[0], owner[1])
    cue = (toks[i][0], toks[i + 1][1])
    src = _span(toks, *np)
    after = np[1] + 1
    if i == 0 or text[us:toks[i][0]].strip(" \t\n,(") == "" or ws[i] == "According":
        if after < n and ws[after] == ",":
            content = _tight(text, toks[after][1], ue)
            return Found(src, cue, content, "according-to", False) if content else None
        if after < n and _clause_like(ws, lw, after, n):
            content = _tight(text, toks[after][0], ue)
            return Found(src, cue, content, "according-to", False) if content else None
        return None
    before = _tight(text, us, toks[i][0])
    if before is None:
        return None
    # "X, according to Y, Z": the content is the whole clause around it
    if after < n and ws[after] == "," and after + 1 < n and not _tail_only(lw, after + 1, n):
        tail = _tight(text, toks[after][1], ue)
        if tail and text[before[0]:before[1]].count(" ") < 4:
            return Found(src, cue, (before[0], tail[1]), "according-to", False)
    return Found(src, cue, before, "according-to", False)
