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
