"""Optional spaCy backend: `pip install 'newsmark[spacy]'` and a spaCy English model.

spaCy is imported here only, when this recognizer is asked for; a missing spaCy or model
is a NewsmarkError that says how to install it, never a silent fall-back.
"""

from __future__ import annotations

from newsmark.errors import NewsmarkError
from newsmark.model import Entity

# OntoNotes labels -> newsmark labels; the rest (WORK_OF_ART, LAW, LANGUAGE, ORDINAL) are dropped
LABEL_MAP = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
    "NORP": "NORP", "EVENT": "EVENT", "DATE": "DATE", "TIME": "DATE",
    "MONEY": "QUANTITY", "PERCENT": "QUANTITY", "QUANTITY": "QUANTITY", "CARDINAL": "QUANTITY",
}
INSTALL = "pip install 'newsmark[spacy]'"


class SpacyRecognizer:
    name = "spacy"

    def __init__(self, model: str = "en_core_web_sm") -> None:
        try:
            import spacy
        except ImportError:
            raise NewsmarkError(
                f"spaCy is not installed: {INSTALL} and python -m spacy download {model}"
            ) from None
        try:
            self._nlp = spacy.load(model, exclude=["lemmatizer"])
        except OSError:
            raise NewsmarkError(
                f"spaCy model '{model}' is not installed: python -m spacy download {model}"
                " (or pip install the model package), or choose another with --recognizer spacy:MODEL"
            ) from None
        meta = self._nlp.meta
        self.model = model
        self.version = f"{meta.get('lang', 'xx')}_{meta.get('name', model)}-{meta.get('version', '?')}+spacy-{spacy.__version__}"

    def recognize(self, text: str) -> list[Entity]:
        out: list[Entity] = []
        last_end = 0
        for e in self._nlp(text).ents:
            label = LABEL_MAP.get(e.label_)
            s, t = e.start_char, e.end_char
            # trim whitespace spaCy sometimes keeps at an edge, so text[start:end] stays the name
            while s < t and text[s].isspace():
                s += 1
            while t > s and text[t - 1].isspace():
                t -= 1
            if label and t > s and s >= last_end:
                out.append(Entity(s, t, label, text[s:t]))
                last_end = t
        return out
