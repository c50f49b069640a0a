"""Country names, demonyms and ISO codes (resolve/countries.py), table-driven."""

from __future__ import annotations

import pytest

from eventwire.resolve.countries import (
    all_countries,
    country_info,
    country_name,
    iso3_for_demonym,
    iso3_for_name,
    iso3_from_iso2,
)


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Venezuela", "VEN"),
        ("the United States", "USA"),
        ("United States of America", "USA"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("USA", "USA"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("the United Kingdom", "GBR"),
        ("DRC", "COD"),
        ("DR Congo", "COD"),
        ("Democratic Republic of the Congo", "COD"),
        ("Republic of the Congo", "COG"),
        ("Congo-Brazzaville", "COG"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Georgia", "GEO"),
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("Burma", "MMR"),
        ("Türkiye", "TUR"),
        ("Palestine", "PSE"),
        ("Kosovo", "XKX"),
        ("Czech Republic", "CZE"),
        ("the Netherlands", "NLD"),
        ("UAE", "ARE"),
        ("Niger", "NER"),
        ("Nigeria", "NGA"),
        ("South Sudan", "SSD"),
        ("Sudan", "SDN"),
        ("Venezuela's", "VEN"),
        ("  haiti ", "HTI"),
    ],
)
def test_iso3_for_name(name: str, iso3: str) -> None:
    assert iso3_for_name(name) == iso3


@pytest.mark.parametrize("name", ["Kingdom", "Republic", "Korea", "", "Tbilisi", "RP", "Springfield"])
def test_iso3_for_name_rejects_non_countries(name: str) -> None:
    assert iso3_for_name(name) is None


def test_car_is_only_the_acronym_we_chose() -> None:
    assert iso3_for_name("CAR") == "CAF"
    assert iso3_for_name("Korea") is None  # ambiguous between KOR and PRK
    assert iso3_for_name("RP") is None  # generated short aliases are left out


@pytest.mark.parametrize(
    ("word", "iso3"),
    [
        ("Venezuelan", "VEN"),
        ("Venezuelans", "VEN"),
        ("Sudanese", "SDN"),
        ("South Sudanese", "SSD"),
        ("Israeli", "ISR"),
        ("Israelis", "ISR"),
        ("Ukrainian", "UKR"),
        ("American", "USA"),
        ("Americans", "USA"),
        ("British", "GBR"),
        ("Congolese", "COD"),
        ("Palestinian", "PSE"),
        ("Palestinians", "PSE"),
        ("Libyan", "LBY"),
        ("Lebanese", "LBN"),
        ("Haitian", "HTI"),
        ("Emirati", "ARE"),
        ("Saudi", "SAU"),
        ("Filipino", "PHL"),
        ("Swiss", "CHE"),
        ("Burkinabè", "BFA"),
        ("russian", "RUS"),
    ],
)
def test_iso3_for_demonym(word: str, iso3: str) -> None:
    assert iso3_for_demonym(word) == iso3


@pytest.mark.parametrize("word", ["Democrat", "Republicans", "Sunni", "Kurdish", "Houthi", ""])
def test_iso3_for_demonym_rejects_other_groups(word: str) -> None:
    assert iso3_for_demonym(word) is None


@pytest.mark.parametrize(
    ("iso2", "iso3"), [("VE", "VEN"), ("ve", "VEN"), ("CD", "COD"), ("XK", "XKX"), ("GB", "GBR")]
)
def test_iso3_from_iso2(iso2: str, iso3: str) -> None:
    assert iso3_from_iso2(iso2) == iso3


def test_iso3_from_iso2_unknown_and_alpha3() -> None:
    assert iso3_from_iso2("ZZ") is None
    assert iso3_from_iso2("VEN") == "VEN"


@pytest.mark.parametrize(
    ("iso3", "name"),
    [("VEN", "Venezuela"), ("COD", "Democratic Republic of the Congo"), ("usa", "United States")],
)
def test_country_name(iso3: str, name: str) -> None:
    assert country_name(iso3) == name


def test_country_name_unknown() -> None:
    assert country_name("ZZZ") is None


def test_country_table() -> None:
    countries = all_countries()
    assert len(countries) >= 245
    venezuela = country_info("VEN")
    assert venezuela is not None and venezuela.geonameid == 3625428 and venezuela.iso2 == "VE"
    assert venezuela.capital == "Caracas"
    every_iso3 = {info.iso3 for info in countries}
    # Every demonym row points at a real country, and every country has a name that resolves back to it.
    for info in countries:
        assert iso3_for_name(info.name) == info.iso3, info.name
    assert {"VEN", "COD", "PSE", "XKX", "SSD"} <= every_iso3


def test_demonyms_cover_most_sovereign_states() -> None:
    from eventwire.resolve.countries import demonym_keys

    covered = set(demonym_keys().values())
    un_members_sample = {
        "AFG",
        "DZA",
        "BRA",
        "CHN",
        "EGY",
        "ETH",
        "IND",
        "IRN",
        "IRQ",
        "MLI",
        "MMR",
        "NGA",
        "PAK",
        "SOM",
        "SYR",
        "TUR",
        "YEM",
        "ZWE",
        "MEX",
        "COL",
        "HTI",
        "VEN",
        "UKR",
        "RUS",
    }
    assert un_members_sample <= covered
    assert len(covered) >= 180
