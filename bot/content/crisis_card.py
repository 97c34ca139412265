"""Render the crisis card — the one renderer both enforcement points use.

The gateway sends it the moment the detector reads crisis, whether the dialogue engine is
up or not; the dialogue's crisis action sends the same card when the gateway did not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import Field

from bot.content.loader import ButtonData, Content, load
from bot.content.paths import CONTENT_DIR
from bot.content.reply import Button, Reply
from bot.content.resources import CountryResources, Service, resources_for


@dataclass(frozen=True)
class PlanContact:
    """Someone from the user's own safety plan."""

    name: str
    phone: str = ""


def plan_contacts(safety_plans) -> list[PlanContact]:
    """The people on the user's saved safety plans (bot.store.records.Record, kind safety_plan)."""
    return [PlanContact(str(contact.get("name", "")), str(contact.get("phone", "")))
            for plan in safety_plans for contact in plan.content.get("contacts", ())
            if isinstance(contact, dict) and contact.get("name")]


class NotSafeWords(Content):
    call_now: str
    reach_now: str
    reach_nobody: str
    staying: str
    buttons: tuple[ButtonData, ...]


class CrisisCardWords(Content):
    opening: str
    emergency: str
    lines_intro: str
    safety_plan_intro: str
    closing: str
    question: str
    buttons: tuple[ButtonData, ...]
    # crisis category → buttons added under the card for it (riding out an urge with Harbor)
    buttons_for: dict[str, tuple[ButtonData, ...]] = Field(default_factory=dict)
    needs_first: dict[str, tuple[str, ...]]  # crisis category → the needs whose lines come first
    always: tuple[str, ...]
    trouble: str
    check_in: str
    check_in_buttons: tuple[ButtonData, ...]
    not_safe: NotSafeWords


class YouthWords(Content):
    intro: str
    youth_needs: tuple[str, ...]
    no_youth_line: str
    closing: str
    buttons: tuple[ButtonData, ...]


def _card_text() -> CrisisCardWords:
    return load(CONTENT_DIR / "crisis_card.yml", CrisisCardWords)


def _buttons(entries: tuple[ButtonData, ...]) -> tuple[Button, ...]:
    return tuple(entry.button() for entry in entries)


def _services_for(country: CountryResources, categories: Iterable[str]) -> list[Service]:
    text = _card_text()
    needs: list[str] = []
    for category in categories:
        needs.extend(text.needs_first.get(category, ()))
    needs.extend(text.always)
    chosen: list[Service] = []
    for need in dict.fromkeys(needs):
        service = country.first_for(need)
        if service is not None and service not in chosen:
            chosen.append(service)
    return chosen


def _service_line(service: Service) -> str:
    how = "; ".join(contact.display for contact in service.contacts)
    where = f" ({service.region})" if service.region else ""
    hours = f" · {service.hours}" if service.hours else ""
    return f"• {service.name}{where}: {how}{hours}"


def emergency_number(country_code: str | None) -> str:
    country = resources_for(country_code)
    return country.emergency.number if country.emergency else "112"


def render_crisis_card(country_code: str | None = None,
                       categories: Sequence[str] = (),
                       plan_contacts: Sequence[PlanContact] = ()) -> Reply:
    text = _card_text()
    country = resources_for(country_code)
    lines = [text.opening, "", text.emergency.format(number=emergency_number(country_code))]
    services = _services_for(country, categories)
    if services:
        lines += ["", text.lines_intro, *(_service_line(s) for s in services)]
    if country.gap_note:
        lines += ["", country.gap_note]
    if plan_contacts:
        lines += ["", text.safety_plan_intro]
        lines += [f"• {c.name}" + (f": {c.phone}" if c.phone else "") for c in plan_contacts]
    lines += ["", text.closing, "", text.question]
    extra = tuple(b for category in dict.fromkeys(categories) for b in text.buttons_for.get(category, ()))
    return Reply("\n".join(lines), _buttons((*text.buttons, *extra)))


def render_not_safe(country_code: str | None = None) -> Reply:
    """After "I'm not safe": the emergency number first, one way to reach someone without talking."""
    words = _card_text().not_safe
    number = emergency_number(country_code)
    country = resources_for(country_code)
    texting = next((f"{service.name}, {contact.display}" for service in _services_for(country, ("suicide",))
                    for contact in service.contacts if contact.kind in ("text", "chat")), None)
    reach = words.reach_now.format(line=texting) if texting else words.reach_nobody.format(number=number)
    return Reply("\n\n".join([words.call_now.format(number=number), reach, words.staying]),
                 _buttons(words.buttons))


def render_check_in() -> Reply:
    text = _card_text()
    return Reply(text.check_in, _buttons(text.check_in_buttons))


def render_trouble_notice(country_code: str | None = None) -> Reply:
    """What the gateway says when the dialogue engine is down or too slow."""
    text = _card_text()
    country = resources_for(country_code)
    crisis_line = country.first_for("suicide_crisis")
    line = (f"{crisis_line.name}: {crisis_line.contacts[0].display}"
            if crisis_line else "a local crisis line")
    return Reply(text.trouble.format(number=emergency_number(country_code), line=line))


def render_support_list(country_code: str | None = None) -> str:
    """Every line for the country, for 'find support' (not a crisis)."""
    country = resources_for(country_code)
    lines = [f"Support lines — {country.name}"]
    if country.emergency:
        lines.append(f"Emergency: {country.emergency.display}")
    lines += [_service_line(s) for s in country.services]
    if country.gap_note:
        lines += ["", country.gap_note]
    return "\n".join(lines)


def _youth_text() -> YouthWords:
    return load(CONTENT_DIR / "youth.yml", YouthWords)


def render_youth_support(country_code: str | None = None) -> Reply:
    """For a user under 18: services for young people, and the parts of Harbor that are for them."""
    text = _youth_text()
    country = resources_for(country_code)
    number = emergency_number(country_code)
    services: list[Service] = []
    for need in text.youth_needs:
        services += [s for s in country.services if need in s.needs and s not in services]
    lines = [text.intro, ""]
    lines += [_service_line(service) for service in services] or [text.no_youth_line.format(number=number)]
    lines += ["", text.closing.format(number=number)]
    return Reply("\n".join(lines), _buttons(text.buttons))
