"""Entity resolution: the many names of one actor in a document become one Actor.

A ``DocumentActors`` reads a document's parsed paragraphs once: it finds the named mentions
(titles and ranks stripped, acronyms defined in the text linked to their long form, surnames
linked to full names, capitals, seats and demonyms linked to their state) and answers, for any
token, which actor it refers to (``ref_at``), pronouns and "Haftar's forces"-style phrases included.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from kg.extract.lexicon import (
    ARMED_GROUP_WORDS,
    DEADLINE_VERBS,
    FORCE_NOUNS,
    GOVERNMENT_WORDS,
    GROUP_NOUNS,
    HEAD_TITLES,
    HONORIFICS,
    IRREGULAR_FORCES,
    JOINT_BODY_HEADS,
    LEADER_TITLES,
    MEMBER_TITLES,
    MEMBERSHIP_WORDS,
    NOBLE_TITLES,
    NOT_IN_OFFICE,
    ORGANISATION_HEADS,
    PARTICIPLE_RELATIONS,
    PEOPLES_VOICES,
    PLAIN_MODIFIERS,
    PLURAL_VOICES,
    RANKS,
    REGIONAL_ADJECTIVES,
    SETTLEMENT_NOUNS,
    SHIP_PREFIXES,
    STATE_BODY_NOUNS,
    STATE_DESCRIPTIONS,
    STATE_VOICES,
    TARGET_NOUNS,
    WEAPON_NOUNS,
    State,
    organisation_types,
    states,
)
from kg.model import Actor, ActorType, Modality, Relation, RelationType
from kg.nlp import DATELINE, governing_verb

NAMED_LABELS = frozenset(("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"))
STATED_OFFICE = 0.85  # the confidence of an office whose seat the text names: "Chilean President X"
ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z0-9\-]{1,11})\s*\)")
ARTICLES = frozenset(("al", "el", "ad", "as", "ash", "an", "at", "az"))  # "al Shabaab", "el-Sisi"
MINOR_WORDS = frozenset(("of", "the", "for", "and", "on", "in", "de", "al", "el", "&"))
PERSONAL = {
    "he": ActorType.PERSON,
    "him": ActorType.PERSON,
    "his": ActorType.PERSON,
    "she": ActorType.PERSON,
    "her": ActorType.PERSON,
}
NON_PERSONAL = frozenset(("it", "its", "they", "them", "their"))
GOVERNING_BODIES = frozenset(
    (
        "government",
        "administration",
        "regime",
        "cabinet",
        "authority",
        "official",
        "ministry",
        "presidency",
        "leadership",
        "delegation",
        "diplomat",
        "embassy",
    )
)
# Those who fight for a person: "Haftar's fighters" are the forces Haftar leads.
FOLLOWERS = frozenset(
    ("fighter", "militia", "militiaman", "loyalist", "gunman", "brigade", "battalion", "formation")
)
# Bodies that news names by description as often as by name: "the international coalition".
NAMED_BY_DESCRIPTION = frozenset(("coalition", "alliance", "force", "mission", "movement", "faction"))
# Irregular fighters, named by their kind when no name is given: "rebel positions" are the rebels'.
COMBATANTS = frozenset(("rebel", "militant", "insurgent", "jihadist", "separatist", "fighter", "guerrilla"))
# Words that name a state's own institutions: "Foreign Ministry", "Armed Forces", "General Staff".
STATE_BODY_WORDS = frozenset(
    (
        "armed",
        "forces",
        "force",
        "army",
        "navy",
        "air",
        "military",
        "ministry",
        "of",
        "foreign",
        "affairs",
        "defence",
        "defense",
        "interior",
        "general",
        "staff",
        "government",
        "department",
        "state",
        "presidency",
        "s",
        "office",
        "embassy",
        "marines",
    )
)
COMMON_NOUNS = STATE_BODY_NOUNS | GROUP_NOUNS | LEADER_TITLES | MEMBER_TITLES
OWNER_PREPOSITIONS = frozenset(("of", "from", "to"))  # "troops of X", "soldiers from X", "loyal to X"
# Modifiers of a body that leave it its owner's: "Chile's intelligence agency" is Chile's (though an
# "intelligence chief" is no head of state).
BODY_MODIFIERS = PLAIN_MODIFIERS | {"intelligence", "spy"}
# Roles in which a description after "X," is not X's apposition: "X, the group said", "X, the Y group's".
LOOSE_APPOSITION_EXCLUDED = frozenset(("nsubj", "nsubjpass", "appos", "poss", "compound"))
BODY_TYPES = frozenset((ActorType.ORGANISATION, ActorType.ARMED_GROUP, ActorType.GOVERNMENT))  # not states
PREDICATE_DEPS = frozenset(("attr", "appos", "oprd"))  # what a noun says its subject is
PRONOUN_WINDOW = 600  # characters back in which a pronoun looks for its antecedent


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """Lower-case, ASCII-folded, without a leading "the" or trailing "'s": the form names match on.

    >>> normalise("the Al-Sarraj’s")
    'al sarraj'
    """
    text = name.replace("\u2019", "'").replace("\u2018", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’]s?$", "", text.strip())
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def _surname(name: str) -> str:
    """The last word of a person's name without an Arabic article: "al-Sarraj" -> "sarraj"."""
    words = normalise(name).split()
    return words[-1] if words else ""


VOWELS = frozenset("aeiouy")


def _close(a: str, b: str) -> bool:
    """Spelling variants of one surname: equal, or one vowel apart ("Serraj", "Sarraj") or one
    doubled letter ("Mohammed", "Mohamed") when long enough; not "Jian" and "Jiao", "Soames" and
    "Soares".

    >>> _close("serraj", "sarraj"), _close("mohammed", "mohamed"), _close("soames", "soares")
    (True, True, False)
    """
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        return len(differ) == 1 and all(c in VOWELS for c in differ[0])
    short, long_ = sorted((a, b), key=len)
    return any(
        long_[:i] + long_[i + 1 :] == short and (long_[i] in VOWELS or long_[i] == long_[i - 1])
        for i in range(1, len(long_))
    )



class Gazetteer:
    """Look-ups from the names, demonyms, capitals and seats of states to the state."""

    def __init__(self, rows: Iterable[State]):
        rows_list = list(rows)
        self.by_name: dict[str, State] = {}
        self.by_abbreviation: dict[str, State] = {}  # "US", "CAR": matched with their case
        self.by_demonym: dict[str, State] = {}
        self.by_seat: dict[str, State] = {}
        self.seat_of: dict[str, tuple[State, ...]] = {}  # capitals two states had: "Moscow", "Belgrade"
        for state in rows_list:
            for form in (state.name, *state.aliases):
                if form.replace(".", "").isupper():
                    self.by_abbreviation.setdefault(form, state)
                else:
                    self.by_name.setdefault(normalise(form), state)
            for form in state.demonyms:
                self.by_demonym.setdefault(normalise(form), state)
            for form in (*state.capitals, *state.seats):
                self.by_seat.setdefault(normalise(form), state)
                self.seat_of[normalise(form)] = (*self.seat_of.get(normalise(form), ()), state)

        # short names that another state's short name contains: "Congo" (DR Congo), "Korea" (North
        # Korea); a state's own name ("Sudan", "Guinea") is not ambiguous, its neighbour's is written out
        self.ambiguous: dict[str, tuple[State, ...]] = {}
        for state in rows_list:
            for form in (normalise(f) for f in state.aliases if normalise(f) != normalise(state.name)):
                pattern = re.compile(rf"\b{re.escape(form)}\b")
                others = tuple(
                    other
                    for other in rows_list
                    if other is not state
                    and any(pattern.search(g) and len(g.split()) <= 2 for g in map(normalise, _names(other)))
                )
                if others and self.by_name.get(form) is state:
                    self.ambiguous[form] = (state, *others)

    def state(self, text: str) -> State | None:
        return self.by_abbreviation.get(text) or self.by_name.get(normalise(text))

    def decided(self, text: str, document: str) -> State | None:
        """The state a name stands for in ``document``: for a name several states share ("Congo"),
        the one whose other names, capitals and demonyms the document uses most (the first listed
        on a tie); for any other name, ``state``."""
        state = self.state(text)
        candidates = self.ambiguous.get(normalise(text))
        if state is None or not candidates:
            return state
        return _best_attested(candidates, text, document)

    def decided_seat(self, text: str, document: str) -> State | None:
        """The state a capital or seat stands for in ``document``: "Moscow" is the Soviet Union's in a
        text that says "Soviet" more than "Russian"."""
        candidates = self.seat_of.get(normalise(text), ())
        return _best_attested(candidates, text, document) if len(candidates) > 1 else self.seat(text)

    def demonym(self, text: str) -> State | None:
        return self.by_demonym.get(normalise(text))

    def seat(self, text: str) -> State | None:
        return self.by_seat.get(normalise(text))


def _best_attested(candidates: tuple[State, ...], text: str, document: str) -> State:
    """The one of ``candidates`` whose other names, capitals and demonyms ``document`` uses most (the
    first listed on a tie)."""
    form = re.compile(rf"\b{re.escape(normalise(text))}\b")
    lowered = normalise(document)

    def evidence(candidate: State) -> int:
        words = (*_names(candidate), *candidate.capitals, *candidate.seats, *candidate.demonyms)
        clues = [normalise(w) for w in words if not form.search(normalise(w))]
        return sum(len(re.findall(rf"\b{re.escape(c)}\b", lowered)) for c in clues if c)

    return max(candidates, key=evidence)


def _names(state: State) -> tuple[str, ...]:
    """A state's name and other names (not its demonyms or capitals)."""
    return (state.name, *state.aliases)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer(states())


@dataclass
class ActorEntry:
    """An actor as it is assembled from a document's mentions."""

    label: str
    type: ActorType
    aliases: set[str] = field(default_factory=set)
    is_state: bool = False
    # How the text writes the state, in the order first met: every form ("Moscow", "Soviet"), those
    # that are its names ("Bosnia" for Bosnia and Herzegovina) and its people's ("Russian"). A
    # relation names the state as its document does.
    forms: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)

    @property
    def written(self) -> str:
        """The label if the text writes it; else the longest of the names it writes (the first on a
        tie), else the first demonym it uses, else its first form (a capital, which the text may
        use for the city as well)."""
        if not self.forms or self.label in self.forms:
            return self.label
        if self.names:
            return max(self.names, key=len)
        return self.demonyms[0] if self.demonyms else self.forms[0]

    @property
    def key(self) -> str:
        return normalise(self.label)

    def actor(self) -> Actor:
        return Actor(self.key, self.label, self.type, tuple(sorted(self.aliases - {self.label})))


@dataclass(frozen=True)
class Ref:
    """What an argument token points to.

    ``entry`` is the actor; ``group`` names a body acting for it ("forces", "government") when the
    token is such a noun, and ``label`` is how the text called that body ("Haftar's forces");
    ``seat`` is the city when a capital stood for its state; ``indirect`` marks a pronoun or group
    reference, which lowers confidence.
    """

    entry: ActorEntry
    group: str | None = None
    label: str | None = None
    seat: str | None = None
    indirect: bool = False


def _acronyms(text: str) -> dict[str, str]:
    """Acronyms defined in the text: "Government of National Accord (GNA)" -> {"GNA": "Government ..."}.

    The name is the shortest run of words before the brackets, starting with a capital, whose
    initials spell the acronym's capitals; a minor word may give its initial or not ("United
    Nations Interim Force in Lebanon (UNIFIL)").

    >>> _acronyms("the United Nations Interim Force in Zorvania (UNIFIZ) and the Andean League (AL)")
    {'UNIFIZ': 'United Nations Interim Force in Zorvania', 'AL': 'Andean League'}
    """
    found: dict[str, str] = {}
    for match in ACRONYM.finditer(text):
        abbr = match.group(1)
        letters = "".join(c for c in abbr if c.isupper())
        words = re.findall(r"[\w’'\-]+", text[max(0, match.start() - 200) : match.start()])
        for start in range(len(words) - 1, max(-1, len(words) - 2 * len(letters) - 2), -1):
            run = words[start:]
            if run[0][:1].isupper() and run[0].lower() not in MINOR_WORDS and _spells(run, letters):
                found[abbr] = " ".join(run)
                break
        else:  # a name whose acronym is no plain spelling: "African Union Mission in Somalia (AMISOM)"
            clause = re.split(r"[,;:()\[\]\"“”]", text[max(0, match.start() - 200) : match.start()])[-1]
            run = _name_run(re.findall(r"[\w’'\-]+", clause), letters[:1])
            if sum(w[:1].isupper() for w in run) > 2 or (len(run) > 1 and _spelled_by_prefixes(run, abbr)):
                found[abbr] = " ".join(run)
    return found


def _name_run(words: list[str], initial: str) -> list[str]:
    """The run of capitalised and minor words at the end of ``words``, if its first capitalised word
    has the given initial (none where the acronym follows another language's word order)."""
    start = len(words)
    while start > 0 and (words[start - 1][:1].isupper() or words[start - 1].lower() in MINOR_WORDS):
        if re.search(r"-[a-z]", words[start - 1]):
            break  # "the Australian-led X Force": a modifier, not the name's first word
        start -= 1
    while start < len(words) and words[start].lower() in MINOR_WORDS:
        start += 1
    return words[start:] if words[start:] and words[start][0] == initial else []


def _spelled_by_prefixes(words: list[str], abbr: str) -> bool:
    """Whether ``abbr`` is the words' beginnings run together, every capitalised word giving at least
    its initial and a minor word maybe none: "Implementation Force (IFOR)", "(INTERFET)".

    >>> _spelled_by_prefixes(["Implementation", "Force"], "IFOR")
    True
    """
    if not words:
        return not abbr
    word, rest = words[0], words[1:]
    least = 0 if word.lower() in MINOR_WORDS else 1
    return any(
        abbr[:k].lower() == word[:k].lower() and _spelled_by_prefixes(rest, abbr[k:])
        for k in range(least, min(len(word), len(abbr)) + 1)
    )


def _spells(words: list[str], letters: str) -> bool:
    """Whether the initials of ``words`` spell ``letters``: every capitalised word gives its initial,
    a minor word may."""
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    if not word[:1].isupper() and word.lower() not in MINOR_WORDS:
        return False
    takes = bool(letters) and word[:1].upper() == letters[0] and _spells(rest, letters[1:])
    return takes or (word.lower() in MINOR_WORDS and _spells(rest, letters))


class DocumentActors:
    """The actors of one document and the tokens that refer to them."""

    def __init__(
        self,
        paragraphs: list,
        text: str,
        places: Gazetteer | None = None,
        offices: Callable[[str, RelationType], str | None] | None = None,
    ):
        """``offices`` tells, for a person's name and an office's tie (leads or memberOf), the seat
        earlier documents gave it (``CorpusActors.office``): the seat of a title this text gives
        without one."""
        self.gazetteer = places or gazetteer()
        self.text = text
        self._offices = offices
        self._decided: dict[str, State | None] = {}  # name -> the state it stands for here
        self._decided_seats: dict[str, State | None] = {}  # capital -> the state it stands for here
        self.acronyms = _acronyms(text)
        self.entries: list[ActorEntry] = []
        self._named: dict[tuple[int, int], Ref] = {}  # (id(doc), token index) -> ref
        self._read: dict[tuple[int, int], Ref | None] = {}  # the same for tokens read as references
        self._groups: dict[tuple[str, str], ActorEntry] = {}  # (person key, kind) -> unnamed body
        # (offset, entry, is a subject, the noun it names or qualifies: "army" in "the Sudanese army")
        self._timeline: list[tuple[int, ActorEntry, bool, str]] = []
        self._seats: set[int] = set()  # where a capital was named: a place as often as its state
        self._descriptions: list[tuple[int, ActorEntry, str]] = []  # "the alliance", once read: its actor
        known_acronyms = self.acronyms.keys() | _standalone_acronyms(paragraphs)
        for paragraph in paragraphs:
            for span in _name_spans(paragraph.doc, known_acronyms, self.acronyms.values()):
                ref = self._register(span)
                if ref is not None:
                    for token in span:
                        self._named[(id(paragraph.doc), token.i)] = ref
                    root = span.root
                    noun = root.head if root.dep_ in ("amod", "compound", "poss") else root
                    subject = noun.dep_ in ("nsubj", "nsubjpass")
                    start = paragraph.offset + span.start_char
                    self._timeline.append((start, ref.entry, subject, _lemma(noun)))
                    if ref.seat is not None:
                        self._seats.add(start)
        self._merge_early_surnames()
        self._titled: dict[str, set[str]] = {}  # a head's title -> the people the text gives it: "king"
        self._docs = {id(paragraph.doc): paragraph.doc for paragraph in paragraphs}
        self._heads = self._titled_heads()

    def _titled_heads(self) -> dict[str, ActorEntry]:
        """State key -> the person the text titles its head: "Russian President X", "Chile's leader X"."""
        heads: dict[str, ActorEntry] = {}
        for (doc_id, i), ref in self._named.items():
            if ref.entry.type is not ActorType.PERSON or i == 0:
                continue
            token = self._docs[doc_id][i]  # "Chile's president, X" and "X, the Chilean president"
            apposed = [token.head] if token.dep_ == "appos" else []
            for title in (*apposed, *(c for c in token.children if c.dep_ == "appos")):
                if _lemma(title) not in HEAD_TITLES:
                    continue
                for c in title.children:
                    state = self._named.get((doc_id, c.i)) if c.dep_ in OWNER_DEPS else None
                    if state is not None and state.entry.is_state:
                        self._titled.setdefault(_lemma(title), set()).add(ref.entry.key)
                        heads.setdefault(state.entry.key, ref.entry)
            before = self._docs[doc_id][i - 1]
            if self._named.get((doc_id, before.i)) is ref or _lemma(before) not in HEAD_TITLES:
                continue
            self._titled.setdefault(_lemma(before), set()).add(ref.entry.key)
            for k in range(max(0, before.i - 3), before.i):
                state = self._named.get((doc_id, k))
                if state is not None and state.entry.is_state:
                    heads.setdefault(state.entry.key, ref.entry)
        return heads

    @cached_property
    def _headed_seats(self) -> set[str]:
        """Keys of the states whose heads the text speaks of, named or not: "the presidents of X, Y
        and Z", "the Chilean president" (read off the states' own mentions, when first asked)."""
        seats: set[str] = set()
        for (doc_id, i), ref in self._named.items():
            if not ref.entry.is_state or ref.entry.key in seats:
                continue
            token = self._docs[doc_id][i]
            while token.dep_ == "conj":  # "the presidents of X, Y and [Z]"
                token = token.head
            if token.dep_ in ("amod", "compound", "poss"):
                title = token.head
            elif token.dep_ == "pobj" and token.head.lower_ == "of":
                title = token.head.head
            else:
                continue
            if title.pos_ == "NOUN" and _lemma(title) in HEAD_TITLES:
                seats.add(ref.entry.key)
        return seats

    def headed_by(self, state: ActorEntry) -> ActorEntry | None:
        """The person the text titles the head of ``state``, if any."""
        return self._heads.get(state.key)

    def has_head_titled(self, state: ActorEntry) -> bool:
        """Whether the text speaks of the head of ``state``: "the presidents of Chile and Peru"."""
        return state.key in self._headed_seats

    @cached_property
    def dateline_state(self) -> ActorEntry | None:
        """The state of the place a wire dateline names ("MOSCOW, Oct 1 (Reuters) -"), if the text has
        one: where a story is filed, a bare "Prime Minister X" most often holds office."""
        place = next(
            (
                re.split(r"[,/—–-]", match.group(0))[0].strip().title()
                for line in self.text.splitlines()
                if (match := DATELINE.match(line.strip()))
            ),
            "",
        )
        state = self.gazetteer.seat(place) or self.gazetteer.state(place) if place else None
        return self.state_entry(state, place) if state is not None else None

    def known_seat(self, entry: ActorEntry, relation: RelationType) -> ActorEntry | None:
        """The actor another document named as the seat of ``entry``'s office (that ``relation``
        ties them to), if this text names it too."""
        name = self._offices(entry.label, relation) if self._offices is not None else None
        return self._find(lambda e: e.label == name and e.type is not ActorType.PERSON) if name else None

    def is_titled_head(self, entry: ActorEntry) -> bool:
        """Whether the text titles ``entry`` the head of a state ("Chilean President X")."""
        return self.headed_state(entry) is not None

    def headed_state(self, entry: ActorEntry) -> ActorEntry | None:
        """The state the text titles ``entry`` the head of, if any."""
        key = next((state for state, head in self._heads.items() if head is entry), None)
        return self._find(lambda e: e.is_state and e.key == key) if key is not None else None

    def _merge_early_surnames(self) -> None:
        """A surname first taken for an organisation ("Haftar does not lack friends") is the person
        the text names in full later ("Khalifa Haftar")."""
        people = [e for e in self.entries if e.type is ActorType.PERSON]
        surnames = [_surname(e.label) for e in people]
        for entry in list(self.entries):
            norm = normalise(entry.label)
            if entry.type not in (ActorType.ORGANISATION, ActorType.ARMED_GROUP) or entry.label.isupper():
                continue
            if surnames.count(norm) != 1:  # no one, or two people of that name
                continue
            person = people[surnames.index(norm)]
            person.aliases |= entry.aliases
            self.entries.remove(entry)
            named = self._named.items()
            self._named = {k: replace(r, entry=person) if r.entry is entry else r for k, r in named}
            self._timeline = [
                (at, person if e is entry else e, subject, head) for at, e, subject, head in self._timeline
            ]

    # -- building -------------------------------------------------------------------------------
    def _register(self, span) -> Ref | None:
        text = span.text.strip(" ’'\"“”")
        label = span.label_ if span.label_ in NAMED_LABELS else _guess_label(span)
        norm = normalise(text)
        if not norm:
            return None
        if label in ("ORG", "") and _person_shaped(span, text):
            label = "PERSON"
        elif label == "ORG" and _named_place(span):
            label = "GPE"
        elif label == "PERSON" and _after_article(span):
            label = "ORG"  # "the Polisario's": no person takes an article
        place = self.gazetteer
        navy = SHIP_PREFIXES.get(text.split()[0]) if len(text.split()) > 1 else None
        navy_state = self.gazetteer.state(navy) if navy is not None else None
        if navy_state is not None:  # "USS Theodore Roosevelt" is an American ship: the state's, no actor
            return Ref(self.state_entry(navy_state, text.split()[0]), indirect=True)
        if text not in self._decided:  # a name several states share is decided once a document
            self._decided[text] = place.decided(text, self.text)
        state = self._decided[text] or (place.demonym(text) if label in ("NORP", "GPE", "ORG", "") else None)
        if state is not None:
            return Ref(self.state_entry(state, text))
        if text not in self._decided_seats:
            self._decided_seats[text] = place.decided_seat(text, self.text)
        seat = self._decided_seats[text]
        if seat is not None and label != "PERSON":
            return Ref(self.state_entry(seat, text), seat=text)
        if text in self.acronyms:
            text, alias = self.acronyms[text], text
            return Ref(self._entry(text, _org_type(text), alias))
        state = _state_body_name(text, place)
        if state is not None:  # "the Russian Armed Forces' General Staff", "Egypt's Foreign Ministry"
            return Ref(self.state_entry(state, text))
        if text.isupper() and len(text) > 1:  # an acronym of a name used before: "LNA"
            named = self._find(lambda e: not e.is_state and _initials(e.label) == text)
            if named is not None:
                named.aliases.add(text)
                return Ref(named)
        if label == "PERSON" and not _names_a_body(text):  # not "the State Department"
            before = span.doc[span.start - 1] if span.start > 0 else None
            if before is not None and " " not in text and before.lower_ in NOBLE_TITLES:
                text = f"{before.text} {text}"  # "King Hussein", "Lord Carrington": known by the title
            return Ref(self._person(text))
        person = self._find(lambda e: e.type is ActorType.PERSON and _surname(e.label) == norm)
        if person is None and " " not in norm:  # a part of a name: "Zia" for "Mohammad Zia ul-Haq"
            person = self._person_by_part(norm)
        if person is not None:  # a surname the tagger took for an organisation: "the Haftar's army"
            person.aliases.add(text)
            return Ref(person)
        if label in ("GPE", "LOC", "FAC") and not _names_a_body(text):
            return Ref(self._entry(text, ActorType.LOCATION))
        for long_form, abbr in ((lf, ab) for ab, lf in self.acronyms.items()):
            if norm.endswith(normalise(long_form)):
                return Ref(self._entry(long_form, _org_type(long_form), text, abbr))
        fuller = self._find(  # "the Polisario" after "the Polisario Front"
            lambda e: e.type not in (ActorType.STATE, ActorType.PERSON) and e.key.startswith(norm + " ")
        )
        if fuller is not None and len(norm) > 3:
            fuller.aliases.add(text)
            return Ref(fuller)
        return Ref(self._entry(text, _org_type(text)))

    def state_entry(self, state: State, surface: str) -> ActorEntry:
        entry = self._find(lambda e: e.is_state and e.label == state.name)
        if entry is None:
            entry = ActorEntry(state.name, ActorType.STATE, {state.name}, is_state=True)
            self.entries.append(entry)
        entry.aliases.add(surface)
        if surface not in entry.forms:
            entry.forms.append(surface)
            if self.gazetteer.state(surface) is state:
                entry.names.append(surface)
            elif self.gazetteer.demonym(surface) is state:
                entry.demonyms.append(surface)
        return entry

    def _person(self, text: str) -> ActorEntry:
        surname, words = _surname(text), normalise(text).split()
        for entry in self.entries:
            if entry.type is not ActorType.PERSON or not _close(_surname(entry.label), surname):
                continue
            known = normalise(entry.label).split()
            if len(words) == 1 or len(known) == 1 or words[0] == known[0]:
                if len(words) > len(known):
                    entry.label = text
                entry.aliases.add(text)
                return entry
        named = self._person_by_part(words[0]) if len(words) == 1 else None
        if named is not None:
            named.aliases.add(text)
            return named
        entry = ActorEntry(text, ActorType.PERSON, {text})
        self.entries.append(entry)
        return entry

    def _person_by_part(self, word: str) -> ActorEntry | None:
        """The one person known whose name has ``word`` first ("Xi" for "Xi Jinping"), else the one
        whose name has it inside ("Zia" for "Mohammad Zia ul-Haq")."""
        for part in (slice(0, 1), slice(1, None)):
            people = (e for e in self.entries if e.type is ActorType.PERSON)
            same = [e for e in people if word in e.key.split()[part]]
            if len(same) == 1:
                return same[0]
        return None

    def _entry(self, label: str, kind: ActorType, *aliases: str) -> ActorEntry:
        norm = normalise(label)
        entry = self._find(lambda e: not e.is_state and normalise(e.label) == norm)
        if entry is None:
            entry = ActorEntry(label, kind)
            self.entries.append(entry)
        entry.aliases.update((label, *aliases))
        return entry

    def _find(self, test) -> ActorEntry | None:
        return next((entry for entry in self.entries if test(entry)), None)

    # -- reading --------------------------------------------------------------------------------
    def ref_at(self, token, offset: int) -> Ref | None:
        """The actor ``token`` refers to, or None. ``offset`` is its paragraph's start in the document."""
        key = (id(token.doc), token.i)
        ref = self._named.get(key)
        if ref is not None:
            return ref
        if key not in self._read:  # every rule asks about the same tokens: read each once
            self._read[key] = self._read_token(token, offset)
        return self._read[key]

    def _read_token(self, token, offset: int) -> Ref | None:
        if token.pos_ == "PRON" or token.tag_ == "WP$":  # the tagger may call "whose" a determiner
            return self._pronoun(token, offset)
        lemma = _lemma(token)
        if token.tag_ == "NNS" and lemma in PEOPLES_VOICES and self._a_people(token):
            return Ref(self._entry(_phrase(token, None), ActorType.ORGANISATION))  # "Kurdish leaders"
        if token.pos_ == "NOUN" and (lemma in LEADER_TITLES or lemma in MEMBER_TITLES):
            holder = self._office_holder(token, offset)
            if holder is not None:
                return holder
        if token.dep_ == "appos" and token.pos_ == "NOUN":  # "NATO, the US-led military alliance"
            named = self._named.get((id(token.doc), token.head.i))
            if named is not None:
                return named
        if token.pos_ == "NOUN" and lemma in GROUP_NOUNS:  # "the West African bloc ECOWAS": ECOWAS
            for name in (c for c in token.children if c.dep_ == "appos" and c.i == token.i + 1):
                named = self._named.get((id(token.doc), name.i))
                if named is not None and named.entry.type in BODY_TYPES:
                    return named
        is_noun = token.pos_ in ("NOUN", "PROPN") or (token.dep_ == "compound" and lemma in COMBATANTS)
        if (
            token.dep_ == "compound"
            and token.head.pos_ == "NOUN"
            and token.head.lemma_.lower() not in TARGET_NOUNS
        ):
            is_noun = False  # "fighter jets" are jets; "rebel positions" are the rebels' positions
        if token.pos_ == "NOUN" and token.tag_ == "NN" and lemma in STATE_DESCRIPTIONS and _determined(token):
            return self._state_described(token, offset)
        voices = token.tag_ == "NNS" and lemma in PLURAL_VOICES  # "Chilean leaders", "its leaders"
        if is_noun and lemma in GROUP_NOUNS and token.dep_ not in LOOSE_APPOSITION_EXCLUDED:
            named = self._name_before(token.left_edge, offset)  # "X (XA), the Y movement that ...",
            if named is not None and named.entry.type in BODY_TYPES:  # an apposition parsed loose
                return named
        if is_noun and (lemma in GROUP_NOUNS or lemma in STATE_BODY_NOUNS or lemma in WEAPON_NOUNS or voices):
            return self._body(token, offset)  # "Soviet gunships" are the Soviet Union's
        state = self.gazetteer.demonym(token.lower_) if token.pos_ in ("ADJ", "PROPN") else None
        if state is not None and _of_a_people(token):
            return None  # a people, not its state: "the ethnic Albanian delegation"
        if state is not None and token.i > 0:  # "North Korean": the demonym is the two words
            state = self.gazetteer.demonym(f"{token.nbor(-1).lower_} {token.lower_}") or state
        if state is not None:
            return Ref(self.state_entry(state, token.text))
        if (token.pos_ == "PROPN" or _all_capitals(token)) and token.dep_ != "compound":
            # a name the tagger missed once: "Haftar", "as part of IFOR"
            known = self.named(token.text)
            if known is not None:
                return Ref(known)
        if token.is_title and token.pos_ in ("ADJ", "PROPN"):  # a demonym the gazetteer lacks: "Eriadorian"
            stem = normalise(token.text)
            place = self._find(
                lambda e: (
                    e.type in (ActorType.STATE, ActorType.LOCATION)
                    and len(e.key) >= 4
                    and stem != e.key
                    and stem.startswith(e.key[:-1])
                    and len(stem) - len(e.key) <= 4
                )
            )
            if place is not None:
                return Ref(place)
        return None

    def _name_before(self, token, offset: int) -> Ref | None:
        """The name right before ``token`` and its comma, past a bracketed acronym: "X (XA), [whose]"."""
        doc, i = token.doc, token.i - 1
        if i < 0 or doc[i].text != ",":
            return None
        i -= 1
        if i >= 2 and doc[i].text == ")" and doc[i - 2].text == "(":
            i -= 3
        return self._named.get((id(doc), i)) if i >= 0 else None

    def _a_people(self, noun) -> bool:
        """Whether a plural noun is qualified by a people that is no state's: "Kurdish leaders",
        "Pashtun commanders" (not "Turkish officials")."""
        return all(c.dep_ != "poss" for c in noun.children) and any(
            c.dep_ in ("amod", "compound")
            and c.ent_type_ == "NORP"
            and c.lower_ not in REGIONAL_ADJECTIVES  # "European leaders" are no people's voice
            and self.gazetteer.demonym(c.text) is None
            and self.gazetteer.state(c.text) is None
            for c in noun.children
        )

    def named(self, name: str) -> ActorEntry | None:
        """The actor already known by ``name``, as an alias or a person's surname."""
        norm = normalise(name)
        return self._find(
            lambda e: (
                norm in {normalise(a) for a in e.aliases}
                or (e.type is ActorType.PERSON and _surname(e.label) == norm)
            )
        )

    def _office_holder(self, title, offset: int) -> Ref | None:
        """Who a title stands for: "Qatar's ruler, Sheikh Tamim" (the person), "the head of the GNA"."""
        for child in title.children:
            if child.dep_ == "appos":
                named = self._named.get((id(child.doc), child.i))
                if named is not None and named.entry.type is ActorType.PERSON:
                    return named
        for prep in (c for c in title.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                for appos in (c for c in pobj.children if c.dep_ == "appos"):  # "the head of X, Name"
                    named = self._named.get((id(appos.doc), appos.i))
                    if named is not None and named.entry.type is ActorType.PERSON:
                        return named
                ref = self.ref_at(pobj, offset)
                if ref is not None:
                    return ref if ref.entry.type is ActorType.PERSON else Ref(ref.entry, indirect=True)
        # "will meet Calenardhon leaders", "met the Norwegian envoy": an unnamed office holder acts for
        # the body named (for one person, only a state: "a Hamas official" is not Hamas's voice)
        if title.dep_ in ("compound", "attr", "appos"):  # a name's title, or what someone is called
            return None
        head = self._named_head(title, offset)
        if head is not None:  # "the Russian leader", where the text named "Russian President X"
            return head
        if _lemma(title) not in STATE_VOICES or any(c.lower_ in NOT_IN_OFFICE for c in title.children):
            return None  # "a former Chilean minister", "a Chilean opposition senator" speak for no state
        for child in title.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod") and child.i < title.i:
                ref = self.ref_at(child, offset)
                if ref is not None and (
                    ref.entry.is_state
                    if title.tag_ != "NNS"
                    else ref.entry.type not in (ActorType.PERSON, ActorType.LOCATION)
                ):
                    return Ref(ref.entry, indirect=True)
        return None

    def _owner(self, noun, offset: int):
        """The actor a group noun belongs to, and the token naming it: "Haftar's", "Egyptian", "of X";
        a body's own name first ("X's Frelimo movement" is Frelimo's)."""
        lefts = sorted((c for c in noun.children if c.i < noun.i), key=lambda c: c.dep_ != "compound")
        for child in lefts:
            if child.dep_ in ("poss", "compound", "amod", "nmod"):
                ref = self.ref_at(child, offset)
                if ref is not None and ref.entry.type is not ActorType.LOCATION:
                    if weapon_model(noun, child, ref.entry) and len(lefts) > 1:
                        continue  # "Soviet Mi-24 gunships" are the Soviet Union's
                    return ref, child
        for child in (*noun.children, *_seat_hung_on_verb(noun)):
            prep = child
            if child.dep_ == "amod" and child.lower_ == "loyal":
                prep = next((c for c in child.children if c.dep_ == "prep"), None)
            elif child.dep_ == "prep" and child.lower_ == "under":  # "forces under the command of X"
                command = next((c for c in child.children if c.dep_ == "pobj"), None)
                prep = next((c for c in command.children if c.lower_ == "of"), None) if command else None
            if (
                prep.dep_ == "prep"
                and prep.lower_ == "in"
                and _lemma(noun) in GOVERNING_BODIES
                and (place := next((p for p in prep.children if p.dep_ == "pobj"), None)) is not None
                and (seat := self.ref_at(place, offset)) is not None
                and seat.seat is not None
            ):
                return seat, place  # "the military government in Athens" is Greece's
            if prep is None or prep.dep_ != "prep" or prep.lower_ not in OWNER_PREPOSITIONS:
                continue
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and (ref := self.ref_at(pobj, offset)) is not None:
                    return ref, child
        return None, None

    def _body(self, noun, offset: int) -> Ref | None:
        """A body of people: "Egyptian troops" (the state), "Haftar's forces", "Syrian fighters"."""
        owner, owner_token = self._owner(noun, offset)
        lemma = noun.lemma_.lower()
        qualifiers = [
            t
            for t in noun.lefts
            if t.dep_ in ("amod", "compound", "nmod", "npadvmod")
            and t != owner_token
            and (owner is None or not _names_owner(self._named.get((id(t.doc), t.i)), owner))  # its name
            and t.lower_ not in BODY_MODIFIERS
            and t.lemma_.lower() not in FORCE_NOUNS  # "fighter jets", "army units": still the state's
            and self.gazetteer.demonym(t.lower_) is None
            # "the Chile-backed X government" is X's ("the Chile-backed government in Lima" a body)
            and not (
                owner_token is not None
                and (owner_token.dep_ in NAME_DEPS or owner.entry.is_state)  # "Angola's Cuban-backed army"
                and _hyphenated_participle(t)
            )
            and not (t.dep_ == "compound" and t.pos_ == "PROPN" and lemma in WEAPON_NOUNS)  # a model
        ]
        if owner is not None and owner.entry.type is ActorType.PERSON:  # "the beleaguered government of X"
            qualifiers = [t for t in qualifiers if t.pos_ != "ADJ"]
        if owner is not None and owner.entry.type is not ActorType.PERSON:  # "the shattered Chilean army"
            qualifiers = [t for t in qualifiers if t.n_lefts or not t.is_lower or t.pos_ not in ADJECTIVAL]
        label = _phrase(noun, owner_token)
        if owner is not None and weapon_model(noun, owner_token, owner.entry):
            return None
        if owner is not None and not qualifiers:
            if owner.group is not None:
                return owner
            kind = "government" if lemma in GOVERNING_BODIES else "forces"
            if (
                owner.entry.type is ActorType.PERSON
                and lemma in STATE_BODY_NOUNS | GOVERNING_BODIES | FOLLOWERS
            ):
                return Ref(owner.entry, group=kind, label=label, indirect=True)
            if owner.entry.is_state and (lemma in OWNED_BY_STATES or lemma in PLURAL_VOICES):
                return Ref(owner.entry, indirect=True)
            if not owner.entry.is_state and owner.entry.type is not ActorType.PERSON:  # "GNA formations"
                return Ref(owner.entry, indirect=True)
        if lemma not in GROUP_NOUNS:
            return None
        if noun.dep_ == "compound" and lemma in COMBATANTS and noun.head.lemma_.lower() in TARGET_NOUNS:
            return Ref(self._entry(lemma + "s", ActorType.ARMED_GROUP))
        if owner is None and not qualifiers and noun.tag_ == "NN" and _determined(noun):
            return self._anaphor(noun, offset)
        if owner is None and not qualifiers and noun.tag_ != "NNS":
            return None
        if owner is None and not qualifiers and _determined(noun):
            # "the rebels": the armed group named last, if one was
            return self._anaphor(noun, offset) if lemma in COMBATANTS else None
        if (
            owner is None
            and lemma not in COMBATANTS | NAMED_BY_DESCRIPTION
            and not any(_proper(t) for t in qualifiers)
        ):
            # "foreign troops", "the last major force", "about 1,500 soldiers": a description, not
            # a name; the body it describes is named elsewhere, if at all
            return self._anaphor(noun, offset) if _determined(noun) and noun.tag_ == "NN" else None
        if any(t.like_num for t in noun.subtree if t.i < noun.i):  # "some 2,000 rebels"
            return None
        kind = ActorType.GOVERNMENT if lemma in GOVERNING_BODIES | {"parliament"} else ActorType.ARMED_GROUP
        if lemma in ("coalition", "alliance", "group", "camp", "movement", "opposition"):
            kind = ActorType.ORGANISATION
        return Ref(self._entry(label, kind))

    def last_parties(self, noun, offset: int, count: int) -> list[Ref]:
        """The ``count`` actors named last before ``noun``, for "the two sides", "both governments",
        "the two leaders": people for words of people, else states and groups."""
        lemma = _lemma(noun)
        of_a_body = any(c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" for c in noun.children)
        people = lemma in LEADER_TITLES | MEMBER_TITLES and not (lemma == "member" and of_a_body)
        states = lemma in STATE_DESCRIPTIONS | GOVERNING_BODIES or (not people and lemma == "member")
        found: list[ActorEntry] = []
        for start, entry, _, _ in reversed(self._timeline):
            if (
                start >= offset + noun.idx
                or start in self._seats
                or (entry.type is ActorType.PERSON) != people
            ):
                continue
            if states and not entry.is_state:
                continue
            if entry.type is not ActorType.LOCATION and all(entry is not e for e in found):
                found.append(entry)
            if len(found) == count:
                return [Ref(e, indirect=True) for e in reversed(found)]
        return []

    def _state_described(self, noun, offset: int) -> Ref | None:
        """ "the kingdom", "the Gulf state", "the country": the state it qualifies by name ("the
        Chilean state"), else the state named last before it, not the subject of its own clause."""
        for child in noun.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod") and child.i < noun.i:
                named = self._named.get((id(child.doc), child.i))
                if named is not None and named.entry.is_state:
                    return named
        return self._antecedent(
            offset + noun.idx,
            {ActorType.STATE},
            since=offset + noun.sent.start_char,  # a state named earlier in the sentence comes first
            unlike=self._own_subject(noun, offset),
        )

    def _named_head(self, title, offset: int) -> Ref | None:
        """The person the text names as head of the state a definite head's title qualifies: "the
        Russian leader" is X where the text wrote "Russian President X"."""
        if _lemma(title) not in HEAD_TITLES or title.tag_ != "NN" or not _determined(title):
            return None
        qualifiers = [c for c in title.children if c.dep_ in ("amod", "compound", "poss") and c.i < title.i]
        for child in qualifiers:
            ref = self.ref_at(child, offset)
            if ref is not None and ref.entry.is_state and ref.entry.key in self._heads:
                return Ref(self._heads[ref.entry.key], indirect=True)
        titled = self._titled.get(_lemma(title), set())
        person = self._find(lambda e: e.key in titled) if not qualifiers and len(titled) == 1 else None
        return Ref(person, indirect=True) if person is not None else None  # "the king": the one "King X"

    def _anaphor(self, noun, offset: int) -> Ref | None:
        """ "the militia", "the group": the last actor of that kind named before; "the army" may be a
        state's."""
        wanted = {ActorType.ARMED_GROUP, ActorType.ORGANISATION, ActorType.GOVERNMENT}
        if _lemma(noun) in COMBATANTS:  # "the rebels" are an armed group's
            wanted = {ActorType.ARMED_GROUP}
        if _lemma(noun) in STATE_BODY_NOUNS and _lemma(noun) not in GOVERNING_BODIES:
            wanted.add(ActorType.STATE)
        if _lemma(noun) in GOVERNING_BODIES:  # "the interim government" is no council or party
            wanted = {ActorType.GOVERNMENT}
        position, unlike = offset + noun.idx, self._own_subject(noun, offset)
        found = self._antecedent(position, wanted, unlike=unlike, noun=_lemma(noun))
        if found is None and _lemma(noun) in JOINT_BODY_HEADS:  # "the bloc", far from its name
            found = self._salient(position, ActorType.ORGANISATION, unlike)
        if found is None and _lemma(noun) in COMBATANTS and noun.tag_ == "NNS":
            # "the rebels" of a text that never names them: a group known by that word
            found = Ref(self._entry(noun.lower_, ActorType.ARMED_GROUP))
        if found is not None and _lemma(noun) in JOINT_BODY_HEADS:  # "the alliance" names one body
            self._descriptions.append((position, found.entry, _lemma(noun)))
        return found

    def _salient(self, position: int, wanted: ActorType, unlike: ActorEntry | None) -> Ref | None:
        """The actor of type ``wanted`` the text named most often before ``position``."""
        counts: dict[str, int] = {}
        entries: dict[str, ActorEntry] = {}
        for start, entry, *_ in self._timeline:
            if start < position and entry.type is wanted and entry is not unlike:
                counts[entry.key] = counts.get(entry.key, 0) + 1
                entries[entry.key] = entry
        return Ref(entries[max(counts, key=counts.__getitem__)], indirect=True) if counts else None

    def _pronoun(self, token, offset: int) -> Ref | None:
        lower = token.lower_
        if token.tag_ in ("WP", "WP$", "WDT") or lower in ("who", "which", "that", "whose"):
            head = token.head
            for _ in range(2 if lower == "whose" else 0):  # "X, whose [President Y] said": up to the clause
                if head.dep_ != "relcl":
                    head = head.head
            if head.dep_ == "prep" and head.head.dep_ == "relcl":  # "a unit in which X took part"
                head = head.head
            if head.dep_ == "relcl":
                antecedent = head.head
                ref = self.ref_at(antecedent, offset)
                if ref is None and antecedent.dep_ == "appos":  # "Haftar, the general who ..."
                    ref = self.ref_at(antecedent.head, offset)
                return ref
            if lower == "whose":  # a clause the parser did not hang on its noun: "X (XA), whose fighters"
                return self._name_before(token, offset)
            return None
        if lower == "it" and token.dep_ == "dobj":  # "condemned it": an act, more often than an actor
            return None
        if lower in PERSONAL:
            wanted = {ActorType.PERSON}
        elif lower in NON_PERSONAL:
            wanted = {t for t in ActorType if t not in (ActorType.PERSON, ActorType.LOCATION)}
            if lower in ("they", "them", "their"):  # "the forces loyal to X in their offensive"
                for noun in reversed(token.sent[: token.i - token.sent.start]):
                    if noun.tag_ == "NNS" and noun.pos_ == "NOUN" and (ref := self.ref_at(noun, offset)):
                        return Ref(ref.entry, ref.group, ref.label, indirect=True)
        else:
            return None
        possessive = lower in ("its", "their", "his", "her")  # "X to pull its forces": X's, nearby
        if possessive and token.head.dep_ in PREDICATE_DEPS:  # "X remained its supplier": not X's
            return self._antecedent(offset + token.idx, wanted, unlike=self._described(token.head, offset))
        if possessive:
            pair = _coordinated_subject(token)
            if pair is not None and lower != "their":  # "X and Y will provide its troops": neither's
                return self._antecedent(offset + pair.left_edge.idx, wanted, offset + token.sent.start_char)
            subject = self._clause_subject(token, wanted, offset)
            if subject is not None:
                return Ref(subject.entry, indirect=True)
        return self._antecedent(
            offset + token.idx,
            wanted,
            offset + token.sent.start_char if possessive else None,
            unlike=None if possessive else self._own_subject(token, offset),
        )

    def _clause_subject(self, pronoun, wanted: set[ActorType], offset: int) -> Ref | None:
        """The subject before ``pronoun`` of the clause it is in, or of the clauses that clause hangs on:
        "Turkey launched its operation, saying its targets were ..." (both are Turkey's)."""
        node = governing_verb(pronoun.head)
        for _ in range(4):
            for child in node.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i < pronoun.i:
                    ref = self.ref_at(child, offset)
                    if ref is not None and ref.entry.type in wanted:
                        return ref
            if node.dep_ not in ("advcl", "xcomp", "conj", "ccomp") or node.head.i == node.i:
                return None
            if object_controlled(node):  # "urged Peru to end its support": Peru's
                for child in (c for c in node.head.children if c.dep_ in ("dobj", "dative")):
                    ref = self.ref_at(child, offset)
                    if ref is not None and ref.entry.type in wanted:
                        return ref
            node = node.head
        return None

    def _own_subject(self, word, offset: int) -> ActorEntry | None:
        """The subject of the clause whose object ``word`` is, which it cannot point back to: in
        "Egypt backs the army" or "Egypt backs them", the army and they are not Egypt."""
        if word.dep_ not in ("dobj", "dative", "pobj"):
            return None
        verb = word.head.head if word.dep_ == "pobj" else word.head
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < word.i]
        ref = self.ref_at(subjects[0], offset) if subjects else None
        return ref.entry if ref is not None else None

    def _described(self, predicate, offset: int) -> ActorEntry | None:
        """Who a predicate noun says something of: X in "X is its ally" and in "X, its ally"."""
        described = predicate.head
        if predicate.dep_ != "appos":
            described = next((c for c in described.children if c.dep_ == "nsubj"), None)
        ref = self.ref_at(described, offset) if described is not None else None
        return ref.entry if ref is not None else None

    def _antecedent(
        self,
        position: int,
        wanted: set[ActorType],
        since: int | None = None,
        unlike: ActorEntry | None = None,
        noun: str | None = None,
    ) -> Ref | None:
        """The actor of a wanted type named shortly before ``position``, never ``unlike``: the last one
        named with ``noun`` ("the Sudanese army ... the army") or, at any distance, whose name has it
        ("the Shanghai Cooperation Organisation ... the organisation"), else the last one after
        ``since`` (the sentence start), else the most recent subject, else the most recent one."""
        window = [
            (start, entry, subject, head)
            for start, entry, subject, head in self._timeline
            if position - PRONOUN_WINDOW <= start < position and entry.type in wanted and entry is not unlike
            and (subject or start not in self._seats)  # "talks in Havana": a place, not who
        ]
        same = [entry for *_, entry, _, head in window if head == noun]
        if noun is not None and not same:  # "the alliance" again: what it was read as before
            same = [
                entry
                for start, entry, head in self._descriptions
                if head == noun and start < position and entry.type in wanted and entry is not unlike
            ]
        if noun is not None and not same:  # "the organisation": the one whose name says so, if any
            same = [
                entry
                for start, entry, *_ in self._timeline
                if start < position and entry.type in wanted and entry is not unlike
                and noun in entry.key.split()
            ]
        if noun is not None and same:
            return Ref(same[-1], indirect=True)
        timed = [(start, entry, subject) for start, entry, subject, _ in window]
        if since is not None and timed and timed[-1][0] >= since:
            return Ref(timed[-1][1], indirect=True)
        recent = [(entry, subject) for _, entry, subject in timed]
        for entry, subject in reversed(recent):
            if subject:
                return Ref(entry, indirect=True)
        return Ref(recent[-1][0], indirect=True) if recent else None

    def as_place(self, ref: Ref) -> Ref:
        """``ref`` where the text moves forces to it: a name the tagger took for an organisation with
        nothing of one about it ("rushed to Cuito Cuanavale") is a place."""
        entry = ref.entry
        words = set(entry.key.split())
        if (
            entry.type is ActorType.ORGANISATION
            and not entry.label.isupper()
            and not _names_a_body(entry.label)
            and not words & (ARMED_GROUP_WORDS | GOVERNMENT_WORDS | JOINT_BODY_HEADS)
            and not any(a.isupper() and len(a) > 1 for a in entry.aliases)  # no acronym of its own
        ):
            entry.type = ActorType.LOCATION
        return ref

    def place(self, name: str) -> ActorEntry:
        """A place as itself: a capital attacked as a city rather than named for its government, a
        site named after a town ("Bagram airfield")."""
        return self._entry(name, ActorType.LOCATION)

    def group_of(self, person: ActorEntry, kind: str, label: str) -> ActorEntry:
        """A body the text ties to a person but never names: "Haftar's forces", "troops of X"."""
        entry = self._groups.get((person.key, kind))
        if entry is None:
            entry = self._entry(
                label, ActorType.GOVERNMENT if kind == "government" else ActorType.ARMED_GROUP
            )
            self._groups[(person.key, kind)] = entry
        entry.aliases.add(label)
        return entry

    def actors(self) -> list[Actor]:
        return [entry.actor() for entry in self.entries]


def _of_a_people(demonym) -> bool:
    """Whether a demonym names a people rather than its state: "the [ethnic] Albanian delegation"."""
    return demonym.i > 0 and demonym.nbor(-1).lower_ == "ethnic"


def _coordinated_subject(pronoun):
    """The subject before ``pronoun`` of its clause when it is two or more actors ("X and Y"), else None."""
    verb = governing_verb(pronoun.head)
    return next(
        (
            c
            for c in verb.children
            if c.dep_ == "nsubj"
            and c.right_edge.i < pronoun.i  # not "X and her minister, Y, met Z"
            and any(k.dep_ == "conj" for k in c.children)
        ),
        None,
    )


def _joined(token) -> bool:
    """Whether ``token`` is what members belong to: "a member of [X]", "joined [X]", "admitted to [X]"."""
    through = token.dep_ == "pobj" and token.head.lower_ in ("of", "in", "to", "from")
    head = token.head.head if through else token.head
    return _lemma(head) in MEMBERSHIP_WORDS and token.dep_ in ("pobj", "dobj")


def _names_a_body(name: str) -> bool:
    """Whether a name the tagger took for a place names an organisation or armed group: a known
    one, or one whose last word is a body's ("the Andean Mission")."""
    words = normalise(name).split()
    return bool(words) and (words[-1] in ORGANISATION_HEADS or " ".join(words) in organisation_types())


# What a state named as its owner stands for: "Egyptian troops", "Soviet gunships".
OWNED_BY_STATES = STATE_BODY_NOUNS | (FORCE_NOUNS - IRREGULAR_FORCES) | WEAPON_NOUNS


ADJECTIVAL = frozenset(("ADJ", "VERB"))
# How a noun's owner hangs on it: "NATO command", "Chilean forces", "Chile's army".
OWNER_DEPS = frozenset(("compound", "amod", "poss"))
# How a name hangs on the noun of the body it names: "the Khmer Rouge government", "the X (XA) mission".
NAME_DEPS = frozenset(("compound", "nmod"))


def _hyphenated_participle(token) -> bool:
    """ "backed" in "Chile-backed": a participle that says who stands behind the noun (not where it
    is, as "eastern-based" does)."""
    head, dash, participle = token.lower_.rpartition("-")
    if head and dash:  # one token: "U.N.-backed"
        return participle in PARTICIPLE_RELATIONS
    return token.lower_ in PARTICIPLE_RELATIONS and token.i > 0 and token.doc[token.i - 1].text == "-"


def _names_owner(ref: Ref | None, owner: Ref) -> bool:
    """Whether a word's ``ref`` names ``owner``'s actor: "MSS" in "the X (MSS) mission"."""
    return ref is not None and ref.entry is owner.entry


def _after_article(span) -> bool:
    """Whether a name stands after "the" as a name of its own ("the Polisario's"), not as the
    modifier of a noun ("the Reagan administration")."""
    return span.start > 0 and span.doc[span.start - 1].lower_ == "the" and span.root.dep_ != "compound"


def _person_shaped(span, text: str) -> bool:
    """Whether a name the tagger did not take for a person is used as one: "X, who commands ...",
    "X, the political leader of ...", "the rebel commander, X"."""
    if text.isupper() or _names_a_body(text) or not all(w[:1].isupper() for w in text.split()):
        return False
    root = span.root
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.is_title and before.lower_ in RANKS:
        return True  # "Brigadier [X Y]"
    if before is not None and before.is_lower and _lemma(before) in LEADER_TITLES | MEMBER_TITLES:
        return True  # "RUF leader [X Y]", "the rebels' spokesman [X Y]"
    titles = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        titles.append(root.head)
    if any(_lemma(t) in LEADER_TITLES or _lemma(t) in MEMBER_TITLES for t in titles):
        return True
    if root.dep_ in ("nsubj", "conj") and any(c.ent_type_ == "PERSON" for c in root.conjuncts):
        return True  # "X of Chile and [Y] of Peru signed"
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if root.dep_ == "conj" and after is not None and after.lower_ == "for":
        places = gazetteer()  # "X signed for Lima, [Y Z] for Quito": a list of who acted for which state
        return any(c.dep_ == "pobj" and (places.state(c.text) or places.seat(c.text)) for c in after.children)
    return any(
        c.dep_ == "relcl" and any(s.lower_ == "who" and s.dep_ in ("nsubj", "nsubjpass") for s in c.children)
        for c in root.children
    )


def _org_type(name: str) -> ActorType:
    known = organisation_types().get(normalise(name))
    if known is not None:
        return ActorType(known)
    words = set(normalise(name).split())
    if words & ARMED_GROUP_WORDS:
        return ActorType.ARMED_GROUP
    if words & GOVERNMENT_WORDS:
        return ActorType.GOVERNMENT
    return ActorType.ORGANISATION


def _standalone_acronyms(paragraphs) -> set[str]:
    """Acronyms the tagger found as entities of their own somewhere in the document."""
    return {
        e.text for p in paragraphs for e in p.doc.ents if len(e) == 1 and e.text.isupper() and len(e.text) > 1
    }


def _state_body_name(name: str, places: Gazetteer) -> State | None:
    """The state whose own body a name is: a state's name or demonym, then only words of office."""
    words, written = normalise(name).split(), name.split()
    for size in (3, 2, 1):
        head = " ".join(words[:size])
        # the written form too: an abbreviation is known in capitals only ("US State Department")
        state = places.state(head) or places.demonym(head) or places.state(" ".join(written[:size]))
        rest = set(words[size:])
        if state is not None and rest and rest <= STATE_BODY_WORDS:
            return state
    return None


def weapon_model(noun, modifier, entry: ActorEntry) -> bool:
    """Whether ``modifier`` names the model of the arms ``noun`` is, not their owner: "Scud
    missiles", "Patriot batteries" (a name the tagger takes for a person or an organisation)."""
    return (
        modifier.dep_ == "compound"
        and noun.lemma_.lower() in WEAPON_NOUNS
        and entry.type in (ActorType.ORGANISATION, ActorType.PERSON)  # ("Hamas rockets" are Hamas's)
        and normalise(entry.label) not in organisation_types()  # "NATO warplanes" are NATO's
    )


def _proper(qualifier) -> bool:
    """Whether a qualifier makes a group a named one: "Kurdish leaders", "pro-Russian rebels",
    "US-led forces"."""
    return any(
        (t.text[:1].isupper() and not t.is_sent_start) or t.lower_.startswith(("pro-", "anti-"))
        for t in qualifier.subtree
    )


def _seat_hung_on_verb(noun) -> list:
    """The "in" right after an object the parser hung on the verb: "fighting [the government] in
    Luanda" (the government in Luanda)."""
    after = noun.right_edge.i + 1
    if noun.dep_ != "dobj" or _lemma(noun) not in GOVERNING_BODIES or after >= len(noun.doc):
        return []
    prep = noun.doc[after]
    return [prep] if prep.head == noun.head and prep.dep_ == "prep" and prep.lower_ == "in" else []


def object_controlled(clause) -> bool:
    """Whether the one who does what an infinitive ``clause`` says is the object of the verb above it:
    "urged X to send troops", "gave X until May to pull out" (X)."""
    if clause.dep_ == "xcomp":
        return True
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
    return clause.dep_ == "advcl" and infinitive and clause.head.lemma_.lower() in DEADLINE_VERBS


def _all_capitals(token) -> bool:
    """Whether ``token`` is written as an acronym: "IFOR" (which the tagger may take for a noun)."""
    return len(token.text) > 1 and token.text.isupper() and token.text.isalpha()


def _lemma(token) -> str:
    """A token's lemma, singular even for a capitalised common noun the tagger took for a name."""
    lemma = token.lemma_.lower()
    if token.pos_ == "PROPN":
        if lemma.endswith("men"):
            return lemma[:-3] + "man"
        if lemma.endswith("s") and lemma[:-1] in COMMON_NOUNS:
            return lemma[:-1]
    return lemma


def _initials(name: str) -> str:
    """The capitals of a name's main words.

    >>> _initials("Libyan National Army")
    'LNA'
    """
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in MINOR_WORDS)


def _determined(noun) -> bool:
    """Whether ``noun`` is definite: "the militia" points back, "a militia" does not."""
    return any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in noun.children
    )


def _phrase(noun, owner_token) -> str:
    """How the text names a body: the noun with its modifiers, and its "of X"/"loyal to X" phrase."""
    start = min(
        [noun.i, *(t.left_edge.i for t in noun.lefts if t.dep_ not in ("det", "poss") or t.pos_ != "PRON")]
    )
    if noun.doc[start].pos_ == "DET":
        start += 1
    end = noun.i
    if owner_token is not None and owner_token.i > noun.i:  # up to the owner's name, not its appositions
        names = [t.i for t in owner_token.subtree if t.dep_ == "pobj" and t.head.lower_ in OWNER_PREPOSITIONS]
        end = max([owner_token.i, *names[:1]]) if names else owner_token.i
    words = noun.doc[start : end + 1]
    return words.text.strip(" ,’'\"“”")


def _guess_label(span) -> str:
    return (
        "PERSON" if any(t.lower_ in HONORIFICS for t in span.doc[max(0, span.start - 3) : span.start]) else ""
    )


def _name_spans(doc, known_acronyms, long_forms: Iterable[str] = ()) -> list:
    """The named mentions of a parsed paragraph, titles, ranks and articles stripped.

    An entity the tagger ran into a following name ("GNA Fayez Al-Sarraj") is cut after the acronym;
    a name the text spells out for an acronym is one name wherever it stands, even where the tagger
    cut it in two ("the African Union Mission | in Somalia").
    """
    spans = _spelled_out(doc, long_forms)
    spelled = {t.i for span in spans for t in span}
    for ent in doc.ents:
        kind = ent.label_
        if kind not in NAMED_LABELS and gazetteer().state(ent.text) is not None:
            kind = "GPE"  # a state the tagger took for something else: "in Niger" as a DATE
        elif kind == "PERSON" and len(ent) == 1 and ent.root.dep_ == "pobj" and gazetteer().seat(ent.text):
            kind = "GPE"  # a capital the tagger took for a person: "signed for Havana"
        elif kind == "PERSON" and ent.root.dep_ == "compound" and _lemma(ent.root.head) in SETTLEMENT_NOUNS:
            kind = "LOC"  # a place the tagger took for a person: "the Tigray region"
        elif kind == "LAW" and _lemma(ent.root) in JOINT_BODY_HEADS and _joined(ent.root):
            kind = "ORG"  # a body the tagger took for a treaty: "a member of the Andean Pact"
        if kind not in NAMED_LABELS or any(t.i in spelled for t in ent):
            continue
        if kind == "NORP" and _of_a_people(ent[0]):
            continue  # a people, not its state: "the ethnic Albanian delegation"
        start, end = ent.start, ent.end
        while kind == "PERSON" and end < len(doc) and _continues_name(doc, end, across=True):
            end += 1  # "Mohammed bin Abdulrahman [bin Jassim Al Thani]": the tagger stopped short
        if kind == "PERSON" and _hyphened_particle(doc, end):
            end += 3  # "Mohammad Zia [ul-Haq]"
        elif kind == "PERSON" and _hyphened_particle(doc, end - 1):
            end += 2  # "[Mohammad Zia ul]-Haq": the tagger stopped at the hyphen
        if kind == "NORP" and end < len(doc) and _names_with(ent, doc[end]):
            end, kind = end + 1, "ORG"  # "[Islamic State] fighters": a people's adjective begins a name
        if (
            kind == "ORG"
            and end + 1 < len(doc)
            and doc[end].lower_ == "of"
            and _place_name(doc[end + 1])
            and not _person_shaped(ent, ent.text)  # "X of Croatia and Y of Serbia signed": people
        ):
            end = next(e.end for e in doc.ents if e.start == end + 1)  # "the People's Mujahedin of Iran"
        elif (
            kind == "LOC"
            and len(ent) == 1
            and end + 1 < len(doc)
            and doc[end].lower_ == "of"
            and any(e.start == end + 1 for e in doc.ents)
        ):  # "the Gulf of Guayaquil", "the Bay of Bengal": the tagger cut the name at "of"
            end = next(e.end for e in doc.ents if e.start == end + 1)
        spelled.update(range(ent.end, end))  # a name run on into the next entity takes it
        while kind == "PERSON" and start > 0 and _begins_name(doc[start - 1], start, end):
            start -= 1  # "[Alija] Izetbegovic of Bosnia": the tagger dropped the first name
        while start < end and (
            doc[start].pos_ == "DET"
            or doc[start].lower_.strip(".") in HONORIFICS
            or (doc[start].text == "-" and start > ent.start)  # "Lieutenant-General X"
        ):
            start += 1
        if kind in ("NORP", "ORG"):
            start, end, kind = _demonym_bounds(doc, start, end, kind)
        bracket = next((t.i for t in doc[start:end] if t.text == "("), None)
        if bracket is not None:  # "the Donetsk People's Republic (DPR)": the acronym is a name of its own
            end = bracket
        # "the Arnor Group [of]": the tagger may run on into the next phrase
        while end > start and (
            doc[end - 1].dep_ == "case" or doc[end - 1].is_punct or doc[end - 1].text in MINOR_WORDS
        ):
            end -= 1
        if start >= end or not (
            doc[start].text[:1].isupper() or (doc[start].lower_ in ARTICLES and end - start > 1)
        ):
            continue
        root = doc[start:end].root
        if (
            kind == "NORP"
            and root.dep_ in ("amod", "npadvmod", "compound")
            and root.head.pos_ == "NOUN"
            and not (_lemma(root.head) in STATE_BODY_NOUNS and gazetteer().demonym(ent.text))
            and not _community(doc[start:end].text)
        ):
            continue  # "Kurdish militias", "Russian-Armenian ties": a qualifier of the noun, not an actor
            # ("the Sudanese army" is Sudan, named: "the army" may point back to it)
        label = "PERSON" if start > ent.start and kind == "ORG" and doc[ent.start].pos_ != "DET" else kind
        first = doc[start]
        if end - start > 1 and first.text in known_acronyms and doc[start + 1].is_title:
            spans.append(
                doc[start : start + 1].char_span(0, len(first.text), label="ORG") or doc[start : start + 1]
            )
            start += 1
            label = "PERSON"
        span = doc[start:end]
        spans.append(doc.char_span(span.start_char, span.end_char, label=label) or span)
    covered = {t.i for span in spans for t in span}
    spans += [span for span in _untagged_names(doc) if not any(t.i in covered for t in span)]
    return [_with_number(span) for span in spans]


def _demonym_bounds(doc, start: int, end: int, kind: str) -> tuple[int, int, str]:
    """A people's adjective the tagger ran into a title or a capitalised word before it cut out:
    "[Chilean] Lieutenant General X", "Masked [Chilean] special forces" (not "South African", not
    a community such as "Bosnian Serb")."""
    places = gazetteer()
    rest = end
    while rest - start > 1 and doc[rest - 1].lower_.strip(".") in HONORIFICS:
        rest -= 1
    if rest < end and places.demonym(doc[start:rest].text):
        end, kind = rest, "NORP"
    name = doc[start:end].text
    if (
        kind == "NORP"
        and end - start > 1
        and (doc[start].is_sent_start or doc[start].pos_ != "PROPN")
        and not places.demonym(name)
        and not _community(name)
        and places.demonym(doc[start + 1 : end].text)
    ):
        start += 1
    return start, end, kind


def _spelled_out(doc, long_forms: Iterable[str]) -> list:
    """Where the paragraph writes one of ``long_forms`` in full, as ORG spans."""
    spans: list = []
    text = doc.text if long_forms else ""
    for name in (n for n in long_forms if n in text):
        for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            span = doc.char_span(match.start(), match.end(), label="ORG")
            if span is not None and not any(t.i in {u.i for s in spans for u in s} for t in span):
                spans.append(span)
    return spans


def _named_place(span) -> bool:
    """Whether a name is the place a facility or a settlement is named by: "the port of [Callao]",
    "the town of [Jui]"."""
    root = span.root
    return (
        root.dep_ == "pobj"
        and root.head.lower_ == "of"
        and root.head.head.lemma_.lower() in SETTLEMENT_NOUNS
    )


def _community(name: str) -> bool:
    """Whether a name qualifies one people by another's state, naming a community of its own: "Bosnian
    Serb", "Kosovo Albanian" (not "South African", one state's demonym)."""
    places = gazetteer()
    words = name.split()
    if len(words) < 2 or places.demonym(name) or places.state(name):
        return False
    first = places.demonym(" ".join(words[:-1])) or places.state(" ".join(words[:-1]))
    last = places.demonym(words[-1])
    return first is not None and last is not None and first is not last


def _with_number(span):
    """The span with a "+N" that belongs to the name: "P5+1", "ASEAN+3"."""
    doc, end = span.doc, span.end
    if end + 1 < len(doc) and doc[end].text == "+" and doc[end + 1].like_num:
        return doc.char_span(span.start_char, doc[end + 1].idx + len(doc[end + 1]), label=span.label_) or span
    return span


def _acronym(token) -> bool:
    """An upper-case word that is a name ("ISIL"), not a headline's shout ("WATCH:", "BREAKING NEWS")."""
    if not (token.is_upper and token.is_alpha and len(token) > 1):
        return False
    if token.i + 1 < len(token.doc) and token.doc[token.i + 1].text == ":":
        return False
    words = [t for t in token.sent if t.is_alpha]
    return sum(t.is_upper for t in words) * 2 < len(words)


def _begins_name(token, start: int, end: int) -> bool:
    """Whether ``token`` is a first name the tagger left out of the name it precedes."""
    return (
        token.pos_ == "PROPN"
        and token.dep_ == "compound"
        and start <= token.head.i < end
        and not token.ent_type_
        and token.is_title
        and token.lower_.strip(".") not in HONORIFICS
    )


def _place_name(token) -> bool:
    """Whether ``token`` begins a place's name the tagger took whole: "Iran" in "the People's
    Mujahedin of Iran"."""
    return token.ent_type_ in ("GPE", "LOC") and token.ent_iob_ == "B"


def _names_with(adjective, token) -> bool:
    """Whether a people's adjective and the capitalised noun after it are one name ("Islamic
    State"), not a title ("Russian President") or a state's body ("Iraqi Army")."""
    return (
        adjective.root.head == token
        and token.pos_ == "PROPN"
        and token.is_title
        and not token.ent_type_
        and token.lower_ not in HONORIFICS
        and _lemma(token) not in LEADER_TITLES | MEMBER_TITLES | STATE_BODY_NOUNS | GROUP_NOUNS
        and gazetteer().demonym(adjective.text) is None
    )


def _continues_name(doc, end: int, across: bool = False) -> bool:
    """Whether the token at ``end`` carries on the proper name before it (its head is still ahead);
    ``across``: even where the tagger took it for another name that the gazetteer does not know
    ("Ahmad Tejan | Kabbah")."""
    last, token = doc[end - 1], doc[end]
    if not (last.head.i >= end and token.pos_ == "PROPN"):
        return False
    if not token.ent_type_:
        return last.dep_ == "compound"
    places = gazetteer()
    return (
        across
        and last.dep_ == "compound"
        and token.ent_iob_ == "B"
        and (token.i + 1 == len(doc) or doc[token.i + 1].ent_iob_ != "I")
        and not (places.state(token.text) or places.seat(token.text) or places.demonym(token.text))
    )


def _hyphened_particle(doc, end: int) -> bool:
    """Whether a name goes on at ``end`` with a particle hyphened to its last word: "Zia [ul-Haq]"."""
    if end + 2 >= len(doc):
        return False
    particle, hyphen, word = doc[end], doc[end + 1], doc[end + 2]
    return (
        particle.is_lower
        and len(particle.text) <= 3
        and hyphen.text == "-"
        and not particle.whitespace_
        and not hyphen.whitespace_
        and word.text[:1].isupper()
    )


def _untagged_names(doc) -> list:
    """Proper-noun phrases the entity tagger missed ("Arnor", "Osgiliath soldiers"): unknown names too
    are actors. Honorifics and parts of any tagged entity (dates included) are left out."""
    spans = []
    for token in doc:
        if (
            token.pos_ != "PROPN"
            and token.is_title
            and not token.ent_type_
            and (gazetteer().state(token.text) or gazetteer().seat(token.text))
        ):
            spans.append(doc[token.i : token.i + 1])  # a state the tagger took for a verb: "[Uruguay] funds"
            continue
        if not token.ent_type_ and _all_capitals(token) and token.lower_ in organisation_types():
            spans.append(doc[token.i : token.i + 1])  # a known acronym tagged a verb: "bloc [ECOWAS]"
            continue
        if token.pos_ != "PROPN" or token.ent_type_ or token.dep_ == "compound":
            continue
        if not (token.is_title or _acronym(token)):
            continue
        if token.is_sent_start and token.lower_.endswith(("ing", "ed", "ly")):  # "Quoting a newspaper, ..."
            continue
        if _lemma(token) in LEADER_TITLES or _lemma(token) in MEMBER_TITLES:
            continue  # "U.S. Special Envoy X": a title, capitalised before a name
        named = any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children)
        if _lemma(token) in COMMON_NOUNS and not (named and token.tag_ == "NNP"):
            continue  # "the Calenardhon Congressmen" is a body, but "the Halden Guard" is a name
        words = [t for t in token.subtree if t.dep_ == "compound" and t.pos_ == "PROPN" and t.i < token.i]
        start = min([token.i, *(t.i for t in words)])
        while start < token.i and (doc[start].lower_.strip(".") in HONORIFICS or doc[start].ent_type_):
            start += 1
        if doc[start].lower_.strip(".") in HONORIFICS or any(t.ent_type_ for t in doc[start : token.i + 1]):
            continue
        spans.append(doc[start : token.i + 1])
    for token in doc:  # "Osgiliath soldiers", "the ECOWAS commander": an untagged name as an owner
        if (
            token.pos_ == "PROPN"
            and token.dep_ == "compound"
            and not token.ent_type_
            and (token.is_title or _acronym(token))
            and token.head.pos_ == "NOUN"
            and token.lower_ not in HONORIFICS
        ):
            spans.append(doc[token.i : token.i + 1])
    return spans


class CorpusActors:
    """One node per actor across documents: each document's actors are matched to those seen before.

    A name matches a known actor with the same key, a person's surname or full name ("Haftar" and
    "Khalifa Haftar"), or an acronym and the name it abbreviates ("LNA", "Libyan National Army").
    The first full form seen becomes the canonical label.
    """

    def __init__(self) -> None:
        self._known: dict[str, Actor] = {}  # key -> canonical actor
        # (a person's key, leads or memberOf) -> the seat a text titled them in
        self._offices: dict[tuple[str, RelationType], str] = {}

    def learn(self, relation: Relation) -> None:
        """Keep the seat a person's office is stated to be in ("Chilean President X", "the head of
        the X Front"), for texts that title them without one."""
        subject, obj = relation.subject, relation.object
        if (
            relation.relation in (RelationType.LEADS, RelationType.MEMBER_OF)
            and subject.type is ActorType.PERSON
            and obj.type not in (ActorType.PERSON, ActorType.LOCATION)
            and relation.confidence >= STATED_OFFICE
            and relation.modality is not Modality.NEGATED
        ):
            self._offices.setdefault((subject.key, relation.relation), obj.label)

    def office(self, name: str, relation: RelationType) -> str | None:
        """The seat a person named ``name`` was titled in by the documents so far, for an office
        that ``relation`` (leads or memberOf) ties them to, if one."""
        person = Actor(normalise(name), name, ActorType.PERSON)
        known = self._known.get(person.key) or self._match(person)
        return self._offices.get((known.key, relation)) if known is not None else None

    def canonical(self, actor: Actor) -> Actor:
        """The corpus-wide actor for a document's ``actor``, its aliases merged in."""
        known = self._known.get(actor.key) or self._match(actor)
        if known is None:
            self._known[actor.key] = actor
            return actor
        aliases = tuple(sorted({*known.aliases, *actor.aliases, actor.label} - {known.label}))
        label = known.label
        if actor.type is known.type is ActorType.PERSON and len(actor.label.split()) > len(label.split()):
            label, aliases = actor.label, tuple(sorted({*aliases, known.label} - {actor.label}))
        merged = Actor(known.key, label, known.type, aliases)
        self._known[known.key] = merged
        self._known.setdefault(actor.key, merged)
        return merged

    def settled(self, actor: Actor) -> Actor:
        """What ``canonical`` made ``actor`` by now: its label and aliases as later documents
        left them, so that every document's relations give an actor the same label."""
        return self._known.get(actor.key, actor)

    def _match(self, actor: Actor) -> Actor | None:
        candidates = {a.key: a for a in self._known.values() if a.type is actor.type}.values()
        if actor.type is ActorType.PERSON:
            words = actor.key.split()
            same = [a for a in candidates if _same_person(words, a.key.split())]
        elif actor.label.isupper():
            same = [a for a in candidates if _initials(a.label) == actor.label]
        else:
            initials = _initials(actor.label)
            same = [a for a in candidates if len(initials) > 1 and a.label == initials]
        return same[0] if len(same) == 1 else None


def _same_person(words: list[str], known: list[str]) -> bool:
    """Two written forms of one person's name: a surname alone, or the same first and last names."""
    if not words or not known or not _close(words[-1], known[-1]):
        return False
    return len(words) == 1 or len(known) == 1 or words[0] == known[0]
