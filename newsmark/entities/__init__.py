"""Entity recognisers: people, organisations, places, groups, events, dates and quantities.

    rec = get_recognizer("builtin")        # default, offline, pure Python
    rec = get_recognizer("spacy")          # optional: spaCy with en_core_web_sm
    rec = get_recognizer("spacy:en_core_web_md")
    rec.recognize(text) -> list[Entity]    # sorted, non-overlapping, code-point offsets

`rec.name` and `rec.version` identify the output: the version changes whenever the output
could, so a store can cache entities per article and recognizer. Importing this package
loads no data, no spaCy and no Textual; data loads on the first `recognize`.
"""

from __future__ import annotations

from typing import Callable, Protocol, runtime_checkable

from newsmark.errors import NewsmarkError
from newsmark.model import Entity

LABELS: tuple[str, ...] = ("PERSON", "ORG", "PLACE", "NORP", "EVENT", "DATE", "QUANTITY")


@runtime_checkable
class Recognizer(Protocol):
    name: str
    version: str

    def recognize(self, text: str) -> list[Entity]: ...


def _builtin(option: str | None) -> Recognizer:
    if option:
        raise NewsmarkError(f"the builtin recognizer takes no option (got 'builtin:{option}'); use --recognizer builtin")
    from .builtin import BuiltinRecognizer

    return BuiltinRecognizer()


def _spacy(option: str | None) -> Recognizer:
    from .spacy_backend import SpacyRecognizer

    return SpacyRecognizer(option or "en_core_web_sm")


# name -> factory(option after the colon, or None)
RECOGNIZERS: dict[str, Callable[[str | None], Recognizer]] = {"builtin": _builtin, "spacy": _spacy}
DEFAULT = "builtin"

_cache: dict[str, Recognizer] = {}


def get_recognizer(spec: str | None = None) -> Recognizer:
    """The recognizer named `spec` ("builtin", "spacy" or "spacy:MODEL"), built once and reused."""
    spec = (spec or DEFAULT).strip()
    if spec not in _cache:
        name, _, option = spec.partition(":")
        factory = RECOGNIZERS.get(name)
        if factory is None:
            known = ", ".join(sorted(RECOGNIZERS))
            raise NewsmarkError(f"unknown recognizer '{name}': choose one of {known} (e.g. --recognizer builtin)")
        _cache[spec] = factory(option or None)
    return _cache[spec]


def loaded_recognizer(spec: str | None = None) -> Recognizer | None:
    """The recognizer named `spec` if it is already built in this process, else None.

    Never builds one (building loads data or spaCy): for callers that must not block, such
    as the reader's first frame."""
    return _cache.get((spec or DEFAULT).strip())


_builtin_version: list[str] = []


def builtin_version() -> str:
    """The built-in recogniser's `version` (a hash of its data files and source), without
    importing it (~60 ms), computed once per process; the recogniser takes its version from
    here. With it the reader finds an article's cached entities before its first
    frame, also in a fresh process."""
    if not _builtin_version:
        import hashlib
        from importlib import resources

        pkg = resources.files(__package__)
        h = hashlib.sha256()
        for name in ("gazetteer.json.gz", "model.json.gz"):
            try:
                h.update(pkg.joinpath("data").joinpath(name).read_bytes())
            except FileNotFoundError:
                h.update(b"missing")
        for name in ("builtin.py", "lexicon.py", "patterns.py"):
            h.update(pkg.joinpath(name).read_bytes())
        _builtin_version.append(h.hexdigest()[:12])
    return _builtin_version[0]


def recognize(text: str, spec: str | None = None) -> list[Entity]:
    """Entities in `text` by the named (default: built-in) recognizer."""
    return get_recognizer(spec).recognize(text)


__all__ = ["Entity", "LABELS", "RECOGNIZERS", "Recognizer", "builtin_version", "get_recognizer", "loaded_recognizer",
           "recognize"]
