"""The store and the core never pull in Textual or Rich (DESIGN.md, STYLE.md after Harlequin)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

HEADLESS = [
    "newsmark.model",
    "newsmark.errors",
    "newsmark.store",
    "newsmark.ingest",
    "newsmark.quotes",
    "newsmark.export",
    "newsmark.entity_cache",
    "newsmark.search",
    "newsmark.entities",
    "newsmark.keybindings",
    "newsmark.agree",
    "newsmark.sync",
    "newsmark.config",
    "newsmark.store.desk",
    "newsmark.claimreview",
    "newsmark.cli",  # commands load the TUI only when they open it: quick start over SSH
]


def _present(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_imports_no_textual_or_rich(module):
    if not _present(module):
        pytest.skip(f"{module} does not exist yet")
    code = (
        "import sys, importlib\n"
        f"importlib.import_module({module!r})\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(' '.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"importing {module} loaded {out.stdout.strip()}"
