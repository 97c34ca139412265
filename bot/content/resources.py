"""Hotlines and emergency numbers by country, from data/content/resources/*.yml.

Every entry keeps its source and the date it was checked; nothing the reference table
marks UNVERIFIED or CLOSED is in these files (tests/content/test_resources.py checks).
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import Field

from bot.content.loader import Content, load
from bot.content.paths import CONTENT_DIR

RESOURCES_DIR = CONTENT_DIR / "resources"
DEFAULT_COUNTRY = "US"
INTERNATIONAL = "INTL"


class Contact(Content):
    kind: Literal["call", "text", "chat", "email", "web"]
    value: str
    display: str
    keyword: str | None = None  # the word to text, where a text line asks for one


class Service(Content):
    id: str
    name: str
    needs: tuple[str, ...]
    contacts: tuple[Contact, ...]
    hours: str = ""
    region: str | None = None
    notes: str | None = ""
    status: str
    status_detail: str | None = None
    source: str
    source_date: str


class Emergency(Content):
    number: str
    display: str
    notes: str = ""
    status: str
    source: str
    source_date: str


class CountryResources(Content):
    code: str = Field(alias="country")
    name: str
    emergency: Emergency | None = None
    services: tuple[Service, ...] = ()
    gaps: tuple[str, ...] = ()
    gap_note: str = ""

    class Config:
        allow_population_by_field_name = True

    def first_for(self, need: str) -> Service | None:
        """The service the crisis card shows for a need: the files list the best one first."""
        return next((s for s in self.services if need in s.needs), None)


@cache
def all_countries() -> dict[str, CountryResources]:
    countries = [load(path, CountryResources) for path in sorted(RESOURCES_DIR.glob("*.yml"))]
    return {country.code.upper(): country for country in countries}


def resources_for(country_code: str | None) -> CountryResources:
    """The user's country, US until one is set, the international list for any other."""
    countries = all_countries()
    code = (country_code or DEFAULT_COUNTRY).upper()
    return countries.get(code) or countries[INTERNATIONAL]


def supported_countries() -> list[tuple[str, str]]:
    """(code, name) of every country with its own list, for a country picker."""
    return [(c.code, c.name) for c in all_countries().values() if c.code != INTERNATIONAL]
