"""The relation lexicon as data (kg/data/relations.toml): well-formed, and the source of the rules' words."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from kg.extract import lexicon
from kg.model import Document, RelationType

# The roles each table's triggers give subject and object; tables with the same roles compete.
ROLES = {
    "verbs": ("agent", "patient"),
    "phrasal_verbs": ("agent", "patient"),
    "prepositional_verbs": ("agent", "preposition object"),
    "nouns": ("possessor or agent", "noun preposition object"),
    "participles": ("hyphenated actor", "noun described"),
    "role_nouns": ("role holder", "possessor"),
    "reversed_role_nouns": ("possessor", "role holder"),
}


@pytest.fixture(scope="module")
def data() -> dict:
    with resources.files("kg").joinpath("data/relations.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_every_table_has_its_roles_and_every_relation_is_known(data):
    assert set(data) == set(ROLES) | {"noun_prepositions", "cameo_exclusions"}
    known = {r.value for r in RelationType}
    for table in ROLES:
        assert data[table], f"{table} is empty"
        assert set(data[table].values()) <= known, table
    assert set(data["noun_prepositions"]) <= known


def test_no_trigger_in_two_relations_unless_its_roles_differ(data):
    seen: dict[tuple, tuple[str, str]] = {}
    for table, roles in ROLES.items():
        for trigger, relation in data[table].items():
            key = (roles, trigger)
            if key in seen:
                assert seen[key][1] == relation, f"{trigger!r}: {seen[key]} and {(table, relation)}"
            seen[key] = (table, relation)


def test_triggers_are_lemmas(data):
    for table in ROLES:
        for trigger in data[table]:
            assert trigger == trigger.lower().strip(), trigger
            assert len(trigger.split()) == (
                2 if table.endswith(("phrasal_verbs", "prepositional_verbs")) else 1
            )


def test_the_rules_read_the_file(data):
    verbs = {k: v.value for k, v in lexicon.TRANSITIVE_VERBS.items()}
    assert verbs.items() >= data["verbs"].items()  # the file's own verbs win over CAMEO's
    assert not set(verbs) & set(data["cameo_exclusions"]["verbs"])
    assert verbs["assassinate"] == "opposes"  # from CAMEO (code 186) only
    assert {" ".join(k): v.value for k, v in lexicon.PREPOSITIONAL_VERBS.items()} == data[
        "prepositional_verbs"
    ]
    assert {k: v.value for k, v in lexicon.RELATION_NOUNS.items()} == data["nouns"]


def test_a_verb_of_the_file_makes_a_relation_through_the_real_extractor():
    """'bankroll' is in [verbs] as supports: the extractor reads it in either voice."""
    from kg.extract.corpus import extract

    text = "Chile bankrolls the Zorvan Front. The Kestrel Brigade is bankrolled by Peru."
    ((_, relations),) = extract([Document("d", text)])
    found = {(r.subject.label, r.relation.value, r.object.label) for r in relations}
    assert ("Chile", "supports", "Zorvan Front") in found
    assert ("Peru", "supports", "Kestrel Brigade") in found
