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


def test_keys_shows_the_character_beside_the_name_keys_toml_takes(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    out = cli("keys").stdout
    assert "user overrides:" in out.splitlines()[0] and "(none yet)" in out.splitlines()[0]
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    assert 'right_parenthesis ")"' in rows["reader.sentence_next"]
    assert 'question_mark "?"' in rows["app.help"] and "f1" in rows["app.help"]
    assert '"' not in rows["app.quit"]  # ctrl+q is written as it is
