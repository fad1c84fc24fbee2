"""Relation extraction: rules over the dependency parse that yield the seven relations.

Each rule is a function over one sentence that yields ``Candidate`` triples whose arguments are
still references into the text (``Ref``); ``extract_relations`` runs the rules over a document,
resolves the references to actors and returns ``Relation`` records with their evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from itertools import combinations
from typing import TYPE_CHECKING

from kg.extract.actors import (
    GOVERNING_BODIES,
    OWNER_DEPS,
    ActorEntry,
    DocumentActors,
    Ref,
    normalise,
    object_controlled,
    weapon_model,
)
from kg.extract.lexicon import (
    ACTION_NOUNS,
    ACTIVE_STATES,
    AGAINST_GOVERNMENT,
    AGREEING_VERBS,
    AID_NOUNS,
    ARMS_NOUNS,
    ATTEMPT_NOUNS,
    BODY_HEAD_TITLES,
    BREAK_VERBS,
    CAUSE_NOUNS,
    COMPOSING_VERBS,
    CONDEMNED_ACTS,
    DEFINITE_DETERMINERS,
    DENIAL_VERBS,
    DEPLOY_PREPOSITIONS,
    DEPLOY_VERBS,
    DIRECTIVE_VERBS,
    ENTRY_VERBS,
    EXPEL_VERBS,
    FACILITY_NOUNS,
    FIELD_RANKS,
    FORCE_NOUNS,
    FOUNDING_VERBS,
    GATHERING_NOUNS,
    GIFT_VERBS,
    GOVERNMENT_WORDS,
    HELP_VERBS,
    HOLDING_VERBS,
    HONORIFICS,
    HYPOTHETICAL_WORDS,
    INTENT_WORDS,
    JOINT_BODY_HEADS,
    JUDGING_VERBS,
    LEADER_TITLES,
    LIGHT_VERBS,
    MEMBER_TITLES,
    MOTION_PREPOSITIONS,
    MUTUAL_FIGHTING,
    MUTUAL_OPPOSITION_NOUNS,
    NATIONAL_OFFICES,
    NEGATION_WORDS,
    OUT_VERBS,
    PARTICIPLE_RELATIONS,
    PARTY_NOUNS,
    PHRASAL_VERBS,
    PLAIN_MODIFIERS,
    PLURAL_VOICES,
    POLITICAL_OPPOSITION,
    PORTFOLIO_WORDS,
    PREPOSITIONAL_VERBS,
    PRESENCE_NOUNS,
    PRESENCE_PREPOSITIONS,
    PREVENTING_VERBS,
    RANKS,
    RECEIVE_VERBS,
    RELATION_NOUN_PREPOSITIONS,
    RELATION_NOUNS,
    RELYING_VERBS,
    REPEL_VERBS,
    REPORTING_VERBS,
    REVERSED_ROLE_NOUNS,
    ROLE_NOUNS,
    RULING_BODIES,
    SETTING_VERBS,
    SHARED_WORDS,
    SIGNATORY_NOUNS,
    SIGNATURE_NOUNS,
    SIGNING_VERBS,
    SITE_NOUNS,
    STATE_BODY_NOUNS,
    STATE_OFFICES,
    SUBORDINATE_WORDS,
    SUPPLY_VERBS,
    SUPPORT_PHRASES,
    TARGET_NOUNS,
    TELLING_VERBS,
    TIE_NOUNS,
    TRADE_QUALIFIERS,
    TRANSITIVE_VERBS,
    TRUCE_NOUNS,
    UNCONFIRMING_VERBS,
    VISIT_NOUNS,
    WAY_NOUNS,
    WEAPON_NOUNS,
    WITHDRAW_VERBS,
    organisation_types,
)
from kg.model import ActorType, Document, Evidence, Modality, Relation
from kg.model import RelationType as R
from kg.nlp import Paragraph
from kg.nlp.dates import event_date

if TYPE_CHECKING:
    from spacy.tokens import Token

# Words of a title that say when, not what: "former president", "then-leader".
TIME_MODIFIERS = frozenset(("former", "late", "then", "current", "new", "interim", "acting", "outgoing"))
# A state after one of these is where someone goes or what they face, not whom they serve.
AWAY_PREPOSITIONS = frozenset(("to", "with", "against", "into", "from", "toward", "towards", "on", "by"))
# Prepositions of what a clause is about, not where or when it happens: "expelled X over the deal".
TOPIC_PREPOSITIONS = frozenset(("over", "about", "regarding", "concerning"))
INDIRECT_PENALTY = 0.8
JOINT_PENALTY = 0.8  # a party's tie to another party of the same pact or meeting, read through it
# Words that make meetings or pacts with several parties separate ones: "separate talks", "and
# later with Y".
SEPARATE_WORDS = frozenset(
    ("separate", "bilateral", "respective", "individual", "parallel", "later", "then", "afterwards",
     "separately")
)
REPORTED_PENALTY = 0.95
RECIPROCAL_PENALTY = 0.9
MOVED_TO = DEPLOY_PREPOSITIONS | PRESENCE_PREPOSITIONS  # where forces are moved or based: "based near X"
OFFICE_PENALTY = 0.9
COMMAND_NOUNS = frozenset(("command", "leadership", "control", "orders"))
SPEAKER_DEPS = frozenset(("nsubj", "nsubjpass", "agent", "npadvmod", "aux", "punct"))
# PREPOSITIONAL_VERBS by verb: "fight" -> [("alongside", supports), ("against", opposes), ...]
PREPOSITIONS_OF = {
    verb: [(preposition, relation) for (v, preposition), relation in PREPOSITIONAL_VERBS.items() if v == verb]
    for verb, _ in PREPOSITIONAL_VERBS
}
JOINT_WORDS = frozenset(("joint", "trilateral", "three-way", "multilateral", "tripartite", "quadrilateral"))


Rule = Callable[["Sentence"], Iterator["Candidate"]]
# The rules by name, in the order they run; ``@rule`` registers one (the way spaCy registers
# components), and ``extract_relations(..., rules=...)`` runs a subset (``kg eval --ablate``).
RULES: dict[str, Rule] = {}


def rule(function: Rule) -> Rule:
    """Register ``function`` as an extraction rule under its name."""
    RULES[function.__name__] = function
    return function


@dataclass(frozen=True)
class Candidate:
    """A triple read from a sentence, its arguments not yet resolved to actors."""

    subject: Ref
    relation: R
    object: Ref
    trigger: Token  # the token the relation hangs on
    confidence: float
    # Read from how a name is described ("Turkish President X", "a US-led coalition"): presupposed,
    # not claimed, so a reporting verb around it does not make it reported.
    descriptive: bool = False
    # The text names the seat but not the rank ("X of Chile"): memberOf, unless the document
    # calls the person a head elsewhere ("President X"), then leads.
    rank_unknown: bool = False


class Sentence:
    """A parsed sentence with the look-ups the rules share."""

    def __init__(self, span, offset: int, actors: DocumentActors):
        self.span = span
        self.tokens = list(span)  # made once: every rule walks them
        self.offset = offset
        self.actors = actors

    def ref(self, token) -> Ref | None:
        return self.actors.ref_at(token, self.offset)

    def refs(self, token) -> list[Ref]:
        """The actors ``token`` and its conjuncts name, with a list in apposition ("the three states,
        X, Y and Z"); a non-actor noun yields its possessor, and a plural noun of parties the
        actors it is "of" ("the foreign ministers of X, Y and Z")."""
        found = []
        for item in (token, *token.conjuncts, *_listed(token), *_apposed_conjuncts(token)):
            if item.tag_ == "NNS" and item.lemma_.lower() in PARTY_NOUNS:  # "troops from X, Y and Z"
                parties = [r for r in self.prep_objects(item, ("of", "from")) if not _is_location(r)]
                if parties and len(_people_after(self, parties)) == len(parties):
                    continue  # "the presidents of X and Y, A and B": A and B act
                if parties:
                    found += parties
                    continue
            count = _both(item)
            if count and not self.prep_objects(item, ("of",)):  # "the two sides", "both governments"
                found += self.actors.last_parties(item, self.offset, count)
                continue
            whole = _partitive_whole(item)
            if whole is not None:  # "9,500 of X's guerrillas", "some of its troops": X's
                found += self.refs(whole)
                continue
            members = _members_of_unnamed_body(item)
            if members:  # "a loose alliance of two movements, X and Y": X and Y
                found += [r for m in members if (r := self.ref(m)) is not None]
                continue
            ref = self.ref(item) or _possessor(self, item) or _target_owner(self, item)
            if ref is not None:
                found.append(ref)
                found += _coordinated_owners(self, item, ref)
        return found

    def subjects(self, verb) -> list[Ref]:
        """Who does what ``verb`` says: its subject, the subject it inherits, or its antecedent."""
        node = verb
        for _ in range(6):
            found = [c for c in node.children if c.dep_ in ("nsubj", "csubj")]
            if found and _object_taken_as_subject(node.head) in found:  # "backed [Y] and Z has sent"
                return [r for c in found[0].conjuncts if (r := self.ref(c)) is not None]
            if found:  # two subjects where the parser broke a list: "X, Y, who ..., and Z signed"
                refs = [r for child in found for r in self.refs(child)]
                if node.dep_ == "ccomp" and node.head.lemma_.lower() in HELP_VERBS:  # "X helped Y oust Z"
                    return refs + self.subjects(node.head)
                return refs
            before = _infinitive_subject(node)
            # "a deal for the coalition to pull its forces out" (but "for a decade to unseat" has none)
            if before is not None and (agents := self.refs(before)):
                return agents
            controller = _controlling_object(self, node)
            if controller is not None:  # "accused X of arming Y", "urged X to send": X does it
                return controller
            predicate = node.head.dep_ in ("attr", "acomp") and node.head.pos_ in ("ADJ", "NUM")
            if node.dep_ in ("relcl", "acl") and predicate:  # "X and Y were the first to sign": X and Y
                node = node.head.head
                continue
            if node.dep_ in ("relcl", "acl") and node.head.pos_ in ("NOUN", "PROPN", "PRON"):
                noun = node.head
                return (
                    self.refs(noun)
                    or [  # "Finland's application to join NATO", "US attempts to"
                        r for c in noun.children if c.dep_ in ("poss", "compound") for r in self.refs(c)
                    ]
                    or (self.refs(noun.head) if noun.dep_ == "appos" else [])  # "X, the state that ..."
                )
            if node.dep_ not in ("xcomp", "advcl", "conj", "acomp", "pcomp", "prep") or node.head == node:
                return []
            node = node.head
        return []

    def co_agents(self, verb) -> list[Ref]:
        """Who acts with the subject: "X supports Y alongside Z", "X, alongside Z, supports Y"."""
        heads = [verb, *(c for c in verb.children if c.dep_ == "nsubj")]
        return [
            ref
            for head in heads
            for prep in head.children
            if prep.dep_ == "prep" and prep.lower_ == "alongside"
            for pobj in prep.children
            if pobj.dep_ == "pobj"
            for ref in self.refs(pobj)
        ]

    def prep_objects(self, head, prepositions) -> list[Ref]:
        """The actors introduced by ``prepositions`` on ``head``: "with X", "with X and with Y"."""
        return [ref for pobj in _prep_object_tokens(head, prepositions) for ref in self.places(pobj)]

    def places(self, token) -> list[Ref]:
        """``refs``, and the place a facility or region is in: "Niamey airport", "a region in Mozambique"."""
        refs = self.refs(token)
        if refs and refs[0].entry.type is ActorType.LOCATION:
            refs += self.prep_objects(token, ("in",))
        site = _named_site(self, token)
        if site is not None and (not refs or _is_location(refs[0])):  # "Bagram airfield": a place itself
            return [Ref(self.actors.place(site))]
        if not refs and token.lemma_.lower() in FACILITY_NOUNS:  # "Niamey airport", "Armenian regions"
            named = self.prep_objects(token, ("of", "in"))  # "the Chilean port of Arica": Arica, and Chile
            owners = [r for c in token.children if c.dep_ in OWNER_DEPS for r in self.refs(c)]
            refs = named + [r for r in owners if all(n.entry is not r.entry for n in named)]
        return refs

    def nearest_left(self, token) -> list[Ref]:
        """The closest actor named left of ``token`` in the sentence: the antecedent of "X, led by"."""
        for left in reversed(self.span[: token.i - self.span.start]):
            ref = self.ref(left)
            if ref is not None and left.dep_ != "compound":
                return [ref]
        return []


def _named_site(sentence: Sentence, token) -> str | None:
    """The name of a site a town's name qualifies ("Bagram airfield", "Aviano air base"), not of a
    state's part ("the Chadian border")."""
    after = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if (  # "to [Bagram] airfield", the site noun left loose by the parser
        after is not None
        and after.lemma_.lower() in SITE_NOUNS
        and after.head != token
        and token.pos_ == "PROPN"
        and (ref := sentence.ref(token)) is not None
        and ref.entry.type is ActorType.LOCATION
    ):
        return token.doc[token.left_edge.i : after.i + 1].text
    if token.lemma_.lower() not in SITE_NOUNS:
        return None
    names = [
        c
        for c in token.children
        if c.dep_ == "compound"
        and c.pos_ == "PROPN"
        and (ref := sentence.ref(c)) is not None
        and ref.entry.type is ActorType.LOCATION  # not a capital: "Niamey airport" is Niamey
    ]
    return token.doc[names[0].left_edge.i : token.i + 1].text if names else None


def _prep_object_tokens(head, prepositions) -> list:
    """The objects of ``prepositions`` on ``head``, as tokens: "with X", "with X and with Y"."""
    preps = [p for p in head.children if p.dep_ in ("prep", "agent", "dative") and p.lower_ in prepositions]
    preps += [c for p in preps for c in p.conjuncts if c.lower_ in prepositions]
    if preps:  # "signed by X, and by Y" and "spoke with X and later with Y", the second hung elsewhere
        preps += [c for c in head.children if c.dep_ == "conj" and c.lower_ in prepositions]
        preps += [
            p
            for a in head.children
            if a.dep_ == "advmod"
            for p in a.children
            if p.dep_ == "prep" and p.lower_ in prepositions
        ]
    objects = [pobj for prep in preps for pobj in prep.children if pobj.dep_ == "pobj"]
    bare = [prep for prep in preps if not any(c.dep_ == "pobj" for c in prep.children)]
    objects += [obj for prep in bare if (obj := _dangling(prep)) is not None]
    if objects and head.pos_ == "VERB":  # "signed by X, Y's adviser, and Z", Z hung on the verb
        last = objects[-1].i
        objects += [c for c in head.children if c.dep_ == "conj" and c.pos_ == "PROPN" and c.i > last]
    return objects


def _dangling(preposition):
    """The name right after a preposition the parser left without object ("a delegation led by
    [Minister X] arrived", X made the verb's subject): the highest token of the phrase it begins."""
    start = preposition.i + 1
    after = [t for t in preposition.doc[start : preposition.sent.end] if t.left_edge.i == start]
    return next((t for t in reversed(after) if t.pos_ in ("PROPN", "NOUN")), None)


def _is_location(ref: Ref) -> bool:
    """Whether ``ref`` is a place rather than an actor."""
    return ref.entry.type is ActorType.LOCATION


COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _both(noun) -> int:
    """How many parties "the two sides", "both governments", "the three leaders" counts (0: none)."""
    if noun.tag_ != "NNS" or noun.lemma_.lower() not in PARTY_NOUNS:
        return 0
    if any(c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and c.ent_type_) for c in noun.children):
        return 0  # "four Peruvian diplomats", "its two envoys": whose they are is said
    for child in noun.children:
        if child.lower_ in ("both", "two"):
            return 2
        if child.lower_ in ("three", "four") and child.dep_ == "nummod":
            return _number(child)
    return 0


def _number(token) -> int:
    """The count a word or figure gives: "six", "6" (0 for anything else)."""
    if token.text.isascii() and token.text.isdigit() and len(token.text) < 3:  # not "¹"
        return int(token.text)
    return COUNTS.get(token.lower_, 0)


def _coordinated_owners(sentence: Sentence, noun, ref: Ref) -> list[Ref]:
    """The other owners of a body whose owner is one of coordinated modifiers: "Indian and Chinese
    soldiers" (India, and China too), or one of coordinated antecedents: "X and Y, whose fighters"."""
    owners = [
        mod
        for mod in noun.children
        if mod.dep_ in ("amod", "compound")
        and (owner := sentence.ref(mod)) is not None
        and owner.entry is ref.entry
    ]
    if any(c.lower_ == "whose" for c in noun.children) and noun.head.dep_ == "relcl":
        owners.append(noun.head.head)
    return [
        other
        for owner in owners
        for conj in owner.conjuncts
        if (other := sentence.ref(conj)) is not None and other.entry is not ref.entry
    ]


def _listed(token) -> list:
    """The names listed in apposition to ``token``: "the three states, [X, Y and Z]", "X, [Y] and Z";
    also a list the parser hung on the plural's own modifier ("the six states with troops in the
    conflict, [X, Y ...]"), where the list has as many names as the plural counts."""
    listed = [
        item
        for appos in token.children
        if appos.dep_ == "appos" and appos.pos_ == "PROPN"
        for item in (appos, *appos.conjuncts)
    ] + [  # "leaders, including X and Y"
        item
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ == "including" and token.tag_ == "NNS"
        for pobj in prep.children
        if pobj.dep_ == "pobj" and pobj.pos_ == "PROPN"
        for item in (pobj, *pobj.conjuncts)
    ]
    count = next((_number(c) for c in token.children if c.dep_ == "nummod"), 0)
    if listed or token.tag_ != "NNS" or not count:
        return listed
    for item in token.subtree:
        if item.dep_ == "conj" and item.pos_ == "PROPN" and item.head.pos_ == "NOUN" and item.head != token:
            names = [c for c in item.head.conjuncts if c.pos_ == "PROPN"]
            return names if len(names) == count else []
    return []


def _partitive_whole(token):
    """The plural a number or quantifier counts a part of: "9,500 [of X's guerrillas]", "most [of them]"."""
    if token.pos_ not in ("NUM", "PRON", "DET", "ADJ") or token.ent_type_ not in ("", "CARDINAL"):
        return None
    return next(
        (
            pobj
            for prep in token.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for pobj in prep.children
            if pobj.dep_ == "pobj" and (pobj.tag_ in ("NNS", "NNPS") or pobj.lower_ == "them")
        ),
        None,
    )


def _members_of_unnamed_body(noun) -> list:
    """The names listed as what a body the text does not name is made of: "a loose alliance of two
    rival movements, [X and Y]"."""
    if noun.lemma_.lower() not in JOINT_BODY_HEADS or not any(c.lower_ in ("a", "an") for c in noun.children):
        return []
    return [item for pobj in _prep_object_tokens(noun, ("of",)) for item in _listed(pobj)]


def _apposed_conjuncts(token) -> list:
    """Names the parser joined to ``token``'s apposition rather than to it: "by X, [Y's adviser], and
    Z" (Z hangs on "adviser")."""
    if token.pos_ != "PROPN":
        return []
    return [
        c
        for appos in token.children
        if appos.dep_ == "appos" and appos.pos_ == "NOUN"
        for c in appos.conjuncts
        if c.pos_ == "PROPN" and c.i > appos.i
    ]


def _named_after(noun, modifier, ref: Ref) -> bool:
    """Whether an agreement is named after the place ``modifier`` names: "the Dayton accord", "the
    Lusaka agreement" (not signed by Ohio or Zambia); a state's name or demonym is a party."""
    agreement = RELATION_NOUNS.get(noun.lemma_.lower()) is R.SIGNS_AGREEMENT_WITH
    return agreement and modifier.dep_ != "poss" and not (ref.entry.is_state and ref.seat is None)


def _possessor(sentence: Sentence, noun) -> Ref | None:
    """The agent of an event noun that stands where an actor should: "counter [the LNA's offensive]"."""
    lemma = noun.lemma_.lower()
    if noun.pos_ not in ("NOUN", "PROPN") or (lemma not in RELATION_NOUNS and lemma not in ATTEMPT_NOUNS):
        return None
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < noun.i:
            ref = sentence.ref(child)
            if (
                ref is not None
                and ref.entry.type is not ActorType.LOCATION
                and not _named_after(noun, child, ref)
            ):
                return ref
    heads = [noun]
    if noun.dep_ == "dobj" and not _is_passive(noun.head):  # "fights off an offensive [by X]", misattached
        heads.append(noun.head)
    for head in heads:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "by":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return sentence.ref(pobj)
    return None


def _controlling_object(sentence: Sentence, clause) -> list[Ref] | None:
    """The actors who do what ``clause`` says when the verb above it points at its own object:
    "accused X of arming Y", "urged X to send troops", "gave X a week to leave" (X); "prevented X
    from attacking Y" (no one: it did not happen). None when the verb above does not control
    ``clause`` this way."""
    if clause.dep_ in ("pcomp", "pobj") and clause.head.dep_ == "prep":  # "of arming", "of aggression"
        verb, preposition = clause.head.head, clause.head.lower_
    elif object_controlled(clause):
        verb, preposition = clause.head, None
    else:
        return None
    if verb.dep_ == "dobj" and verb.pos_ in ("NOUN", "PROPN"):  # "accused [X of arming Y]", one phrase
        verb = verb.head
    # the object, or the subject of the passive: "X is accused of arming Y", "X was urged to send"
    controlled = ("dobj", "dative", "nsubjpass") if _is_passive(verb) else ("dobj", "dative")
    objects = [r for c in verb.children if c.dep_ in controlled for r in sentence.refs(c)]
    lemma = verb.lemma_.lower()
    if preposition == "from" and lemma in PREVENTING_VERBS:
        return []
    if objects and preposition is None and lemma in HELP_VERBS:  # "X helped Y overthrow Z": both do
        return objects + sentence.subjects(verb)
    if objects and (preposition is None or (preposition in ("of", "for") and lemma in JUDGING_VERBS)):
        return objects
    return None


def _infinitive_subject(verb):
    """The subject of "for X to <verb>": the "for" object right before the infinitive's "to"."""
    for aux in verb.children:
        if aux.dep_ == "aux" and aux.lower_ == "to" and aux.i > 0:
            before = verb.doc[aux.i - 1]
            if before.dep_ == "pobj" and before.head.lower_ == "for":
                return before
    return None


def _target_owner(sentence: Sentence, noun) -> Ref | None:
    """Whose positions are hit: "SDF military posts" -> the SDF, "rebel positions" -> rebels."""
    if noun.lemma_.lower() not in TARGET_NOUNS:
        return None
    for child in noun.children:
        if child.dep_ == "amod" and child.lower_.endswith("-held"):  # "ISIL-held positions", one token
            ref = _hyphen_actor(sentence, child)
            if ref is not None:
                return ref
        if child.dep_ == "amod" and child.lower_ in ("held", "controlled"):  # or three: "ISIL - held"
            for holder in (c for c in child.children if c.dep_ in ("npadvmod", "compound", "nmod")):
                ref = sentence.ref(holder)
                if ref is not None:
                    return ref
        if child.dep_ == "acl" and child.lemma_.lower() in ("share", "use", "operate", "hold", "run", "man"):
            users = sentence.prep_objects(child, ("by",))  # "a base shared by U.S. troops"
            if users:
                return users[0]
        if child.dep_ in ("poss", "compound", "amod", "nmod") or child.lower_ == "of":
            ref = sentence.ref(child) or next(
                (sentence.ref(p) for p in child.children if child.lower_ == "of" and p.dep_ == "pobj"), None
            )
            if ref is not None and ref.entry.type is not ActorType.LOCATION:
                return ref
    return None


def _is_passive(verb) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl")
    )


def _pairs(subjects, relation, objects, trigger, confidence) -> Iterator[Candidate]:
    """Each subject with each object; for a symmetric relation whose trigger is one meeting or pact
    the objects are its parties too, so each pair of them as well ("X held talks with Y and Z",
    not "X signed separate deals with Y and Z", nor "X and Y met Z and W")."""
    for subject in subjects:
        for obj in objects:
            yield Candidate(subject, relation, obj, trigger, confidence)
    if relation.symmetric and len(subjects) == 1 and len(objects) > 1 and _one_event(trigger):
        yield from _mutual(objects, relation, trigger, confidence * JOINT_PENALTY)


def _signed_together(sentence: Sentence, verb, signers: list[Ref]) -> Iterator[Candidate]:
    """Signers in one place or at one ceremony or summit meet there, and meet its host: "X and Y
    signed in Paris", "X and Y signed the accord at a ceremony hosted by Z"."""
    pacts = [c for c in verb.children if c.dep_ == "dobj"]  # "signed [an accord at X]"
    sites = [s for head in (verb, *pacts) for s in _prep_object_tokens(head, ("at",))]
    places = [r for head in (verb, *sites) for r in sentence.prep_objects(head, ("in",)) if _is_place(r)]
    if places:  # "X and Y signed the accord in Paris", "at UN headquarters in New York": there together
        yield from _mutual(signers, R.MEETS_WITH, verb, 0.7)
    for gathering in sites:
        if gathering.lemma_.lower() not in GATHERING_NOUNS:
            continue
        yield from _mutual(signers, R.MEETS_WITH, verb, 0.75)
        hosts = [
            r
            for clause in gathering.subtree
            if clause.lemma_.lower() == "host" and clause.dep_ == "acl"
            for r in sentence.prep_objects(clause, ("by",))
        ]
        yield from _pairs(hosts, R.MEETS_WITH, signers, verb, 0.75)


def _object_taken_as_subject(verb):
    """The first of two coordinated names the parser made the subject of a clause under ``verb``
    though it is ``verb``'s object: "X has supported [Y] and Z has stood behind W" parsed as
    "supported [Y and Z has stood ...]". None if the sentence is not so."""
    if verb.pos_ != "VERB" or any(c.dep_ == "dobj" for c in verb.children):
        return None
    for clause in (c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i):
        if not any(c.dep_ == "aux" for c in clause.children):
            continue
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        between = verb.doc[verb.i + 1 : subject.i] if subject is not None else []
        if subject is not None and subject.conjuncts and subject.left_edge.i == subject.i and all(
            t.pos_ == "ADV" for t in between
        ):
            return subject
    return None


def _one_event(trigger) -> bool:
    """Whether a trigger names one meeting or pact: not "deals", "separate talks", "bilateral deals"."""
    nouns = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
    heads = [*nouns, *(c for c in trigger.children if c.dep_ == "prep")]  # "and [later] with Y"
    return not any(
        n.tag_ == "NNS"
        and n.lemma_.lower() in RELATION_NOUNS
        and RELATION_NOUNS[n.lemma_.lower()] is not R.MEETS_WITH
        for n in nouns
    ) and not any(c.lower_ in SEPARATE_WORDS for n in heads for c in n.children)


# -- rules ---------------------------------------------------------------------------------------


@rule
def verb_relations(sentence: Sentence) -> Iterator[Candidate]:
    """ "Russia backs the LNA", "the LNA, backed by Russia", "fights alongside X", "X and Y met"."""
    for verb in sentence.tokens:
        if verb.pos_ != "VERB":
            continue
        lemma = verb.lemma_.lower()
        if lemma in SETTING_VERBS:  # "the war pits X against Y": both ways
            sides = [c for c in verb.children if c.dep_ == "dobj"]
            others = [r for head in (verb, *sides) for r in sentence.prep_objects(head, ("against",))]
            sides = [r for c in sides for r in sentence.refs(c)]
            yield from _pairs(sides, R.OPPOSES, others, verb, 0.8)
            yield from _pairs(others, R.OPPOSES, sides, verb, 0.8)
            if others:
                continue
        arms = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in ARMS_NOUNS]
        if arms:  # "took up arms against X", "turned their guns on X"
            targets = [
                r for head in (verb, *arms) for r in sentence.prep_objects(head, ("against", "on", "at"))
            ]
            yield from _pairs(sentence.subjects(verb), R.OPPOSES, targets, verb, 0.8)
        relation = TRANSITIVE_VERBS.get(lemma)
        if relation is not None:
            if _is_passive(verb):  # "X is equipped and trained by Y": both verbs share X and Y
                agents = (
                    sentence.prep_objects(verb, ("by",))
                    or [r for c in verb.conjuncts if c.i > verb.i for r in sentence.prep_objects(c, ("by",))]
                    or [  # "backed by airstrikes from X": X
                        r
                        for by in _prep_object_tokens(verb, ("by",))
                        for r in sentence.prep_objects(by, ("from",))
                    ]
                )
                patients = [r for c in verb.children if c.dep_ == "nsubjpass" for r in sentence.refs(c)]
                if not patients and verb.dep_ == "conj":
                    patients = [
                        r for c in verb.head.children if c.dep_ == "nsubjpass" for r in sentence.refs(c)
                    ]
                if not patients and verb.dep_ in ("acl", "advcl", "conj"):
                    patients = _participle_patients(sentence, verb)
                if relation is R.SIGNS_AGREEMENT_WITH and any(
                    c.dep_ == "nsubjpass" and c.pos_ == "PRON" for c in verb.children
                ):
                    patients = []  # "it was signed by X and Y": the text, not an actor
                if relation is R.LEADS:  # "Chilean troops led by X": a state's body (led_state_bodies)
                    patients = [p for p in patients if not (p.indirect and p.entry.is_state)]
                yield from _pairs(agents, relation, patients, verb, 0.9)
                if relation is R.SIGNS_AGREEMENT_WITH and all(_document(p.entry) for p in patients):
                    yield from _mutual(agents, relation, verb, 0.85)  # "the accord, signed by X, Y and Z"
            else:
                subjects = sentence.subjects(verb)
                objects = [r for c in verb.children if c.dep_ == "dobj" for r in sentence.refs(c)]
                stolen = _object_taken_as_subject(verb)
                if stolen is not None:  # "X backed [Y] and Z has stood behind W"
                    objects = [r for r in [sentence.ref(stolen)] if r is not None]
                if _names_something(verb):  # "which China calls X", "called the decision a mistake"
                    objects = []
                if not objects and lemma in HELP_VERBS:  # "X helped [Y oust Z]": X supports Y
                    objects = [
                        r
                        for clause in verb.children
                        if clause.dep_ == "ccomp"
                        for c in clause.children
                        if c.dep_ == "nsubj"
                        for r in sentence.refs(c)
                    ]
                if relation is R.OPPOSES:  # "seized X, a stronghold of Y": Y is attacked too
                    objects += [
                        r
                        for c in verb.children
                        if c.dep_ == "dobj"
                        for a in c.children
                        if a.dep_ == "appos" and (r := _target_owner(sentence, a)) is not None
                    ]
                if lemma in POLITICAL_OPPOSITION and all(_document(o.entry) for o in objects):
                    # "condemned X's decision", "denounced the declaration agreed by X": X
                    objects = [
                        r
                        for c in verb.children
                        if c.dep_ == "dobj"
                        for p in c.children
                        if p.dep_ == "poss" and p.pos_ != "PRON"
                        for r in sentence.refs(p)
                    ] or [  # "denounced the declaration agreed by X and Y": X and Y
                        r
                        for c in verb.children
                        if c.dep_ == "dobj"
                        for p in c.children
                        if p.dep_ == "acl"
                        for r in sentence.prep_objects(p, ("by",))
                    ]
                if not objects and verb.dep_ == "amod" and subjects:  # misparse "[X hosted] Y"
                    objects = sentence.refs(verb.head)
                if lemma == "visit" and any(  # "Russian warships visited Cuba": forces, not a meeting
                    c.pos_ == "NOUN" and _moves_force(c) for c in _subject_tokens(verb)
                ):
                    relation = R.DEPLOYS_TO
                    objects = [o for o in objects if _is_place(o)]
                if objects:  # "Egypt, alongside Russia, supports the LNA"
                    subjects = subjects + sentence.co_agents(verb)
                yield from _pairs(subjects, relation, objects, verb, 0.9)
                if relation is R.OPPOSES and lemma in REPEL_VERBS:  # "X halted an offensive by Y and Z"
                    attackers = _attackers(sentence, verb)
                    yield from _pairs(attackers, relation, _bodies(subjects), verb, 0.8)
                    yield from _pairs(subjects, relation, attackers, verb, 0.8)
                # "X and Y clashed" (but "X and Y have denounced [it] as aggression" is no clash)
                clash = not any(c.dep_ == "dobj" for c in verb.children) and lemma not in POLITICAL_OPPOSITION
                others = [  # "X signed agreements with Y": the pact has its other party
                    r
                    for head in (verb, *(c for c in verb.children if c.dep_ == "dobj"))
                    for r in sentence.prep_objects(head, ("with", "between"))
                ]
                if (
                    not objects
                    and not others
                    and (relation.symmetric or (relation is R.OPPOSES and clash))
                ):
                    yield from _mutual(subjects, relation, verb, 0.85)
                    if relation is R.SIGNS_AGREEMENT_WITH:
                        yield from _signed_together(sentence, verb, subjects)
        for preposition, relation in PREPOSITIONS_OF.get(lemma, ()):
            if relation is not R.SIGNS_AGREEMENT_WITH or _commits(verb):
                objects = sentence.prep_objects(verb, (preposition,))
                yield from _pairs(sentence.subjects(verb), relation, objects, verb, 0.85)
        for particle in (c for c in verb.children if c.dep_ in ("prt", "prep", "advmod")):
            relation = PHRASAL_VERBS.get((lemma, particle.lower_))
            if (
                relation is not None
            ):  # the particle may be parsed as a preposition: "fights off [an offensive]"
                # "drove [the garrison] off the island": the garrison, not the island
                driven = [c for c in verb.children if c.dep_ == "dobj"]
                driven = driven or [c for c in particle.children if c.dep_ == "pobj"]
                objects = [r for c in driven for r in sentence.refs(c)]
                if not objects and relation is R.OPPOSES:  # "pushed back against X", "cracked down on X"
                    objects = [
                        r
                        for head in (verb, particle)
                        for r in sentence.prep_objects(head, ("against", "on", "at"))
                    ]
                subjects = sentence.subjects(verb)
                yield from _pairs(subjects, relation, objects, verb, 0.85)
                if relation is R.OPPOSES and lemma in REPEL_VERBS:
                    yield from _pairs(
                        _attackers(sentence, verb, particle), relation, _bodies(subjects), verb, 0.8
                    )


@rule
def coordinated_verbs(sentence: Sentence) -> Iterator[Candidate]:
    """ "X funds and trains Y" where the parser took "funds" for a noun and left "trains" no subject:
    the actor right before the verbs does both."""
    for verb in sentence.tokens:
        relation = TRANSITIVE_VERBS.get(verb.lemma_.lower())
        if relation is None or verb.dep_ != "conj" or verb.pos_ != "VERB" or sentence.subjects(verb):
            continue
        objects = [r for c in verb.children if c.dep_ == "dobj" for r in sentence.refs(c)]
        misread, subjects = [], []
        for token in reversed(sentence.span[: verb.i - sentence.span.start]):
            if token.lower_ in ("and", ","):
                continue
            if _misread_verb(token):
                misread.append(token)
                continue
            subjects = [ref] if (ref := sentence.ref(token)) is not None else []
            break
        if not misread:
            continue
        for trigger in (verb, *misread):
            yield from _pairs(subjects, TRANSITIVE_VERBS[trigger.lemma_.lower()], objects, trigger, 0.75)


@rule
def misread_relative_clauses(sentence: Sentence) -> Iterator[Candidate]:
    """ "X, which Chile arms, ..." where the parser took "arms" for a noun: Chile arms X."""
    doc, end = sentence.span.doc, sentence.span.end
    for pronoun in sentence.tokens:
        if pronoun.lower_ not in ("which", "whom") or pronoun.i < sentence.span.start + 2:
            continue
        start = pronoun.i + 1 + (pronoun.i + 1 < end and doc[pronoun.i + 1].pos_ == "DET")
        if start + 1 >= end:
            continue
        antecedent = sentence.ref(doc[pronoun.i - 2]) if doc[pronoun.i - 1].text == "," else None
        agent = sentence.ref(doc[start])
        verb = doc[start + 1]
        while agent is not None and _same(sentence.ref(verb), agent) and verb.i + 1 < end:
            verb = doc[verb.i + 1]  # past the rest of the agent's name
        closed = verb.i + 1 == end or doc[verb.i + 1].is_punct  # "which X arms," not "which X arms deals"
        if antecedent is None or agent is None or not _misread_verb(verb) or not closed:
            continue
        yield from _pairs([agent], TRANSITIVE_VERBS[verb.lemma_.lower()], [antecedent], verb, 0.75)


def _same(ref: Ref | None, other: Ref) -> bool:
    return ref is not None and ref.entry is other.entry


def _misread_verb(token) -> bool:
    """A verb the tagger took for a plural noun: "funds" in "X funds and trains Y"."""
    return token.tag_ == "NNS" and token.lemma_.lower() in TRANSITIVE_VERBS


def _bodies(refs: list[Ref]) -> list[Ref]:
    """The states, governments and groups among ``refs``: those an attack is aimed at, not their officials."""
    return [r for r in refs if r.entry.type is not ActorType.PERSON]


def _attackers(sentence: Sentence, verb, *particles) -> list[Ref]:
    """Who attacked first when ``verb`` repels an attack: "repelled the offensive by X" (X, too, opposes),
    "halted an offensive against Y [by X and Z]" (the parser may hang "by" on the verb)."""
    attacks = [
        c
        for head in (verb, *particles)
        for c in head.children
        if c.dep_ in ("dobj", "pobj") and c.lemma_.lower() in RELATION_NOUNS
    ]
    found = [
        r
        for c in attacks
        for r in sentence.prep_objects(c, ("by",)) or _agents_after_target(sentence, c) or sentence.refs(c)
    ]
    if attacks and not _is_passive(verb):
        found += [r for r in sentence.prep_objects(verb, ("by",)) if r not in found]
    return found


def _agents_after_target(sentence: Sentence, noun) -> list[Ref]:
    """The "by" phrase the parser hung on an action's target, not on the action: "an offensive
    against [X by Y]"."""
    return [
        r
        for target in _prep_object_tokens(noun, ("against", "on"))
        for r in sentence.prep_objects(target, ("by",))
    ]


def _commits(verb) -> bool:
    """Whether "agree with X" makes a deal, not shares a view: "agreed with X that they would provide
    tanks" or "agreed with X to withdraw" commit; "agrees with X that disputes should be settled" does not."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    return not clauses or any(
        a.lower_ in ("will", "would", "shall") for c in clauses for a in c.children if a.dep_ == "aux"
    )


def _participle_patients(sentence: Sentence, participle) -> list[Ref]:
    """Whom a participle clause is about: "the LNA, led by X" and "Backed by X, the GNA ...";
    a participle coordinated with another is about the same: "X, led by Y and backed by Z"."""
    while participle.dep_ == "conj" and participle.head.tag_ == "VBN":
        participle = participle.head
    if participle.dep_ == "acl":
        return sentence.refs(participle.head)
    if participle.i < participle.head.i:
        return [
            r for c in participle.head.children if c.dep_ in ("nsubj", "nsubjpass") for r in sentence.refs(c)
        ]
    return sentence.nearest_left(participle)


def _mutual(parties: list[Ref], relation: R, trigger, confidence: float) -> Iterator[Candidate]:
    """Every pair of ``parties``; both ways for a relation that is not symmetric ("X and Y clashed")."""
    parties = [Ref(p.entry, p.group, p.label, indirect=p.indirect) for p in parties]  # parties, not places
    for first, second in combinations(parties, 2):
        yield Candidate(first, relation, second, trigger, confidence)
        if not relation.symmetric:
            yield Candidate(second, relation, first, trigger, confidence)


@rule
def deployments(sentence: Sentence) -> Iterator[Candidate]:
    """ "Egypt sent troops to Libya", "tanks were deployed in Libya by Egypt"."""
    for verb in sentence.tokens:
        if verb.pos_ == "VERB" and verb.lemma_.lower() in ENTRY_VERBS:
            forces = [r for c in _subject_tokens(verb) if _moves_force(c) for r in sentence.refs(c)]
            places = [  # "entered X", "seized [the legislature in X]", "took control of X", "crossed into X"
                r
                for c in verb.children
                if c.dep_ == "dobj"
                for r in sentence.places(c)
                or sentence.prep_objects(c, ("of",) if c.lemma_.lower() == "control" else ("in",))
                if _is_place(r)
            ] + [r for r in sentence.prep_objects(verb, ("into",)) if _is_place(r)]
            yield from _pairs(forces, R.DEPLOYS_TO, places, verb, 0.8)
            continue
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in DEPLOY_VERBS | WITHDRAW_VERBS:
            continue
        moved = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if moved and not any(_moves_force(m) for m in moved):
            if verb.lemma_.lower() in WITHDRAW_VERBS and any(_is_envoy(m) for m in moved):
                recalled = [  # "recalled its ambassador from X", "recalled its ambassadors to X"
                    r
                    for head in (verb, *moved)
                    for r in sentence.prep_objects(head, ("from", "to"))
                    if r.entry.is_state
                ]
                yield from _pairs(sentence.subjects(verb), R.OPPOSES, recalled, verb, 0.75)
            continue
        if _is_passive(verb):  # "tanks were deployed by X", "Chilean troops are stationed in Y"
            senders = sentence.prep_objects(verb, ("by",)) or [
                r for m in moved if m.dep_ == "nsubjpass" for r in sentence.refs(m)
            ]
        elif moved:
            senders = sentence.subjects(verb)
        elif any(_travels_to_talk(c) for c in _subject_tokens(verb)):
            continue  # "Chile's defence minister flew to Lima": a visit, not a deployment
        else:  # "Turkish units began deploying to Libya", "Cuban reinforcements rushed to X": the owner
            senders = [
                r for r in sentence.subjects(verb) if r.indirect or r.entry.type is not ActorType.PERSON
            ] or [r for c in _subject_tokens(verb) if _moves_force(c) for r in _force_owners(sentence, c)]
        # the owners of what is sent send it too: "Bush sent American forces to X" (the US)
        senders += [r for m in moved if m.dep_ == "dobj" for r in _force_owners(sentence, m)]
        asides = [c for c in verb.children if c.dep_ == "dep" and c.pos_ == "NOUN"]  # parsed loose
        destinations = sentence.prep_objects(verb, DEPLOY_PREPOSITIONS) or [
            r  # "sent [troops to X]", "rushed 3,000 soldiers, among them paratroopers of a division, to X"
            for m in (*moved, *asides)
            for t in m.subtree
            if t.dep_ != "relcl"
            for r in sentence.prep_objects(t, ("to", "into", "along"))
        ] or [  # "deployed [troops in northern X]": a place only ("troops in support of X" is no place)
            r for m in moved for r in sentence.prep_objects(m, ("in",)) if _is_place(r)
        ]
        if verb.lemma_.lower() in WITHDRAW_VERBS:  # "pull its forces out of Iraq": they were in Iraq
            destinations = sentence.prep_objects(verb, ("from",)) + [
                r for out in verb.children if out.lower_ == "out" for r in sentence.prep_objects(out, ("of",))
            ]
        destinations = [sentence.actors.as_place(r) for r in destinations]
        places = [r for r in destinations if _is_place(r)]
        allies = [r for r in destinations if not _is_place(r)]  # forces sent to an actor support it
        if verb.lemma_.lower() in WITHDRAW_VERBS:
            allies = []
        yield from _pairs(senders, R.DEPLOYS_TO, places, verb, 0.85)
        yield from _pairs(senders, R.SUPPORTS, allies, verb, 0.8)


def _subject_tokens(verb) -> list:
    """The subject of ``verb``, or of the verb it is the complement of: "units [were reported to
    have taken] X"."""
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects or verb.dep_ != "xcomp":
            return subjects
        verb = verb.head
    return []


def _travels_to_talk(subject) -> bool:
    """Whether who travels is an official or envoys ("the minister", "Chilean negotiators"), not forces
    ("police officers", "advisers")."""
    lemma = subject.lemma_.lower()
    if lemma in FORCE_NOUNS:
        return False
    return (_is_title(subject) and subject.tag_ != "NNS") or lemma in PLURAL_VOICES


def _is_envoy(noun) -> bool:
    """Whether ``noun`` is a diplomat, whose recall from a state is a protest: "withdrew its ambassador"."""
    return noun.lemma_.lower() in ("ambassador", "envoy", "diplomat", "embassy", "mission")


def _is_place(ref: Ref) -> bool:
    return ref.group is None and (
        ref.seat is not None or ref.entry.type in (ActorType.LOCATION, ActorType.STATE)
    )


@rule
def presence(sentence: Sentence) -> Iterator[Candidate]:
    """Forces stated to be in a place: "Russian troops stationed in Gyumri", "a Turkish base in Mogadishu"."""
    for noun in sentence.tokens:
        lemma = noun.lemma_.lower()
        if not ((noun.pos_ == "NOUN" and lemma in FORCE_NOUNS) or _presence_noun(noun)):
            continue
        owners = _force_owners(sentence, noun)
        if not owners:
            continue
        noun = _counted(noun) or noun  # "thousands of soldiers in X": the place hangs on the quantity
        places = sentence.prep_objects(noun, PRESENCE_PREPOSITIONS) or [
            r  # "fighters in action in Libya", "troops on the ground in Syria"
            for prep in noun.children
            if prep.dep_ == "prep" and prep.lower_ in ("in", "on")
            for state in prep.children
            if state.dep_ == "pobj" and state.lemma_.lower() in ACTIVE_STATES
            for r in sentence.prep_objects(state, PRESENCE_PREPOSITIONS)
        ]
        for clause in (
            c for c in noun.children if c.dep_ in ("acl", "relcl", "amod") and c.pos_ in ("VERB", "ADJ")
        ):  # "troops stationed in X", "reinforcements rushed to X"
            moved = clause.lemma_.lower() in DEPLOY_VERBS
            places += sentence.prep_objects(clause, MOVED_TO if moved else PRESENCE_PREPOSITIONS)
            if clause.lemma_.lower() in MUTUAL_FIGHTING:  # "soldiers in Congo fighting for X": X's side
                sides = [r for r in sentence.prep_objects(clause, ("for", "alongside")) if not _is_place(r)]
                yield from _pairs(owners, R.SUPPORTS, sides, clause, 0.7)
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_.lower() not in DEPLOY_VERBS:
            # forces doing anything somewhere are there: "troops landed on X", "began drills in X"
            verb = noun.head
            places += [  # "troops landed on X", "fighters turned up in X" (on the particle)
                r
                for head in (verb, *(c for c in verb.children if c.dep_ == "prt"))
                for r in sentence.prep_objects(head, MOTION_PREPOSITIONS)
            ]
            places += [  # "troops were on the move toward X", "are on their way to X"
                r
                for way in _prep_object_tokens(verb, ("on",))
                if way.lemma_.lower() in WAY_NOUNS
                for r in sentence.prep_objects(way, MOTION_PREPOSITIONS)
            ]
            drills = [  # "began [three days of exercises in X]"
                t for c in verb.children if c.dep_ == "dobj" for t in c.subtree if t.dep_ != "relcl"
            ]
            places += [p for c in drills for p in sentence.prep_objects(c, ("in",))]
        elif noun.dep_ == "dobj" and _expels(noun.head):
            # "Niger threw out French forces": they were in Niger
            places += [r for r in sentence.subjects(noun.head) if r.entry.is_state]
        elif noun.dep_ == "dobj" and noun.head.lemma_.lower() not in DEPLOY_VERBS:
            places += sentence.prep_objects(noun.head, PRESENCE_PREPOSITIONS)
        places = [sentence.actors.as_place(p) for p in places]
        yield from _pairs(owners, R.DEPLOYS_TO, [p for p in places if _is_place(p)], noun, 0.7)


def _expels(verb) -> bool:
    """Whether ``verb`` sends forces away: "expelled", "threw out", "kicked out" (not "kicked off")."""
    lemma = verb.lemma_.lower()
    out = any(c.dep_ in ("prt", "advmod", "prep") and c.lower_ == "out" for c in verb.children)
    return lemma in EXPEL_VERBS or (lemma in OUT_VERBS and out)


def _force_owners(sentence: Sentence, noun) -> list[Ref]:
    """Whose forces: "Russian troops", "Russia's base", "troops from X", "a base X operates", "X has
    thousands of troops"."""
    quantity = _counted(noun)
    if quantity is not None:  # "[thousands] of soldiers": the quantity is the verb's object
        noun = quantity
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in HOLDING_VERBS:
            return sentence.subjects(noun.head)
    for child in noun.children:
        if child.dep_ in ("amod", "poss", "compound", "nmod") and child.i < noun.i:
            if child.dep_ == "compound" and _presence_noun(noun):
                continue  # a base's name, not its owner: "the Hmeimim base"
            ref = sentence.ref(child)
            if ref is not None and ref.entry.type is not ActorType.LOCATION:
                if weapon_model(noun, child, ref.entry):
                    return []
                return [ref, *(r for c in child.conjuncts if (r := sentence.ref(c)))]  # "X and Y warships"
    owners = sentence.prep_objects(noun, ("of", "from", "by"))
    if owners:
        return [r for r in owners if r.entry.type is not ActorType.LOCATION]
    named = [r for c in noun.children if c.dep_ == "appos" and (r := sentence.ref(c)) and r.entry.is_state]
    if named:  # "the aircraft carrier USS X": the ship's navy
        return named
    if noun.dep_ == "dobj" and (noun.head.lemma_.lower() in HOLDING_VERBS or _presence_noun(noun)):
        return sentence.subjects(noun.head)
    for clause in (c for c in noun.children if c.dep_ == "relcl"):
        return [r for c in clause.children if c.dep_ == "nsubj" for r in sentence.refs(c)]
    if (
        _presence_noun(noun)
        and noun.dep_ == "pobj"
        and noun.head.lower_ in ("from", "in", "at")
        and noun.head.head.pos_ == "VERB"
    ):  # "X, which operates from bases in Y": X's bases
        return [r for r in sentence.subjects(noun.head.head) if r.entry.type is not ActorType.PERSON]
    return []


def _presence_noun(token) -> bool:
    """Whether ``token`` names forces' being somewhere: "base", "garrison" (and "bases", which the
    tagger may read as the plural of "basis")."""
    plural = token.lower_.endswith("s") and token.lower_[:-1] in PRESENCE_NOUNS
    return token.pos_ in ("NOUN", "PROPN") and (token.lemma_.lower() in PRESENCE_NOUNS or plural)


def _after_comma(noun) -> bool:
    """Whether the phrase of ``noun`` starts right after a comma: ", military wing of Y"."""
    start = noun.left_edge.i
    return start > 0 and noun.doc[start - 1].text == ","


def _counted(noun):
    """The quantity a noun is counted by, if any: "thousands" in "thousands of soldiers"."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of":
        return None
    quantity = noun.head.head
    return quantity if _quantity(quantity) else None


def _quantity(token) -> bool:
    return token.pos_ == "NUM" or token.lemma_.lower() in ("thousand", "hundred", "dozen", "million")


def _moves_force(noun) -> bool:
    """Whether ``noun`` is forces, or counts them: "troops", "thousands of soldiers"."""
    counted = [p for t in (noun, *noun.conjuncts) if _quantity(t) for p in _prep_object_tokens(t, ("of",))]
    counted += [w for t in (noun, *noun.conjuncts) if (w := _partitive_whole(t)) is not None]  # "most of its"
    return any(t.lemma_.lower() in FORCE_NOUNS for t in (noun, *noun.conjuncts, *counted))


@rule
def noun_relations(sentence: Sentence) -> Iterator[Candidate]:
    """Nominalisations and light verbs: "signed an agreement with X", "Ankara's offer of support to X"."""
    for noun in sentence.tokens:
        # a gerund standing as a noun: "[Fighting] between X and Y has killed thousands"
        gerund = noun.tag_ == "VBG" and noun.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
        relation = RELATION_NOUNS.get(noun.lower_ if gerund else noun.lemma_.lower())
        if relation is None or not (gerund or noun.pos_ in ("NOUN", "PROPN")) or _in_support_phrase(noun):
            continue
        if (named := sentence.ref(noun)) is not None and not named.indirect:
            continue  # a word of a name: "the Alliance of Sahel States" signs nothing
        if relation is R.DEPLOYS_TO and not _deployment_of_force(noun):
            continue
        if relation is R.OPPOSES and noun.dep_ == "compound":  # "a Cold War mentality", "attack helicopters"
            continue
        agents = _noun_agents(sentence, noun, relation)
        prepositions = RELATION_NOUN_PREPOSITIONS[relation]
        objects = sentence.prep_objects(noun, prepositions)
        if relation.symmetric and not objects:  # "a dinner at the palace with X": the parser's "with"
            objects = [
                r
                for place in _prep_object_tokens(noun, ("at", "in"))
                for r in sentence.prep_objects(place, ("with",))
            ]
        governor = _governor(noun)
        while not objects and governor is not None and governor.pos_ in ("NOUN", "VERB"):
            objects = sentence.prep_objects(governor, prepositions)  # "sealed a raft of agreements with X"
            if governor.pos_ == "VERB":
                break
            governor = _governor(governor)
            governor = (
                governor if governor is not None and governor.lemma_.lower() not in RELATION_NOUNS else None
            )
        for clause in (c for c in noun.children if c.dep_ == "relcl" and c.lemma_.lower() in LIGHT_VERBS):
            agents = agents or sentence.subjects(clause)  # "a deal that Ankara inked with the GNA"
            objects = objects or sentence.prep_objects(clause, prepositions)
        if relation.symmetric and governor is not None and governor.pos_ == "VERB":
            objects += sentence.prep_objects(
                governor, prepositions
            )  # "took part in talks with X, and with Y"
        if any(c.lower_ in JOINT_WORDS for c in noun.children):  # "a joint meeting with X and with Y"
            yield from _mutual(objects, relation, noun, 0.7)
        # "war between X and Y", and "days of war between X and Y" (the parser hangs it higher)
        holder = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else noun
        parties = sentence.prep_objects(noun, ("between",)) or sentence.prep_objects(holder, ("between",))
        if parties and (relation.symmetric or relation is R.OPPOSES):
            yield from _mutual(parties, relation, noun, 0.8)
            if relation is R.MEETS_WITH and governor is not None and governor.lemma_.lower() == "host":
                yield from _pairs(sentence.subjects(governor), relation, parties, noun, 0.75)  # its host
            if _truce(noun):  # "a truce between X and Y": they were fighting
                yield from _mutual(parties, R.OPPOSES, noun, 0.75)
            continue
        if relation is R.SUPPORTS and not objects and _with_phrase_on_verb(noun):  # "with US backing"
            objects = sentence.subjects(noun.head.head)
        if relation is R.SUPPORTS and not objects and governor is not None and _receives(governor):
            objects = sentence.subjects(governor)  # "X can count on support from Y"
        if relation is R.OPPOSES and noun.lemma_.lower() in MUTUAL_OPPOSITION_NOUNS:
            others = sentence.prep_objects(noun, ("with",))  # "a confrontation with Iran": both ways
            objects = [*objects, *others]
            yield from _pairs(others, relation, agents, noun, 0.75)
        elif relation is R.OPPOSES:
            objects = [o for o in objects if o not in sentence.prep_objects(noun, ("with",))]
        topic = noun.dep_ == "pobj" and noun.head.lower_ in TOPIC_PREPOSITIONS  # "expelled X over the deal"
        if relation.symmetric and not objects and governor is not None and noun.dep_ == "pobj" and not topic:
            hosts = {r.entry.key for r in agents}  # "X travelled to Y at Z's invitation": Z meets X
            objects = [r for r in sentence.subjects(governor) if r.entry.key not in hosts] or [
                r  # "X told Y at talks in Z"
                for c in governor.children
                if c.dep_ in ("dobj", "dative") and governor.pos_ == "VERB"
                for r in sentence.refs(c)
                if not _is_location(r)
            ]
            if not objects and noun.lemma_.lower() in VISIT_NOUNS:  # "X arrived in Lima for a visit"
                places = sentence.prep_objects(governor, ("in", "to"))
                objects = [r for r in places if r.entry.is_state and r.entry.key not in hosts]
        yield from _pairs(agents, relation, objects, noun, 0.8)
        mutual = (  # "X and Y fought a clash", not "X and Y ended the war"
            relation is R.OPPOSES
            and noun.lemma_.lower() in MUTUAL_OPPOSITION_NOUNS
            and governor is not None
            and TRANSITIVE_VERBS.get(governor.lemma_.lower()) is R.OPPOSES
        )
        if (relation.symmetric or mutual) and not objects:
            yield from _mutual(agents, relation, noun, 0.75)
            if _truce(noun):  # "X and Y signed a ceasefire": they were fighting
                yield from _mutual(agents, R.OPPOSES, noun, 0.7)


def _names_something(verb) -> bool:
    """Whether a verb gives its object a name or a quality ("calls the shoal X", "called it a
    mistake"): two objects, or an object predicate."""
    return sum(c.dep_ == "dobj" for c in verb.children) > 1 or any(c.dep_ == "oprd" for c in verb.children)


def _truce(noun) -> bool:
    """Whether ``noun`` is a truce: "a ceasefire", "a ceasefire agreement"."""
    return noun.lemma_.lower() in TRUCE_NOUNS or any(
        c.dep_ == "compound" and c.lemma_.lower() in TRUCE_NOUNS for c in noun.children
    )


def _receives(verb) -> bool:
    """Whether ``verb`` has its subject get what its object is: "received aid", "count on support"."""
    return verb.pos_ == "VERB" and verb.lemma_.lower() in RECEIVE_VERBS | RELYING_VERBS


def _with_phrase_on_verb(noun) -> bool:
    """Whether ``noun`` is the object of a "with" that qualifies a verb: "[sent troops] with X's backing"."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "with" and noun.head.head.pos_ in ("VERB", "AUX")


def _in_support_phrase(noun) -> bool:
    return noun.dep_ == "pobj" and (noun.head.lower_, noun.lemma_.lower()) in SUPPORT_PHRASES


def _deployment_of_force(noun) -> bool:
    return noun.lemma_.lower() != "presence" or any(
        _moves_force(p) for c in noun.children if c.lower_ == "of" for p in c.children
    )


def _governor(noun):
    """The verb or noun a relation noun depends on: "signed" in "signed a deal", "offer" in "offer of aid"."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    return head if head != noun else None


def _noun_agents(sentence: Sentence, noun, relation: R) -> list[Ref]:
    for child in noun.children:
        if child.dep_ in ("poss", "amod", "compound", "nmod") and child.i < noun.i:
            refs = sentence.refs(child)
            if any(_named_after(noun, child, r) for r in refs):
                continue
            if refs and refs[0].entry.type is not ActorType.LOCATION:
                return refs
    agents = sentence.prep_objects(noun, ("by", "of") if relation is R.OPPOSES else ("by", "from"))
    if agents:
        return agents
    agents = _agents_after_target(sentence, noun)
    if agents:
        return agents
    accused = _controlling_object(sentence, noun) if noun.dep_ == "pobj" else None
    if accused:  # "accused X of aggression against Y"
        return accused
    governor = _governor(noun)
    if governor is None:
        return []
    if governor.pos_ == "VERB" and noun.dep_ == "nsubjpass":  # "the accord was signed by X and Y"
        return sentence.prep_objects(governor, ("by",))
    if governor.pos_ == "AUX" and noun.dep_ == "pobj":  # "X has been at war with Y"
        return sentence.subjects(governor)
    if (
        relation is R.OPPOSES
        and governor.lemma_.lower() in REPEL_VERBS
        and noun.dep_ == "dobj"
        and noun.lemma_.lower() not in MUTUAL_OPPOSITION_NOUNS  # "soldiers fought a clash": theirs
    ):
        return sentence.prep_objects(governor, ("by",))  # "X halted an offensive [by Y]": Y's, not X's
    if governor.pos_ == "VERB" and (
        noun.dep_ == "dobj"
        or governor.lemma_.lower() in LIGHT_VERBS
        or relation is R.MEETS_WITH
        or noun.lemma_.lower() in MUTUAL_OPPOSITION_NOUNS
    ):  # "X travelled to Kigali for talks with Y", "X is wrestling with a confrontation with Y",
        # "X is locked in a dispute with Y" (the passive's subject)
        return sentence.subjects(governor) or [
            r for c in governor.children if c.dep_ == "nsubjpass" for r in sentence.refs(c)
        ]
    for clause in (c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in LIGHT_VERBS):
        return sentence.prep_objects(clause, ("by",))  # "a deal concluded by X and Y"
    if governor.pos_ == "NOUN" and governor.lemma_.lower() not in RELATION_NOUNS:
        return _noun_agents(sentence, governor, relation)
    return []


@rule
def support_phrases(sentence: Sentence) -> Iterator[Candidate]:
    """ "in support of X", "on behalf of X", "in favour of X", "on the part of X"."""
    for noun in sentence.tokens:
        if not _in_support_phrase(noun):
            continue
        objects = (
            sentence.prep_objects(noun, ("of",))
            or [  # "on Chile's side"
                r for c in noun.children if c.dep_ == "poss" for r in sentence.refs(c)
            ]
            or [  # "in favour of Finland's bid"
                r
                for p in noun.children
                if p.lower_ == "of"
                for o in p.children
                for c in o.children
                if c.dep_ == "poss"
                for r in sentence.refs(c)
            ]
        )
        clause = noun.head.head
        if _signs(clause):  # "X signed on behalf of Y": X acts for Y (``acting_for``)
            continue
        action = _action_before(sentence, noun, clause)
        if action is not None:  # "sensed intentions from Ankara of intervention [in favour of X]"
            agents = _noun_agents(sentence, action, R.SUPPORTS) or sentence.nearest_left(action)
        elif clause.pos_ in ("VERB", "AUX"):
            agents = sentence.subjects(clause)
        else:
            agents = _noun_agents(sentence, clause, R.SUPPORTS) or sentence.refs(clause)
        yield from _pairs(agents, R.SUPPORTS, objects, noun, 0.8)


def _action_before(sentence: Sentence, phrase_noun, clause):
    """An action noun between a verb and the support phrase that hangs on the verb: the parser often
    attaches "in favour of X" to the verb when it qualifies the action ("intervention in favour of X")."""
    if clause.pos_ not in ("VERB", "AUX"):
        return None
    between = sentence.span.doc[clause.i + 1 : phrase_noun.head.i]
    actions = [t for t in between if t.pos_ == "NOUN" and t.lemma_.lower() in ACTION_NOUNS]
    return actions[-1] if actions else None


@rule
def hyphenated_participles(sentence: Sentence) -> Iterator[Candidate]:
    """ "Iran-backed militias" (Iran supports them), "a YPG-led alliance" (the YPG leads it)."""
    for token in sentence.tokens:
        head_word, _, participle = token.lower_.rpartition("-")
        actor_tokens = []
        if participle in PARTICIPLE_RELATIONS and head_word:  # one token: "U.S.-led"
            actor_tokens = [token]
        elif (
            token.lower_ in PARTICIPLE_RELATIONS
            and token.i > 0
            and sentence.span.doc[token.i - 1].text == "-"
        ):
            participle = token.lower_
            actor_tokens = [c for c in token.children if c.dep_ in ("npadvmod", "compound", "nmod", "amod")]
        if not actor_tokens or token.dep_ not in ("amod", "nummod", "compound"):
            continue
        agent = next((r for t in actor_tokens if (r := _hyphen_actor(sentence, t) or sentence.ref(t))), None)
        named = [r for t in _listed(token.head) if (r := sentence.ref(t)) is not None]
        patients = named or sentence.refs(token.head)  # "his Chile-backed rival, X": X, not his
        if agent is not None and patients:
            relation = PARTICIPLE_RELATIONS[participle]
            yield Candidate(agent, relation, patients[0], token, 0.85, descriptive=True)


@rule
def personal_bodies(sentence: Sentence) -> Iterator[Candidate]:
    """ "Mugabe's ZANU", "the Khmer Rouge government of Pol Pot", "the regime of X": a body named as
    a person's leads back to that person."""
    for token in sentence.tokens:
        of_whom = token.dep_ == "pobj" and token.head.lower_ == "of"  # "the government of X"
        if token.dep_ == "poss":
            noun = token.head
        elif of_whom and token.head.head.lemma_ in GOVERNING_BODIES:
            noun = token.head.head
        else:
            continue
        if noun.pos_ != "PROPN" and all(c.dep_ != "compound" or c.pos_ != "PROPN" for c in noun.children):
            continue  # "Haftar's parliament" is no name of its own
        person, body = sentence.ref(token), sentence.ref(noun)
        if (
            person is not None
            and body is not None
            and person.entry.type is ActorType.PERSON
            and body.group is None  # "Haftar's forces" are his, but no actor of their own
            and body.entry.type not in (ActorType.PERSON, ActorType.LOCATION)
        ):
            yield Candidate(person, R.LEADS, body, token, 0.75, descriptive=True)


def _hyphen_actor(sentence: Sentence, token) -> Ref | None:
    """The actor in a one-token compound such as "U.S.-led": its part before the hyphen."""
    name = token.text.rpartition("-")[0]
    if not name:
        return None
    state = sentence.actors.gazetteer.state(name) or sentence.actors.gazetteer.demonym(name)
    if state is not None:
        return Ref(sentence.actors.state_entry(state, name))
    known = sentence.actors.named(name)
    return Ref(known) if known is not None else None


@rule
def broken_ties(sentence: Sentence) -> Iterator[Candidate]:
    """ "X broke off relations with Y", "X suspended cooperation with Y": X turns against Y."""
    for verb in sentence.tokens:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in BREAK_VERBS:
            continue
        for ties in (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")):
            if ties.lemma_.lower() in TIE_NOUNS:
                others = sentence.prep_objects(ties, ("with",)) or sentence.prep_objects(verb, ("with",))
                yield from _pairs(sentence.subjects(verb), R.OPPOSES, others, verb, 0.8)


@rule
def told_in_person(sentence: Sentence) -> Iterator[Candidate]:
    """ "President X told Y that ...", "X assured Y": one person telling another meets them (a state or
    a body told something is addressed, not met)."""
    for verb in sentence.tokens:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in TELLING_VERBS:
            continue
        people = [r for r in sentence.subjects(verb) if r.entry.type is ActorType.PERSON]
        told = [
            r
            for c in verb.children
            if c.dep_ in ("dobj", "dative")
            for r in sentence.refs(c)
            if r.entry.type is ActorType.PERSON and not r.indirect
        ]
        yield from _pairs(people, R.MEETS_WITH, told, verb, 0.7)


@rule
def condemned_acts(sentence: Sentence) -> Iterator[Candidate]:
    """ "X shelled Y, a move that Z condemned", "X's jets landed near Y, a deployment that Z denounced":
    who condemns an act the sentence's main clause tells opposes whoever did it."""
    for verb in sentence.tokens:
        lemma = verb.lemma_.lower()
        opposing = lemma in POLITICAL_OPPOSITION and TRANSITIVE_VERBS.get(lemma) is R.OPPOSES
        if verb.pos_ != "VERB" or not opposing:
            continue
        clause = verb.head if verb.dep_ == "conj" else verb  # "that Y called routine and that Z denounced"
        act = clause.head
        if clause.dep_ not in ("relcl", "acl", "ccomp") or act.lemma_.lower() not in CONDEMNED_ACTS:
            continue
        if any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "by") for c in act.children):
            continue  # "Chile's move", "the move by Chile": another rule's reading
        doer = act.head if act.pos_ == "VERB" and act.dep_ == "conj" else next(
            (t for t in act.ancestors if t.pos_ in ("VERB", "AUX") and t.i < act.i), None
        )
        if doer is not None:
            yield from _pairs(sentence.subjects(verb), R.OPPOSES, sentence.subjects(doer), verb, 0.7)


@rule
def received_aid(sentence: Sentence) -> Iterator[Candidate]:
    """ "X received money from Y", "X got weapons from Y": Y supports X."""
    for verb in sentence.tokens:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in RECEIVE_VERBS:
            continue
        given = [t for c in verb.children if c.dep_ == "dobj" for t in (c, *c.conjuncts)]  # "funds and arms"
        given += [p for c in given for of in c.children if of.lower_ == "of" for p in of.children]
        if any(c.lemma_.lower() in AID_NOUNS for c in given):  # "received (most of its) arms from Y"
            givers = sentence.prep_objects(verb, ("from",)) or [
                r for c in given for r in sentence.prep_objects(c, ("from",))
            ]
            yield from _pairs(givers, R.SUPPORTS, sentence.subjects(verb), verb, 0.8)
    for verb in sentence.tokens:  # "X relies on Y for weapons", "X relies on Cuban troops"
        if verb.pos_ == "VERB" and verb.lemma_.lower() in RELYING_VERBS:
            wanted = [
                t
                for w in (*_prep_object_tokens(verb, ("for",)), *_prep_object_tokens(verb, ("on", "upon")))
                for t in (w, *w.conjuncts)
            ]
            if any(t.lemma_.lower() in AID_NOUNS or _moves_force(t) for t in wanted):
                givers = [r for r in sentence.prep_objects(verb, ("on", "upon")) if not _is_location(r)]
                for taker in sentence.subjects(verb):  # a coalition counting on X's troops has X in it
                    joins = _joint_body(taker.entry) and any(_moves_force(t) for t in wanted)
                    yield from _pairs(givers, R.MEMBER_OF if joins else R.SUPPORTS, [taker], verb, 0.8)


@rule
def supplied_aid(sentence: Sentence) -> Iterator[Candidate]:
    """ "X provided weapons to Y", "X gave Y money", "X supplied Y with drones": X supports Y; "X lent Y
    $2bn, and Z provided loans too": Z gives to Y as well."""
    given_to: dict[int, list[Ref]] = {}  # a giving verb's index -> its recipients
    for verb in sentence.tokens:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma not in SUPPLY_VERBS | GIFT_VERBS:
            continue
        given = [p for w in verb.children if w.lower_ == "with" for p in w.children if p.dep_ == "pobj"]
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        takers = [c for c in verb.children if c.dep_ == "dative" or _gets(c, given)]
        if len(objects) == 2 and not takers:  # "lent [Baghdad] $2 billion", parsed as two objects
            takers = objects[:1]
        given += [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c not in takers]
        if verb.dep_ == "relcl" and any(g.lower_ in ("that", "which") for g in given):
            given.append(verb.head)  # "the troops that X promised"
        given += [p for c in given for p in _prep_object_tokens(c, ("in",))]  # "$50m in aid"
        aid = any(  # "sold Y [billions of dollars' worth of equipment]"
            t.lemma_.lower() in AID_NOUNS | FORCE_NOUNS | WEAPON_NOUNS for g in given for t in g.subtree
        )
        if not aid and lemma not in GIFT_VERBS:
            continue
        recipients = [  # "to Y" on the verb, or on what is given: "a million kroner [to Y]"
            r
            for head in (verb, *given)
            for r in sentence.prep_objects(head, ("to",))
            if r.seat is None  # "sent arms to Tripoli": a place; "lent Tripoli $2bn": its government
        ] + [r for c in takers for r in sentence.refs(c)]
        recipients += [  # "supplied (many of) Y's rockets"
            r
            for g in given
            for t in g.subtree
            if t.lemma_.lower() in AID_NOUNS | WEAPON_NOUNS
            for c in t.children
            if c.dep_ == "poss" and c.pos_ != "PRON"  # not "hand in their weapons"
            for r in sentence.refs(c)
        ]
        givers = sentence.prep_objects(verb, ("by",)) if _is_passive(verb) else sentence.subjects(verb)
        if not recipients:  # "kept giving the Kenyan military technical support": the parser hung Y on it
            recipients = [
                r
                for g in given
                if RELATION_NOUNS.get(g.lemma_.lower()) is R.SUPPORTS
                for c in g.children
                if c.dep_ in ("amod", "compound")
                for r in sentence.refs(c)
                if all(r.entry is not giver.entry for giver in givers)
            ]
        recipients = [r for r in recipients if r.entry.type is not ActorType.LOCATION]
        if not recipients and verb.dep_ == "conj":  # the recipient said once for both clauses
            recipients = given_to.get(verb.head.i, [])
        given_to[verb.i] = recipients
        # troops given to a coalition or a mission make the giver one of its members
        troops = any(t.lemma_.lower() in FORCE_NOUNS and t.lemma_.lower() not in AID_NOUNS for t in given)
        for recipient in recipients:  # "contributing to a joint task force": joining it
            joins = (troops or lemma == "contribute") and _joint_body(recipient.entry)
            yield from _pairs(givers, R.MEMBER_OF if joins else R.SUPPORTS, [recipient], verb, 0.8)


def _gets(obj, given: list) -> bool:
    """Whether ``obj``, the object of a verb of giving, is who gets: "supplied [Y] with drones",
    "pledged [Y] its solidarity" (parsed "Y, its solidarity"), but not "provided [weapons]"."""
    return obj.dep_ == "dobj" and (
        bool(given) or any(a.dep_ == "appos" and a.pos_ == "NOUN" for a in obj.children)
    )


@rule
def commanded_bodies(sentence: Sentence) -> Iterator[Candidate]:
    """ "forces under the command of X", "troops led by X" aside, "the force will deploy under
    Chilean leadership": X leads the body."""
    for prep in sentence.tokens:
        if prep.lower_ != "under" or prep.head.pos_ not in ("NOUN", "PROPN", "VERB"):
            continue
        for command in (c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in COMMAND_NOUNS):
            leaders = sentence.prep_objects(command, ("of",)) or [  # "under NATO command"
                r for c in command.children if c.dep_ in OWNER_DEPS for r in sentence.refs(c)
            ]
            if prep.head.pos_ == "VERB":  # a body acting under another's command, not a state's forces
                bodies = [r for r in sentence.subjects(prep.head) if _joint_body(r.entry)]
            else:
                bodies = [body] if (body := sentence.ref(prep.head)) is not None else []
            for body in bodies:  # a standing fact, whatever the clause says
                for leader in leaders:
                    yield Candidate(leader, R.LEADS, body, prep, 0.85, descriptive=True)


@rule
def led_state_bodies(sentence: Sentence) -> Iterator[Candidate]:
    """ "a Chilean delegation led by Defence Minister X": who heads a state's body serves the state, and
    heads it when the body is its government ("the Chilean government, led by Y")."""
    for verb in sentence.tokens:
        if verb.dep_ != "acl" or TRANSITIVE_VERBS.get(verb.lemma_.lower()) is not R.LEADS:
            continue
        body = sentence.ref(verb.head)
        if body is None or not body.entry.is_state or not body.indirect:
            continue  # "the Andean Force, led by X": the body is an actor of its own, another rule's
        people = [r for r in sentence.prep_objects(verb, ("by",)) if r.entry.type is ActorType.PERSON]
        relation = R.LEADS if verb.head.lemma_.lower() in RULING_BODIES else R.MEMBER_OF
        yield from (Candidate(p, relation, Ref(body.entry), verb, 0.75, descriptive=True) for p in people)


@rule
def contributors(sentence: Sentence) -> Iterator[Candidate]:
    """States whose forces a body counts on are its members: "the Andean Mission, whose contingents
    come from X and Y", "the coalition can count on troops from X", "the alliance massed aircraft
    from X"."""
    for forces in sentence.tokens:
        if forces.lemma_.lower() not in FORCE_NOUNS or forces.pos_ != "NOUN":
            continue
        owners = sentence.prep_objects(forces, ("from",))
        if not owners and forces.dep_ == "nsubj":  # "whose contingents come from X"
            owners = sentence.prep_objects(forces.head, ("from",))
        bodies = _bodies_of_forces(sentence, forces)
        if not owners and forces.dep_ == "dobj" and forces.head.lemma_.lower() in SUPPLY_VERBS | GIFT_VERBS:
            owners = sentence.subjects(forces.head)  # "X will provide its largest contingents": its
            owned = [r for c in forces.children if c.dep_ == "poss" for r in sentence.refs(c)]
            bodies += [r for r in owned if _joint_body(r.entry)]
        owners = [o for o in owners if o.entry.is_state]
        if not owners:
            continue
        yield from _pairs(owners, R.MEMBER_OF, bodies, forces, 0.75)


def _bodies_of_forces(sentence: Sentence, forces) -> list[Ref]:
    """The body that ``forces`` serve in: the noun of "whose forces", the subject of the verb
    whose object they are, or the object of "to/in/with" on them; a body, never a state."""
    found = []
    if any(c.lower_ == "whose" for c in forces.children) and forces.head.dep_ == "relcl":
        found += sentence.refs(forces.head.head)
    verb = forces.head.head if forces.dep_ == "pobj" else forces.head
    if forces.dep_ in ("dobj", "pobj") and verb.pos_ == "VERB":
        found += [r for c in verb.children if c.dep_ == "nsubj" for r in sentence.refs(c)]
    found += sentence.prep_objects(forces, ("to", "in", "with"))
    return [r for r in found if r.entry.type in (ActorType.ORGANISATION, ActorType.ARMED_GROUP)]


@rule
def listed_members(sentence: Sentence) -> Iterator[Candidate]:
    """Members listed after a body and a colon or dash: "the coalition of the willing: X, Y and Z",
    "the permanent members of the Council — X, Y and Z"."""
    tokens = sentence.tokens
    for k, mark in enumerate(tokens):
        if mark.text not in (":", "—", "–") or k == 0:
            continue
        before = k - 1
        while before > 0 and tokens[before].is_quote:  # 'the "coalition of the willing": X, Y'
            before -= 1
        body = sentence.ref(tokens[before])
        if body is None or not _joint_body(body.entry):
            continue
        members: list[Ref] = []
        for token in sentence.span.doc[mark.i + 1 :]:  # the parser may end the sentence at the colon
            if token.text in (";", "(", ")", "—", "–", ":", ".", "!", "?"):
                break
            ref = sentence.ref(token)
            if ref is not None and ref.entry.is_state and all(m.entry is not ref.entry for m in members):
                members.append(ref)
        if len(members) > 1:
            yield from _pairs(members, R.MEMBER_OF, [body], mark, 0.75)


def _joint_body(entry: ActorEntry) -> bool:
    """Whether an actor is a body that states join: an alliance, a coalition, a mission or force,
    an organisation of states (by its name, or as PETRARCH2's dictionaries know it)."""
    words = normalise(entry.label).split()
    return (
        not entry.is_state
        and bool(words)
        and (
            bool(set(words) & JOINT_BODY_HEADS) or organisation_types().get(" ".join(words)) == "Organisation"
        )
    )


@rule
def included_members(sentence: Sentence) -> Iterator[Candidate]:
    """ "The bloc, whose members include X and Y", "a coalition that includes X, Y and Z", "the
    group is made up of X and Y": the states listed are members of the body."""
    for verb in sentence.tokens:
        lemma = verb.lemma_.lower()
        subject = any(c.dep_ == "nsubj" for c in verb.children)  # "the grouping links X, Y" read as a noun
        if lemma not in COMPOSING_VERBS or not (verb.pos_ == "VERB" or (verb.tag_ == "NNS" and subject)):
            continue
        # the list may be parsed as an adverbial: "brings together [X], Y and Z"
        listed = [r for c in verb.children if c.dep_ in ("dobj", "npadvmod") for r in sentence.refs(c)]
        if lemma == "make" or _is_passive(verb):  # "made up of X and Y", "composed of X and Y"
            listed = [r for head in (verb, *verb.children) for r in sentence.prep_objects(head, ("of",))]
        bodies = [r for r in _composed_bodies(sentence, verb) if _joint_body(r.entry)]
        members = [r for r in listed if r.entry.type not in (ActorType.PERSON, ActorType.LOCATION)]
        yield from _pairs(members, R.MEMBER_OF, bodies, verb, 0.75)


@rule
def founded_bodies(sentence: Sentence) -> Iterator[Candidate]:
    """ "X, Y and Z have formed a confederation, the Alliance of Sahel States", "X and Y set up the Z
    Council": the founders are its members."""
    for verb in sentence.tokens:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in FOUNDING_VERBS:
            continue
        if verb.lemma_.lower() == "set" and not any(c.lower_ == "up" for c in verb.children):
            continue  # "set up" only
        made = [c for c in verb.children if c.dep_ == "dobj"]
        made += [a for c in made for a in c.children if a.dep_ == "appos"]  # "a confederation, the X"
        bodies = [r for t in made if (r := sentence.ref(t)) is not None and _joint_body(r.entry)]
        founders = [r for r in sentence.subjects(verb) if r.entry.type is not ActorType.PERSON]
        yield from _pairs(founders, R.MEMBER_OF, bodies, verb, 0.75)


@rule
def groups_of_states(sentence: Sentence) -> Iterator[Candidate]:
    """ "the Andean group of Chile, Peru and Bolivia", "the bloc, whose members are X and Y": the
    states a named body is "of", or that its members are."""
    for noun in sentence.tokens:
        lemma = noun.lemma_.lower()
        if lemma in JOINT_BODY_HEADS and noun.pos_ in ("NOUN", "PROPN"):
            # a group the text names: "the P5+1 group", not "a group of states"
            bodies = [b for c in noun.children if c.dep_ in ("compound", "nmod") and (b := sentence.ref(c))]
            listed = sentence.prep_objects(noun, ("of",))
        elif lemma == "member" and noun.dep_ == "nsubj" and noun.head.lemma_ == "be":  # "whose members are"
            bodies = _composed_bodies(sentence, noun.head)
            listed = [r for c in noun.head.children if c.dep_ == "attr" for r in sentence.refs(c)]
        else:
            continue
        bodies = [b for b in bodies if not b.entry.is_state and b.entry.type is not ActorType.PERSON]
        members = [r for r in listed if r.entry.is_state and r.seat is None]
        if len(members) > 1:
            yield from _pairs(members, R.MEMBER_OF, [b for b in bodies if not _is_location(b)], noun, 0.75)


def _composed_bodies(sentence: Sentence, verb) -> list[Ref]:
    """The body a composing verb is about: its subject, the noun of its relative clause, or the
    body whose "members" the subject is ("whose members include", "the members of X include")."""
    found = []
    for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
        if subject.lemma_.lower() == "member":
            found += sentence.prep_objects(subject, ("of",))
            if any(c.lower_ == "whose" for c in subject.children) and verb.dep_ == "relcl":
                found += sentence.refs(verb.head)
        elif subject.lower_ not in ("that", "which"):
            found += sentence.refs(subject)
    if verb.dep_ in ("relcl", "acl") and not found:
        found += sentence.refs(verb.head)
    if verb.dep_ == "conj" and not found:  # "the group, set up in June and made up of X and Y"
        found += _composed_bodies(sentence, verb.head)
    return found


@rule
def fellow_members(sentence: Sentence) -> Iterator[Candidate]:
    """ "X called on the other members of Y", "a fellow Y member": X is a member of Y too."""
    for member in sentence.tokens:
        if member.lemma_.lower() != "member" or not any(
            c.lower_ in ("other", "fellow") for c in member.children
        ):
            continue
        bodies = sentence.prep_objects(member, ("of",)) or [
            r for c in member.children if c.dep_ == "compound" and (r := sentence.ref(c)) is not None
        ]
        verb = member.head.head if member.dep_ == "pobj" else member.head
        if verb.pos_ in ("VERB", "AUX"):
            members = [r for r in sentence.subjects(verb) if r.entry.type is not ActorType.PERSON]
            yield from _pairs(members, R.MEMBER_OF, bodies, member, 0.75)


@rule
def acting_for(sentence: Sentence) -> Iterator[Candidate]:
    """ "X signed for Chile", "X initialled the text for Peru", "X put his name to it on behalf of
    the Y Front": a person who signs for a state or a body serves it."""
    for verb in sentence.tokens:
        if not _signs(verb):
            continue
        people = _signers(sentence, verb)
        yield from _pairs(people, R.MEMBER_OF, _represented(sentence, verb), verb, 0.75)
        states = [r for r in sentence.prep_objects(verb, ("for",)) if r.entry.is_state]
        if not (people and states):
            continue
        # "X signed for Chile, Y for Peru and Z for Bolivia": each after it signed for its own state
        signatories = people[:1]
        for person, preposition in zip(sentence.tokens, sentence.tokens[1:], strict=False):
            if person.i <= verb.i or preposition.lower_ != "for":
                continue
            signer = sentence.ref(person)
            seats = [
                r
                for pobj in preposition.children
                if pobj.dep_ == "pobj"
                for r in sentence.places(pobj)
                if r.entry.is_state
            ]
            if signer is not None and signer.entry.type is ActorType.PERSON:
                yield from _pairs([signer], R.MEMBER_OF, seats, verb, 0.75)
                signatories.append(signer)
        yield from _mutual(signatories, R.SIGNS_AGREEMENT_WITH, verb, 0.75)


@rule
def agreed(sentence: Sentence) -> Iterator[Candidate]:
    """ "X and Y agreed on a plan", "X and Y agreed to withdraw", "X agreed a plan with Y", "the
    pull-back was agreed between X and Y": the parties agree with each other (not "agreed that ...",
    a view shared)."""
    for verb in sentence.tokens:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in AGREEING_VERBS or not _commits(verb):
            continue
        if _is_passive(verb):  # "between" may hang on what was agreed: "the pull-back [between X and Y]"
            parties = sentence.prep_objects(verb, ("by", "between")) or [
                r
                for c in verb.children
                if c.dep_ == "nsubjpass"
                for r in sentence.prep_objects(c, ("between",))
            ]
            yield from _mutual(parties, R.SIGNS_AGREEMENT_WITH, verb, 0.8)
            continue
        subjects = sentence.subjects(verb)
        terms = [c for c in verb.children if c.dep_ == "dobj" or (c.dep_ == "xcomp" and _shared(c))]
        terms += _prep_object_tokens(verb, ("on", "to"))
        others = [r for head in (verb, *terms) for r in sentence.prep_objects(head, ("with", "between"))]
        if others and terms:  # "agreed a plan with Y" ("agreed with Y" alone is verb_relations')
            yield from _pairs(subjects, R.SIGNS_AGREEMENT_WITH, others, verb, 0.8)
        elif terms and not others:
            yield from _mutual(subjects, R.SIGNS_AGREEMENT_WITH, verb, 0.8)


@rule
def signatories(sentence: Sentence) -> Iterator[Candidate]:
    """ "X, Y and Z, the three signatories of the accord", "the signatories included X and Y", "X and Y
    added their signatures": those named as a text's signers sign it with each other."""
    for token in sentence.tokens:
        if token.pos_ == "VERB" and token.lemma_.lower() in ("put", "add") and _signs(token):
            signers = sentence.subjects(token)
            people = [r for r in signers if r.entry.type is ActorType.PERSON]  # not "X, leader of Y,"'s Y
            yield from _mutual(people or signers, R.SIGNS_AGREEMENT_WITH, token, 0.75)
            continue
        if token.lemma_.lower() not in SIGNATORY_NOUNS or token.tag_ != "NNS":
            continue
        if token.dep_ == "appos":  # "X, Y and Z, the three signatories"
            parties = sentence.refs(token.head)
        elif token.dep_ == "nsubj" and token.head.lemma_.lower() in ("include", "be"):
            parties = [
                r for c in token.head.children if c.dep_ in ("dobj", "attr") for r in sentence.refs(c)
            ]
        elif token.dep_ == "attr":  # "X and Y were the signatories"
            parties = sentence.subjects(token.head)
        else:
            continue
        yield from _mutual(parties, R.SIGNS_AGREEMENT_WITH, token, 0.75)


def _shared(clause) -> bool:
    """Whether what a clause says the subjects agreed to do they do together: "to overhaul the way
    their forces are commanded", "to work jointly" (not "X and Y agreed to send troops", each)."""
    return any(t.lower_ in SHARED_WORDS for t in clause.subtree)


@rule
def co_signers(sentence: Sentence) -> Iterator[Candidate]:
    """ "X signed for Chile, while Y put his name to the text for Peru": those who sign in one
    sentence, each with no other party named, sign one text with each other, and so do those they
    sign for."""
    acts = [
        verb
        for verb in sentence.tokens
        if _signs(verb)
        and not sentence.prep_objects(verb, ("with", "between"))
        and not any(sentence.refs(c) for c in verb.children if c.dep_ == "dobj")
    ]
    if len(acts) < 2:
        return
    signers = [r for verb in acts for r in _signers(sentence, verb)]
    parties = [r for verb in acts for r in _represented(sentence, verb)]
    for group in (signers, parties):
        unique = list({r.entry.key: r for r in group}.values())
        yield from _mutual(unique, R.SIGNS_AGREEMENT_WITH, acts[0], 0.75)


def _signs(verb) -> bool:
    """Whether ``verb`` signs a text: "signed", "initialled", "put his name to"."""
    if verb.pos_ != "VERB":
        return False
    lemma = verb.lemma_.lower()
    if lemma in ("put", "add"):  # "put his name to the text", "added their signatures"
        return any(c.dep_ == "dobj" and c.lemma_.lower() in SIGNATURE_NOUNS for c in verb.children)
    return lemma in SIGNING_VERBS


def _signers(sentence: Sentence, verb) -> list[Ref]:
    """The people who sign: the verb's subjects, or the name right before a verb the parser left
    without one ("X signed for Chile and [Y] signed for Peru", Y parsed as a conjunct of Chile)."""
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    before = sentence.ref(verb.nbor(-1)) if not own_subject and verb.i > sentence.span.start else None
    if before is not None:
        return [before] if before.entry.type is ActorType.PERSON else []
    return [r for r in sentence.subjects(verb) if r.entry.type is ActorType.PERSON]


def _represented(sentence: Sentence, verb) -> list[Ref]:
    """Whom a signer signs for: "for Chile", "on behalf of the Y Front" (not a place)."""
    behalf = [
        r
        for prep in verb.children
        if prep.lower_ == "on"
        for noun in prep.children
        if noun.lemma_.lower() == "behalf"
        for r in sentence.prep_objects(noun, ("of",))
    ]
    return [
        r
        for r in sentence.prep_objects(verb, ("for",)) + behalf
        if r.entry.type not in (ActorType.PERSON, ActorType.LOCATION)
    ]


@rule
def part_of(sentence: Sentence) -> Iterator[Candidate]:
    """ "X became part of Y", "X, as part of Y, ...", "X is part of Y": X is a member of Y."""
    for part in sentence.tokens:
        if part.lemma_.lower() != "part" or part.pos_ != "NOUN":
            continue
        wholes = [r for r in sentence.prep_objects(part, ("of",)) if not _is_place(r)]
        if part.dep_ == "dobj" and part.head.lemma_.lower() == "take":  # "X took part in Y", "in which X"
            take = part.head
            members = [r for r in sentence.subjects(take) if r.entry.type is not ActorType.PERSON]
            wholes = [r for h in (take, part) for r in sentence.prep_objects(h, ("in",))]
            wholes = [r for r in wholes if _joint_body(r.entry)]
        elif part.dep_ in ("attr", "xcomp", "acomp", "oprd"):
            members = sentence.subjects(part.head)
        elif part.dep_ == "pobj" and part.head.lower_ == "as":
            governor = part.head.head
            members = (
                sentence.subjects(governor) if governor.pos_ in ("VERB", "AUX") else sentence.refs(governor)
            )
        else:
            continue
        yield from _pairs(members, R.MEMBER_OF, wholes, part, 0.8)


@rule
def role_nouns(sentence: Sentence) -> Iterator[Candidate]:
    """ "Iran has been Assad's chief sponsor", "the Saudis are his patrons"."""
    for noun in sentence.tokens:
        lemma = noun.lemma_.lower()
        relation = ROLE_NOUNS.get(lemma) or REVERSED_ROLE_NOUNS.get(lemma)
        if relation is None:
            continue
        # the name the role is given: "Russia's ally Syria", "Chile's backer, Peru,"
        named = [r for c in _listed(noun) for r in sentence.refs(c)]
        following = noun.doc[noun.i + 1] if noun.i + 1 < sentence.span.end else None
        if not named and following is not None and following.pos_ == "PROPN":
            named = [ref] if (ref := sentence.ref(following)) is not None else []
        # "X (XA), military wing of Y", which the parser may join to an earlier noun
        loose = noun.dep_ == "conj" and _after_comma(noun)
        if noun.dep_ not in ("attr", "nsubj", "appos") and not named and not loose:
            continue
        if lemma == "partner" and any(c.lower_ in TRADE_QUALIFIERS for c in noun.children):
            continue  # "its biggest trading partner"
        others = [r for c in noun.children if c.dep_ == "poss" for r in sentence.refs(c)]
        others += sentence.prep_objects(noun, ("of", "to"))
        others += [  # "a backer of [their] cause"
            r
            for cause in _prep_object_tokens(noun, ("of",))
            if cause.lemma_.lower() in CAUSE_NOUNS
            for c in cause.children
            if c.dep_ == "poss"
            for r in sentence.refs(c)
        ]
        if relation is R.MEMBER_OF:  # "Poland, a NATO member"
            others += [r for c in noun.children if c.dep_ == "compound" and (r := sentence.ref(c))]
        if named:
            holders = named
        elif noun.dep_ == "attr":
            holders = sentence.subjects(noun.head)
        elif noun.dep_ == "appos":
            holders = sentence.refs(noun.head)
        elif loose:
            holders = sentence.nearest_left(noun)
        else:
            holders = [r for c in noun.head.children if c.dep_ == "attr" for r in sentence.refs(c)]
        if lemma in REVERSED_ROLE_NOUNS:
            holders, others = others, holders
        yield from _pairs(holders, relation, others, noun, 0.8)


# Words that may stand inside a title phrase around a name besides the title itself.
TITLE_LINKS = frozenset(("of", "for", "'s", "’s", "-", "then", "and", "Under"))  # "Under Secretary of State"
# Words by which a sentence calls the people it lists heads: "X of Chile and Y of Peru, the two leaders".
HEAD_PLURALS = frozenset(("leader", "president", "premier", "head"))
# Parts of speech that end a title phrase before a name (but for TITLE_LINKS).
TITLE_BREAKS = frozenset(("VERB", "AUX", "ADP", "PUNCT", "PRON", "NUM", "DET"))
# Where a title phrase after a name ends: "X, the Turkish president, said".
TITLE_END_DEPS = frozenset(("relcl", "acl", "ROOT"))
# Words that end a title after "of" rather than name its seat: "Secretary of State", "Chief of Staff".
TITLE_OF_WORDS = frozenset(("state", "staff", "defense", "defence", "government", "mission"))


@rule
def offices(sentence: Sentence) -> Iterator[Candidate]:
    """Offices read from the words around a name, whatever the parse: "Chile's President X",
    "X, Chile's foreign minister", "Chile's military ruler, General X", "X, a spokeswoman for the
    Chilean government", "X of Chile" (memberOf; leads when a head's title precedes the name)."""
    tokens = sentence.tokens
    i = 0
    while i < len(tokens):
        ref = sentence.ref(tokens[i])
        if ref is None or ref.entry.type is not ActorType.PERSON or tokens[i].pos_ == "NOUN":
            i += 1  # a title that stands for its holder ("her adviser, X") is read with the name
            continue
        end = i
        while end + 1 < len(tokens) and sentence.ref(tokens[end + 1]) is ref:
            end += 1
        before = _title_before(sentence, i, ref)
        first = i
        while first > 0 and tokens[first - 1].lower_ in HONORIFICS and not _is_title(tokens[first - 1]):
            first -= 1
        if not before and first >= 2 and tokens[first - 1].text == ",":  # "Chile's military ruler, General X"
            before = _title_before(sentence, first - 1, ref)
        # one title a name: after "President X", ", a spokesperson for Y" starts the next clause
        after = _title_after(sentence, end + 1, ref) if end + 1 < len(tokens) and not before else []
        of_owners = []
        if end + 2 < len(tokens) and tokens[end + 1].lower_ == "of":  # "X of Chile", "X of the EU"
            owner = (
                tokens[end + 3]
                if tokens[end + 2].pos_ == "DET" and end + 3 < len(tokens)
                else tokens[end + 2]
            )
            of_owners = [o for o in sentence.places(owner) if o.entry.type is not ActorType.PERSON]
        titled = False  # whether a title around the name gave an office
        for phrase in (before, after):
            title = phrase if phrase is before else phrase[: _apposition_head(phrase)]
            words = [t.text for t in title if t.pos_ != "DET" and _plain_word(sentence, t, ref)]
            relation = _title_relation(words)
            while relation is None and words and words[-1].lower() in HONORIFICS:
                words.pop()  # a rank before the name: "Chile's army chief, General X"
                relation = _title_relation(words)
            owners = _owners(sentence, phrase, ref) or (of_owners if phrase is before else [])
            if relation is None or not owners:
                continue
            relation = _seat_relation(_one_of_many(relation, words, phrase), words, owners[0])
            if relation is R.LEADS and any(_heads_a_branch(t) for t in phrase):
                relation = R.MEMBER_OF  # "the head of Peru's navy, X" serves Peru
            if words[-1].lower() == "counterpart" and _counterpart_of_head(sentence, phrase):
                relation = R.LEADS  # "President X met his Chilean counterpart, Y": Y heads Chile
            yield Candidate(ref, relation, owners[0], tokens[i], 0.85, descriptive=True)
            titled = True
        if of_owners and not titled:  # "Mediators X of Chile and Y of Peru"
            heads = any(t.lemma_.lower() in HEAD_PLURALS and t.tag_ == "NNS" for t in tokens)  # "the leaders"
            relation = R.LEADS if heads else R.MEMBER_OF
            yield Candidate(
                ref, relation, of_owners[0], tokens[i], 0.75, descriptive=True, rank_unknown=not heads
            )
        i = end + 1


def _heads_a_branch(token) -> bool:
    """Whether a title phrase's ``token`` is a branch of a state, not its government: "navy" in "the head
    of Peru's navy"."""
    lemma = token.lemma_.lower()
    return token.pos_ == "NOUN" and lemma in STATE_BODY_NOUNS and lemma not in RULING_BODIES


def _counterpart_of_head(sentence: Sentence, phrase: list) -> bool:
    """Whether the "counterpart" of ``phrase`` is a counterpart of someone the text titles a head."""
    return any(
        (other := sentence.ref(c)) is not None and sentence.actors.is_titled_head(other.entry)
        for token in phrase
        if token.lemma_.lower() == "counterpart"
        for c in token.children
        if c.dep_ == "poss"
    )


def _seat_relation(relation: R, words: list[str], owner: Ref) -> R:
    """memberOf for a state's commander ("Chile's army commander") or the head of one of the state's
    bodies ("head of the Chilean Navy's Pacific Force"); else ``relation``."""
    if owner.entry.is_state and ((words and words[-1].lower() in BODY_HEAD_TITLES) or owner.indirect):
        return R.MEMBER_OF
    return relation


def _plain_word(sentence: Sentence, token, person: Ref) -> bool:
    """Whether ``token`` of a title phrase is one of the title's own words, not a name or a link."""
    other = sentence.ref(token)
    return (other is None or other.entry is person.entry) and token.text not in TITLE_LINKS


def _title_before(sentence: Sentence, index: int, ref: Ref) -> list:
    """The title phrase right before ``tokens[index]``: "Chile's foreign minister", "the head of X"."""
    tokens = sentence.tokens
    phrase: list = []
    j = index - 1
    while j >= 0:
        token = tokens[j]
        other = sentence.ref(token)
        if token.lower_ == "whose" or (token.dep_ == "poss" and token.pos_ == "PRON"):
            phrase.insert(0, token)  # "Niger, whose President X", "her foreign minister, X": whose office
            break
        stop = token.pos_ in TITLE_BREAKS and token.text not in TITLE_LINKS
        own_title = other is not None and other.entry is ref.entry and token.pos_ == "NOUN"  # "counterpart"
        if stop or (other is not None and other.entry.type is ActorType.PERSON and not own_title):
            break  # another person, or ref's own name
        phrase.insert(0, token)
        j -= 1
    while phrase and phrase[0].text in TITLE_LINKS:
        phrase.pop(0)
    return phrase if any(_is_title(t) for t in phrase) else []


def _title_after(sentence: Sentence, index: int, ref: Ref) -> list:
    """The title in apposition after a name: ", a spokeswoman for the Chilean government," """
    tokens = sentence.tokens
    if tokens[index].text not in (",", "("):
        return []
    phrase: list = []
    for token in tokens[index + 1 :]:
        if token.text in (",", ")", ";", ".") or token.dep_ in TITLE_END_DEPS or token.pos_ == "VERB":
            break
        other = sentence.ref(token)
        if other is not None and other.entry.type is ActorType.PERSON and other.entry is not ref.entry:
            return []  # the title of the next name: "X, Chilean President Y"
        phrase.append(token)
    # the apposition's own head is the title: not "the sister of [the Chilean leader]"
    return phrase if any(_is_title(t) for t in phrase[: _apposition_head(phrase)]) else []


def _apposition_head(phrase: list) -> int:
    """Where the title of an apposition ends: at its first preposition ("a spokeswoman | for X")."""
    prepositions = [i for i, t in enumerate(phrase) if t.pos_ == "ADP" and t.text not in ("'s", "’s")]
    return prepositions[0] if prepositions else len(phrase)


def _owners(sentence: Sentence, phrase: list, person: Ref) -> list[Ref]:
    """The actors a title phrase names as the office's seat, in the order it names them."""
    owners: list[Ref] = []
    heads: list[ActorEntry] = []
    for token in phrase:
        if _title_of_word(token):
            continue  # "Secretary of State", "Chief of Staff": part of the title
        for found in sentence.places(token) if token.dep_ == "pobj" else [sentence.ref(token)]:
            if found is not None and found.entry.type is ActorType.PERSON and found.entry is not person.entry:
                heads.append(found.entry)
            if (
                found is not None
                and found.entry is not person.entry
                and found.entry.type not in (ActorType.PERSON, ActorType.LOCATION)
                and not _portfolio(found.entry)
                and all(o.entry is not found.entry for o in owners)
            ):
                owners.append(found)
    if not owners:  # "President X's adviser": X's state, unless a seat is named ("his Chilean counterpart")
        owners = [Ref(state, indirect=True) for h in heads if (state := sentence.actors.headed_state(h))]
    return owners


def _office_words(words: list[str]) -> list[str]:
    return [w for w in words if w.lower() not in PLAIN_MODIFIERS and w.lower() not in TIME_MODIFIERS]


def _title_relation(words: list[str]) -> R | None:
    """leads for a head's title ("president"), memberOf for other offices ("interior minister").

    >>> _title_relation(["Prime", "Minister"]), _title_relation(["intelligence", "chief"])
    (<RelationType.LEADS: 'leads'>, <RelationType.MEMBER_OF: 'memberOf'>)
    """
    words = " ".join(w.lower() for w in _office_words(words)).replace(" - ", "-").split()
    if not words:  # ("secretary - general": the tokenizer's "secretary-general")
        return None
    phrase, last = " ".join(words), words[-1]
    if set(words) & AGAINST_GOVERNMENT:  # "Peru's opposition leader X": no office of Peru's
        return None
    if phrase in LEADER_TITLES:
        return R.LEADS
    if phrase in MEMBER_TITLES or last in MEMBER_TITLES or last == "minister":
        return R.MEMBER_OF
    if last == "leader" and not set(words) & SUBORDINATE_WORDS:  # "the political leader of X"
        return R.LEADS
    if last in LEADER_TITLES:  # a qualified head leads a branch, not the whole: "intelligence chief"
        return R.MEMBER_OF
    if _only_ranks(words):  # an officer serves in the forces of the seat: "Chilean General X"
        return R.MEMBER_OF
    return None


def _only_ranks(words: list[str]) -> bool:
    return all(w.lower() in RANKS for w in words)


@rule
def respective_offices(sentence: Sentence) -> Iterator[Candidate]:
    """ "the presidents of X and Y, A and B": A holds the office in X, B in Y."""
    for noun in sentence.tokens:
        if noun.tag_ != "NNS" or (noun.lemma_ not in LEADER_TITLES and noun.lemma_ not in MEMBER_TITLES):
            continue
        words = [t.text for t in noun.lefts if t.dep_ in ("amod", "compound")] + [noun.lemma_]
        relation = _title_relation(words)
        if relation is None:
            continue
        seats = [r for r in sentence.prep_objects(noun, ("of",)) if r.entry.is_state]
        people = _people_after(sentence, seats)
        if len(seats) == len(people) > 1:
            for person, seat in zip(people, seats, strict=True):
                yield Candidate(person, relation, seat, noun, 0.85, descriptive=True)


def _people_after(sentence: Sentence, seats: list[Ref]) -> list[Ref]:
    """The people listed right after the last of ``seats``, in order: "of X and Y, [A and B]"."""
    last = max(
        (t.i for t in sentence.tokens if any(sentence.ref(t) is s for s in seats)), default=None
    )
    if last is None or last + 1 >= sentence.span.end or sentence.span.doc[last + 1].text != ",":
        return []
    people: list[Ref] = []
    for token in sentence.span.doc[last + 2 : sentence.span.end]:
        ref = sentence.ref(token)
        if ref is not None and ref.entry.type is ActorType.PERSON:
            if all(p.entry is not ref.entry for p in people):
                people.append(ref)
        elif token.text not in (",", "and") and token.lower_.strip(".") not in HONORIFICS:
            break
    return people


@rule
def titles(sentence: Sentence) -> Iterator[Candidate]:
    """ "Turkish President Erdogan", "Erdogan, the Turkish president", "the head of the GNA Sarraj"."""
    for token in sentence.tokens:
        ref = sentence.ref(token)
        if ref is None or ref.entry.type is not ActorType.PERSON or token.dep_ == "compound":
            continue
        offices = list(_offices(sentence, token, ref))
        national = _national_office(sentence, token, ref)
        if national is not None and not any(owners for _, owners, _ in offices):  # "Secretary of State X"
            yield Candidate(ref, R.MEMBER_OF, national, token, 0.75, descriptive=True)
            continue
        for relation, owners, office_words in offices:
            if owners:
                relation = _seat_relation(relation, office_words, owners[0])
                yield Candidate(ref, relation, owners[0], token, 0.9, descriptive=True)
            elif office_words and (known := sentence.actors.known_seat(ref.entry, relation)) is not None:
                # "President X" here, "Chilean President X" in an earlier text
                yield Candidate(ref, relation, Ref(known), token, 0.75, descriptive=True)
            elif office_words and (
                " ".join(office_words).lower() in STATE_OFFICES
                or office_words[-1].lower() == "minister"
                or any(t.lower_ == "government" for t in _name_prefix(sentence, token, ref))  # its spokesman
            ):
                state = _nearest_state(sentence, token)
                if state is None and relation is R.LEADS and (filed := sentence.actors.dateline_state):
                    state = Ref(filed, indirect=True)  # "MOSCOW - ... Prime Minister X said"
                if state is not None:
                    yield Candidate(ref, relation, state, token, 0.6, descriptive=True)


def _title_of_word(token) -> bool:
    """Whether ``token`` ends a title after "of" rather than names a seat: "State" in "Secretary of
    State"."""
    return token.lower_ in TITLE_OF_WORDS and token.i > 0 and token.nbor(-1).lower_ == "of"


def _national_office(sentence: Sentence, person, ref: Ref) -> Ref | None:
    """The state whose office a title is by its name alone, right before a name: "Secretary of
    State X", "Defense Secretary X"."""
    first = person.i
    while first > sentence.span.start and sentence.ref(person.doc[first - 1]) is ref:
        first -= 1
    title = " ".join(t.lower_ for t in person.doc[max(sentence.span.start, first - 4) : first])
    state = next((s for name, s in NATIONAL_OFFICES.items() if title.endswith(name)), None)
    known = sentence.actors.gazetteer.state(state) if state else None
    return Ref(sentence.actors.state_entry(known, known.name), indirect=True) if known is not None else None


def _offices(sentence: Sentence, person, ref: Ref) -> Iterator[tuple[R, list[Ref], list[str]]]:
    """The offices a person's titles name, each with who it is held in if the text says and the
    title's words: the title before the name, and the one the name hangs on where the first is none
    or a rank alone ("U.S. General X, NATO's commander")."""
    prefix = _name_prefix(sentence, person, ref)
    words = [t.text for t in prefix if t.pos_ in ("NOUN", "PROPN") and sentence.ref(t) is None]
    relation = _title_relation(words)
    if relation is not None:
        relation = _one_of_many(relation, words, prefix)
        owners = [
            r
            for t in prefix
            if (r := sentence.ref(t)) is not None
            and r.entry is not ref.entry
            and not _title_of_word(t)
            and not _portfolio(r.entry)
        ]
        if not owners and person.dep_ == "conj":  # "the head of X Sarraj and the Interior Minister Bashagha"
            head = sentence.ref(person.head)
            office = next(_offices(sentence, person.head, head), None) if head is not None else None
            owners = office[1] if office else []
        rank_only = _only_ranks(words)
        if owners or not rank_only:
            yield relation, owners, _office_words(words)
        if not rank_only:
            return
    title = _governing_title(person)
    if title is None:
        return
    words = [
        *(t.text for t in title.lefts if t.dep_ in ("compound", "amod") and sentence.ref(t) is None),
        _hyphened(title),
    ]
    relation = _title_relation(words)
    if relation is None:
        return
    relation = _one_of_many(relation, words, list(title.lefts))
    owners = []
    for of in (c for c in title.children if c.lower_ == "of"):
        for pobj in (p for p in of.children if p.dep_ == "pobj"):
            if pobj == person:  # the misparse "head of [the GNA] Sarraj": the owner is a compound
                owners += [
                    r
                    for c in person.children
                    if c.dep_ == "compound" and (r := sentence.ref(c)) and r.entry is not ref.entry
                ]
            else:
                owners += sentence.refs(pobj)
        if relation is R.LEADS and any(
            c.dep_ == "prep" and c.lower_ == "for" for p in of.children for c in p.children
        ):
            relation = R.MEMBER_OF  # the head of one branch: "chief of the army for training"
    owners += [r for c in title.children if c.dep_ in ("amod", "poss", "compound") and (r := sentence.ref(c))]
    owners = [o for o in owners if o.entry is not ref.entry]
    yield relation, owners, _office_words(words) if owners else []  # no guessed seat for "X was president"


def _hyphened(token) -> str:
    """``token``'s word with the words hyphened to it: "secretary-general" for "secretary"."""
    doc, start, end = token.doc, token.i, token.i + 1

    def joins(hyphen: int) -> bool:  # "x-y", no space on either side of the hyphen
        return (
            0 < hyphen < len(doc) - 1
            and doc[hyphen].text == "-"
            and not doc[hyphen - 1].whitespace_
            and not doc[hyphen].whitespace_
        )

    while joins(start - 1):
        start -= 2
    while joins(end):
        end += 2
    return doc[start:end].text


def _portfolio(entry: ActorEntry) -> bool:
    """Whether a name in a title is the office's brief, not its seat: "External Affairs Minister X"."""
    words = normalise(entry.label).split()
    return not entry.is_state and bool(words) and words[-1] in PORTFOLIO_WORDS


def _one_of_many(relation: R, words: list[str], before: list) -> R:
    """memberOf for one head among many of a body: "a senior X commander", "a field commander";
    ``before`` are the tokens before the title."""
    if relation is not R.LEADS or words[-1].lower() not in BODY_HEAD_TITLES:
        return relation
    return R.MEMBER_OF if any(t.lower_ in FIELD_RANKS for t in before) else relation


def _name_prefix(sentence: Sentence, person, ref: Ref) -> list:
    """The words right before a name that modify it: "Turkish President" in "Turkish President X"."""
    chain = {person.i}
    prefix: list[Token] = []
    for token in reversed(sentence.span.doc[sentence.span.start : person.i]):
        inward = token.head.i in chain or token.i < token.head.i <= person.i
        inward = inward or (token.dep_ == "case" and token.head.head.i in chain)  # "Ghana ['s] President X"
        if not inward or token.dep_ not in ("compound", "amod", "poss", "nmod", "case", "punct", "det"):
            if sentence.ref(token) is ref:
                chain.add(token.i)
                continue
            break
        chain.add(token.i)
        if sentence.ref(token) is not ref:
            prefix.insert(0, token)
    return prefix


def _is_title(token) -> bool:
    return token.lemma_.lower() in LEADER_TITLES or token.lemma_.lower() in MEMBER_TITLES


def _governing_title(person):
    """A title noun the name hangs on: "X, the Turkish president", "the head of the GNA X", "X serves as"."""
    for child in person.children:
        if child.dep_ == "appos" and (child.pos_ == "NOUN" or _is_title(child)):
            return child
        if child.dep_ == "relcl":  # "X, who serves as Qatar's prime minister"
            title = _predicate_title(child)
            if title is not None:
                return title
    if person.dep_ == "appos" and (person.head.pos_ == "NOUN" or _is_title(person.head)):
        return person.head
    of = person.head.head
    if person.dep_ == "appos" and of.lower_ == "of" and _is_title(of.head):  # "the head of X, Name"
        return of.head
    if person.dep_ == "pobj" and person.head.lower_ == "of" and person.head.head.pos_ == "NOUN":
        return person.head.head
    if person.dep_ in ("nsubj", "nsubjpass"):  # "X serves as", "X was sworn in as"
        return _predicate_title(person.head)
    return None


def _predicate_title(verb):
    """The title a clause gives its subject: "is the president", "serves as prime minister"."""
    for child in verb.children:
        if child.dep_ == "attr" and child.pos_ == "NOUN":
            return child
        if child.dep_ == "prep" and child.lower_ == "as":
            return next((p for p in child.children if p.dep_ == "pobj" and p.pos_ == "NOUN"), None)
    return None


def _nearest_state(sentence: Sentence, token) -> Ref | None:
    """The state named closest to ``token``, not as a destination: the likely seat of an unnamed office."""
    best = None
    for other in sentence.tokens:
        ref = sentence.ref(other)
        if ref is None or ref.indirect or not ref.entry.is_state or other.dep_ == "compound":
            continue
        listed = other
        while listed.dep_ == "conj":  # "troops from X, Y and Z": Z is "from" too
            listed = listed.head
        if listed.dep_ == "pobj" and listed.head.lower_ in AWAY_PREPOSITIONS:
            continue
        if listed.dep_ == "pobj" and listed.head.lower_ == "over":
            continue  # what, not whose: "war over Kuwait"
        if _attributed(other):
            continue  # a source: "according to Chinese state media"
        if other.head.lemma_.lower() in FACILITY_NOUNS and other.dep_ in ("amod", "poss"):
            continue  # where, not whose: "in the Chilean capital"
        if other.head.lemma_.lower() in RELATION_NOUNS and other.dep_ in ("amod", "compound"):
            continue  # another actor's act: "a possible Iraqi attack"
        if other.dep_ in ("amod", "compound", "poss") and other.head != token and _is_title(other.head):
            continue  # the seat of someone else's office: "the first Libyan leader"
        if _acted_on_by(other, token) or _addressed_by(other, token):
            continue  # the other party: "President X accused Chile", "X demanded that Chile stop"
        if best is None or abs(other.i - token.i) < best[0]:
            best = (abs(other.i - token.i), ref)
    return Ref(best[1].entry, indirect=True) if best else None


def _addressed_by(other, person) -> bool:
    """Whether ``other`` is in what ``person`` demands of someone: "X demanded that Chile stop"."""
    verb = person.head
    return (
        person.dep_ == "nsubj"
        and verb.lemma_.lower() in DIRECTIVE_VERBS
        and any(other in c.subtree for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj"))
    )


def _attributed(token) -> bool:
    """Whether ``token`` is in an "according to" phrase."""
    return any(t.lower_ == "to" and t.head.lower_ == "according" for t in token.ancestors)


def _acted_on_by(other, person) -> bool:
    """Whether ``other`` and ``person`` are the two sides of a verb of relation ("X accused Chile",
    "Chile backs X"; not "X took Chile into the alliance": a leader acts on their own state too)."""
    verb, lemma = person.head, person.head.lemma_.lower()
    if not (lemma in TRANSITIVE_VERBS or lemma in JUDGING_VERBS):
        return False
    if person.dep_ == "nsubj":
        return any(other in c.subtree for c in verb.children if c.dep_ in ("dobj", "dative"))
    if person.dep_ == "dobj":  # "Chile backs President X"
        return any(other in c.subtree for c in verb.children if c.dep_ == "nsubj")
    return False


# -- modality ------------------------------------------------------------------------------------


def modality(trigger) -> tuple[Modality, str | None]:
    """The modality of the relation on ``trigger`` and who it is attributed to, if anyone.

    Walks from the trigger up its heads: a negation or a verb of denial negates; if/could/may make it
    hypothetical; will/would and verbs of intent make it intended; a reporting verb reports it.
    """
    found: set[Modality] = set()
    source = None
    node, previous = trigger, None
    scoped = True  # whether the clause is still the trigger's own, not a noun's modifier
    while True:
        lemma = node.lemma_.lower()
        children = list(node.children)
        if scoped and not found & {Modality.REPORTED}:
            negated = any(
                c.dep_ == "neg" or (c.lower_ in NEGATION_WORDS and c.dep_ == "det") for c in children
            )
            if negated and lemma in UNCONFIRMING_VERBS and node != trigger:
                found.add(Modality.REPORTED)  # "X has not confirmed that it arms Y": unconfirmed, not denied
            elif negated:
                found.add(Modality.NEGATED)
            # a verb coordinated with the trigger's clause does not govern it: "rejected X, vowed to fight Y"
            governs = node != trigger and (previous is None or previous.dep_ != "conj")
            if lemma in DENIAL_VERBS and governs:
                found.add(Modality.NEGATED)
            if any(c.lower_ in HYPOTHETICAL_WORDS and c.dep_ in ("mark", "aux") for c in children):
                found.add(Modality.HYPOTHETICAL)
            if any(c.lower_ in INTENT_WORDS and c.dep_ == "aux" for c in children) or (
                lemma in INTENT_WORDS
                and node != trigger
                and previous is not None
                and previous.dep_ in ("xcomp", "dobj", "ccomp", "pobj", "prep")
            ):
                found.add(Modality.INTENDED)
        said = previous is not None and previous.dep_ not in SPEAKER_DEPS  # the content, not the speaker
        if lemma in REPORTING_VERBS and node != trigger and node.pos_ == "VERB" and said:
            found.add(Modality.REPORTED)
            speakers = [c for c in children if c.dep_ in ("nsubj", "agent")]
            if speakers and source is None:
                source = " ".join(t.text for t in speakers[0].subtree).strip()
        for child in children:
            if child.lower_ == "according" and source is None:
                found.add(Modality.REPORTED)
                source = " ".join(t.text for t in child.subtree)[len("according to ") :].strip()
        if node.head == node:
            break
        if _describes_noun(node):
            scoped = False  # "X, led by Y, denied ...": the denial is X's, not about who leads X
        previous, node = node, node.head
    for kind in (Modality.NEGATED, Modality.HYPOTHETICAL, Modality.INTENDED, Modality.REPORTED):
        if kind in found:
            return kind, source
    return Modality.ASSERTED, source


def _describes_noun(clause) -> bool:
    """Whether ``clause`` is a relative or participle clause on a definite noun, which it describes
    whatever the sentence says of it: "X, [led by Y], denied ..." (but not "backs no group [that
    Y supports]", which the negation reaches)."""
    if not (clause.dep_ == "relcl" or (clause.dep_ == "acl" and clause.tag_ == "VBN")):
        return False
    noun = clause.head
    definite = any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS) for c in noun.children
    )
    # an apposition comments on its clause: "X refused Y, [a setback that wrecked Z's war on W]"
    return noun.pos_ == "PROPN" or (noun.pos_ == "NOUN" and (definite or noun.dep_ == "appos"))


# -- the document ---------------------------------------------------------------------------------


def extract_relations(
    document: Document,
    paragraphs: list[Paragraph],
    actors: DocumentActors | None = None,
    rules: Collection[str] | None = None,
) -> list[Relation]:
    """Read the relations a parsed Document states.

    Takes the Document and its parsed paragraphs (``kg.nlp.parse_documents``); returns one Relation
    per (subject, relation, object, the object's name as written, sentence), negated ones included,
    arguments resolved to actors: "advisers in Luanda" and "served in Angola" in one sentence are two
    readings of one deployment, kept apart by name (the graph keeps one, ``kg.rdf.graph.one_per_assertion``).
    ``rules`` names the rules to run (default: every one in ``RULES``).
    """
    actors = actors or DocumentActors(paragraphs, document.text)
    chosen = [f for name, f in RULES.items() if rules is None or name in rules]
    found: list[tuple[Candidate, Evidence]] = []
    for paragraph in paragraphs:
        for span in paragraph.doc.sents:
            sentence = Sentence(span, paragraph.offset, actors)
            start = paragraph.offset + span.start_char
            end = paragraph.offset + span.end_char
            evidence = Evidence(document.id, document.text[start:end], start, end)
            for run in chosen:
                found.extend((candidate, evidence) for candidate in run(sentence))
    return _resolve(found, actors, document.date)


def _resolve(
    found: list[tuple[Candidate, Evidence]], actors: DocumentActors, document_date: str | None
) -> list[Relation]:
    found = _without_doubtful_seats(found, actors)
    led: dict[str, list[ActorEntry]] = {}
    belongs: dict[str, list[ActorEntry]] = {}  # a person -> the bodies the text says they serve in
    for candidate, _ in found:
        ties = {R.LEADS: led, R.MEMBER_OF: belongs}.get(candidate.relation)
        if (
            ties is not None
            and candidate.object.group is None
            and not candidate.object.indirect
            and candidate.object.entry.type is not ActorType.PERSON
        ):
            ties.setdefault(candidate.subject.entry.key, []).append(candidate.object.entry)
    best: dict[tuple, Relation] = {}
    for candidate, evidence in found:
        subject = _actor(candidate.subject, led, actors)
        obj = _actor(candidate.object, led, actors)
        # a capital troops are sent to is its state's node, named as the text names it ("deploysTo
        # Kabul"); a capital attacked is the city, a place ("an offensive on Tripoli")
        seat = candidate.object.seat if candidate.relation is R.DEPLOYS_TO else None
        city = candidate.object.seat
        seat_attacked = (  # "accused Moscow", "sanctioned Caracas": the government, not the city
            candidate.relation is R.OPPOSES and candidate.trigger.lemma_.lower() not in POLITICAL_OPPOSITION
        )
        if city and seat_attacked and candidate.object.entry is not subject:  # not "Santiago halted it"
            obj = actors.place(city)
        relation = candidate.relation
        kind, source = (Modality.ASSERTED, None) if candidate.descriptive else modality(candidate.trigger)
        # a title or a role is a standing fact, not an event of the sentence's date
        when = None if candidate.descriptive else event_date(candidate.trigger, document_date)
        confidence = candidate.confidence
        if candidate.subject.indirect or candidate.object.indirect:
            confidence *= INDIRECT_PENALTY
        if kind is Modality.REPORTED:
            confidence *= REPORTED_PENALTY
        pairs = [(subject, obj, confidence)]
        if relation is R.OPPOSES and _fights(candidate.trigger):
            pairs.append((obj, subject, confidence * RECIPROCAL_PENALTY))  # who is fought fights back
        # A head of state or government acting in office acts for it: "Sisi approved the deployment".
        # A pact rises only when both sides do (Xi signs with Putin: China with Russia); a meeting
        # stays with the people who met (the guidelines leave the states' meeting optional).
        office, other_office = _office_of(subject, led), _office_of(obj, led)
        if relation.symmetric and not (office and other_office and office.is_state and other_office.is_state):
            office = None  # a parliament does not sign with a state
        if office is not None and relation not in (R.LEADS, R.MEMBER_OF, R.MEETS_WITH):
            if not relation.symmetric:
                pairs.append((office, obj, confidence * OFFICE_PENALTY))
            elif other_office is not None:
                pairs.append((office, other_office, confidence * OFFICE_PENALTY))
        for agent, patient, score in pairs:
            if (
                not _admissible(agent, relation, patient)
                or (relation not in (R.LEADS, R.MEMBER_OF) and _own(agent, patient, led))
                or (relation.symmetric and _own(agent, patient, belongs))
            ):  # a leader does not meet, back or fight the state they head; no one meets their own
                continue
            if normalise(agent.written) == normalise(patient.written):
                continue  # two nodes the text names alike are one actor to its reader
            item = Relation(
                agent.actor(),
                relation,
                patient.actor(),
                evidence,
                round(score, 3),
                kind,
                when,
                attributed_to=source,
                subject_name=agent.written,
                object_name=seat if seat and patient is obj else patient.written,
            )
            key = (item.subject.key, relation, item.object.key, item.object_name, evidence.start)
            if key not in best or best[key].confidence < item.confidence:
                best[key] = item
    return list(best.values())


def _fights(trigger) -> bool:
    """Whether a verb of opposition is one of fighting, which has two sides: "X has been fighting Y"."""
    return trigger.pos_ == "VERB" and trigger.lemma_.lower() in MUTUAL_FIGHTING


def _without_doubtful_seats(
    found: list[tuple[Candidate, Evidence]], actors: DocumentActors
) -> list[tuple[Candidate, Evidence]]:
    """``found`` reconciled across the document's offices: "X of Chile" leads where the text titles
    X a head elsewhere; a head is not also a member of what they head; and the guessed seats of
    office ("President X" and a state nearby) go where the text belies them, naming the person's
    real seat elsewhere or another person as the state's head."""
    leaders = {c.subject.entry.key for c, _ in found if c.relation is R.LEADS and c.descriptive}

    def head(c: Candidate) -> bool:  # "the presidents of X and Y ... A of X and B of Y signed"
        seat, person = c.object.entry, c.subject.entry
        titled = actors.has_head_titled(seat) and actors.headed_by(seat) in (None, person)
        return person.key in leaders or titled

    found = [(replace(c, relation=R.LEADS) if c.rank_unknown and head(c) else c, e) for c, e in found]
    headships = {(c.subject.entry.key, c.object.entry.key) for c, _ in found if c.relation is R.LEADS}
    found = [  # a head is not also a member of what they head: "Prime Minister X ... X of Chile"
        (c, e)
        for c, e in found
        if not (c.relation is R.MEMBER_OF and (c.subject.entry.key, c.object.entry.key) in headships)
    ]
    stated = {c.subject.entry.key for c, _ in found if _is_office(c) and not c.object.indirect}
    headed: dict[str, str] = {}  # state -> the person said (else first guessed) to head it
    heads = [c for c, _ in found if _is_office(c) and c.relation is R.LEADS and c.object.entry.is_state]
    for c in sorted(heads, key=lambda c: c.object.indirect):  # stable: stated ones first
        headed.setdefault(c.object.entry.key, c.subject.entry.key)

    def belied(c: Candidate) -> bool:
        person, seat = c.subject.entry.key, c.object.entry.key
        return person in stated or (c.relation is R.LEADS and headed.get(seat, person) != person)

    def guessed(c: Candidate) -> bool:  # a title's seat, or a state reached through its body ("led by")
        return _is_office(c) and c.object.indirect and c.object.entry.is_state

    return [(c, e) for c, e in found if not (guessed(c) and belied(c))]


def _named_for(body: ActorEntry, state: ActorEntry) -> bool:
    """Whether a body's name names the state: "the Popular Movement for the Liberation of Angola"."""
    if body.is_state or not state.is_state or _joint_body(body):  # not "the International Force East Timor"
        return False
    names = {f" {normalise(n)} " for n in (state.label, *state.names)}
    return any(n in f" {normalise(label)} " for label in (body.label, *body.aliases) for n in names)


def _document(entry: ActorEntry) -> bool:
    """Whether a name is an agreement's, not a party's: "the Budapest Memorandum", "the Lusaka accord"."""
    words = normalise(entry.label).split()
    return (
        not entry.is_state
        and bool(words)
        and RELATION_NOUNS.get(words[-1]) is R.SIGNS_AGREEMENT_WITH
        and not set(words) & (JOINT_BODY_HEADS | GOVERNMENT_WORDS)  # not "Government of National Accord"
    )


def _own(one: ActorEntry, other: ActorEntry, led: dict[str, list[ActorEntry]]) -> bool:
    """Whether one of the two heads the other."""
    return any(e.key == other.key for e in led.get(one.key, ())) or any(
        e.key == one.key for e in led.get(other.key, ())
    )


def _office_of(entry: ActorEntry, led: dict[str, list[ActorEntry]]) -> ActorEntry | None:
    """The state or government a person heads, if the document says so."""
    if entry.type is not ActorType.PERSON:
        return None
    return next(
        (e for e in led.get(entry.key, ()) if e.type in (ActorType.STATE, ActorType.GOVERNMENT)), None
    )


def _is_office(candidate: Candidate) -> bool:
    return candidate.relation in (R.LEADS, R.MEMBER_OF) and candidate.subject.entry.type is ActorType.PERSON


def _actor(ref: Ref, led: dict[str, list[ActorEntry]], actors: DocumentActors) -> ActorEntry:
    entry = ref.entry
    if ref.group and entry.type is ActorType.PERSON:
        wanted = ActorType.GOVERNMENT if ref.group == "government" else ActorType.ARMED_GROUP
        for candidate in led.get(entry.key, ()):
            if candidate.type is wanted or wanted is ActorType.ARMED_GROUP or candidate.is_state:
                # "her ministers", "his government": the state the person heads
                return candidate
        return actors.group_of(entry, ref.group, ref.label or f"{entry.label}'s {ref.group}")
    return entry


def _admissible(subject: ActorEntry, relation: R, obj: ActorEntry) -> bool:
    if subject.key == obj.key or subject.type is ActorType.LOCATION or _document(subject) or _document(obj):
        return False
    if relation is R.MEMBER_OF and subject.is_state and obj.is_state:  # "joined the US in defending X"
        return False
    if relation is R.DEPLOYS_TO:  # a state or a body deploys; "Bush sent forces": the US does
        return (
            subject.type is not ActorType.PERSON
            and obj.type in (ActorType.LOCATION, ActorType.STATE)
            and not _named_for(subject, obj)  # "the Movement for the Liberation of Angola" is at home
        )
    if relation is R.LEADS:  # a person heads an actor; an actor may lead a coalition ("a US-led coalition")
        return obj.type is not ActorType.LOCATION and (
            subject.type is ActorType.PERSON or obj.type is not ActorType.STATE
        )
    if relation is R.MEMBER_OF:
        return obj.type is not ActorType.LOCATION and obj.type is not ActorType.PERSON
    return True
