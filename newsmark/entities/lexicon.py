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
    spokesperson minister-president foreign interior defence defense finance lawmaker legislator
    mp mep activist analyst economist coach pastor ayatollah mullah marshal
    administrator commissioner executive founder leader candidate correspondent
    chancellor-elect coroner sheriff engineer constable brigadier lieutenant mr. mrs. ms. dr. gen. lt. col. sgt. capt. rep. sen. gov. prof. rev.
    """.split()
)

# Titles that, after an organisation or a country, start a title chain ("NASA Administrator …").
CORE_TITLES = frozenset(
    """
    president minister secretary ambassador administrator spokesman spokeswoman spokesperson envoy
    governor mayor senator chancellor premier prosecutor commissioner correspondent lawmaker
    legislator congressman congresswoman mp mep chairman chairwoman ceo cfo director president-elect
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

# Buildings and sites: a PLACE even when named after a person ("Johnson Space Center").
FACILITY_HEADS = frozenset(
    """
    center centre museum airport stadium arena mosque cathedral church temple synagogue shrine
    palace castle tower station base complex memorial monument library gallery hall theatre
    theater zoo prison camp
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
    "ben y & - on upon et dos das".split()
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

# Capitalised only because they begin a sentence: never the first word of a name.
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those he she it we they i you his her its our their my your him
    them me but and or nor so yet if when whenever while after before although though because
    since as at in on of for from by with to into onto about above over under between among
    during through throughout without within against toward towards upon however meanwhile
    also then there here what which who whom whose where why how all some many most several
    each every both either neither no not another other such only even just still now yes
    once despite unlike like until unless whether where's it's that's there's he's she's
    according following including instead indeed moreover furthermore nevertheless
    """.split()
)

# Given names common in international news that the US census lists lack (written for newsmark).
GIVEN_NAMES = frozenset(
    """
    Mohammed Mohammad Muhammad Mohamed Mohamad Ahmed Ahmad Ali Hassan Hasan Hussein Husain Omar Umar
    Abdullah Abdallah Abdel Abdul Abdulaziz Abdelaziz Abdelfattah Khalid Khaled Khalifa Mahmoud
    Mahmud Mustafa Mostafa Youssef Yusuf Yousef Ibrahim Ismail Ismael Salman Saad Saeed Said Sami
    Samir Tariq Tarek Walid Waleed Hamza Hamid Hamad Hamdan Karim Kareem Nabil Nasser Rashid Rami
    Fawzi Faisal Fahd Bashar Hafez Hosni Anwar Gamal Jamal Moammar Muammar Saif Fayez Fayyad
    Haider Nouri Nuri Jalal Masoud Massoud Mahmud Ayman Osama Usama Abu Bakr Hassan Rouhani
    Ebrahim Javad Qassem Qasem Ruhollah Hezbollah Nasrallah Recep Tayyip Ahmet Mevlut Binali
    Fatima Aisha Ayesha Zainab Mariam Maryam Leila Layla Samira Amina Nadia Rania Yasmin Noura
    Kofi Kwame Kwabena Nana Ama Akua Olusegun Goodluck Muhammadu Bola Atiku Yemi Chinua Uhuru
    Jomo Raila Mwai Paul Yoweri Jakaya Julius Cyril Jacob Thabo Nelson Winnie Robert Emmerson
    Abiy Meles Isaias Salva Riek Omar Idriss Mahamat Macky Alassane Laurent Faure Blaise Felix
    Denis Joseph Teodoro Ellen George Ashraf Hamid Imran Nawaz Shehbaz Asif Benazir Zulfikar
    Narendra Rahul Sonia Manmohan Atal Arvind Amit Rajnath Nirmala Mamata Yogi Sheikh Hasina
    Khaleda Mahinda Gotabaya Ranil Sirisena Pushpa Kamal Aung San Suu Kyi Min Hlaing Thein Sein
    Hun Sen Prayut Thaksin Yingluck Joko Jokowi Prabowo Susilo Rodrigo Ferdinand Bongbong Benigno
    Gloria Corazon Lee Hsien Loong Kuan Yew Najib Mahathir Anwar Muhyiddin Xi Jinping Li Keqiang
    Qiang Hu Jintao Wen Jiabao Jiang Zemin Deng Xiaoping Mao Zedong Wang Yi Zhou Enlai Tsai Ing-wen
    Ma Ying-jeou Kim Jong-un Jong-il Il-sung Moon Jae-in Yoon Suk-yeol Park Geun-hye Shinzo Fumio
    Yoshihide Junichiro Naoto Taro Yukio Vladimir Dmitry Dmitri Sergei Sergey Igor Alexei Alexey
    Alexander Aleksandr Mikhail Boris Yevgeny Yevgeniy Nikolai Nikolay Andrei Andrey Viktor Yuri
    Yury Oleg Pavel Ramzan Volodymyr Petro Viktor Yulia Arseniy Vitali Vitaly Denys Oleksandr
    Oleksiy Dmytro Andriy Mykola Alexander Lukashenko Svetlana Sviatlana Nursultan Kassym-Jomart
    Ilham Nikol Serzh Mikheil Eduard Emomali Shavkat Islam Recep Kemal Emmanuel Francois François
    Nicolas Jacques Ségolène Marine Jean Jean-Luc Jean-Marie Jean-Claude Jean-Yves Pierre Olaf
    Angela Gerhard Helmut Frank-Walter Annalena Ursula Wolfgang Horst Markus Armin Friedrich Christian
    Sebastian Viktor Andrzej Mateusz Donald Jaroslaw Jarosław Lech Giorgia Matteo Silvio Mario
    Sergio Giuseppe Romano Enrico Paolo Pedro Mariano Felipe Juan José Jose Carlos Luis Luiz Inácio
    Inacio Jair Dilma Michel Cristina Alberto Mauricio Javier Sebastián Gabriel Michelle Nicolás
    Hugo Evo Rafael Lenín Andrés Manuel Enrique Vicente Felipe Álvaro Alvaro Iván Ivan Gustavo
    Nayib Daniel Ortega Fidel Raúl Raul Miguel Díaz-Canel Benjamin Benny Yair Naftali Ehud Ariel
    Shimon Yitzhak Isaac Itamar Bezalel Mahmoud Yasser Ismail Yahya Khaled Marwan Rishi Keir
    Liz Theresa Boris Jeremy Nicola Humza Rishi Sadiq Nigel Jacinda Chris Anthony Scott Malcolm
    Kevin Julia Justin Stephen Pierre Jagmeet Chrystia Volodymyr Recep Antonio António Ursula
    Josep Charles Kaja Jens Mark Mette Sanna Magdalena Ulf Jonas Erna Stefan Alexis Kyriakos
    Ilir Edi Aleksandar Milo Zoran Slobodan Franjo Janez Robert Igor Klaus Traian Mircea Nicusor
    Kristalina Rumen Boyko Ilves Kersti Gitanas Egils Krisjanis Antony Lloyd Ashton Condoleezza
    Madeleine Hillary Kamala Nancy Chuck Mitch Ron Gavin Greta Malala Ilhan Alexandria Rashida
    """.split()
)

# First words of place names ("Bab al-Azizia", "Wadi Rum", "Mount Sinjar").
PLACE_FIRST = frozenset("bab wadi jebel jabal ras tel tell sidi port fort cape mount lake gulf camp".split())

# "Brussels-based", "Saudi-led": the capitalised part qualifies the name that follows.
HYPHEN_SUFFIXES = frozenset("based led backed owned born born run funded controlled held style era made".split())

# ---- rules after the model (builtin.news_rules); these sets are no model features ----

# Last words that make a name a company or an organisation, in the languages news quotes
# ("Caldera Line", "Hidroatlas Ingeniería", "Siemens AG", "Grupo Bimbo S.A.").
COMPANY_HEADS = frozenset(
    """
    line lines shipping logistics logística logistica logistique ingeniería ingenieria
    ingénierie engineering holdings holding group grupo groupe gruppe gmbh ag kg sa s.a. sl
    s.l. srl s.r.l. spa s.p.a. bv b.v. nv n.v. ltda lda sarl oy ab asa plc inc llc ltd corp
    company compañía companhia compagnie société sociedad sociedade empresa construcciones
    construções travaux energía energia bank banco banque bancorp airlines airways motors
    """.split()
)

# First words of place names in several languages ("Porto Seco", "Oued Imlil",
# "Avenida dos Plátanos", "Douar Ouled Hamou", "Mount Kenya").
PLACE_OPENERS = PLACE_FIRST | frozenset(
    """
    porto puerto oued ouadi wadi rio río rua calle avenida avenue rue plaza praça praca largo
    paseo douar mont monte sierra serra djebel lac lago isla ilha pico ciudad villa
    """.split()
)

# Last words of place names the model's heads lack ("Middle Atlas", "Nordhamn Province");
# a PER/ORG span ending in one is a place (but "Ohio State" stays: builtin skips "state").
PLACE_ENDS = PLACE_HEADS | frozenset(
    "atlas alps andes highlands massif range province provinces dam reservoir barrage terminal quay pier harbour harbor".split()
)

# Connectors inside foreign names ("Terre et Eau", "Avenida dos Plátanos").
FOREIGN_CONNECTORS = frozenset("et dos das do del de la y".split())

# "X, a French non-governmental organisation" / "X, the regional capital": the noun says the type.
APPOSITION_ORG = frozenset(
    """
    organisation organization company firm group lender bank charity ngo operator forwarder
    agency union party institute association federation body regulator watchdog nonprofit
    non-profit insurer carrier airline manufacturer maker producer supplier contractor
    consultancy broker retailer conglomerate cooperative co-operative publisher newspaper
    broadcaster think-tank university
    """.split()
)
APPOSITION_PLACE = frozenset(
    """
    village town city port capital province region district country island river mountain
    mountains valley suburb neighbourhood neighborhood county municipality state hamlet
    settlement commune enclave
    """.split()
)
# "the ports of X and Y", "the province of X": X is a place.
PLACE_LIST_NOUNS = frozenset(
    """
    port ports city cities town towns village villages province provinces region regions
    district districts island islands municipality municipalities capitals countries hamlet hamlets
    """.split()
)
# the scan of an apposition stops at these ("a farmer from the village of …")
APPOSITION_STOP = frozenset("of from in at for with by near on who which that and or".split())

# ---- rules for the names speakers need (builtin.speaker_rules); no model features either ----

# Organisations whose names are ordinary words, or that the small training set never saw;
# matched case-sensitively, whole word. Companies, media and agencies news quotes.
KNOWN_ORGS = frozenset(
    """
    Google Alphabet Twitter Microsoft Apple Amazon Facebook Meta Instagram WhatsApp YouTube TikTok
    ByteDance Telegram Signal Snapchat LinkedIn Netflix Spotify Uber Lyft Airbnb Tesla SpaceX
    OpenAI Nvidia Intel AMD Qualcomm Oracle IBM Cisco Samsung Huawei Xiaomi Alibaba Tencent Baidu
    Sony Nintendo Toyota Honda Nissan Volkswagen BMW Siemens Bosch Nokia Ericsson Philips Airbus
    Boeing Lockheed Raytheon Gazprom Rosneft Aramco ExxonMobil Exxon Chevron Shell BP TotalEnergies
    Eni Repsol Glencore Maersk Pfizer Moderna AstraZeneca BioNTech Novartis Roche Sanofi Bayer
    Nestlé Unilever Walmart Starbucks McDonald's Visa Mastercard PayPal Reuters Bloomberg Xinhua
    Yonhap Interfax TASS RIA Kyodo AFP BBC CNN Wikinews Wikipedia Wikileaks WikiLeaks Hamas
    Hezbollah Hizbollah Taliban NATO OPEC Interpol Europol Frontex UNHCR UNICEF UNESCO UNRWA WHO
    IAEA IMF OSCE ASEAN Mercosur Greenpeace Oxfam Amnesty Kremlin Pentagon Bundestag Knesset
    Duma Storting Riksdag Sejm Majlis Dáil
    """.split()
)
# lower-case forms that are ordinary words: at a sentence start these need a verb after them
# ("Apple said …", not "Apple orchards …")
KNOWN_ORG_COMMON_START = frozenset("apple amazon meta shell signal visa telegram".split())

# An institution named by its head noun alone, capitalised after "the" ("the Ministry said",
# "the Church denied", "the Crown alleges"): a short form of an organisation.
INSTITUTIONS = frozenset(
    """
    ministry church administration crown government council commission army navy military
    senate congress parliament court police embassy agency department committee party
    bureau authority presidency cabinet junta regime coalition alliance union federation
    secretariat directorate tribunal assembly legislature kremlin pentagon
    """.split()
)

# Heads of organisations whose name goes on with "in" + a place ("United Nations Support
# Mission in Libya", "the UN Interim Force in Lebanon").
IN_PLACE_ORG_HEADS = frozenset("mission missions delegation".split())

# Heads that make a capitalised run one organisation, whatever pieces the model found
# ("the Turkish Foreign Ministry", "Saudi Civil Defense Authority").
WHOLE_ORG_HEADS = frozenset(
    """
    ministry department agency council committee commission parliament assembly senate party
    union league association federation organisation organization authority office bureau
    army navy police guard mission embassy consulate tribunal government administration
    cabinet directorate secretariat court corps service
    """.split()
)

# First words of transliterated Arabic and Berber place names that are places wherever
# they stand ("Zawiyet al-Dahmani", "Soqu al-Juma", "Bab al-Aziziya", "Ain Zara").
ALWAYS_PLACE_OPENERS = frozenset(
    """
    zawiyet zawiyat zawiya zawia souq suq souk suk soqu soq bab bir ain ras wadi qasr kasr
    kafr deir dayr khirbet beit bayt jisr tell jebel jabal djebel harat
    """.split()
)
# ... and those that may also begin a person's name ("Abu Salim" the district, "Abu Bakr"
# the man): places only where the words around say so.
CONTEXT_PLACE_OPENERS = frozenset("al el abu abou umm".split())
# the article's assimilated forms, only as a hyphenated prefix ("as-Sidra", "ad-Dawr")
HYPHEN_PLACE_OPENERS = frozenset("ad ar as az an at ash adh".split())
# words before a name that make it a place: "in Abu Salim", "towards Al-Khums"
PLACE_PREPOSITIONS = frozenset(
    "in near towards toward into outside around across through inside via within".split()
)
# verbs before "to" that make what follows a destination ("spread to Bab al-Aziziya")
MOTION_VERBS = frozenset(
    """
    spread spreads moved move moves advanced advance advances returned return returns fled flee
    flees headed head heads travelled traveled travel travels drove driven marched retreated
    withdrew withdrawn pushed extended extends reached went go goes came come comes
    evacuated deployed sent relocated transferred
    """.split()
)
# verbs whose object is a place ("fled Zawiyet al-Dahmani", "shelled Abu Salim")
PLACE_OBJECT_VERBS = frozenset(
    """
    fled flee flees entered enter enters captured capture captures seized seize seizes shelled
    shell shells bombarded bombed stormed storm reached reach reaches besieged surrounded
    liberated recaptured retook overran evacuated visited visit visits
    """.split()
)

# Verbs that make the country or capital before them an actor ("Italy said", "Turkey
# condemned", "Ankara denied"): GUM and speakers treat such a country as its government.
ACTOR_VERBS = frozenset(
    """
    said says say told tells stated states announced announces added adds claimed claims
    denied denies condemned condemns stressed stresses warned warns accused accuses urged
    urges demanded demands rejected rejects insisted insists confirmed confirms argued argues
    believes believed responded responds replied replies threatened threatens vowed vows
    pledged pledges promised promises refused refuses protested protests criticised
    criticized criticises criticizes welcomed welcomes praised praises blamed blames asked
    asks describes described alleged alleges acknowledged acknowledges admitted admits noted
    notes dismissed dismisses expressed expresses summoned summons recalled recalls expelled
    expels imposed imposes sanctioned retaliated retaliates fired fires evacuated deployed
    deploys recognised recognized recognises recognizes opposed opposes backed backs
    supported supports offered offers requested requests sought seeks wants hopes plans
    intends agreed agrees signed signs voted votes objected objects reiterated reiterates
    """.split()
)
# auxiliaries between an actor and its verb ("Turkey has denied", "Italy will send")
ACTOR_AUX = frozenset("has have had will would could may might must should also".split())
# base forms after an auxiliary ("Italy will say", "Ankara would not accept")
ACTOR_BASE = frozenset(
    """
    say tell state announce add claim deny condemn stress warn accuse urge demand reject
    insist confirm argue respond reply threaten vow pledge promise refuse protest criticise
    criticize welcome praise blame ask allege acknowledge admit note dismiss express
    summon recall expel impose retaliate fire evacuate deploy recognise recognize oppose back
    support offer request seek want hope plan intend agree sign vote object reiterate send not
    describe
    """.split()
)
# Capitals news uses for their governments ("Ankara denied", "Washington warned").
ACTOR_CAPITALS = frozenset(
    """
    Washington Moscow Beijing Ankara Tehran Kyiv Kiev London Berlin Tokyo Seoul Pyongyang
    Damascus Riyadh Cairo Jerusalem Tripoli Baghdad Kabul Islamabad Delhi Brussels Rome Madrid
    Athens Nicosia Algiers Rabat Tunis Khartoum Nairobi Pretoria Abuja Caracas Havana Bogotá
    Ottawa Canberra Wellington Taipei Hanoi Bangkok Manila Jakarta Doha Amman Beirut Baku
    Yerevan Tbilisi Minsk Warsaw Budapest Vienna Prague Stockholm Oslo Copenhagen Helsinki
    Dublin Lisbon Bern Kinshasa Addis Niamey Bamako Dakar Ouagadougou Sanaa Muscat Kuwait
    Tashkent Astana Dhaka Kathmandu Colombo Naypyidaw Belgrade Zagreb Sarajevo Tirana Skopje
    Sofia Bucharest Chisinau Vilnius Riga Tallinn Brasília Brasilia Lima Santiago Quito
    """.split()
)
# Al- names that are organisations wherever they stand ("in Al-Qaeda's ranks")
AL_ORGS = frozenset("qaeda qaida jazeera shabaab shabab arabiya nusra ahram azhar hayat manar mayadeen".split())
# a museum or a space centre named where something stands ("on display at the Museum of Flight")
SITE_HEADS = frozenset("museum center centre planetarium".split())
SITE_PREPOSITIONS = frozenset("at in inside outside near".split())
# Names of organisations that look like places to the model ("the United Nations rates …")
KNOWN_ORG_PHRASES = frozenset(
    ["United Nations", "European Union", "African Union", "Arab League", "World Bank",
     "Red Cross", "Red Crescent", "Security Council", "General Assembly"]
)
# "the cruise ship Freewinds", "space shuttle Atlantis": a vessel's name is no actor or place
VESSEL_NOUNS = frozenset(
    "ship vessel tanker freighter frigate destroyer carrier submarine yacht ferry shuttle orbiter spacecraft".split()
)
# "State of Texas", "Republic of Yemen": a state's formal name is the place
STATE_FORMS = frozenset("state republic kingdom commonwealth emirate sultanate principality".split())
# "residents of Abu Salim", "the outskirts of Al-Khums": what follows "of" is a place
OF_PLACE_NOUNS = frozenset(
    """
    residents inhabitants outskirts suburbs suburb streets centre center heart parts part
    east west north south edge entrance people area neighbourhood neighborhood district town
    city village
    """.split()
)
# "Abu Salim prison", "Bab al-Aziziya compound": a lower-case place noun after the name
PLACE_NOUNS_AFTER = frozenset(
    """
    district neighbourhood neighborhood area quarter suburb prison camp market square road
    street town village city region province port airport base compound crossing checkpoint
    junction roundabout bridge border
    """.split()
)
