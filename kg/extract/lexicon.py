"""General-language lexicons the extractor reads: relation words, titles, actor nouns, states.

Nothing here names an actor of any particular article: these are words of English news
(verbs, nouns, titles) and a gazetteer of the world's states (``kg/data/states.tsv``).
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.model import RelationType as R

# -- the relation lexicon (kg/data/relations.toml) --------------------------------------------------


def _relation_table(name: str) -> dict[str, R]:
    """One table of the relation lexicon: trigger -> relation."""
    return {trigger: R(relation) for trigger, relation in _relation_lexicon()[name].items()}


def _pair_table(name: str) -> dict[tuple[str, str], R]:
    """One table of two-word triggers: (verb, preposition or particle) -> relation."""
    pairs: dict[tuple[str, str], R] = {}
    for trigger, relation in _relation_table(name).items():
        verb, _, word = trigger.partition(" ")
        pairs[(verb, word)] = relation
    return pairs


def _cameo_verbs() -> dict[str, R]:
    """The CAMEO dictionary's verbs of the seven relations (kg/data/cameo_verbs.toml, derived by
    scripts/derive_lexicons.py from PETRARCH2's CAMEO.2.0.txt)."""
    with resources.files("kg").joinpath("data/cameo_verbs.toml").open("rb") as handle:
        verbs = tomllib.load(handle)["verbs"]
    excluded = set(_relation_lexicon()["cameo_exclusions"]["verbs"])
    return {lemma: R(entry["relation"]) for lemma, entry in verbs.items() if lemma not in excluded}


@lru_cache(maxsize=1)
def _relation_lexicon() -> dict:
    """``kg/data/relations.toml``, read once."""
    with resources.files("kg").joinpath("data/relations.toml").open("rb") as handle:
        return tomllib.load(handle)


# Verbs whose subject bears the relation to their direct object ("Chile backs X"); CAMEO's own
# verbs (kg/data/cameo_verbs.toml) fill in where the lexicon has none.
TRANSITIVE_VERBS: dict[str, R] = {**_cameo_verbs(), **_relation_table("verbs")}
# Verbs that take their other party through a preposition: (lemma, preposition) -> relation.
PREPOSITIONAL_VERBS: dict[tuple[str, str], R] = _pair_table("prepositional_verbs")
# Phrasal verbs, (lemma, particle) -> relation with their direct object: "shore up", "fight off".
PHRASAL_VERBS: dict[tuple[str, str], R] = _pair_table("phrasal_verbs")
# Arms, which a name before them may be the model of rather than the owner: "Scud missiles".
WEAPON_NOUNS = frozenset(
    (
        "missile",
        "tank",
        "jet",
        "drone",
        "rocket",
        "aircraft",
        "helicopter",
        "warplane",
        "bomber",
        "ship",
        "warship",
        "submarine",
        "vessel",
        "gunboat",
        "artillery",
        "battery",
        "system",
        "weapon",
        "gunship",
    )
)

# Nouns that name a relation ("support for", "an agreement with", "talks with", "an attack on").
RELATION_NOUNS: dict[str, R] = _relation_table("nouns")
# "X-backed Y", "backed by X": participles whose agent bears the relation to the noun described.
PARTICIPLE_RELATIONS: dict[str, R] = _relation_table("participles")
# Nouns of a role that relates the subject of "X is Y's <noun>" to Y, and the reverse.
ROLE_NOUNS: dict[str, R] = _relation_table("role_nouns")
REVERSED_ROLE_NOUNS: dict[str, R] = _relation_table("reversed_role_nouns")
# The prepositions that introduce a relation noun's object, by relation.
RELATION_NOUN_PREPOSITIONS: dict[R, frozenset[str]] = {
    R(relation): frozenset(prepositions)
    for relation, prepositions in _relation_lexicon()["noun_prepositions"].items()
}


# fmt: off


# Verbs whose object does what their "of"/"for" gerund says: "accused X of arming Y" (X arms Y).
JUDGING_VERBS = frozenset(
    (
        "accuse", "charge", "blame", "suspect", "thank", "praise", "criticise", "criticize", "condemn",
        "commend", "congratulate", "fault", "punish", "sanction", "reward", "credit", "indict", "convict",
        "denounce", "rebuke", "censure",
    )
)
# Verbs whose subject takes part in what their object does: "X helped Y overthrow Z" (X too).
HELP_VERBS = frozenset(("help", "assist", "aid", "enable", "join"))
# Verbs whose object is kept from doing what their "from" gerund says: "prevented X from attacking Y".
PREVENTING_VERBS = frozenset(
    ("prevent", "stop", "bar", "block", "deter", "prohibit", "ban", "keep", "dissuade")
)
# Nouns of a conflict that sets its parties against each other: "a confrontation with Iran".
# Pacts that end fighting: a truce between X and Y says they fought.
TRUCE_NOUNS = frozenset(("ceasefire", "cease-fire", "truce", "armistice"))
MUTUAL_OPPOSITION_NOUNS = frozenset(
    (
        "confrontation", "conflict", "hostility", "tension", "rivalry", "standoff", "clash", "war", "feud",
        "dispute", "fighting", "showdown", "escalation", "struggle", "battle", "skirmish", "hostilities",
    )
)
# Words of fighting, which has two sides: "X has been fighting Y" says Y fights X too.
MUTUAL_FIGHTING = frozenset(("fight", "fighting", "battle", "clash", "skirmish", "war"))
# Nouns of an attempt whose owner is the one acting: "US attempts to oust X".
ATTEMPT_NOUNS = frozenset(("attempt", "bid", "effort", "plan", "push", "move", "drive", "threat", "plot"))

# Verbs that move forces to a place; the place comes through one of these prepositions.
DEPLOY_VERBS = frozenset(
    (
        "deploy", "send", "dispatch", "move", "ship", "station", "transfer", "airlift", "fly", "redeploy",
        "base", "position", "mobilize", "mobilise", "land", "rush", "sail", "transport", "smuggle", "shift",
        "relocate", "post", "mass", "amass", "concentrate",
    )
)
DEPLOY_PREPOSITIONS = frozenset(
    ("to", "into", "in", "inside", "toward", "towards", "on", "onto", "at", "along", "around")
)
# Verbs of forces reaching (or leaving) a place they take as object: "Egyptian troops entered Sudan",
# "the last Chilean troops left Bolivia" (they were there).
ENTRY_VERBS = frozenset(
    ("enter", "cross", "occupy", "reach", "invade", "capture", "seize", "overrun", "storm", "retake",
     "recapture", "patrol", "secure", "take", "leave")
)
# Where forces that are the subject of any verb are, or go: "troops landed on X", "flew into X".
MOTION_PREPOSITIONS = frozenset(
    ("in", "into", "inside", "at", "on", "onto", "to", "throughout", "across", "toward", "towards")
)
# Where forces are present: "Russian troops stationed in Gyumri", "a Turkish base in Mogadishu".
PRESENCE_PREPOSITIONS = frozenset(
    ("in", "into", "inside", "at", "near", "outside", "around", "along", "throughout")
)
# What forces are "in" on their way to a place: "fighters in action in Libya", "troops on the ground".
ACTIVE_STATES = frozenset(
    ("action", "ground", "combat", "patrol", "duty", "operation", "mission", "deployment", "standby")
)
PRESENCE_NOUNS = frozenset(
    (
        "base", "garrison", "outpost", "exercise", "drill", "patrol", "deployment", "presence", "contingent",
        "operative", "contractor", "mission", "camp",
    )
)
# What an attack hits that stands for its owner: "SDF military posts", "rebel positions".
TARGET_NOUNS = frozenset(
    (
        "position", "post", "base", "airbase", "airfield", "camp", "stronghold", "target", "facility",
        "convoy", "vehicle", "headquarters", "outpost", "hideout", "depot", "infrastructure", "territory",
        "line",
    )
)
# What a deployment moves: without one of these as object, "send" is not a deployment.
FORCE_NOUNS = frozenset(
    (
        "troop", "soldier", "force", "tank", "ship", "warship", "vessel", "aircraft", "jet", "plane",
        "fighter", "mercenary", "adviser", "advisor", "specialist", "unit", "battalion", "brigade",
        "division", "drone", "missile", "weapon", "arm", "artillery", "system", "personnel", "militia",
        "militiaman", "contingent", "reinforcement", "warplane", "helicopter", "submarine", "carrier",
        "destroyer", "frigate", "marine", "commando", "equipment", "munition", "ammunition", "army",
        "military", "boot", "operative", "instructor", "officer", "paratrooper", "peacekeeper", "battery",
        "vehicle", "armour", "armor", "gunboat", "bomber", "consignment", "shipment", "navy", "crew",
        "pilot", "sailor", "airman",
        "guerrilla", "rebel", "insurgent", "militant", "force",
    )
)

# Force nouns that may name fighters of their own rather than a state's forces: "Syrian fighters"
# are not Syria, but "Syrian tanks" are.
IRREGULAR_FORCES = frozenset(
    ("fighter", "mercenary", "militia", "militiaman", "operative", "adviser", "advisor", "specialist",
     "instructor", "boot", "system", "equipment", "consignment", "shipment",
     "guerrilla", "rebel", "insurgent", "militant")
)

# Verbs by which a state sends foreign forces away, which says they were in it: "expelled French troops".
EXPEL_VERBS = frozenset(("expel", "evict", "oust"))
OUT_VERBS = frozenset(("throw", "kick", "force", "push", "drive"))  # "threw out French forces"
# Nouns of being under way to a place: "troops on the move toward X", "on their way to X".
WAY_NOUNS = frozenset(("move", "way", "march", "route"))
# Verbs that take forces out of a place, which says they were there: "pull its troops out of Iraq".
WITHDRAW_VERBS = frozenset(("withdraw", "pull", "remove", "evacuate", "recall", "bring"))
# Places named through a facility in them: "Niamey airport", "the port of Tartus".
FACILITY_NOUNS = frozenset(
    (
        "airport", "port", "base", "airbase", "city", "town", "capital", "region", "province", "border",
        "area", "coast", "island", "harbour", "harbor", "district", "territory", "waters", "sea", "part",
        "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "frontier",
        "soil", "interior", "outskirts", "mainland", "airspace",
    )
)
# Last words of an office's brief, which a title may name: "External Affairs Minister X".
PORTFOLIO_WORDS = frozenset(
    ("affairs", "security", "defence", "defense", "finance", "interior", "trade", "justice", "intelligence")
)
# Nouns of a place named "of" its name: "the port of Callao", "the town of Jui".
SETTLEMENT_NOUNS = frozenset(("port", "city", "town", "village", "district", "province", "region", "island"))
# Verbs that make a relation noun an event of their subject ("sign a deal", "hold talks").
LIGHT_VERBS = frozenset(
    (
        "sign", "conclude", "reach", "ink", "strike", "seal", "hold", "have", "offer", "provide", "give",
        "extend", "pledge", "promise", "launch", "wage", "conduct", "carry", "mount", "announce", "approve",
        "order", "begin", "start", "continue", "step", "lend", "express", "voice", "declare", "restate",
        "reaffirm", "further", "deepen", "expand", "boost", "increase", "agree", "impose", "renew", "make",
        "send", "deliver", "ship", "hail", "welcome", "receive", "accept", "seek", "request", "call",
        "demand", "urge", "threaten", "put", "clinch", "finalise", "finalize", "adopt", "forge", "hammer",
    )
)
# Plural nouns of the people or bodies that act for the parties they are "of": "the foreign
# ministers of X, Y and Z signed", "the leaders of X and Y met".
PARTY_NOUNS = frozenset(
    (
        "minister", "leader", "president", "head", "representative", "delegation", "delegate", "envoy",
        "official", "negotiator", "diplomat", "government", "state", "country", "nation", "member", "army",
        "force", "troop", "party", "side", "chief", "commander", "ambassador", "soldier",
        "contingent", "unit", "navy", "warship", "aircraft", "warplane", "marine", "paratrooper",
    )
)
# Verbs that answer an attack, so that its author opposes the subject too: "repelled an offensive by X".
REPEL_VERBS = frozenset(
    ("repel", "counter", "repulse", "thwart", "resist", "fight", "hold", "fend", "beat", "push", "drive",
     "ward", "rebuff", "withstand", "defend", "halt", "foil", "stop", "block")
)
# "break relations with X": the subject turns against X.
BREAK_VERBS = frozenset(("break", "sever", "cut", "suspend", "abandon", "freeze", "downgrade", "end", "halt"))
TIE_NOUNS = frozenset(("relation", "tie", "contact", "cooperation", "link"))
# "X received money from Y": Y supports X.
AID_NOUNS = frozenset(
    ("money", "aid", "weapon", "arm", "fund", "funding", "assistance", "support", "help", "loan", "grant",
     "ammunition", "equipment", "supply", "backing", "training", "tank", "missile", "drone", "jet", "credit",
     "cash")
)
# Words of the names of bodies that states join: "the Andean Mission", "the Pacific Cooperation Council".
JOINT_BODY_HEADS = frozenset(
    ("alliance", "coalition", "mission", "force", "union", "council", "league", "community", "organisation",
     "organization", "bloc", "group", "partnership", "pact", "command", "operation", "forum", "association",
     "dialogue")
)
# Nouns by which a text points back to a state: "the kingdom", "the Gulf state", "the country".
STATE_DESCRIPTIONS = frozenset(
    ("country", "nation", "state", "kingdom", "emirate", "republic", "monarchy", "sultanate", "principality")
)
# Verbs that list what a body is made of: "a coalition that includes X", "made up of X and Y".
COMPOSING_VERBS = frozenset(
    ("include", "comprise", "compose", "make", "bring", "unite", "group", "count", "link")
)
# Verbs by which parties make a body they are then members of: "X and Y formed the Z Alliance" (not
# "launch", whose object is an operation).
FOUNDING_VERBS = frozenset(("form", "found", "create", "establish", "set", "co-found"))
# Verbs of coming to terms, whose parties agree with each other: "X and Y agreed on a plan".
AGREEING_VERBS = frozenset(("agree",))
# Words by which a clause says its subjects act together: "agreed to overhaul their command".
SHARED_WORDS = frozenset(("their", "jointly", "together", "mutual", "each", "both", "common", "joint"))
# Verbs of signing, by which a person acts for whom they sign "for".
SIGNING_VERBS = frozenset(("sign", "initial", "countersign", "ratify", "endorse"))
# What one puts to a text to sign it: "put his name to the accord".
SIGNATURE_NOUNS = frozenset(("name", "signature", "initial", "initials"))
# Those who sign a text: "the three signatories of the accord".
SIGNATORY_NOUNS = frozenset(("signatory", "cosignatory", "co-signatory", "signer"))
# Verbs that set their object against another: "the war pits X against Y".
SETTING_VERBS = frozenset(("pit", "set", "turn"))
# Verbs whose subject counts on what their object gives: "X can count on support from Y".
# Opposition in words, by law or by rising against, whose object is a government even when a
# capital names it ("sanctioned Caracas", "rose against Baghdad").
POLITICAL_OPPOSITION = frozenset(
    ("accuse", "condemn", "denounce", "criticise", "criticize", "sanction", "blame", "warn", "threaten",
     "protest", "expel", "boycott", "rebuke", "censure", "embargo", "oppose", "reject", "rise", "rebel",
     "revolt")
)
RELYING_VERBS = frozenset(("count", "rely", "depend", "enjoy", "lean", "draw"))
# What one backs when one backs someone's: "a backer of their cause", "a champion of his struggle".
CAUSE_NOUNS = frozenset(("cause", "struggle", "fight", "effort", "drive", "campaign", "war", "bid"))
RECEIVE_VERBS = frozenset(("receive", "get", "obtain", "accept", "take", "secure", "win", "buy", "purchase"))
# "X provided weapons to Y", "X supplied Y with drones": X supports Y.
SUPPLY_VERBS = frozenset(
    (
        "provide", "supply", "give", "deliver", "hand", "grant", "furnish", "funnel", "promise", "commit",
        "sell",
    )
)
# Verbs of giving that are aid whatever is given: "X will contribute a million kroner to Y".
GIFT_VERBS = frozenset(("contribute", "donate", "pledge", "lend"))
# Nouns of an intervention that a support phrase may qualify: "intervention in favour of X".
ACTION_NOUNS = frozenset(
    ("intervention", "involvement", "deployment", "operation", "mission", "campaign", "role", "aid",
     "assistance", "support", "action", "engagement")
)
# Acts whose doer a condemnation turns on: "X shelled Y, a move that Z condemned".
CONDEMNED_ACTS = ACTION_NOUNS | frozenset(
    ("attack", "strike", "raid", "incursion", "invasion", "annexation", "move", "step", "offensive",
     "bombing", "shelling", "occupation", "test", "launch", "decision", "assault", "blockade")
)
# "<prep> <noun> of X" phrases in which the clause's subject supports X.
SUPPORT_PHRASES = frozenset(
    (
        ("in", "support"), ("in", "favour"), ("in", "favor"), ("on", "behalf"), ("on", "part"),
        ("on", "side"), ("in", "defence"), ("in", "defense"), ("in", "aid"),
    )
)

# Titles of those who head an actor, and of those who belong to one.
LEADER_TITLES = frozenset(
    (
        "president", "prime minister", "premier", "king", "queen", "emir", "amir", "sultan", "leader",
        "head", "chief", "chairman", "chairwoman", "chairperson", "chair", "chancellor", "secretary-general",
        "secretary general", "supreme leader", "commander-in-chief", "ruler", "monarch", "head of state",
        "founder", "director", "director-general", "governor", "mayor", "general secretary", "commander",
    )
)
# Titles of a state's head, by which a text may point back to a head it named: "the Russian leader".
HEAD_TITLES = frozenset(("president", "leader", "premier", "king", "queen", "emir", "monarch", "chancellor"))
# Offices whose holder, unnamed, speaks for the state the title names: "the Norwegian envoy said".
STATE_VOICES = frozenset(
    (
        "president", "king", "queen", "emir", "amir", "sultan", "chancellor", "premier", "monarch",
        "minister", "ambassador", "envoy", "emissary", "spokesman", "spokeswoman", "spokesperson",
        "counterpart", "delegation", "negotiator", "diplomat", "commander",
    )
)
# Determiners of a noun that points back at something named: "the militia", not "a militia".
DEFINITE_DETERMINERS = frozenset(("the", "this", "that", "these", "those"))
# Words that put a title's holder against a state's government: "Peru's opposition leader" leads no
# state (a "rebel leader" still leads the rebels).
AGAINST_GOVERNMENT = frozenset(("opposition", "exiled", "dissident"))
# Words that put a title's holder out of office or out of the government: "a former minister".
NOT_IN_OFFICE = AGAINST_GOVERNMENT | frozenset(("former", "late", "ex", "retired", "rebel"))
# Heads of a body, not of a whole state: a state's "military commander" is one of its officers.
BODY_HEAD_TITLES = frozenset(("commander", "director", "director-general", "chief"))
# What makes such a head one of many: "a senior commander", "a local militia chief".
FIELD_RANKS = frozenset(("a", "an", "senior", "field", "local", "regional", "junior", "mid-level", "one"))
# Offices of a state: a name with one of these titles and no state named holds it in a state nearby.
STATE_OFFICES = frozenset(
    (
        "president", "prime minister", "premier", "king", "queen", "emir", "amir", "sultan", "chancellor",
        "monarch", "crown prince", "minister", "foreign minister", "defence minister", "defense minister",
        "interior minister", "vice president", "vice-president", "ambassador", "envoy", "secretary of state",
        "defence secretary", "defense secretary", "foreign secretary", "home secretary", "attorney general",
        "national security adviser", "treasury secretary",
    )
)
# Offices only one state has by that name, so the title says whose office it is.
NATIONAL_OFFICES = {
    "secretary of state": "United States", "defense secretary": "United States",
    "chancellor of the exchequer": "United Kingdom",
}
MEMBER_TITLES = frozenset(
    (
        "minister", "spokesman", "spokeswoman", "spokesperson", "official", "envoy", "ambassador",
        "diplomat", "deputy", "adviser", "advisor", "representative", "negotiator", "member", "lawmaker",
        "senator", "legislator", "mp", "officer", "aide", "secretary", "delegate", "vice president",
        "vice-president", "foreign minister", "defence minister", "defense minister", "interior minister",
        "army chief", "chief of staff", "commissioner", "crown prince", "emissary", "counterpart",
    )
)
# Ranks and honorifics that prefix a name without saying whom the person serves.
# Military ranks, which only a person bears before their name ("Brigadier X").
RANKS = frozenset(
    (
        "marshal", "general", "gen", "gen.", "brigadier", "colonel", "col", "col.", "major", "maj", "maj.",
        "lieutenant", "lt", "lt.", "captain", "capt", "capt.", "admiral", "sgt", "sergeant", "commander",
    )
)
HONORIFICS = RANKS | frozenset(
    (
        "field", "sheikh", "shaikh", "dr", "dr.", "mr",
        "mr.", "mrs", "mrs.", "ms", "ms.", "sir", "lord", "prince", "princess", "ayatollah", "imam",
        "president", "minister", "prime", "king", "queen", "emir",
        "sultan", "chancellor", "premier", "ambassador", "secretary", "senator", "vice", "foreign",
        "defence", "defense", "interior", "deputy", "former", "late", "crown", "chief", "spokesman",
        "spokeswoman", "envoy", "leader", "head", "chairman", "rebel", "militia", "opposition", "army", "mp",
        "governor", "mayor", "staff", "of", "adviser", "advisor", "commissioner", "negotiator",
        "bishop", "archbishop", "cardinal", "reverend", "rev", "rev.",
    )
)

# Nouns that name a body of people acting for an actor. A state's own bodies fold into the state
# ("Egyptian troops" is Egypt); the others are actors of their own ("Syrian fighters").
STATE_BODY_NOUNS = frozenset(
    (
        "force", "troop", "army", "military", "soldier", "unit", "navy", "official", "authority", "diplomat",
        "ministry", "delegation", "embassy", "presidency", "leadership", "warplane", "jet", "aircraft",
        "ship", "warship", "police", "marine", "guard", "administration", "cabinet", "regime", "side",
        "presidency", "people", "government", "lawmaker", "legislator", "congressman", "parliamentarian",
        "senator", "officer", "policeman", "agency", "intelligence", "peacekeeper", "contingent",
        "instructor", "trainer", "garrison",
    )
)
# Words of belonging to a body: "a member of X", "joined X", "was admitted to X".
MEMBERSHIP_WORDS = frozenset(
    ("member", "membership", "join", "leave", "quit", "admit", "readmit", "expel", "suspend", "rejoin")
)
# Verbs by which one person speaks to another in person: "X told Y that ...".
TELLING_VERBS = frozenset(("tell", "assure", "inform"))
# A state's bodies whose head heads the state: "the Chilean government, led by X".
RULING_BODIES = frozenset(("government", "administration", "regime", "cabinet", "presidency", "junta"))
# People who, many together, speak for their state or body: "Chilean leaders", "its negotiators"
# (one "Chilean leader" is a person).
PLURAL_VOICES = frozenset(
    ("leader", "negotiator", "envoy", "minister", "spokesman", "representative", "adviser", "advisor")
)
GROUP_NOUNS = frozenset(
    (
        "fighter", "militia", "militiaman", "rebel", "faction", "militant", "insurgent", "mercenary",
        "jihadist", "loyalist", "paramilitary", "gunman", "group", "coalition", "alliance", "formation",
        "brigade", "battalion", "opposition", "separatist", "proxy", "government", "parliament", "camp",
        "movement", "tribe", "clan", "force", "troop", "army", "military", "soldier", "unit", "bloc",
        "organisation", "organization", "mission", "grouping", "union", "guerrilla", "company", "firm",
        "volunteer",
    )
)
# Modifiers that do not make a state's body a distinct actor ("the Egyptian military forces").
PLAIN_MODIFIERS = frozenset(
    (
        "military", "armed", "national", "regular", "government", "security", "own", "special", "ground",
        "air", "naval", "federal", "state", "official", "senior", "top", "local", "more", "other", "its",
        "their", "his", "her", "some", "many", "several", "all", "both", "two", "three", "few", "further",
        "additional", "elite", "combat", "allied", "foreign", "police", "border",
        # a regime's creed or standing describes it, and names no other body: "the Marxist government in X"
        "marxist", "communist", "socialist", "leftist", "rightist", "islamist", "interim", "transitional",
    )
)
# Qualifiers that make a role a matter of trade, not of alignment: "its biggest trading partner".
TRADE_QUALIFIERS = frozenset(("trading", "trade", "business", "economic", "commercial", "export", "import"))
ARMED_GROUP_WORDS = frozenset(
    (
        "army", "forces", "force", "militia", "militias", "brigade", "brigades", "front", "movement",
        "guard", "guards", "rebels", "jihad", "hezbollah", "hamas", "battalion", "battalions", "corps",
        "division", "regiment", "mujahideen", "liberation", "resistance", "group", "fighters",
    )
)
GOVERNMENT_WORDS = frozenset(
    (
        "government", "ministry", "cabinet", "administration", "presidency", "council", "parliament",
        "house", "assembly", "congress", "senate", "authority", "junta", "regime",
    )
)

# Verbs that report what someone else says, and words that mark intent, hypothesis, denial.
REPORTING_VERBS = frozenset(
    (
        "say", "claim", "report", "cite", "state", "tell", "announce", "indicate", "explain", "allege",
        "add", "note", "confirm", "reveal", "quote", "write", "declare", "accuse", "insist", "assert",
        "argue", "suggest", "believe", "warn", "disclose", "acknowledge", "admit", "stress", "according",
    )
)
INTENT_WORDS = frozenset(
    (
        "will", "would", "shall", "plan", "intend", "ready", "prepare", "offer", "promise", "pledge", "vow",
        "aim", "seek", "want", "propose", "threaten", "expect", "agree", "decide", "willing", "poised",
        "set", "going", "hope", "determine", "consider", "mull", "weigh", "look", "able",
    )
)
HYPOTHETICAL_WORDS = frozenset(("if", "could", "may", "might", "unless", "whether", "should"))
DENIAL_VERBS = frozenset(("deny", "reject", "refute", "dismiss", "rule", "refuse", "refusal", "decline"))
NEGATION_WORDS = frozenset(("not", "n't", "never", "no", "neither", "nor"))


# fmt: on


@dataclass(frozen=True)
class State:
    """One row of the gazetteer: a state and the words that stand for it."""

    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    seats: tuple[str, ...]

# Adjectives of regions and blocs, not of peoples: "African leaders", "Western governments".
REGIONAL_ADJECTIVES = frozenset(
    ("african", "european", "asian", "american", "arab", "western", "eastern", "latin", "nordic", "baltic",
     "caribbean", "pacific", "atlantic", "gulf", "balkan", "sahelian", "muslim", "christian", "islamic")
)
# Who speaks for a people that has no state: "Kurdish leaders", "Pashtun commanders".
PEOPLES_VOICES = frozenset(("leader", "commander", "chief", "elder", "representative", "official"))
# Prefixes of the names of states' warships: "USS Theodore Roosevelt" is the United States'.
SHIP_PREFIXES = {
    "USS": "United States", "HMS": "United Kingdom", "HMAS": "Australia", "HMCS": "Canada",
    "HMNZS": "New Zealand", "INS": "India", "PNS": "Pakistan", "JS": "Japan", "ROKS": "South Korea",
    "TCG": "Turkey", "FS": "France",
}
# Nouns of going to see a state: "arrived in Lima for a visit" meets Peru.
VISIT_NOUNS = frozenset(("visit", "trip", "tour"))
# Where those who sign a text together meet: "signed the accord at a ceremony in Paris".
GATHERING_NOUNS = frozenset(("ceremony", "summit", "meeting", "conference"))
# Verbs by which a state has forces somewhere: "X has troops in Y", "X keeps a base in Y".
HOLDING_VERBS = frozenset(("have", "keep", "maintain", "operate", "station"))
# Words that make a leader one of several or a deputy: "a regional leader", "the deputy leader".
SUBORDINATE_WORDS = frozenset(
    ("deputy", "vice", "assistant", "local", "regional", "field", "senior", "junior")
)

def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


@lru_cache(maxsize=1)
def states() -> tuple[State, ...]:
    """The world's states, read once from ``kg/data/states.tsv``."""
    with resources.files("kg").joinpath("data/states.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return tuple(
            State(
                row["name"],
                _split(row["aliases"]),
                _split(row["demonyms"]),
                _split(row["capitals"]),
                _split(row["seats"]),
            )
            for row in rows
        )


# Last words of a name that make it a body of people, not a place, whatever the tagger says:
# "the Andean Mission", "the Pacific Force", "the Andean League".
ORGANISATION_HEADS = frozenset(
    (
        "mission",
        "force",
        "forces",
        "department",
        "office",
        "senate",
        "congress",
        "navy",
        "division",
        "union",
        "council",
        "organisation",
        "organization",
        "alliance",
        "coalition",
        "league",
        "community",
        "bloc",
        "command",
        "agency",
        "committee",
        "party",
        "front",
        "movement",
        "army",
        "group",
        "brigade",
        "brigades",
        "corps",
        "militia",
        "guard",
        "association",
        "assembly",
        "parliament",
        "government",
        "ministry",
        "administration",
        "court",
        "bank",
        "fund",
    )
)


@lru_cache(maxsize=1)
def organisation_types() -> dict[str, str]:
    """International organisations and armed groups by every name they go by (lower case): their
    type, "Organisation" or "ArmedGroup" (``kg/data/organisations.tsv``, from PETRARCH2)."""
    with resources.files("kg").joinpath("data/organisations.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {name.lower(): row["type"] for row in rows for name in (row["name"], *_split(row["aliases"]))}


# Verbs whose negation leaves what they govern open rather than denied: "has not confirmed that".
UNCONFIRMING_VERBS = frozenset(("confirm", "acknowledge", "comment", "disclose", "admit", "reveal"))
# Sites that a town's name makes places of their own: "Bagram airfield".
SITE_NOUNS = frozenset(("airport", "airfield", "airbase", "base", "port", "harbour", "harbor", "dam"))
# Verbs by which one asks something of another party: "X demanded that Chile stop".
DIRECTIVE_VERBS = frozenset(("demand", "urge", "ask", "call", "press", "order", "request"))
# What one takes up or turns on an enemy: "took up arms against X", "turned their guns on X".
ARMS_NOUNS = frozenset(("arm", "weapon", "gun"))
# Titles that a person known by one name keeps as part of it: "King Hussein", "Lord Carrington".
NOBLE_TITLES = frozenset(("king", "queen", "lord", "lady", "prince", "princess", "emir", "sultan", "sheikh"))
# Verbs that give their object time to do something: "gave X until May to pull out".
DEADLINE_VERBS = frozenset(("give", "grant"))
