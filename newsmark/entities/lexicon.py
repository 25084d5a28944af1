"""Small hand-written word lists: titles, organisation heads, demonyms, connectors.

Written for newsmark (facts of language, no third-party list copied). The large
gazetteers (places, census names, the dictionary) live in data/ and are built by
scripts/build_entity_data.py.
"""

from __future__ import annotations

# Words that stand before a person's name; they are never part of the PERSON span.
TITLES = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady sheikh sheik imam rabbi father
    pope cardinal bishop archbishop reverend rev president vice prime minister premier
    chancellor secretary deputy assistant under ambassador envoy consul governor mayor senator
    sen rep representative congressman congresswoman councillor councilman councilwoman
    speaker chairman chairwoman chair chief director general gen lt col colonel major maj
    captain capt commander cmdr admiral adm marshal field sergeant sgt corporal private
    officer inspector superintendent detective judge justice attorney prosecutor king queen
    prince princess emir sultan crown president-elect ceo cfo chief spokesman spokeswoman
    spokesperson minister-president foreign interior defence defense finance
    """.split()
)

# Last words that make a capitalised sequence an organisation.
ORG_HEADS = frozenset(
    """
    ministry department agency council committee commission parliament assembly congress
    senate party union league association federation organisation organization institute
    university college school academy bank fund group corporation corp inc ltd llc plc co
    company companies authority office bureau service services court tribunal army navy
    force forces police guard mission movement front brigade brigades coalition alliance
    foundation society church times post news press network television radio agency
    airlines airways club fc united board cabinet government administration embassy
    consulate secretariat trust hospital center centre laboratory labs systems technologies
    industries holdings partners associates reserve commission unit division directorate
    """.split()
)

# Words that end a place name ("Gulf of Sirte", "Bab al-Azizia Square").
PLACE_HEADS = frozenset(
    """
    river lake mountain mountains mount sea ocean gulf bay island islands peninsula valley
    desert street road avenue square bridge airport port province county district region
    state city town village strait canal coast basin park plain plateau hills
    """.split()
)

EVENT_HEADS = frozenset(
    """
    war election elections summit olympics games cup championship championships conference
    revolution uprising massacre crisis referendum festival protests protest attack attacks
    bombing treaty accord accords agreement
    """.split()
)

# Nationalities, religious and political groups (NORP); lower case for lookup.
NORP_WORDS = frozenset(
    """
    afghan afghans albanian algerian american americans andorran angolan argentine argentinian
    armenian australian austrian azerbaijani bahraini bangladeshi bangladeshis belarusian
    belgian bolivian bosnian brazilian british briton britons bulgarian burmese burundian
    cambodian cameroonian canadian chadian chilean chinese colombian congolese croatian cuban
    cypriot czech danish dutch ecuadorian egyptian egyptians emirati english eritrean estonian
    ethiopian european europeans fijian filipino finnish french gabonese georgian german
    germans ghanaian greek guatemalan guinean haitian honduran hungarian icelandic indian
    indians indonesian iranian iranians iraqi iraqis irish israeli israelis italian italians
    ivorian jamaican japanese jordanian kazakh kenyan korean koreans kosovar kuwaiti kurdish
    kurds kyrgyz lao latvian lebanese liberian libyan libyans lithuanian luxembourgish
    macedonian malagasy malawian malaysian maldivian malian maltese mauritanian mexican
    mexicans moldovan mongolian montenegrin moroccan mozambican namibian nepalese nigerian
    nigerians nigerien norwegian omani pakistani pakistanis palestinian palestinians panamanian
    paraguayan persian peruvian polish portuguese qatari romanian russian russians rwandan
    salvadoran saudi saudis scottish senegalese serbian serb serbs sierra singaporean slovak
    slovenian somali somalis spanish sri sudanese swedish swiss syrian syrians taiwanese tajik
    tanzanian thai togolese tunisian turkish turks turkmen ugandan ukrainian ukrainians
    uruguayan uzbek venezuelan vietnamese welsh yemeni zambian zimbabwean arab arabs arabic
    african africans asian asians latin hispanic western eastern soviet
    muslim muslims christian christians jewish jew jews hindu hindus buddhist buddhists sikh
    sikhs catholic catholics protestant protestants orthodox sunni sunnis shia shiite shiites
    alawite alawites druze coptic copts evangelical evangelicals mormon mormons islamic
    islamist islamists rohingya pashtun tamil tamils uighur uighurs uyghur uyghurs yazidi
    yazidis tuareg berber berbers hutu tutsi maori
    democrat democrats republican republicans conservative conservatives labour liberal
    liberals socialist socialists communist communists tory tories marxist marxists
    nationalist nationalists green greens maoist maoists zionist zionists loyalist loyalists
    """.split()
)

# Lower-case words that may sit inside a name between capitalised words.
CONNECTORS = frozenset(
    "of the and for de del della di da du des la le van von der den ter bin ibn bint al el "
    "ben y & - 's ’s on upon".split()
)

# Lower-case particles that may begin a name when a capitalised word follows.
PARTICLES = frozenset("al el bin ibn bint abu de van von da di du la le della del der den ter".split())

# "Mr." and friends: a full stop after these does not end a sentence.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr st gen col lt sgt rep sen gov prof jr sr inc co corp ltd no vs capt maj adm
    rev hon pres supt mt ft jan feb mar apr aug sept sep oct nov dec u.s a.m p.m
    """.split()
)
