"""The lexicons derived from PETRARCH2 (kg/data/cameo_verbs.toml, organisations.tsv, agent_nouns.tsv).

These tests read the committed data files, so they pass in a clone without the field resource; only
the test that reruns scripts/derive_lexicons.py needs ../shared/lexicons/petrarch2 and skips without it.
"""

from __future__ import annotations

import doctest
import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from tests.paths import ROOT

DATA = ROOT / "kg" / "data"
SCRIPT = ROOT / "scripts" / "derive_lexicons.py"
RESOURCE = ROOT.parent / "shared" / "lexicons" / "petrarch2"
RELATIONS = {"supports", "signsAgreementWith", "deploysTo", "opposes", "leads", "memberOf", "meetsWith"}
GENERATED = ("cameo_verbs.toml", "organisations.tsv", "agent_nouns.tsv")


@pytest.fixture(scope="module")
def script() -> ModuleType:
    """scripts/derive_lexicons.py as a module (it is committed beside the data: its word lists are)."""
    spec = importlib.util.spec_from_file_location("derive_lexicons", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cameo() -> dict:
    with (DATA / "cameo_verbs.toml").open("rb") as handle:
        return tomllib.load(handle)


def _tsv(name: str) -> tuple[list[str], list[list[str]]]:
    """The column names and rows of a generated TSV file (its "#" header lines left out)."""
    lines = [line for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line]
    body = [line for line in lines if not line.startswith("#")]
    return body[0].split("\t"), [line.split("\t") for line in body[1:]]


@pytest.fixture(scope="module")
def organisations() -> list[dict[str, str]]:
    columns, rows = _tsv("organisations.tsv")
    assert columns == ["name", "type", "aliases", "code"]
    assert all(len(row) == 4 for row in rows), [row for row in rows if len(row) != 4][:3]
    return [dict(zip(columns, row, strict=True)) for row in rows]


@pytest.fixture(scope="module")
def agents() -> dict[str, str]:
    columns, rows = _tsv("agent_nouns.tsv")
    assert columns == ["noun", "code"]
    assert all(len(row) == 2 for row in rows)
    nouns = [noun for noun, _ in rows]
    assert len(nouns) == len(set(nouns)), "a noun listed twice"
    return dict(rows)


# --- provenance ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", GENERATED)
def test_generated_files_name_their_source_commit_licence_and_command(name: str) -> None:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    header = "\n".join(line for line in lines[:8] if line.startswith("#"))
    assert lines[0].startswith("# ")
    assert "676801c" in header and "petrarch2" in header
    assert "Copyright (c) 2014 Open Event Data" in header and "MIT" in header
    assert "python scripts/derive_lexicons.py ../shared/lexicons/petrarch2" in header
    assert re.search(r"(CAMEO\.2\.0|Phoenix\.[A-Za-z.]+)\.txt", header)


def test_licence_is_kept_beside_the_data() -> None:
    text = (DATA / "PETRARCH2-LICENSE").read_text(encoding="utf-8")
    assert "The MIT License" in text and "Copyright (c) 2014 Open Event Data" in text


# --- cameo_verbs.toml ----------------------------------------------------------------------------


def test_toml_has_its_tables(cameo: dict) -> None:
    assert set(cameo) == {"verbs", "prepositional_verbs", "verb_objects", "force_nouns", "noun_classes"}
    assert len(cameo["verbs"]) > 100


@pytest.mark.parametrize("table", ["verbs", "prepositional_verbs", "verb_objects"])
def test_every_entry_names_one_of_the_seven_relations_and_its_cameo_code(cameo: dict, table: str) -> None:
    assert cameo[table]
    for key, entry in cameo[table].items():
        assert entry["relation"] in RELATIONS, key
        assert re.fullmatch(r"\d{3,4}", entry["cameo"]), key
        assert re.fullmatch(r"[A-Z][A-Z_-]*", entry["block"]), key


def test_verbs_are_lower_case_single_words(cameo: dict) -> None:
    for verb in cameo["verbs"]:
        assert re.fullmatch(r"[a-z]+", verb), verb


def test_no_stop_listed_verb(cameo: dict, script: ModuleType) -> None:
    assert not set(cameo["verbs"]) & script.STOP_VERBS
    for general in ("think", "go", "travel", "best", "match", "ring", "die", "hold", "take", "pull", "call"):
        assert general not in cameo["verbs"], general


def test_040_keeps_only_the_consult_meet_core(cameo: dict, script: ModuleType) -> None:
    consulting = {verb for verb, entry in cameo["verbs"].items() if entry["cameo"].startswith("040")}
    assert consulting and consulting <= script.CORE_040


@pytest.mark.parametrize(
    ("verb", "relation"),
    [
        ("attack", "opposes"),
        ("bomb", "opposes"),
        ("invade", "opposes"),
        ("denounce", "opposes"),
        ("threaten", "opposes"),
        ("boycott", "opposes"),
        ("visit", "meetsWith"),
        ("meet", "meetsWith"),
        ("host", "meetsWith"),
        ("consult", "meetsWith"),
        ("fund", "supports"),
        ("arm", "supports"),
        ("defend", "supports"),
        ("mobilize", "deploysTo"),
    ],
)
def test_well_known_verbs(cameo: dict, verb: str, relation: str) -> None:
    assert cameo["verbs"][verb]["relation"] == relation


def test_verb_codes_follow_the_mapping(cameo: dict, script: ModuleType) -> None:
    for verb, entry in cameo["verbs"].items():
        assert script.relation_for(entry["cameo"], verb, entry["block"]) == entry["relation"], verb
    assert cameo["verbs"]["attack"] == {"relation": "opposes", "cameo": "190", "block": "PHYSICAL_CONFLICT"}


def test_prepositional_verbs(cameo: dict, script: ModuleType) -> None:
    table = cameo["prepositional_verbs"]
    for key, entry in table.items():
        assert key == f"{entry['verb']} {entry['preposition']}"
        assert entry["preposition"] in script.PARTY_PREPOSITIONS
        assert (entry["verb"], entry["preposition"]) not in script.STOP_PREPOSITIONAL
    assert table["clash with"]["relation"] == "opposes"
    assert table["meet with"]["relation"] == "meetsWith"


def test_verb_objects(cameo: dict) -> None:
    table = cameo["verb_objects"]
    for key, entry in table.items():
        assert key == f"{entry['verb']} {entry['object']}"
        if entry["object"].startswith("&"):
            assert entry["object"][1:] in cameo["noun_classes"], key
    assert table["sign &TREATY"]["relation"] == "signsAgreementWith"
    assert table["ratify &TREATY"]["relation"] == "signsAgreementWith"
    assert table["deploy &MILITARY"]["relation"] == "deploysTo"
    assert table["impose sanction"]["relation"] == "opposes"
    assert table["hold talk"]["relation"] == "meetsWith"
    assert "treaty" in cameo["noun_classes"]["TREATY"]


def test_force_nouns(cameo: dict) -> None:
    nouns = cameo["force_nouns"]["nouns"]
    assert nouns == sorted(set(nouns))
    assert all(re.fullmatch(r"[a-z][a-z0-9/'-]*", noun) for noun in nouns)
    assert {"troop", "soldier", "force", "tank", "missile", "warplane", "drone", "peacekeeper"} <= set(nouns)
    assert not {"reserve", "typhoon", "house", "fire"} & set(nouns)
    for nouns_of_class in cameo["noun_classes"].values():
        assert nouns_of_class == sorted(set(nouns_of_class))


# --- organisations.tsv ---------------------------------------------------------------------------


def test_organisation_rows_are_well_formed(organisations: list[dict[str, str]]) -> None:
    assert len(organisations) > 500
    for row in organisations:
        assert row["type"] in {"Organisation", "ArmedGroup"}, row
        assert row["name"] and row["name"] == row["name"].strip(), row
        assert re.fullmatch(r"[A-Z]{3,}", row["code"]), row
        assert all(alias and alias == alias.strip() for alias in row["aliases"].split("|") if row["aliases"])
        if row["type"] == "Organisation":
            assert row["code"].startswith("IGO"), row


def test_no_duplicate_names_or_aliases(organisations: list[dict[str, str]]) -> None:
    names = [row["name"].lower() for row in organisations]
    assert len(names) == len(set(names)), "a name listed twice"
    owner: dict[str, str] = {}
    for row in organisations:
        aliases = [alias.lower() for alias in row["aliases"].split("|") if alias]
        assert len(aliases) == len(set(aliases)), row
        assert row["name"].lower() not in aliases, row
        for alias in aliases:
            assert alias not in names, (alias, row["name"])
            assert owner.setdefault(alias, row["name"]) == row["name"], (alias, row["name"])


def test_no_generic_one_word_names(organisations: list[dict[str, str]]) -> None:
    generic = {"rebels", "rebel", "military", "army", "militia", "insurgents", "forces", "organization"}
    for row in organisations:
        for name in [row["name"], *row["aliases"].split("|")]:
            assert name.lower() not in generic, row


def _row(organisations: list[dict[str, str]], name: str) -> dict[str, str]:
    return next(row for row in organisations if row["name"] == name)


def test_well_known_organisations(organisations: list[dict[str, str]]) -> None:
    nato = _row(organisations, "NATO")
    assert nato["type"] == "Organisation"
    assert "North Atlantic Treaty Organization" in nato["aliases"].split("|")
    assert "UN" in _row(organisations, "United Nations")["aliases"].split("|")
    assert "EU" in _row(organisations, "European Union")["aliases"].split("|")
    assert _row(organisations, "ASEAN")["type"] == "Organisation"
    for group in ("Hamas", "Hezbollah", "Taliban", "Al-Shabaab", "Boko Haram"):
        assert _row(organisations, group)["type"] == "ArmedGroup", group
    assert "ETA" in _row(organisations, "Basque Fatherland and Freedom")["aliases"].split("|")


def test_people_are_left_out(organisations: list[dict[str, str]]) -> None:
    names = {n.lower() for row in organisations for n in [row["name"], *row["aliases"].split("|")]}
    for person in ("kofi annan", "ban ki-moon", "osama bin laden", "khaled meshaal", "hambali"):
        assert person not in names, person


# --- agent_nouns.tsv -----------------------------------------------------------------------------


def test_agent_nouns_are_one_or_two_lower_case_words(agents: dict[str, str]) -> None:
    assert len(agents) > 500
    for noun, code in agents.items():
        assert noun == noun.lower() and 1 <= len(noun.split()) <= 2, noun
        assert re.fullmatch(r"[A-Z]{3,}", code), (noun, code)


def test_well_known_agent_nouns(agents: dict[str, str]) -> None:
    assert agents["troop"] == "MIL"
    assert agents["soldier"] == "MIL"
    assert agents["minister"] == "GOV"
    assert agents["rebel"] == "REB"
    assert agents["defense minister"] == "GOVMIL"
    assert "spokesman" in agents


# --- the script ----------------------------------------------------------------------------------


def test_script_doctests(script: ModuleType) -> None:
    assert doctest.testmod(script).failed == 0


@pytest.mark.skipif(not RESOURCE.is_dir(), reason="the PETRARCH2 field resource is not beside this clone")
def test_script_regenerates_the_committed_files(script: ModuleType, tmp_path: Path) -> None:
    assert script.main([str(RESOURCE), "--out", str(tmp_path)]) == 0
    for name in (*GENERATED, "PETRARCH2-LICENSE"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
