"""Hotlines and emergency numbers by country, from data/content/resources/*.yml.

Every entry keeps its source and the date it was checked; nothing the reference table
marks UNVERIFIED or CLOSED is in these files (tests/content/test_resources.py checks).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.content.paths import CONTENT_DIR

RESOURCES_DIR = CONTENT_DIR / "resources"
DEFAULT_COUNTRY = "US"
INTERNATIONAL = "INTL"


@dataclass(frozen=True)
class Contact:
    kind: str  # call, text, chat, email, web
    value: str
    display: str


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    needs: tuple[str, ...]
    contacts: tuple[Contact, ...]
    hours: str
    region: str | None
    notes: str
    status: str
    source: str
    source_date: str


@dataclass(frozen=True)
class Emergency:
    number: str
    display: str
    notes: str
    source: str
    source_date: str


@dataclass(frozen=True)
class CountryResources:
    code: str
    name: str
    emergency: Emergency | None
    services: tuple[Service, ...]
    gaps: tuple[str, ...]
    gap_note: str

    def first_for(self, need: str) -> Service | None:
        """The service the crisis card shows for a need: the files list the best one first."""
        return next((s for s in self.services if need in s.needs), None)


def _load_file(path: Path) -> CountryResources:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    emergency = data.get("emergency")
    return CountryResources(
        code=str(data["country"]).upper(),
        name=data["name"],
        emergency=Emergency(
            number=str(emergency["number"]), display=emergency["display"],
            notes=emergency.get("notes", ""), source=emergency["source"],
            source_date=str(emergency["source_date"]),
        ) if emergency else None,
        services=tuple(
            Service(
                id=s["id"], name=s["name"], needs=tuple(s["needs"]),
                contacts=tuple(Contact(c["kind"], str(c["value"]), c["display"])
                               for c in s["contacts"]),
                hours=str(s.get("hours", "")), region=s.get("region"),
                notes=s.get("notes", "") or "", status=s["status"], source=s["source"],
                source_date=str(s["source_date"]),
            )
            for s in data.get("services", [])
        ),
        gaps=tuple(data.get("gaps", ())),
        gap_note=data.get("gap_note", ""),
    )


@lru_cache(maxsize=1)
def all_countries() -> dict[str, CountryResources]:
    countries = [_load_file(path) for path in sorted(RESOURCES_DIR.glob("*.yml"))]
    return {country.code: country for country in countries}


def resources_for(country_code: str | None) -> CountryResources:
    """The user's country, US until one is set, the international list for any other."""
    countries = all_countries()
    code = (country_code or DEFAULT_COUNTRY).upper()
    return countries.get(code) or countries[INTERNATIONAL]


def supported_countries() -> list[tuple[str, str]]:
    """(code, name) of every country with its own list, for a country picker."""
    return [(c.code, c.name) for c in all_countries().values() if c.code != INTERNATIONAL]
