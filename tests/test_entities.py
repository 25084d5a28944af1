"""The built-in entity recogniser on tricky cases written for newsmark (no ../shared, no spaCy)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newsmark.entities import RECOGNIZERS, Recognizer, get_recognizer
from newsmark.errors import NewsmarkError
from newsmark.model import Entity


@pytest.fixture(scope="module")
def rec():
    return get_recognizer("builtin")


def found(rec, text):
    return {(e.text, e.label) for e in rec.recognize(text)}


def labels_of(rec, text, name):
    return [e.label for e in rec.recognize(text) if e.text == name]


def check_invariants(text, ents):
    last = 0
    for e in ents:
        assert isinstance(e, Entity)
        assert text[e.start : e.end] == e.text
        assert e.start >= last and e.end > e.start
        last = e.end
        assert e.label in {"PERSON", "ORG", "PLACE", "NORP", "EVENT", "DATE", "QUANTITY"}


def test_interface_name_and_version(rec):
    assert isinstance(rec, Recognizer)
    assert rec.name == "builtin"
    assert isinstance(rec.version, str) and rec.version
    assert get_recognizer() is rec
    assert set(RECOGNIZERS) >= {"builtin", "spacy"}


def test_builtin_version_without_the_recogniser_is_its_version(rec):
    # the reader reads cached entities with this key before the recogniser is imported
    from newsmark.entities import builtin_version

    assert builtin_version() == rec.version


def test_unknown_recognizer_is_a_one_line_error():
    with pytest.raises(NewsmarkError) as err:
        get_recognizer("stanza")
    assert "\n" not in str(err.value) and "builtin" in str(err.value)


def test_title_before_name_is_not_part_of_person(rec):
    text = "Deputy Assistant Secretary of State John Bass met President Emmanuel Macron in Paris."
    got = found(rec, text)
    assert ("John Bass", "PERSON") in got
    assert ("Emmanuel Macron", "PERSON") in got
    assert ("Paris", "PLACE") in got


def test_possessive_stays_out_and_keeps_the_person(rec):
    text = "Field Marshal Khalifa Haftar said on Monday that the offensive would go on. Haftar's forces advanced."
    ents = rec.recognize(text)
    check_invariants(text, ents)
    assert ("Khalifa Haftar", "PERSON") in {(e.text, e.label) for e in ents}
    assert labels_of(rec, text, "Haftar") == ["PERSON"]
    assert not any(e.text.endswith("'s") for e in ents)


def test_later_surname_follows_the_full_name(rec):
    text = "The talks were led by Sujata Raisinghani of the trade ministry.\nRaisinghani told reporters the deal was close."
    assert labels_of(rec, text, "Raisinghani") == ["PERSON"]


def test_all_caps_acronyms(rec):
    text = "NATO and the UN condemned the strike, while the IMF delayed its loan to Ukraine."
    got = found(rec, text)
    assert ("NATO", "ORG") in got
    assert ("IMF", "ORG") in got
    assert ("Ukraine", "PLACE") in got


def test_sentence_initial_capital_is_not_a_name(rec):
    text = "However, the minister resigned. Yesterday the council met. Critics said the plan was flawed."
    names = [e for e in rec.recognize(text) if e.label in ("PERSON", "ORG", "PLACE")]
    assert names == []


def test_sentence_initial_name_is_still_found(rec):
    text = "Germany rejected the proposal. Merkel said it was premature."
    got = found(rec, text)
    assert ("Germany", "ORG") in got  # a country acting as its government (speaker_rules)
    assert ("Germany", "PLACE") in found(rec, "Germany is large. Merkel said it was premature.")


def test_arabic_transliterated_names(rec):
    text = (
        "Abu Bakr al-Baghdadi was not seen in public again. Rebels stormed Bab al-Azizia, "
        "the compound of Muammar Gaddafi in Tripoli, and a spokesman, Suleiman al-Amr, confirmed it."
    )
    ents = rec.recognize(text)
    check_invariants(text, ents)
    got = {(e.text, e.label) for e in ents}
    assert ("Abu Bakr al-Baghdadi", "PERSON") in got
    assert ("Muammar Gaddafi", "PERSON") in got
    assert ("Tripoli", "PLACE") in got
    assert any(t.startswith("Bab al-Azizia") for t, _ in got)


def test_hyphenated_names_and_attitudes(rec):
    text = "Lawmaker Wong Kwok-kin said pro-Beijing parties kept their majority."
    got = found(rec, text)
    assert ("Wong Kwok-kin", "PERSON") in got
    assert not any("pro-Beijing" in t for t, _ in got)


def test_title_case_headline_words_are_not_names(rec):
    text = "Floods Force Thousands From Homes As River Bursts Its Banks In Bangladesh\nHeavy rain fell for a week."
    got = found(rec, text)
    assert ("Bangladesh", "PLACE") in got
    assert not any(t in ("Floods", "Force", "Homes", "River", "Banks") for t, _ in got)


def test_nationality_is_norp_and_country_is_place(rec):
    text = "French troops left Mali after the Malian government asked them to go. France said it would stay in Niger."
    got = found(rec, text)
    assert ("French", "NORP") in got
    assert ("Mali", "PLACE") in got
    assert ("France", "ORG") in got  # "France said": the country speaks as its government
    assert ("Niger", "PLACE") in got


def test_organisation_heads(rec):
    text = "The Ministry of Foreign Affairs and the World Health Organization disagreed with the Bank of England."
    got = found(rec, text)
    assert ("Ministry of Foreign Affairs", "ORG") in got
    assert ("World Health Organization", "ORG") in got
    assert ("Bank of England", "ORG") in got


def test_dates(rec):
    text = "The vote was held on Sunday, September 4, 2016, a week after 28 August and before the 1990s ended."
    got = found(rec, text)
    assert ("Sunday, September 4, 2016", "DATE") in got
    assert ("28 August", "DATE") in got
    assert ("1990s", "DATE") in got


def test_quantities(rec):
    text = "Turnout was 58%, about 2.2 million voters; the dam costs $3.5 billion and floods 40 km of valley."
    got = found(rec, text)
    assert ("58%", "QUANTITY") in got
    assert ("about 2.2 million voters", "QUANTITY") in got
    assert ("$3.5 billion", "QUANTITY") in got
    assert ("40 km", "QUANTITY") in got


def test_may_the_month_and_may_the_name(rec):
    text = "Theresa May spoke on 3 May. It may rain."
    got = found(rec, text)
    assert ("Theresa May", "PERSON") in got
    assert ("3 May", "DATE") in got


@pytest.mark.parametrize(
    "text",
    [
        "Café owner José Álvarez told Le Monde that Zürich was calmer.",
        "😀 Emoji first: Angela Merkel visited 北京 and met Xi Jinping 🎉 in Beijing.",
        "東京 (Tokyo) hosted the G20; Prime Minister Fumio Kishida spoke.\r\nNext line.",
        "",
        "   \n\n  ",
        "lowercase only, no names here at all.",
        "A" * 5000,
        "Mr. . . Dr. ( ) ' 's - al- Abu",
    ],
)
def test_offsets_are_exact_code_points(rec, text):
    ents = rec.recognize(text)
    check_invariants(text, ents)


def test_offsets_with_emoji_and_cjk_point_at_the_name(rec):
    text = "😀🎉 北京 Angela Merkel visited Beijing."
    ents = rec.recognize(text)
    check_invariants(text, ents)
    merkel = [e for e in ents if e.text == "Angela Merkel"]
    assert merkel and merkel[0].start == text.index("Angela")


def test_recognize_is_deterministic(rec):
    text = "President Joe Biden met Chancellor Olaf Scholz in Berlin on Friday."
    assert rec.recognize(text) == rec.recognize(text)


def test_to_json_shape(rec):
    e = rec.recognize("Kofi Annan spoke in Geneva.")[0]
    assert set(e.to_json()) == {"start", "end", "label", "text"}


def test_module_prints_json_list(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Kofi Annan spoke in Geneva on Monday.", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "newsmark.entities", str(p)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"start": 0, "end": 10, "label": "PERSON", "text": "Kofi Annan"} in data


def test_module_reports_unreadable_file_in_one_line(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "newsmark.entities", str(tmp_path / "missing.txt")], capture_output=True, text=True
    )
    assert out.returncode == 1
    assert out.stderr.startswith("Error:") and out.stderr.count("\n") == 1


def test_import_loads_no_textual_rich_or_spacy():
    code = (
        "import sys, newsmark.entities\n"
        "bad = [m for m in ('textual', 'rich', 'spacy') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_recognising_loads_no_textual_rich_or_spacy():
    code = (
        "import sys\nfrom newsmark.entities import get_recognizer\n"
        "get_recognizer().recognize('Kofi Annan spoke in Geneva.')\n"
        "print(','.join(m for m in ('textual', 'rich', 'spacy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_title_after_an_organisation_is_cut_out(rec):
    text = "NASA Administrator Charles Bolden announced the decision on Tuesday."
    got = found(rec, text)
    assert ("NASA", "ORG") in got
    assert ("Charles Bolden", "PERSON") in got


def test_bare_role_is_not_an_entity(rec):
    text = "The Secretary of State will travel next week."
    assert [e for e in rec.recognize(text) if e.label in ("PERSON", "ORG", "PLACE")] == []


def test_two_people_joined_by_and_stay_two(rec):
    text = "The suit was brought by Daniel Stoner and Nettie Stoner in 1988."
    got = found(rec, text)
    assert ("Daniel Stoner", "PERSON") in got
    assert ("Nettie Stoner", "PERSON") in got


def test_plural_possessive_inside_an_organisation(rec):
    text = "Joana Albuquerque, general secretary of the Atlantic Dockers' Federation, spoke."
    got = found(rec, text)
    assert ("Atlantic Dockers' Federation", "ORG") in got
    assert ("Joana Albuquerque", "PERSON") in got


def test_based_prefix_is_not_part_of_the_name(rec):
    text = "A study by the Brussels-based Institute for Maritime Labour found the opposite."
    assert not any("Brussels-based" in e.text for e in rec.recognize(text))


def test_dateline_city_in_capitals_is_a_place(rec):
    text = "LISBON, March 14 (Meridian Wire) — Dockworkers voted on Saturday to extend a strike."
    got = found(rec, text)
    assert ("LISBON", "PLACE") in got
    assert ("March 14", "DATE") in got


def test_model_numbers_are_not_actors(rec):
    text = "The squadron flew the F-86 Sabre and later the F-100 Super Sabre."
    assert [e for e in rec.recognize(text) if e.label in ("PERSON", "ORG", "PLACE")] == []


def test_known_place_alone_is_a_place(rec):
    text = "However, teams from outside Montreal incurred huge travelling expenses."
    assert ("Montreal", "PLACE") in found(rec, text)


def test_cjk_words_are_not_capitalised_candidates():
    from newsmark.entities import builtin

    gaz, _ = builtin.load()
    doc, _ = builtin.prepare("北京市是中国的首都。東京も大きい。", gaz)
    assert doc.regions(gaz) == []


def test_decoder_sums_equal_feature_by_feature_sums():
    """The decoder's rows summed per word and context give the tags that adding every
    feature's row one by one gives (decode_region without a cache)."""
    from pathlib import Path

    from newsmark.entities import builtin

    gaz, model = builtin.load()
    root = Path(__file__).resolve().parent.parent / "sample_articles"
    for path in sorted(root.glob("*.md")):
        doc, _ = builtin.prepare(path.read_text(encoding="utf-8"), gaz)
        regions = doc.regions(gaz)
        cache = builtin._Scores(model, gaz)
        fast_memory: dict = {}
        slow_memory: dict = {}
        for rs, re_ in regions:
            fast = builtin.decode_region(model, gaz, doc, rs, re_, fast_memory, cache)
            slow = builtin.decode_region(model, gaz, doc, rs, re_, slow_memory)
            assert fast == slow, (path.name, doc.words[rs:re_])
        assert fast_memory == slow_memory


def test_all_caps_headline_words_are_not_names(rec):
    text = "FLOODS FORCE THOUSANDS FROM HOMES IN BANGLADESH\nHeavy rain fell for a week."
    got = found(rec, text)
    assert not any(t in ("FLOODS", "FORCE", "HOMES") for t, _ in got)


def test_loaded_recognizer_only_reports_a_built_one():
    code = (
        "import newsmark.entities as m\n"
        "assert m.loaded_recognizer('builtin') is None\n"
        "r = m.get_recognizer('builtin')\n"
        "assert m.loaded_recognizer('builtin') is r and m.loaded_recognizer() is r\n"
        "assert m.loaded_recognizer('spacy') is None\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ---- rules after the model: foreign names and what surrounds a name ----


def test_company_head_words_in_several_languages_make_an_organisation(rec):
    text = (
        "Cargo was moved by Bristane Lines and by Ferromar Logística, while Tessaro Ingeniería "
        "designed the quay. Later Tessaro said the work was done."
    )
    got = found(rec, text)
    assert ("Bristane Lines", "ORG") in got
    assert ("Ferromar Logística", "ORG") in got
    assert ("Tessaro Ingeniería", "ORG") in got
    assert labels_of(rec, text, "Tessaro") == ["ORG"]  # a company's first word alone


def test_foreign_place_openers_make_a_place(rec):
    text = (
        "Trucks queued outside Puerto Vardeo for days. Farmers along the Wadi Harrash lost crops, "
        "and a pipe burst under the Rua das Laranjeiras."
    )
    got = found(rec, text)
    assert ("Puerto Vardeo", "PLACE") in got
    assert ("Wadi Harrash", "PLACE") in got
    assert ("Rua das Laranjeiras", "PLACE") in got


def test_mountain_range_ending_is_a_place(rec):
    text = "Snow fell early on the High Atlas this year, said the farmers."
    assert ("High Atlas", "PLACE") in found(rec, text)


def test_institute_for_is_one_organisation(rec):
    text = "A report by the Institute for Coastal Fisheries warned that stocks were falling."
    assert ("Institute for Coastal Fisheries", "ORG") in found(rec, text)


def test_foreign_connector_keeps_an_organisation_whole(rec):
    text = "The charity Pain et Partage, a Belgian non-profit organisation, fed 300 families."
    assert ("Pain et Partage", "ORG") in found(rec, text)


def test_and_inside_an_organisation_ending_in_a_head(rec):
    text = "The loan came from the Baltic Housing and Infrastructure Bank, a regional lender."
    assert ("Baltic Housing and Infrastructure Bank", "ORG") in found(rec, text)


def test_two_known_places_joined_by_and_are_split(rec):
    text = (
        "The road reaches Tazrout first. Buses stop in Imoulass too. "
        "The hamlets of Tazrout and Imoulass lost power."
    )
    got = found(rec, text)
    assert ("Tazrout and Imoulass", "ORG") not in got and ("Tazrout and Imoulass", "PLACE") not in got
    assert labels_of(rec, text, "Imoulass") and set(labels_of(rec, text, "Imoulass")) == {"PLACE"}


def test_british_common_word_at_sentence_start_is_no_name(rec):
    text = "Nationalisation was the answer, he said. Organisation matters more than money."
    got = found(rec, text)
    assert not any(t in ("Nationalisation", "Organisation") for t, _ in got)


def test_adjective_before_its_noun_is_no_place(rec):
    text = "The reservoir held as much water as 40 Olympic swimming pools."
    assert "Olympic" not in {t for t, _ in found(rec, text)}


def test_list_after_a_plural_place_noun_is_places(rec):
    text = "Police in Vellbro and Skarnes were told to watch. The provinces of Vellbro and Skarnes agreed."
    assert set(labels_of(rec, text, "Skarnes")) == {"PLACE"}
    assert set(labels_of(rec, text, "Vellbro")) == {"PLACE"}


def test_apposition_noun_gives_the_type(rec):
    text = "She works in Haldvik, the regional capital. Ostrova Freight, a family-owned company, agreed."
    got = found(rec, text)
    assert ("Haldvik", "PLACE") in got
    assert ("Ostrova Freight", "ORG") in got


def test_place_before_based_is_a_place(rec):
    text = "The Vienna-based foundation paid for the survey."
    assert ("Vienna", "PLACE") in found(rec, text)


def test_tie_goes_to_the_person_with_a_given_name(rec):
    text = (
        "Ahmed Tazi farms near the river. In the hamlet of Aït Rbaa, Ahmed Tazi keeps bees. "
        "Tazi said the water came fast."
    )
    assert set(labels_of(rec, text, "Ahmed Tazi")) == {"PERSON"}


def test_rules_leave_common_word_places_and_foreign_person_names_whole(rec):
    text = (
        "Sales of the machines grew in Central and Eastern Europe. "
        "Her friendship with Germaine de Staël shaped the salon. "
        "He studied at Ohio State before the war."
    )
    got = found(rec, text)
    assert ("Central", "PLACE") not in got and ("Eastern Europe", "PLACE") not in got
    assert ("Germaine de Staël", "ORG") not in got
    assert ("Ohio State", "PLACE") not in got


def test_party_named_with_and_is_one_organisation(rec):
    text = "Leaders of the Dignity and Renewal Party said they would vote against the budget."
    assert ("Dignity and Renewal Party", "ORG") in found(rec, text)
    text = "Ships of Norway and Baltic Shipping Group sailed at dawn."
    assert ("Norway and Baltic Shipping Group", "ORG") not in found(rec, text)


def test_dam_and_terminal_are_places(rec):
    text = "Water spilled over the Kelvar Hollow Dam, and ships waited at the Santa Ilda Container Terminal."
    got = found(rec, text)
    assert ("Kelvar Hollow Dam", "PLACE") in got
    assert ("Santa Ilda Container Terminal", "PLACE") in got


def test_brigadier_and_lieutenant_are_titles(rec):
    text = "The wing was led by Brigadier General Hollis K. Drayton, then by Lieutenant Colonel Ada Frees."
    got = found(rec, text)
    assert ("Brigadier General", "PERSON") not in got and ("Lieutenant Colonel", "PERSON") not in got
    assert ("Hollis K. Drayton", "PERSON") in got


def test_junior_suffix_belongs_to_the_name(rec):
    text = "The post went to Colonel Amos Pettibone Jr. , who held it for two years."
    got = found(rec, text)
    assert ("Amos Pettibone Jr.", "PERSON") in got
    check_invariants(text, rec.recognize(text))


def test_prefixed_verb_form_at_sentence_start_is_no_name(rec):
    text = "The squadron was formed in 1950.\nRedeployed to Spain in 1953.\nInactivated on 1 May 1960."
    got = {t for t, _ in found(rec, text)}
    assert "Redeployed" not in got and "Inactivated" not in got


def test_language_after_speaks_is_no_name(rec):
    text = "Her grandmother speaks only Kabyle and cannot read the forms."
    assert "Kabyle" not in {t for t, _ in found(rec, text)}


def test_org_place_tie_goes_to_place_when_a_longer_place_name_starts_with_it(rec):
    text = (
        "Work on the Kessavar Gorge Dam starts in May. Critics doubt the promises made for Kessavar Gorge: "
        "the floods came from elsewhere. The reservoir at Kessavar Gorge will be small."
    )
    assert set(labels_of(rec, text, "Kessavar Gorge")) <= {"PLACE"}
    assert ("Kessavar Gorge Dam", "PLACE") in found(rec, text)
    # the rule itself, on a tie the model could leave: ORG once, LOC once
    from newsmark.entities import builtin

    gaz, _ = builtin.load()
    text = "The Kessavar Gorge Dam is late. Kessavar Gorge said no. Later Kessavar Gorge flooded."
    doc, _ = builtin.prepare(text, gaz)
    k = [i for i, w in enumerate(doc.words) if w == "Kessavar"]
    spans = [(k[0], k[0] + 3, "LOC"), (k[1], k[1] + 2, "ORG"), (k[2], k[2] + 2, "LOC")]
    out = builtin.news_rules(doc, gaz, doc.regions(gaz), spans)
    assert [t for s, e, t in out] == ["LOC", "LOC", "LOC"]


# ---- names that attribution needs (speaker_rules); sentences written for newsmark ----


def test_nationality_and_ministry_make_one_organisation(rec):
    text = "A spokesman for the Turkish Foreign Ministry told reporters the talks would resume."
    assert ("Turkish Foreign Ministry", "ORG") in found(rec, text)
    text = "The Egyptian Interior Ministry denied that any arrests had been made."
    got = found(rec, text)
    assert ("Egyptian Interior Ministry", "ORG") in got
    assert not any(t == "Ministry" or t == "Egyptian" for t, _ in got)


def test_mission_is_named_with_its_place(rec):
    text = "The United Nations Support Mission in Libya urged both sides to respect the truce."
    assert ("United Nations Support Mission in Libya", "ORG") in found(rec, text)
    text = "Observers from the African Union Mission in Somalia visited the camp on Tuesday."
    assert ("African Union Mission in Somalia", "ORG") in found(rec, text)
    # an ordinary office stays apart from its town
    got = found(rec, "Letters went to the nearest Post Office in Kendal.")
    assert ("Post Office in Kendal", "ORG") not in got


def test_transliterated_place_names_with_openers_are_places(rec):
    text = "Shelling reached Bab Tajoura overnight, and families fled Zawiyet al-Mahjoub before dawn."
    got = found(rec, text)
    assert ("Bab Tajoura", "PLACE") in got and ("Zawiyet al-Mahjoub", "PLACE") in got
    assert ("Soqu al-Thulatha", "PLACE") in found(rec, "The market in Soqu al-Thulatha reopened after the clashes.")


def test_abu_and_al_names_are_places_only_where_the_context_says_so(rec):
    got = found(rec, "Militias advanced towards Abu Qurain and Al-Sdada late on Friday.")
    assert ("Abu Qurain", "PLACE") in got and ("Al-Sdada", "PLACE") in got
    assert ("Abu Salim", "PLACE") in found(rec, "Residents of Abu Salim said the power had been cut.")
    assert ("Abu Salim", "PLACE") in found(rec, "Guards took him to Abu Salim prison.")
    # the same openers begin people's names
    assert labels_of(rec, "Abu Hamza told reporters that the convoy had been stopped.", "Abu Hamza") == ["PERSON"]
    assert "PLACE" not in labels_of(rec, "He spoke to Abu Bakr on Sunday.", "Abu Bakr")
    # an Al- organisation is no place, wherever it stands
    assert "PLACE" not in labels_of(rec, "Fighters in Al-Qaeda were blamed for the raid.", "Al-Qaeda")


def test_companies_named_with_common_words_are_organisations(rec):
    got = found(rec, "Apple and Google said on Monday that they would appeal the fine.")
    assert ("Apple", "ORG") in got and ("Google", "ORG") in got
    got = found(rec, "Shares in Microsoft fell after Twitter announced the deal.")
    assert ("Microsoft", "ORG") in got and ("Twitter", "ORG") in got
    got = found(rec, "Reporters from Xinhua and Reuters attended the briefing.")
    assert ("Xinhua", "ORG") in got and ("Reuters", "ORG") in got
    # the fruit at the start of a sentence is no company
    assert "Apple" not in {t for t, _ in found(rec, "Apple orchards in the valley were damaged by hail.")}


def test_headline_list_of_countries_is_split(rec):
    text = "Chad Sudan Libya\nThe three neighbours agreed to reopen the border."
    got = found(rec, text)
    assert {("Chad", "PLACE"), ("Sudan", "PLACE"), ("Libya", "PLACE")} <= got
    assert not any(" " in t for t, lab in got if lab == "PLACE")
    # a country whose name has several words stays whole
    assert ("Papua New Guinea", "PLACE") in found(rec, "Flights to Papua New Guinea resumed in March.")


def test_countries_and_capitals_acting_are_organisations(rec):
    text = "Greece said it would not accept the proposal. Turkey condemned the decision, and Ankara denied sending ships."
    got = found(rec, text)
    assert {("Greece", "ORG"), ("Turkey", "ORG"), ("Ankara", "ORG")} <= got
    assert ("Egypt", "ORG") in found(rec, "Egypt has also rejected the plan.")
    got = found(rec, "Washington has warned Tehran against further tests.")
    assert ("Washington", "ORG") in got and ("Tehran", "PLACE") in got
    # where something happens, or a person of that name, stays as it was
    assert labels_of(rec, "Officials in Greece said the ferry had docked safely.", "Greece") == ["PLACE"]
    assert ("George Washington", "PERSON") in found(rec, "George Washington said nothing.")
    assert labels_of(rec, "Trade with Chile grew last year.", "Chile") == ["PLACE"]


def test_institution_named_by_its_head_after_the(rec):
    assert ("Ministry", "ORG") in found(rec, "The Ministry said the figures would be revised.")
    # a common noun in lower case is no name
    assert found(rec, "The ministry said the figures would be revised.") == set()


def test_states_and_unions_that_are_places_stay_places(rec):
    assert ("Soviet Union", "PLACE") in found(rec, "The Soviet Union collapsed in 1991.")
    assert ("State of Texas", "PLACE") in found(rec, "Flooding closed roads across the State of Texas.")
    assert labels_of(rec, "Aid from the European Union arrived by ship.", "European Union") == ["ORG"]


def test_vessel_names_are_no_entities(rec):
    assert "Sea Harmony" not in {t for t, _ in found(rec, "The tanker Sea Harmony was seized off the coast.")}


def test_bracketed_acronym_takes_the_type_of_its_name(rec):
    text = "Engineers at the Northgate Launch Centre (NLC) prepared the rocket. Later, NLC staff watched from the roof."
    assert labels_of(rec, text, "NLC") == ["PLACE", "PLACE"]
    assert ("Northgate Launch Centre", "PLACE") in found(rec, text)
    text = "The space capsule will go on display at the Coastal Aviation Museum in Portland."
    assert ("Coastal Aviation Museum", "PLACE") in found(rec, text)


def test_speaker_rules_keep_offsets_exact(rec):
    text = (
        "Zawiyet al-Mahjoub 🚧 — Turkey condemned it; the Turkish Foreign Ministry said so.\n"
        "Chad Sudan Libya\nGoogle and Twitter said “no”. The United Nations Support Mission in Libya agreed."
    )
    ents = rec.recognize(text)
    check_invariants(text, ents)
    assert {("Zawiyet al-Mahjoub", "PLACE"), ("Turkish Foreign Ministry", "ORG"), ("Turkey", "ORG")} <= {
        (e.text, e.label) for e in ents
    }
