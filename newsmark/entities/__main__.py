"""`python -m newsmark.entities FILE [--recognizer NAME]`: the entities of FILE as a JSON list."""

from __future__ import annotations

import argparse
import json
import sys

from newsmark.errors import NewsmarkError

from . import get_recognizer


def entities_json(text: str, recognizer: str | None = None) -> list[dict]:
    """What `newsmark entities PATH --json` prints: [{"start","end","label","text"}]."""
    return [e.to_json() for e in get_recognizer(recognizer).recognize(text)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m newsmark.entities", description=__doc__)
    ap.add_argument("file", help="a UTF-8 text file ('-' for standard input)")
    ap.add_argument("--recognizer", default="builtin", help="builtin (default), spacy or spacy:MODEL")
    a = ap.parse_args(argv)
    try:
        if a.file == "-":
            text = sys.stdin.read()
        else:
            with open(a.file, encoding="utf-8-sig") as f:
                text = f.read()
        out = entities_json(text, a.recognizer)
    except (OSError, UnicodeDecodeError) as e:
        print(f"Error: cannot read {a.file}: {e}", file=sys.stderr)
        return 1
    except NewsmarkError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
