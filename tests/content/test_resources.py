"""The hotline data: sourced, dated, and free of anything the reference marks UNVERIFIED or CLOSED."""

from __future__ import annotations

import re
from pathlib import Path

from bot.content.resources import DEFAULT_COUNTRY, all_countries, resources_for

# The sourced table data/content/resources/ was transcribed from, kept in the repository.
REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "crisis-resources.md"
NEEDS_ON_THE_CARD = ("suicide_crisis", "sexual_assault", "domestic_violence")


def test_every_service_keeps_its_source_and_date():
    for country in all_countries().values():
        for service in country.services:
            assert service.source and service.source_date, service.id
            assert service.contacts, service.id
            assert "UNVERIFIED" not in service.status.upper(), service.id
            assert "CLOSED" not in service.status.upper(), service.id


def test_every_country_has_an_emergency_number_and_the_card_needs_or_says_why_not():
    for country in all_countries().values():
        assert country.emergency and country.emergency.number, country.code
        for need in NEEDS_ON_THE_CARD:
            assert country.first_for(need) or need in country.gaps, (country.code, need)


def test_us_is_the_default_and_unknown_countries_get_the_international_list():
    assert resources_for(None).code == DEFAULT_COUNTRY == "US"
    assert resources_for("FR").code == "INTL"
    assert resources_for("uk").code == "UK"


def _digits(text: str) -> set[str]:
    return {re.sub(r"\D", "", m) for m in re.findall(r"\+?\d[\d\s\-()]{2,}\d", text)}


def test_no_number_from_an_unverified_or_closed_row_is_shipped():
    assert REFERENCE.is_file(), f"the hotline reference is missing: {REFERENCE}"
    shipped = set()
    for country in all_countries().values():
        for service in country.services:
            for contact in service.contacts:
                shipped |= _digits(contact.value) | _digits(contact.display)
    banned = set()
    for row in REFERENCE.read_text(encoding="utf-8").splitlines():
        cells = row.split("|")
        if len(cells) > 7 and re.search(r"UNVERIFIED|CLOSED", cells[6]) and "VERIFIED" not in \
                re.sub(r"UNVERIFIED", "", cells[6]):
            banned |= {d for d in _digits(cells[4]) if len(d) >= 6}
    # An empty list would pass vacuously: the table's format must still be the one read here.
    assert banned, f"no UNVERIFIED or CLOSED number read from {REFERENCE.name}"
    assert not (shipped & banned), shipped & banned
