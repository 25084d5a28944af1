"""The two gates every piece of untrusted text passes: one on the way in, one on the way out.

In (`clean`): what the store keeps. Articles, notes, names, titles, keymaps — anything
a user or a stranger's file hands newsmark — become NFC text with `\\n` newlines and no
control characters other than `\\n` and `\\t`: no ESC (ANSI/OSC sequences), no BEL, no
C1 controls (0x80-0x9f, CSI among them), no bidirectional override or isolate controls
(they reorder what a reader sees, "Trojan Source"), no lone surrogates (they cannot be
stored as UTF-8).

Out (`shown`, `json_text`): what reaches a terminal. A database written by an older
newsmark, another program or `sqlite3` by hand may hold anything, so every printed or
rendered string is made harmless again: each control character becomes one visible
character (C0 as its Unicode control picture, ␛ for ESC; C1, DEL and bidi controls as
U+FFFD), so code-point offsets into the text stay the same. JSON keeps the data exact:
the characters JSON does not escape itself are written as `\\uXXXX` escapes.

No Textual or Rich here: the store and the CLI use these too.
"""

from __future__ import annotations

import re
import unicodedata

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# C0 but \t and \n, DEL and C1, bidi embeddings/overrides/isolates.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_INCOMING = re.compile(f"[{_CONTROL}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_OUTGOING = re.compile(f"[{_CONTROL}\ud800-\udfff]")
# What json.dumps(ensure_ascii=False) leaves raw although a terminal would act on it.
_JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def clean(text: str) -> str:
    """The incoming gate: newlines to `\\n`, lone surrogates to U+FFFD, NFC, controls removed."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    return _INCOMING.sub("", text)


def has_controls(text: str) -> bool:
    """True when `text` holds something the outgoing gate would replace."""
    return bool(_OUTGOING.search(text))


def _picture(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟, ␛ for ESC
    return "\ufffd"


def shown(text: str | None) -> str:
    """The outgoing gate for a terminal: every control one visible character (same length)."""
    if not text:
        return "" if text is None else text
    return _OUTGOING.sub(_picture, text)


def json_text(encoded: str) -> str:
    """JSON text (from json.dumps(..., ensure_ascii=False)) with C1, DEL, bidi controls and
    line separators written as \\u escapes: the same data, nothing a terminal acts on."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


def excerpt(text: str | None, width: int = 50) -> str:
    """One visible line of at most `width` characters, for messages and lists."""
    flat = " ".join(shown(text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


__all__ = ["BIDI_CONTROLS", "clean", "excerpt", "has_controls", "json_text", "shown"]
