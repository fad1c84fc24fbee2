#!/usr/bin/env python3
"""Derive kg's relation, organisation and agent lexicons from the PETRARCH2 dictionaries.

Usage::

    python scripts/derive_lexicons.py ../shared/lexicons/petrarch2 [--out kg/data]

The input folder is the field resource ``petrarch2/`` (its README.md gives the provenance:
github.com/openeventdata/petrarch2, ``petrarch2/data/dictionaries/``, commit 676801c, MIT licence,
"Copyright (c) 2014 Open Event Data"). Standard library only; the output is deterministic, so a rerun on
the same input rewrites the same bytes. Files written to ``--out`` (default: ``kg/data`` of this
repository), each opening with a comment header that names its sources, the commit, the licence notice
and this command:

``cameo_verbs.toml`` (from ``CAMEO.2.0.txt``)
    ``[verbs]``: single-word verb lemmas -> ``{ relation, cameo, block }``. The CAMEO code of a verb is
    its own bracketed code, else the code of its synonym block; the code decides the relation:
    040 (only the consult/meet core, ``CORE_040``), 041-044, 046 -> meetsWith; 057 -> signsAgreementWith;
    052, 053, 062, 070-075, and 061 in the FINANCE block (fund, finance, bankroll, ...) -> supports;
    111, 13x, 163, 17x, 18x, 19x, 20x -> opposes; 154, and the verbs of the MOBILIZE block (coded 150
    there, whose own ``* &MILITARY`` patterns are 154) -> deploysTo. A verb listed in several blocks
    takes, in this order, its own code, the code of the block it heads, the codes of the blocks it is a
    member of; when the codes at that level disagree on the relation (or one of them maps to none) the
    verb is left out. ``STOP_VERBS`` removes the WordNet noise of the synonym blocks: general English
    verbs that are no relation by themselves ("think", "go", "hold", "take", "best", "die", ...).
    ``[prepositional_verbs]``: "verb preposition" -> ``{ relation, cameo, block, verb, preposition }``,
    from multi-word verbs of the form ``+MEET_WITH`` and from patterns whose whole frame is the verb
    and a bare preposition, ``- * (WITH)``, ``- * AGAINST``, ``- * (INTO +)``: the preposition's
    object is then the other party. Only prepositions that introduce a party are kept
    (``PARTY_PREPOSITIONS``); "for", "from", "by", "over" give reasons, sources and agents.
    ``[verb_objects]``: "verb object" -> ``{ relation, cameo, block, verb, object }``, from patterns whose
    whole frame is the verb and one object noun or noun class (``- * &TREATY [057] # SIGN``): the
    light verbs that carry a relation only with such an object ("sign" + treaty, "deploy" + troops,
    "impose" + sanctions, "hold" + talks). Class objects are expanded to their member nouns.
    ``[force_nouns]``: lower-case singular nouns of CAMEO's force and weapon classes (&MILITARY,
    &AIRCRAFT, &WEAPON, &WMD, &PKO), one list per class and ``nouns``, their union: what counts as
    troops or weapons being sent. A multi-word member gives its head noun (ARMED_FORCES -> force).

``organisations.tsv`` (from ``Phoenix.International.actors.txt`` and ``Phoenix.MilNonState.actors.txt``)
    Columns ``name  type  aliases  code``; ``type`` is Organisation (entries coded IGO...: the UN and its
    agencies, alliances, blocs, development banks; NGOs, companies and media are left out) or ArmedGroup
    (every entry of the non-state armed actors file). ``aliases`` are ``|``-separated variants. Names
    are title-cased from the source's ``UNDER_SCORED`` capitals, acronyms kept upper case. Filters:
    people are left out (entries whose codes are all dated, office holders; names with a title or
    given name, ``PERSON_TOKENS``; for organisations, names without an organisation word unless a single
    token); variants naming an office or members rather than the body ("UN Secretary General", "ASEAN
    defence ministers") are dropped (``ROLE_TOKENS``); single-word variants that are ordinary words are
    dropped: the role nouns of ``Phoenix.agents.txt`` and ``GENERIC_WORDS`` ("rebels", "army"). Entries
    with the same name are merged; entries with the same code merge when one's name is the acronym of the
    other's; an alias claimed by two rows is kept by the first only (organisations come first).

``agent_nouns.tsv`` (from ``Phoenix.agents.txt``)
    Columns ``noun  code``: role nouns of one or two words, lower case, the last word singular
    ("troops" -> "troop"), with their agent code without the tilde (GOV, MIL, REB, GOVMIL, ...; the
    first three letters are the primary role). The file's ``!PERSON!`` and ``!MINIST!`` substitution
    sets are expanded. A noun listed with several codes keeps the first.

``PETRARCH2-LICENSE``: a copy of the resource's LICENSE, the notice the derived data must keep.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

COMMIT = "676801c"
REPO = "github.com/openeventdata/petrarch2 (petrarch2/data/dictionaries/)"
NOTICE = "Copyright (c) 2014 Open Event Data; MIT licence (see PETRARCH2-LICENSE beside this file)"
COMMAND = "python scripts/derive_lexicons.py ../shared/lexicons/petrarch2"
RELATIONS = (
    "supports",
    "signsAgreementWith",
    "deploysTo",
    "opposes",
    "leads",
    "memberOf",
    "meetsWith",
)

# --------------------------------------------------------------------------------------------------
# Word lists (the documented filters)
# --------------------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# fmt: off

# 040 "consult" is a WordNet block of thinking, travelling and gathering verbs: only these mean a meeting.
CORE_040 = frozenset({"meet", "consult", "confer", "converse", "discuss"})

# General English verbs of CAMEO's synonym blocks that are no relation between actors by themselves
# (they take an event, a thing or a person as object, or are idioms of other senses).
STOP_VERBS = frozenset(
    {
        # 04x: calling, attending, gathering, communicating
        "call", "attend", "convene", "communicate", "debate", "summon", "contact", "encounter", "face",
        "brave", "confront", "interact",
        # 05x-07x: giving, arming, helping in the general sense
        "pay", "invest", "attire", "furnish", "gear", "outfit", "render", "stock", "tender", "tend",
        "ward", "interfere", "intervene", "stabilise", "stabilize", "evacuate", "rescue", "shelter",
        "contribute", "serve", "benefit",
        # 111, 13x: scolding words for children and idle words; "warn" residents, "endanger" lives
        "lecture", "chasten", "cane", "flog", "risk", "caution", "mock", "brand", "warn", "endanger",
        # 17x: holding, taking, pulling, restricting, taxing, forcing
        "hold", "take", "pull", "catch", "grab", "snatch", "contain", "enclose", "restrict", "withhold",
        "bill", "levy", "tax", "fine", "extract", "pluck", "appropriate", "remove", "enforce", "reinforce",
        "force", "compel", "impel", "moderate", "constrain", "segregate", "revolutionise",
        "revolutionize", "overturn", "pirate", "cage", "curb", "sentence", "table", "impose", "inflict",
        "steal", "nationalise", "nationalize", "criminalise", "criminalize", "illegalise", "illegalize",
        "disallow", "forbid", "veto", "censor", "crackdown",
        # 18x: damaging things, not actors
        "bruise", "contaminate", "corrupt", "crack", "damage", "impair", "mar", "rip", "spoil", "tarnish",
        "tear", "vitiate", "hurt", "lash", "whip", "dishonor", "dishonour", "rampage", "slap",
        # 19x: beating, breaking, mastering, dying, ringing, matching, games
        "beat", "best", "break", "bust", "master", "overshadow", "overtake", "surmount", "overcome",
        "dominate", "desolate", "ravish", "shatter", "smash", "ruin", "overwhelm", "disarm", "die",
        "circle", "ring", "engage", "blow", "fire", "explode", "detonate", "flatten", "hang", "conflict",
        "grapple", "hammer", "hit", "kick", "match", "pit", "struggle", "wrestle", "strike", "stone",
        "ram", "thump", "foray", "infest", "inhabit", "reside", "altercate", "duel", "clobber", "pummel",
        "pelt", "reave",
        # 15x: gathering support or resources in the general sense
        "garner", "rally", "marshal",
    }
)
# (verb, preposition) pairs of the patterns that are idioms of another sense, or whose object is a
# place or time rather than a party ("rush to" the scene, "welcome to" the capital, "break with" the past).
STOP_PREPOSITIONAL = frozenset(
    {("press", "on"), ("come", "to"), ("go", "to"), ("pay", "for"), ("rush", "to"), ("welcome", "to"),
     ("break", "with")}
)
# Prepositions whose object is the other party of a relation ("for" gives a reason, "from" a source).
PARTY_PREPOSITIONS = frozenset({"with", "against", "at", "on", "upon", "into", "to"})

# Verb-object frames ([verb_objects]). Noun classes whose members make the frame a relation: treaties,
# talks, forces and weapons, peacekeepers, food and money given, asylum, ceasefires, fighting.
OBJECT_CLASSES = frozenset(
    {"TREATY", "NEGOTIATION", "MILITARY", "WEAPON", "AIRCRAFT", "WMD", "PKO", "FOOD", "CURRENCY",
     "ASYLUM", "CEASEFIRE", "FIGHT"}
)
# A single-word object must come with two or more verbs of the same relation ("hold talks", "resume
# talks"), except for 057, whose frames are few ("sign protocol"); these objects are left out even so:
# particles and prepositions the frames spell as objects, typos, things, places and times.
STOP_OBJECTS = _words(
    """
    away off back out down up on in over ahead deep inside along across alongside for if with against at
    into to aggrement memoradum agression rocked penalt airport border university curfew deadline home
    immigrant land control measure message police protest demonstration sentence slaughter restriction
    emergency million law right ruling visit comment denial plan policy position station movement
    uprising kidnapping decision
    """
)
# Verbs whose frames name no relation between actors (spending money, finding or recovering things).
STOP_OBJECT_VERBS = frozenset(
    {"spend", "pay", "pump", "reallocate", "recover", "consider", "say", "quote", "hear", "find",
     "identify", "remove", "get", "exercise", "demonstrate", "publish", "submit", "suggest", "respect",
     "admit", "claim", "report", "brand", "reserve", "revoke", "weigh", "protest", "quash", "hail",
     "prevent", "order", "receive", "accept", "buy"}
)
# Single (verb, object) frames left out: CAMEO codes them so, but they say something else in news text.
STOP_FRAMES = frozenset(
    {("sign", "&MILITARY"), ("oppose", "sanction"), ("denounce", "sanction"), ("join", "&FIGHT")}
)
# Heads of multi-word force/weapon class members that are no weapon or force by themselves, or model
# names that are ordinary words ("Eurofighter Typhoon", "Super Hornet"). Members with a model number
# (F-22_RAPTOR, MQ-9_REAPER) give no head at all.
STOP_FORCE_HEADS = frozenset(
    {"club", "gas", "knuckles", "knuckle", "arrow", "device", "devise", "vehicle", "helmet",
     "stockpile", "warfare", "agent", "system", "explosive", "contingent", "service", "hornet",
     "typhoon", "falcon", "predator", "raptor", "reaper", "weapons"}
)
# Members of the force classes that are ordinary words elsewhere, or civil aircraft of WordNet.
STOP_FORCE_NOUNS = frozenset(
    {"reserve", "reserves", "ground", "update", "mig", "airliner", "jetliner", "jumbojet", "airship",
     "dirigible", "glider", "skyhook", "turbojet"}
)

# Words of organisation names (one is enough to tell a body from a person).
ORG_TOKENS = _words(
    """
    ORGANIZATION ORGANISATION UNION COUNCIL COMMISSION COMMUNITY ASSOCIATION BANK FUND AGENCY COURT
    TRIBUNAL GROUP LEAGUE ALLIANCE CONFERENCE FORUM MISSION PARTNERSHIP AUTHORITY FEDERATION PROGRAMME
    PROGRAM OFFICE COMMITTEE STATES NATIONS COUNTRIES AREA PARLIAMENT ASSEMBLY SECRETARIAT
    INSTITUTE CENTRE CENTER BOARD SECURITY COOPERATION CO-OPERATION ORGANISATIONS ORGANIZATIONS
    CORPORATION FACILITY PANEL BUREAU FORCE FORCES TASK NETWORK INITIATIVE SUMMIT COMMONWEALTH UNO
    UNITED DEVELOPMENT MONETARY ECONOMIC
    """
)
# Words of armed group names, English and transliterated.
GROUP_TOKENS = _words(
    """
    ARMY ARMIES FRONT BRIGADE BRIGADES MOVEMENT GROUP GROUPS FACTION ORGANIZATION ORGANISATION PARTY
    FORCE FORCES LIBERATION CELL CELLS NUCLEI NUCLEUS COMMITTEE COUNCIL UNION ALLIANCE MILITIA MILITIAS
    BATTALION BATTALIONS JIHAD MUJAHIDEEN MUJAHIDIN RESISTANCE RESISTENZA LEGION COMMANDO COMMANDOS
    TIGERS GUARD GUARDS GUARDIANS SQUAD SQUADS UNIT UNITS NETWORK FOUNDATION SOCIETY ACTION STRUGGLE
    REVOLUTIONARY REVOLUTION REBELS REBEL INSURGENTS FIGHTERS PATROL COMMAND CORPS SOLDIERS WARRIORS
    DEFENDERS MARTYRS REVENGE VANGUARD BLOC COALITION LEAGUE BROTHERHOOD CONGRESS ASSOCIATION CONFERENCE
    ORDER SECT JAISH JAYSH JAYSHUL JEISH HARAKAT HARAKA HARKAT HARAKUT HARAKATUL HARKATUL JAMAAT JAMAAH
    JAMA'AT JAMA'A GAMA'A GAMAAT JAMIAT JEMAAH JAMIYAT HIZB HIZBUL HEZB
    KATAIB KATAEB KATIBA KATIBAT LASHKAR LASHKAR-E LASHKAR-I TEHRIK TAHRIK TEHREEK SIPAH SIPAH-E ANSAR
    MUNAZZAMAT TANZIM TANZEEM FEDAYEEN FEDAYIN MAJLIS SHURA FRENTE EJERCITO FUERZAS MOVIMIENTO ARMEE
    PARTIDO COMANDO NUCLEO NUCLEOS CELULAS BRIGATE AZIONE LOTTA FRONTE ARMATA ESERCITO ORGANIZZAZIONE
    FEDERATION COMPANY LASKAR MUJAHIDEN MUJAHEDIN MOJAHEDIN
    """
)
# Names that are a group by themselves, in a longer name too ("Al-Qaeda in Iraq", "Pakistani Taliban").
GROUP_NAMES = _words(
    """
    QAEDA QAIDA QA'IDA QAI'DAH QAIDAH QA'EDA TALIBAN TALEBAN HAMAS HIZBULLAH HEZBOLLAH HIZBALLAH
    LASHKAR-E-TAIBA
    """
)
# Tokens that make a name a person's: titles and common given names of the actors files.
PERSON_TOKENS = _words(
    """
    ABU ABD ABDUL ABDEL ABDULLAH ABDALLAH IBN BIN BINT SHEIKH SHAIKH SHEIK MULLAH MAULANA EMIR AMIR
    COMMANDER MR MRS DR GEN GENERAL COLONEL COL CAPTAIN CAPT PRESIDENT SECRETARY MINISTER PRINCE KING
    QUEEN LADY BARON BARONESS LORD SIR AHMED AHMAD MOHAMMED MOHAMMAD MUHAMMAD MOHAMED MUHAMMED MOHAMAD
    MAHMOUD MAHMUD KHALED KHALID ALI HASSAN HASAN HUSSEIN HUSSAIN HUSAYN OMAR UMAR OSAMA USAMA AYMAN
    YUSUF YOUSSEF YOUSEF IBRAHIM ISMAIL MUSTAFA MOSTAFA SAMI SAEED SAID SALEH SALIH HAMID HAMED RASHID
    KARIM JAMAL FAROOQ FARUQ TARIQ NASSER NASIR YASSER YASIR HAJI HAFIZ SAYYID SYED JOSE JUAN CARLOS
    LUIS PEDRO MANUEL MARWAN MOKTAR MUKHTAR MOHAMMAD MULLA IMAM AYATOLLAH
    """
)
# Variants that name an office, members or troops of a body rather than the body.
ROLE_TOKENS = _words(
    """
    SECRETARY SECRETARY-GENERAL SECY SEC. GEN. PRESIDENT CHIEF MINISTER MINISTERS ENVOY ENVOYS
    SPOKESMAN SPOKESWOMAN SPOKESPERSON OFFICIAL OFFICIALS AMBASSADOR DELEGATE DELEGATES DELEGATION
    REPRESENTATIVE HEAD LEADER LEADERS COMMANDER CHAIRMAN CHAIRWOMAN CHAIR DIRECTOR DIRECTOR-GENERAL
    PEACEKEEPER PEACEKEEPERS TROOPS SOLDIERS COUNTRIES MEMBERS MEMBER INSPECTOR INSPECTORS EXPERTS
    STAFF MONITOR MONITORS OBSERVER COORDINATOR COMMISSIONER SPOKESMEN CHIEFS GOVERNOR RAPPORTEUR
    """
)
# The same for armed groups, whose names often hold soldiers, countries and martyrs.
GROUP_ROLE_TOKENS = _words(
    """
    LEADER LEADERS SPOKESMAN SPOKESMEN CHIEF OFFICIAL OPERATIVE OPERATIVES MEMBER MEMBERS AFFILIATED
    AFFILIATE OFFSHOOT SUSPECTED LINKED TROOPS
    """
)
# Single words that are ordinary English, not a name (besides the role nouns of Phoenix.agents.txt).
GENERIC_WORDS = _words(
    """
    REBELS REBEL MILITARY ARMY ARMIES MILITIA MILITIAS INSURGENTS MUJAHIDEEN MUJAHIDIN GUERRILLAS
    GUERRILLA FIGHTERS TERRORISTS MILITANTS EXTREMISTS ISLAMISTS JIHADISTS SEPARATISTS FORCES TROOPS
    RESISTANCE OPPOSITION UNITED NATIONS UNION COUNCIL COMMISSION COURT BANK FUND GROUP FRONT MOVEMENT
    ALLIANCE LEAGUE COALITION BRIGADE BRIGADES COMMONWEALTH PARLIAMENT AGENCY CONFERENCE EUROPE AFRICA
    ASIA AMERICA ARAB ISLAM ISLAMIC MUSLIM MUSLIMS CHRISTIAN CHRISTIANS JEWISH JEWS SHABAAB YOUTH
    AVENGERS PATRIOTS TIGERS FALCON LIGHTNING ORGANIZATION ORGANISATION
    """
)
# Adjectives that, with one of GROUP_TOKENS or GENERIC_WORDS, make a two-word alias too common to keep
# ("National Front", "Islamic Group", "Popular Army"); a row's own name is kept all the same.
GENERIC_ADJECTIVES = _words(
    """
    NATIONAL POPULAR ISLAMIC PEOPLE'S PEOPLES REVOLUTIONARY ARMED RED BLACK WHITE NEW SOCIAL SECRET
    UNITED FREE FREEDOM LIBERATION DEMOCRATIC PATRIOTIC HOLY ARAB MUSLIM CHRISTIAN COMMUNIST SOCIALIST
    UNIVERSAL INTERNATIONAL GREAT GRAND SPECIAL
    """
)
# Names of the international file that are categories, not bodies.
NOT_ACTORS = frozenset({"international government organization", "international government organisation"})
# Small words kept lower case inside a name.
SMALL_WORDS = _words(
    "of the and for in on at to a an by de du des la le les el al del da di do dos das y e et wa fi "
    "li von van der den ul ud bil"
)

# fmt: on

# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------

_IRREGULAR_PLURALS = {"knives": "knife", "men": "man", "women": "woman", "bias": "bias", "alias": "alias"}


def singular(word: str) -> str:
    """The singular of a regular English plural noun, the word itself otherwise.

    >>> [singular(w) for w in ("troops", "servicemen", "militias", "hostilities", "arms", "police")]
    ['troop', 'serviceman', 'militia', 'hostility', 'arm', 'police']
    """
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith("men") and len(word) > 4 and not word.endswith(("omen", "amen", "specimen")):
        return word[:-3] + "man"
    if word.endswith("women"):
        return word[:-5] + "woman"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if (
        word.endswith("s")
        and len(word) > 3
        and not word.endswith(("ss", "us", "is", "ics", "ous", "ys", "gas"))
    ):
        return word[:-1]
    return word


def parse_code(text: str) -> str:
    """The active CAMEO code of a bracket's text: "042:043" -> "042", ":173" and "---" -> ""."""
    first = text.strip().split(":")[0]
    return re.sub(r"[^0-9]", "", first)


def relation_for(code: str, verb: str, block: str) -> str | None:
    """The kg relation of a CAMEO event code said with ``verb`` (lower case) of ``block``.

    >>> relation_for("190", "attack", "PHYSICAL_CONFLICT"), relation_for("040", "think", "CONSIDER")
    ('opposes', None)
    """
    if len(code) < 3:
        return None
    root = code[:3]
    if root == "040":
        return "meetsWith" if verb in CORE_040 else None
    if root in {"041", "042", "043", "044", "046"}:
        return "meetsWith"
    if root == "057":
        return "signsAgreementWith"
    if root in {"052", "053", "062", "070", "071", "072", "073", "074", "075"}:
        return "supports"
    if root == "061":
        return "supports" if block == "FINANCE" else None
    if root in {"111", "163"} or root[:2] in {"13", "17", "18", "19", "20"}:
        return "opposes"
    if root == "154" or (root == "150" and block == "MOBILIZE"):
        return "deploysTo"
    return None


# --------------------------------------------------------------------------------------------------
# CAMEO verb dictionary
# --------------------------------------------------------------------------------------------------


@dataclass
class VerbLine:
    """One verb of a synonym block: its words (``("MEET", "WITH")`` for ``+MEET_WITH``), own code."""

    words: tuple[str, ...]
    code: str | None  # None: no bracket; "": an explicit [---]
    forms: tuple[str, ...]


@dataclass
class Pattern:
    """One ``- ...`` pattern line: the frame around ``*``, its code and the verbs of its comment."""

    frame: str
    code: str
    verbs: tuple[str, ...]


@dataclass
class Block:
    name: str
    code: str
    verbs: list[VerbLine] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class Cameo:
    classes: dict[str, list[str]]
    blocks: list[Block]


_BRACKET = re.compile(r"\[([^\]]*)\]")


def parse_cameo(path: Path) -> Cameo:
    """The noun classes (``&NAME`` -> members) and verb blocks of CAMEO.2.0.txt."""
    classes: dict[str, list[str]] = {}
    blocks: list[Block] = []
    section = ""
    current_class: list[str] | None = None
    block: Block | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.rstrip()
        if line.startswith("#######"):
            section = "classes" if "SYNONYM" in line else "verbs" if "VERB PATTERNS" in line else "other"
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if section == "classes":
            if line.startswith("&"):
                current_class = classes.setdefault(line.split()[0][1:], [])
            elif line.startswith("+") and current_class is not None:
                current_class.append(line[1:].split("#")[0].strip())
        elif section == "verbs":
            head = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", line)
            if head:
                block = Block(head.group(1), parse_code(head.group(2)))
                blocks.append(block)
            elif block is None:
                continue
            elif line.startswith("-"):
                pattern = _parse_pattern(line)
                if pattern:
                    block.patterns.append(pattern)
            else:
                verb = _parse_verb_line(line)
                if verb:
                    block.verbs.append(verb)
    return Cameo(classes, blocks)


def _parse_verb_line(line: str) -> VerbLine | None:
    text = re.split(r"[#;]", line, maxsplit=1)[0]
    forms_match = re.search(r"\{([^}]*)\}", text)
    forms = tuple(f.strip("+,") for f in forms_match.group(1).split()) if forms_match else ()
    text = re.sub(r"\{[^}]*\}", " ", text)
    code_match = _BRACKET.search(text)
    code = parse_code(code_match.group(1)) if code_match else None
    text = _BRACKET.sub(" ", text).strip()
    if not text:
        return None
    token = text.split()[0].lstrip("+")
    words = tuple(w for w in token.split("_") if w)
    return VerbLine(words, code, tuple(f for f in forms if f)) if words else None


def _parse_pattern(line: str) -> Pattern | None:
    match = re.match(r"^-\s*(.*?)\s*\[([^\]]*)\]\s*(?:#\s*(.*))?$", line)
    if not match:
        return None
    frame, code, comment = match.group(1), parse_code(match.group(2)), match.group(3) or ""
    verbs = tuple(v.strip() for v in comment.split(",") if re.fullmatch(r"[A-Z][A-Z_'-]*", v.strip()))
    return Pattern(frame, code, verbs)


def _single_word(words: tuple[str, ...]) -> str | None:
    if len(words) == 1 and re.fullmatch(r"[A-Z]+", words[0]):
        return words[0].lower()
    return None


def _form_index(cameo: Cameo) -> dict[str, str]:
    """Inflected and plain forms of the dictionary's verbs -> the verb ("WIPED_OUT" -> "WIPE_OUT")."""
    index: dict[str, str] = {}
    for block in cameo.blocks:
        for verb in block.verbs:
            name = "_".join(verb.words)
            index.setdefault(name, name)
            for form in verb.forms:
                index.setdefault(form, name)
    return index


@dataclass(frozen=True)
class Entry:
    relation: str
    cameo: str
    block: str
    extra: tuple[tuple[str, str], ...] = ()


def _assignments(cameo: Cameo) -> dict[str, list[tuple[int, str, str]]]:
    """verb -> [(level, code, block)], level 0 own code, 1 heads the block, 2 member of the block."""
    found: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    names = {word for b in cameo.blocks for v in b.verbs if (word := _single_word(v.words))}
    for block in cameo.blocks:
        head = block.name.split("_")[0].lower()
        for verb in block.verbs:
            word = _single_word(verb.words)
            if word is None or _is_inflection(word, names):
                continue
            if verb.code is not None:
                found[word].append((0, verb.code, block.name))
            else:
                found[word].append((1 if word == head else 2, block.code, block.name))
    return found


def _is_inflection(word: str, names: set[str]) -> bool:
    """A listed "-ing"/"-ed"/"-en" form of another listed verb ("touring", "forgiven")."""
    for suffix, stems in (("ing", ("", "e")), ("ed", ("", "e")), ("en", ("", "e")), ("d", ("",))):
        if word.endswith(suffix) and any(word[: -len(suffix)] + s in names for s in stems):
            return word[: -len(suffix)] not in {"", word}
    return False


def derive_verbs(cameo: Cameo) -> tuple[dict[str, Entry], list[str]]:
    """The ``[verbs]`` table and the notes on verbs left out for disagreeing codes."""
    verbs: dict[str, Entry] = {}
    notes: list[str] = []
    for word, found in sorted(_assignments(cameo).items()):
        if word in STOP_VERBS:
            continue
        level = min(lvl for lvl, _, _ in found)
        top = [(code, block) for lvl, code, block in found if lvl == level]
        relations = {relation_for(code, word, block) for code, block in top}
        if relations == {None}:
            continue
        if len(relations) > 1:
            notes.append(f"{word}: codes disagree {sorted(set(top))}")
            continue
        (relation,) = relations
        code, block = next((c, b) for c, b in top if relation_for(c, word, b) == relation)
        verbs[word] = Entry(relation, code, block)
    return verbs, notes


_BARE_PREP = re.compile(r"^\*\s+\(?\s*([A-Z]+)\s*\+?\s*\)?$")


def derive_prepositional(cameo: Cameo) -> dict[str, Entry]:
    """The ``[prepositional_verbs]`` table (see the module docstring)."""
    forms = _form_index(cameo)
    found: dict[tuple[str, str], list[tuple[int, Entry]]] = defaultdict(list)
    for block in cameo.blocks:
        for verb in block.verbs:
            if len(verb.words) != 2 or not verb.words[0].isalpha():
                continue
            lemma, prep = verb.words[0].lower(), verb.words[1].lower()
            code = verb.code if verb.code is not None else block.code
            relation = relation_for(code, lemma, block.name)
            if prep in PARTY_PREPOSITIONS and relation:
                found[(lemma, prep)].append((0, Entry(relation, code, block.name)))
        head = next((v for v in block.verbs if _single_word(v.words) == block.name.lower()), None)
        for pattern in block.patterns:
            match = _BARE_PREP.match(pattern.frame)
            if not match or match.group(1).lower() not in PARTY_PREPOSITIONS:
                continue
            prep = match.group(1).lower()
            attributed = [forms.get(v, v) for v in pattern.verbs] or (["_".join(head.words)] if head else [])
            for rank, name in enumerate(attributed):
                lemma = name.lower()
                if "_" in lemma:
                    continue
                relation = relation_for(pattern.code, lemma, block.name)
                if relation:
                    found[(lemma, prep)].append((rank + 1, Entry(relation, pattern.code, block.name)))
    table: dict[str, Entry] = {}
    for (lemma, prep), candidates in sorted(found.items()):
        if (lemma, prep) in STOP_PREPOSITIONAL:
            continue
        entry = _vote(candidates)
        if entry:
            table[f"{lemma} {prep}"] = Entry(
                entry.relation, entry.cameo, entry.block, (("verb", lemma), ("preposition", prep))
            )
    return table


def _vote(candidates: list[tuple[int, Entry]]) -> Entry | None:
    """The relation most supported (a first-named verb counts 2, others 1); None on a tie."""
    weight: Counter[str] = Counter()
    first: dict[str, Entry] = {}
    for rank, entry in sorted(candidates, key=lambda c: (c[0], c[1].cameo)):
        weight[entry.relation] += 2 if rank <= 1 else 1
        first.setdefault(entry.relation, entry)
    ranked = weight.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return first[ranked[0][0]]


def class_nouns(members: Iterable[str], heads: bool = True) -> list[str]:
    """Lower-case singular single-word nouns of a class; multi-word members give their head."""
    nouns: list[str] = []
    for member in members:
        words = [w for w in member.strip("_").split("_") if w]
        if not words or (len(words) > 1 and (not heads or "AND" in words)):
            continue
        if len(words) > 1 and any(re.search(r"[0-9]", w) for w in words):
            continue
        if "OF" in words[1:]:
            words = words[: words.index("OF")]  # WEAPON_OF_MASS_DESTRUCTION -> weapon
        noun = singular(words[-1].lower())
        if len(words) > 1 and noun in STOP_FORCE_HEADS:
            continue
        if not re.fullmatch(r"[a-z][a-z0-9/'-]*", noun) or noun in STOP_FORCE_NOUNS:
            continue
        if noun not in nouns:
            nouns.append(noun)
    return nouns


_OBJECT_FRAME = re.compile(r"^\*\s+(&?[A-Z][A-Z_'-]*)((?:\s*\(\s*[A-Z]+\s*\+?\s*\))*)$")


def derive_verb_objects(cameo: Cameo, verbs: dict[str, Entry]) -> dict[str, Entry]:
    """The ``[verb_objects]`` table: frames ``- * OBJECT [code]`` (see the module docstring).

    An object is a noun class of ``OBJECT_CLASSES`` (kept as ``&NAME``, its nouns in ``[noun_classes]``)
    or a single word, made singular. A word object needs two verbs or more giving it the same relation
    (057 excepted); ``STOP_OBJECTS``, ``STOP_OBJECT_VERBS``, ``STOP_FRAMES`` and adverbs in -ly are left
    out, and so are frames whose verb alone already has the relation in ``[verbs]``.
    """
    forms = _form_index(cameo)
    found: dict[tuple[str, str], list[tuple[int, Entry]]] = defaultdict(list)
    for block in cameo.blocks:
        for pattern in block.patterns:
            match = _OBJECT_FRAME.match(pattern.frame)
            if not match:
                continue
            token = match.group(1)
            if token.startswith("&"):
                if token[1:] not in OBJECT_CLASSES:
                    continue
                obj = token
            elif "_" in token.strip("_"):
                continue
            else:
                obj = singular(token.strip("_").lower())
                if obj in STOP_OBJECTS or obj.endswith("ly") or not re.fullmatch(r"[a-z][a-z-]+", obj):
                    continue
            for rank, name in enumerate(forms.get(v, v) for v in pattern.verbs):
                lemma = name.lower()
                if not re.fullmatch(r"[a-z]+", lemma) or lemma in STOP_OBJECT_VERBS:
                    continue
                if (lemma, obj) in STOP_FRAMES:
                    continue
                relation = relation_for(pattern.code, lemma, block.name)
                if relation:
                    found[(lemma, obj)].append((rank + 1, Entry(relation, pattern.code, block.name)))
    decided = {frame: entry for frame, c in found.items() if (entry := _vote(c))}
    verbs_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (lemma, obj), entry in decided.items():
        verbs_of[(entry.relation, obj)].add(lemma)
    table: dict[str, Entry] = {}
    for (lemma, obj), entry in sorted(decided.items()):
        own = verbs.get(lemma)
        if own and own.relation == entry.relation:
            continue  # the verb says it alone
        recurrent = len(verbs_of[(entry.relation, obj)]) >= 2
        if not (obj.startswith("&") or recurrent or entry.relation == "signsAgreementWith"):
            continue
        table[f"{lemma} {obj}"] = Entry(
            entry.relation, entry.cameo, entry.block, (("verb", lemma), ("object", obj))
        )
    return table


FORCE_CLASSES = ("MILITARY", "AIRCRAFT", "WEAPON", "WMD", "PKO")


def derive_noun_classes(cameo: Cameo, objects: dict[str, Entry]) -> dict[str, list[str]]:
    """Nouns of the force classes and of the classes the verb-object frames name (``MILITARY`` -> ...)."""
    used = {dict(e.extra)["object"][1:] for e in objects.values() if dict(e.extra)["object"][0] == "&"}
    names = sorted(set(FORCE_CLASSES) | used)
    # heads of compounds only for forces and weapons: ARMED_FORCES is a force, SAFE_HOUSE no house
    return {name: sorted(class_nouns(cameo.classes[name], heads=name in FORCE_CLASSES)) for name in names}


def derive_force_nouns(classes: dict[str, list[str]]) -> list[str]:
    """What counts as troops or weapons sent: the nouns of the force classes, sorted."""
    return sorted({noun for name in FORCE_CLASSES for noun in classes[name]})


# --------------------------------------------------------------------------------------------------
# Actor dictionaries
# --------------------------------------------------------------------------------------------------


@dataclass
class ActorEntry:
    names: list[str]  # the primary name first, as in the source (UNDER_SCORED capitals)
    codes: list[tuple[str, bool]]  # (code, dated)
    comment: str
    section: str
    line: int


def parse_actors(path: Path) -> list[ActorEntry]:
    """Entries of a Phoenix actors file: a name, ``+`` variants, bracketed codes (maybe dated)."""
    entries: list[ActorEntry] = []
    section = ""
    current: ActorEntry | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        stripped = raw.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            title = stripped.strip("#").strip()
            if raw.startswith("#####") or (title and not raw.startswith("#+") and title.isupper()):
                section = title
            elif title and len(title) > 3 and raw.startswith("# ") and "http" not in title:
                section = section if current else title
            continue
        text, _, comment = stripped.partition("#")
        codes = [
            (code.split()[0].lstrip("~"), len(code.split()) > 1)
            for code in _BRACKET.findall(text)
            if code.split()
        ]
        name = _BRACKET.sub(" ", text).strip()
        if stripped.startswith("+"):
            if current is not None:
                current.names.extend(n for n in name.split("+") if n.strip())
                current.codes.extend(codes)
            continue
        if not name and current is not None:  # a code line of the entry above
            current.codes.extend(codes)
            current.comment += " " + comment
            continue
        if raw[:1] in " \t" and current is not None and codes and current.codes:
            # an indented name with codes: a further variant of the entry above
            current.names.append(name)
            continue
        current = ActorEntry([name], codes, comment, section, number)
        entries.append(current)
    return entries


def _tokens(name: str) -> list[str]:
    """The upper-case words of a source name: underscores and spaces split, ``(...)`` left out."""
    name = re.sub(r"\([^)]*(\)|$)", " ", name)
    tokens = [t for t in re.split(r"[_\s]+", name.upper()) if t.strip("-.'/")]
    return tokens[1:] if len(tokens) > 1 and tokens[0] == "THE" else tokens


def _parenthesised(name: str) -> list[str]:
    return [p.strip("_ ") for p in re.findall(r"\(([^)]*)\)", name) if p.strip("_ ")]


def _word_parts(tokens: list[str]) -> list[str]:
    return [p for t in tokens for p in re.split(r"[-/]", t) if p]


def _letters(text: str) -> str:
    return re.sub(r"[^A-Z]", "", text.upper())


def _is_initialism(acronym: str, tokens: list[str]) -> bool:
    """Whether ``acronym`` is spelt by leading letters of the content words of ``tokens``, in order.

    >>> _is_initialism("ECOWAS", "ECONOMIC COMMUNITY OF WEST AFRICAN STATES".split())
    True
    >>> _is_initialism("HAMAS", "ISLAMIC RESISTANCE MOVEMENT".split())
    False
    """
    words = [_letters(w) for w in _word_parts(tokens) if w.lower() not in SMALL_WORDS and _letters(w)]
    letters = _letters(acronym)
    if len(words) < 2 or not letters or len(letters) > 2 * len(words):
        return False

    def spell(i: int, j: int) -> bool:
        if i == len(letters):
            return j == len(words)
        if j == len(words):
            return False
        word = words[j]
        return any(
            letters[i : i + k] == word[:k] and spell(i + k, j + 1)
            for k in range(1, min(len(word), len(letters) - i) + 1)
        )

    return spell(0, 0)


_SHORT_WORDS = _words(
    "RED NEW WAR GOD AID DAY SUN ARM ONE ALL OUR LAW WAY MEN OIL SEA AIR END KEY BAY GUN AGE ICE ABU BIN "
    "IBN ALI ART BAD BIG BOY CAT CUT DOG FAR FIX FOX FUN HOT MAY NOW OLD OWN PRO RAW SON TOP TWO WEB YES "
    "ANT EAST WEST IRON FIRE HOLY LORD GOLD BLUE PINK GREY SONS HOPE LION CELL ARMY FREE TRUE JUNE JULY "
    "MAY RAGE ZION SRI GAZA BODO NAGA KHAN SHAM"
)


def _plain_acronym(token: str) -> bool:
    """Spelt like an acronym whatever the file: no vowel (JKLF), or dots (U.N.)."""
    letters = _letters(token)
    if len(letters) < 2 or "'" in token or re.fullmatch(r"[0-9]+(ST|ND|RD|TH)", token):
        return False
    return "." in token or not re.search(r"[AEIOUY]", letters)


class Caser:
    """Title-cases source names, keeping acronyms upper case.

    A single-token name is an acronym when it is spelt like one, when it is short (up to
    ``short`` letters: 7 for organisations, UNICEF, SAARC; 4 for armed groups, whose one-word names are
    words, Hamas, Taliban), or when it is the initialism of a longer name of the same file (ECOWAS);
    a parenthesised short token is an acronym (``(ETA)``). Inside longer names only those acronyms and
    tokens spelt like one stay upper case.
    """

    def __init__(self, files: Iterable[tuple[list[ActorEntry], int]]) -> None:
        self.acronyms: set[str] = set()
        for entries, short in files:
            multi: list[list[str]] = []
            singles: set[str] = set()
            for entry in entries:
                for name in entry.names:
                    self.acronyms.update(
                        p.upper() for p in _parenthesised(name) if _acronym_alias(p, frozenset())
                    )
                    tokens = _tokens(name)
                    if len(tokens) == 1:
                        singles.add(tokens[0])
                    elif tokens:
                        multi.append(tokens)
            initials = {_letters("".join(t[0] for t in m)) for m in multi}
            for single in singles:
                letters = _letters(single)
                if "-" in single or "'" in single or single in _SHORT_WORDS or len(letters) < 2:
                    continue
                if (
                    _plain_acronym(single)
                    or len(letters) <= short
                    or letters in initials
                    or (
                        len(letters) <= 8
                        and any(m[0][0] == letters[0] and _is_initialism(single, m) for m in multi)
                    )
                ):
                    self.acronyms.add(single)

    def title(self, name: str) -> str:
        """The display form of a source name ("AL-SHABAAB" -> "Al-Shabaab", "ETA" -> "ETA")."""
        tokens = _tokens(name)
        out: list[str] = []
        for i, token in enumerate(tokens):
            if token in self.acronyms or _plain_acronym(token):
                out.append(token)
                continue
            pieces = re.split(r"([-/])", token)
            cased = []
            for j, piece in enumerate(pieces):
                lower = piece.lower()
                if piece in "-/" or (i + j > 0 and lower in SMALL_WORDS):
                    cased.append(lower)
                elif piece in self.acronyms or _plain_acronym(piece):
                    cased.append(piece)
                elif "/" in token and _slashed_acronym(token):
                    cased.append(piece)  # EC/UNFPA, TKP/ML
                elif re.fullmatch(r"[0-9]+(ST|ND|RD|TH)", piece):
                    cased.append(lower)
                else:
                    cased.append(_cap(lower))
            out.append("".join(cased))
        return " ".join(out)


def _slashed_acronym(token: str) -> bool:
    pieces = [_letters(p) for p in token.split("/") if _letters(p)]
    return all(len(p) <= 5 for p in pieces) and any(len(p) <= 3 or _plain_acronym(p) for p in pieces)


def _cap(word: str) -> str:
    """Capitalised, also after an apostrophe that starts a word part ("d'ivoire" -> "D'Ivoire")."""
    if not word:
        return word
    word = word[0].upper() + word[1:]
    return re.sub(r"^([A-Za-z])'([a-z])(?=[a-z])", lambda m: f"{m.group(1)}'{m.group(2).upper()}", word)


def _key(name: str) -> str:
    """The comparison key of a name: lower case, British spellings folded, only letters and digits."""
    key = name.lower()
    for british, american in (
        ("isation", "ization"),
        ("labour", "labor"),
        ("programme", "program"),
        ("defence", "defense"),
        ("centre", "center"),
    ):
        key = key.replace(british, american)
    key = re.sub(r"^the[\s_]+", "", key)
    return re.sub(r"[^a-z0-9]", "", key)


def _acronym_alias(text: str, states: frozenset[str]) -> bool:
    """A parenthesised ``(IAAA)`` is an alias; ``(COLOMBIA)``, a state, and longer words are not."""
    letters = _letters(text)
    return 2 <= len(letters) <= 6 and " " not in text.strip() and text.upper() not in states


def _generic_words(agents: Iterable[str]) -> set[str]:
    words = set(GENERIC_WORDS)
    for noun in agents:
        if " " not in noun:
            words.update({noun.upper(), (noun + "s").upper()})
    return words


def _org_name_ok(tokens: list[str], generic: set[str]) -> bool:
    if not tokens or any(t in ROLE_TOKENS for t in tokens):
        return False
    if " ".join(tokens).lower() in NOT_ACTORS:
        return False
    if len(tokens) == 1:
        return tokens[0] not in generic and tokens[0] not in PERSON_TOKENS
    if any(t in PERSON_TOKENS for t in tokens):
        return False
    return any(t.strip("'") in ORG_TOKENS for t in tokens)


def _group_name_ok(tokens: list[str], primary: bool, keds: bool, generic: set[str]) -> bool:
    if not tokens or any(t in GROUP_ROLE_TOKENS for t in [*tokens, *_word_parts(tokens)]):
        return False
    if len(tokens) == 1 and (tokens[0] in generic or tokens[0] in GROUP_TOKENS):
        return False  # "Rebels", "Organization", "Brigades"
    if len(tokens) == 1 and len(_letters(tokens[0])) <= 2:
        return False  # "LT", "LJ": abbreviations of other words
    parts = set(_word_parts(tokens)) | set(tokens)
    if parts & GROUP_NAMES:
        return True
    if any(t in GROUP_TOKENS for t in parts):
        return not (tokens[0] in PERSON_TOKENS and len(tokens) <= 3 and tokens[-1] not in GROUP_TOKENS)
    if len(tokens) == 1 and _plain_acronym(tokens[0]):
        return True
    if any(t in PERSON_TOKENS for t in parts):
        return False
    if len(tokens) == 1:
        return tokens[0] not in generic and not keds
    if keds:
        return False
    return primary or any(p in {"AL", "EL", "AS", "AN", "AR", "ASH", "AT"} for p in _word_parts(tokens))


def _generic_alias(tokens: list[str], generic: set[str]) -> bool:
    """A two-word alias of common words ("National Front", "Islamic Group")."""
    common = GROUP_TOKENS | GENERIC_ADJECTIVES | generic
    return len(tokens) == 2 and all(t in common for t in tokens)


@dataclass
class Organisation:
    name: str
    type: str
    aliases: list[str]
    code: str


def derive_organisations(
    international: list[ActorEntry],
    nonstate: list[ActorEntry],
    agents: dict[str, str],
    states: frozenset[str] = frozenset(),
) -> tuple[list[Organisation], list[str]]:
    """The rows of organisations.tsv (organisations first) and notes on what was merged or dropped."""
    igos = [e for e in international if e.codes and e.codes[0][0].startswith("IGO")]
    caser = Caser([(igos, 7), (nonstate, 4)])
    generic = _generic_words(agents)
    notes: list[str] = []
    rows: list[Organisation] = []

    def build(entry: ActorEntry, kind: str, keds: bool) -> Organisation | None:
        undated = [code for code, dated in entry.codes if not dated]
        if not undated or "rulers" in entry.comment.lower():
            return None  # office holders, people
        names: list[str] = []
        for index, source in enumerate(entry.names):
            tokens = _tokens(source)
            if not tokens or not re.search(r"[A-Z]{2}", " ".join(tokens)):
                continue
            if kind == "Organisation":
                ok = _org_name_ok(tokens, generic)
            else:
                ok = _group_name_ok(tokens, index == 0, keds, generic)
            if index == 0 and not ok:
                return None  # the primary name is a person's, an office or a common word
            if ok and (index == 0 or not _generic_alias(tokens, generic)):
                names.append(caser.title(source))
            names.extend(p.upper() for p in _parenthesised(source) if _acronym_alias(p, states))
        unique = list(dict.fromkeys(n for n in names if n))
        return Organisation(unique[0], kind, unique[1:], undated[0]) if unique else None

    for entry in igos:
        row = build(entry, "Organisation", False)
        if row:
            rows.append(row)
    keds = False
    for entry in nonstate:
        keds = keds or "KEDS" in entry.section
        row = build(entry, "ArmedGroup", keds or entry.names[0].endswith("__"))
        if row:
            rows.append(row)
    return _merge(rows, notes), notes


def _merge(rows: list[Organisation], notes: list[str]) -> list[Organisation]:
    """Rows of one name merged, and rows of one code of which one's name is the other's alias; for
    organisations (whose IGO codes name one body, unlike the country-and-REB codes of armed groups)
    also rows of one code whose names are an acronym and its expansion or spellings of one name
    (``SequenceMatcher`` ratio 0.93 or more). An alias is kept by one row only."""
    merged: list[Organisation] = []
    by_key: dict[tuple[str, str], Organisation] = {}
    for row in rows:
        target = by_key.get((row.type, _key(row.name))) or next(
            (
                other
                for other in merged
                if other.type == row.type and other.code == row.code and _same_body(other, row)
            ),
            None,
        )
        if target is None:
            merged.append(row)
            by_key.setdefault((row.type, _key(row.name)), row)
            continue
        notes.append(f"merged {row.name!r} ({row.code}) into {target.name!r} ({target.code})")
        for alias in [row.name, *row.aliases]:
            if alias not in target.aliases:
                target.aliases.append(alias)
    changed = True
    while changed:  # merging makes new aliases, which may join further rows of the code
        changed = False
        for i, row in enumerate(merged):
            for other in merged[i + 1 :]:
                if other.code == row.code and other.type == row.type and _same_body(row, other):
                    notes.append(f"merged {other.name!r} ({other.code}) into {row.name!r} ({row.code})")
                    row.aliases.extend(n for n in [other.name, *other.aliases] if n not in row.aliases)
                    merged.remove(other)
                    changed = True
                    break
            if changed:
                break
    # a name belongs to its row; an alias to the first row that lists it and is no other row's name
    names = {_key(row.name): row for row in merged}
    claimed: dict[str, Organisation] = {}
    for row in merged:
        kept: list[str] = []
        seen = {row.name.lower()}  # spellings that differ in punctuation stay: "Al Qaida", "Al-Qaida"
        for alias in row.aliases:
            key = _key(alias)
            if alias.lower() in seen or not key:
                continue
            seen.add(alias.lower())
            owner = names.get(key) or claimed.setdefault(key, row)
            if owner is row:
                kept.append(alias)
            else:
                notes.append(f"alias {alias!r} of {row.name!r} left to {owner.name!r}")
        row.aliases = kept
    return merged


def _same_body(a: Organisation, b: Organisation) -> bool:
    from difflib import SequenceMatcher

    if _key(b.name) in {_key(n) for n in a.aliases} or _key(a.name) in {_key(n) for n in b.aliases}:
        return True
    if a.type != "Organisation":
        return False
    for x in [a.name, *a.aliases]:
        for y in [b.name, *b.aliases]:
            short, long = sorted((x, y), key=len)
            if " " not in short and _is_initialism(short, _tokens(long)):
                return True
            if SequenceMatcher(None, _key(x), _key(y)).ratio() >= 0.93:
                return True
    return False


# --------------------------------------------------------------------------------------------------
# Agents
# --------------------------------------------------------------------------------------------------


def derive_agents(path: Path) -> tuple[dict[str, str], list[str]]:
    """noun -> agent code of Phoenix.agents.txt (one or two words), and notes on conflicting codes."""
    subs: dict[str, list[str]] = {}
    agents: dict[str, str] = {}
    notes: list[str] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#")[0].strip()
        if not line:
            continue
        sub = re.match(r"^(![A-Z]+!)\s*=\s*(.*)$", line)
        if sub:
            subs[sub.group(1)] = [w.strip() for w in sub.group(2).split(",") if w.strip()]
            continue
        codes = _BRACKET.findall(line)
        if not codes:
            continue
        code = codes[-1].split()[0].replace("~", "") if codes[-1].split() else ""
        text = re.sub(r"\{[^}]*\}", " ", _BRACKET.sub(" ", line)).strip()
        if not code or not text:
            continue
        # a trailing "MINIST" is a stem of the !MINIST! set (minister, ministry)
        text = re.sub(r"MINIST(?=$|[_\s])", "!MINIST!", text) if "!MINIST!" in subs else text
        for phrase in _expand(text, subs):
            words = [w for w in re.split(r"[_\s]+", phrase.lower()) if w]
            if not 1 <= len(words) <= 2:
                continue
            if not all(re.fullmatch(r"[a-z][a-z'-]*\.?", w) for w in words):
                continue
            words[-1] = singular(words[-1])
            noun = " ".join(words)
            if noun in agents:
                if agents[noun] != code:
                    notes.append(f"{noun}: {agents[noun]} kept, {code} dropped")
                continue
            agents[noun] = code
    return agents, notes


def _expand(text: str, subs: dict[str, list[str]]) -> Iterator[str]:
    match = re.search(r"![A-Z]+!", text)
    if not match:
        yield text
        return
    for word in subs.get(match.group(0), []):
        yield from _expand(text[: match.start()] + word + text[match.end() :], subs)


# --------------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------------


def header(sources: Iterable[str], what: str) -> str:
    lines = [
        f"{what}",
        f"Derived from {', '.join(sources)} of PETRARCH2, {REPO}, commit {COMMIT}.",
        NOTICE + ".",
        f"Generated by: {COMMAND}  (do not edit by hand: rerun the script)",
    ]
    return "".join(f"# {line}\n" for line in lines)


def _toml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_str(key)


def _inline(entry: Entry) -> str:
    fields = [("relation", entry.relation), ("cameo", entry.cameo), ("block", entry.block), *entry.extra]
    return "{ " + ", ".join(f"{k} = {_toml_str(v)}" for k, v in fields) + " }"


def write_toml(path: Path, result: Result) -> None:
    out = [
        header(
            ["CAMEO.2.0.txt"],
            "CAMEO verbs, prepositional verbs, verb-object frames and force nouns for kg's seven relations.",
        ),
        "#\n"
        "# [verbs]: verb lemma -> relation, the CAMEO code that decided it (the verb's own code, else its\n"
        "#   block's) and the synonym block of CAMEO.2.0.txt where it is listed.\n"
        '# [prepositional_verbs]: "verb preposition" -> the same, the object of the preposition being the\n'
        '#   other party ("clash with", "fire at").\n'
        '# [verb_objects]: "verb object" -> the same, for verbs that carry the relation only with that\n'
        '#   object ("sign" a treaty, "impose" sanctions, "hold" talks); an object "&NAME" stands for the\n'
        "#   nouns of [noun_classes].NAME.\n"
        "# [force_nouns]: nouns: what counts as troops or weapons being sent (CAMEO's &MILITARY, &AIRCRAFT,\n"
        "#   &WEAPON, &WMD and &PKO), lower case, singular, single words.\n"
        "# [noun_classes]: the nouns of the CAMEO classes named above.\n"
        "# The mapping of codes to relations, the stop lists and the other filters are documented in the\n"
        "# script's docstring.\n",
    ]
    tables = (
        ("verbs", result.verbs),
        ("prepositional_verbs", result.prepositional),
        ("verb_objects", result.objects),
    )
    for title, table in tables:
        out.append(f"\n[{title}]\n")
        out.extend(f"{_toml_key(key)} = {_inline(entry)}\n" for key, entry in sorted(table.items()))
    out.append("\n[force_nouns]\n")
    out.append(_toml_list("nouns", result.forces))
    out.append("\n[noun_classes]\n")
    out.extend(_toml_list(name, nouns) for name, nouns in result.classes.items())
    path.write_text("".join(out), encoding="utf-8")


def _toml_list(key: str, values: list[str]) -> str:
    lines, line = [], ""
    for value in values:
        item = _toml_str(value) + ", "
        if len(line) + len(item) > 100:
            lines.append(line.rstrip())
            line = ""
        line += item
    lines.append(line.rstrip())
    return f"{_toml_key(key)} = [\n" + "".join(f"    {part}\n" for part in lines if part) + "]\n"


def write_organisations(path: Path, rows: list[Organisation]) -> None:
    out = [
        header(
            ["Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"],
            "International organisations (IGOs) and armed non-state groups, with their CAMEO actor codes.",
        ),
        "# Columns: name, type (Organisation | ArmedGroup), aliases (|-separated), code.\n",
        "name\ttype\taliases\tcode\n",
    ]
    for row in rows:
        cells = [row.name, row.type, "|".join(row.aliases), row.code]
        if any(re.search(r"[\t\n|]", c) for c in cells[:2]):
            raise ValueError(f"unwritable row {cells!r}")
        out.append("\t".join(cells) + "\n")
    path.write_text("".join(out), encoding="utf-8")


def write_agents(path: Path, agents: dict[str, str]) -> None:
    out = [
        header(["Phoenix.agents.txt"], "Role nouns of news text with their CAMEO agent codes."),
        "# Columns: noun (one or two words, lower case, singular), code (GOV, MIL, REB, ...; the first\n"
        "# three letters are the primary role, GOVMIL = government, military).\n",
        "noun\tcode\n",
    ]
    out.extend(f"{noun}\t{code}\n" for noun, code in sorted(agents.items()))
    path.write_text("".join(out), encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------------


@dataclass
class Result:
    verbs: dict[str, Entry]
    prepositional: dict[str, Entry]
    objects: dict[str, Entry]
    classes: dict[str, list[str]]
    forces: list[str]
    organisations: list[Organisation]
    agents: dict[str, str]
    notes: dict[str, list[str]]


def read_states(path: Path | None) -> frozenset[str]:
    """Upper-case names, aliases and demonyms of kg's states.tsv (to tell ``(COLOMBIA)`` from ``(ETA)``)."""
    if path is None or not path.is_file():
        return frozenset()
    names: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        for cell in cells[:1] + cells[2:4]:
            names.update(part.strip().upper() for part in cell.split("|") if part.strip())
    return frozenset(names)


def derive(source: Path, states: Path | None = None) -> Result:
    """Everything the script writes, derived from the resource folder ``source``."""
    cameo = parse_cameo(source / "CAMEO.2.0.txt")
    verbs, verb_notes = derive_verbs(cameo)
    prepositional = derive_prepositional(cameo)
    objects = derive_verb_objects(cameo, verbs)
    classes = derive_noun_classes(cameo, objects)
    forces = derive_force_nouns(classes)
    agents, agent_notes = derive_agents(source / "Phoenix.agents.txt")
    organisations, org_notes = derive_organisations(
        parse_actors(source / "Phoenix.International.actors.txt"),
        parse_actors(source / "Phoenix.MilNonState.actors.txt"),
        agents,
        read_states(states),
    )
    notes = {"verbs": verb_notes, "organisations": org_notes, "agents": agent_notes}
    return Result(verbs, prepositional, objects, classes, forces, organisations, agents, notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the petrarch2 folder of the field resource")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "kg" / "data")
    parser.add_argument(
        "--states",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "kg" / "data" / "states.tsv",
        help="kg's gazetteer of states, whose names are no acronyms in parentheses",
    )
    parser.add_argument("--notes", action="store_true", help="print what was merged or left out")
    args = parser.parse_args(argv)
    needed = [
        "CAMEO.2.0.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
        "Phoenix.agents.txt",
        "LICENSE",
    ]
    missing = [name for name in needed if not (args.source / name).is_file()]
    if missing:
        parser.error(f"{args.source} lacks {', '.join(missing)}")
    result = derive(args.source, args.states)
    args.out.mkdir(parents=True, exist_ok=True)
    write_toml(args.out / "cameo_verbs.toml", result)
    write_organisations(args.out / "organisations.tsv", result.organisations)
    write_agents(args.out / "agent_nouns.tsv", result.agents)
    shutil.copyfile(args.source / "LICENSE", args.out / "PETRARCH2-LICENSE")
    counts = Counter(entry.relation for entry in result.verbs.values())
    types = Counter(row.type for row in result.organisations)
    print(
        f"verbs {len(result.verbs)} {dict(sorted(counts.items()))}; prepositional "
        f"{len(result.prepositional)}; verb-object {len(result.objects)}; force nouns "
        f"{len(result.forces)}; organisations {dict(types)}; agent nouns {len(result.agents)}"
    )
    if args.notes:
        for name, lines in result.notes.items():
            for line in lines:
                print(f"[{name}] {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
