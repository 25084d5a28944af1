"""A key map's errors name the line, for bare and quoted keys and headers alike."""

from __future__ import annotations

import pytest

from newsmark.keybindings import load_keymap
from newsmark.keybindings.keymap import KeymapError


@pytest.mark.parametrize("body, line", [
    ('[reader]\ntag_claim = "k"\nno_such_action = "x"\n', 3),
    ('# mine\n[reader]\n"tag_claim" = "k"\n"no such action" = "x"\n', 4),
    ("[ 'reader' ]\n'tag_claim' = 'k'\n\n'no-such' = 'x'\n", 4),
    ('["reader"]\n  "tag_claim" = 42\n', 2),
])
def test_the_error_names_the_line_of_the_offending_key(tmp_path, body, line):
    path = tmp_path / "keymap.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(KeymapError) as err:
        load_keymap("default", user_file=path)
    assert f"{path}:{line}:" in str(err.value)
