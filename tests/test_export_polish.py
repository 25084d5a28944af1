"""CSV that line-based tools can count and W3C with the speaker as an agent — through the real CLI."""

from __future__ import annotations

import csv
import io
import json


def _wire_with_marks(cli, sample_paths):
    wire = next(p for p in sample_paths if p.name == "wire-report-port-strike.md")
    art = json.loads(cli("import", wire, "--json").stdout)[0]["id"]
    return art


def _tag_around_paragraph_breaks(cli, db_path, art):
    from newsmark.store import Store

    with Store.open(db_path) as store:
        text = store.article(art).text
    # marks whose 32-character context runs over a paragraph break, one at each break
    breaks = [i for i in range(len(text) - 1) if text[i] == "\n" and text[i + 1] == "\n"][:11]
    n = 0
    for b in breaks:
        start = b + 2
        if start + 10 >= len(text) or "\n" in text[start:start + 10]:
            continue
        assert cli("tag", art, "claim", "--span", f"{start}:{start + 10}").exit_code == 0
        n += 1
    return n


def test_csv_has_one_physical_line_per_record_and_context_last(cli, db_path, sample_paths):
    art = _wire_with_marks(cli, sample_paths)
    n = _tag_around_paragraph_breaks(cli, db_path, art)
    assert n >= 5
    result = cli("export", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == n + 1  # the header and one line per mark, as `wc -l` counts them
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert header[-2:] == ["prefix", "suffix"]
    assert header.index("note") == header.index("quote") + 1
    assert all("\n" not in r["prefix"] and "\n" not in r["suffix"] for r in rows)
    assert any(r["prefix"].endswith("  ") or "  " in r["prefix"] for r in rows)  # the break, as spaces
    # jsonl keeps the exact context
    exact = [json.loads(line) for line in cli("export", "--format", "jsonl").stdout.splitlines()]
    assert any("\n" in a["prefix"] for a in exact)


def test_w3c_names_the_speaker_as_an_agent_linked_to_the_registry(cli, db_path, sample_paths):
    art = _wire_with_marks(cli, sample_paths)
    assert cli("tag", art, "attribution", "--quote", "We came to the table", "--attributed-to", "Albuquerque").exit_code == 0
    assert cli("tag", art, "attribution", "--quote", "That offer remains", "--attributed-to", "a spokesman").exit_code == 0
    assert cli("entity", "alias", "Joana Albuquerque", "Albuquerque", "--label", "PERSON").exit_code == 0
    result = cli("export", "--format", "w3c")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["first"]["items"]
    speakers = {}
    for item in items:
        for body in item["body"]:
            assert body.get("purpose") != "describing" or body.get("type") == "SpecificResource"
            if body.get("purpose") == "identifying" and "name" in body.get("source", {}):
                speakers[item["target"]["selector"][0]["exact"][:10]] = body["source"]
    linked = speakers["We came to"]
    assert linked["name"] == "Joana Albuquerque" and linked["nickname"] == "Albuquerque"
    assert linked["type"] == "Person" and linked["id"].startswith("urn:newsmark:actor:")
    assert speakers["That offer"] == {"name": "a spokesman"}  # not in the registry: a name only
    assert not any("Attributed to:" in json.dumps(item) for item in items)
