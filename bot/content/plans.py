"""A planning walkthrough's guide (data/content/plans/<plan>.yml): its steps in order, why each
matters, examples to tap, and how the finished plan reads as a card. The user's answers are a
dict of step slot → their words ("" for a skipped step)."""

from __future__ import annotations

import json
import re

from bot.content.loader import ButtonData, Content, load
from bot.content.paths import CONTENT_DIR
from bot.content.reply import Button, Reply

PLANS_DIR = CONTENT_DIR / "plans"
_SEPARATORS = re.compile(r"\s*(?:,|;|\n|\band\b(?=\s+my\b))\s*")
_PHONE = re.compile(r"(\+?[0-9][0-9 ()-]{5,}[0-9])")


class PlanStep(Content):
    slot: str
    heading: str
    why: str
    prompt: str
    examples: tuple[str, ...] = ()
    prefilled_from_country: bool = False


class PlanCard(Content):
    title: str
    skipped: str
    footer: str


class PlanGuide(Content):
    id: str
    title: str
    intro: str
    resumed: str
    paused: str
    saved: str
    skip_words: tuple[str, ...]
    pause_words: tuple[str, ...]
    steps: tuple[PlanStep, ...]
    obstacles: str
    likely_answers: tuple[str, ...]
    card: PlanCard
    buttons: tuple[ButtonData, ...]
    change_prompt: str
    change_title: str
    deleted: str
    pdf_file_name: str

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(step.slot for step in self.steps)

    def step(self, slot: str) -> PlanStep:
        return next(step for step in self.steps if step.slot == slot)

    def _said(self, text: str, words: tuple[str, ...]) -> bool:
        plain = " ".join(re.sub(r"[^\w/'-]+", " ", (text or "").lower().replace("’", "'")).split())
        return plain in {w.lower() for w in words}

    def is_skip(self, text: str) -> bool:
        return self._said(text, self.skip_words)

    def is_pause(self, text: str) -> bool:
        return self._said(text, self.pause_words)

    def ask(self, slot: str, prefilled: str | None = None) -> Reply:
        """One step: why it matters, the question, and examples to tap (each sends its words)."""
        step = self.step(slot)
        number = self.slots.index(slot) + 1
        text = f"({number}/{len(self.steps)}) {step.why}\n\n{step.prompt}"
        if prefilled:
            text += f"\n\n{prefilled}"
        return Reply(text, tuple(Button(example, example) for example in step.examples))

    def plan_buttons(self) -> tuple[Button, ...]:
        return tuple(b.button() for b in self.buttons)

    def change_buttons(self) -> tuple[Button, ...]:
        return tuple(Button(self.change_title.format(heading=step.heading), plan_payload(f"change:{number}"))
                     for number, step in enumerate(self.steps, start=1))

    def step_numbered(self, number: str) -> PlanStep | None:
        """The step a "change" button names by its number (1-based); None for anything else."""
        if number.isdigit() and 1 <= int(number) <= len(self.steps):
            return self.steps[int(number) - 1]
        return None


def plan_payload(what: str) -> str:
    return "/manage_safety_plan" + json.dumps({"plan": what}, separators=(",", ":"))


def load_plan_guide(plan_id: str) -> PlanGuide:
    return load(PLANS_DIR / f"{plan_id}.yml", PlanGuide)


def items_of(answer: str) -> list[str]:
    """A free-text answer as its items: "walk the dog, music; my sister" → three."""
    return [item for item in (part.strip(" .") for part in _SEPARATORS.split(answer or "")) if item]


def contacts_of(answer: str) -> list[dict]:
    """People to reach, as the crisis card reads them: "Sam 07700 900123, my mum" →
    [{"name": "Sam", "phone": "07700 900123"}, {"name": "my mum", "phone": ""}]."""
    contacts = []
    for item in items_of(answer):
        phone = _PHONE.search(item)
        name = (item[:phone.start()] + item[phone.end():]).strip(" :-") if phone else item
        contacts.append({"name": name or item, "phone": phone.group(1).strip() if phone else ""})
    return contacts


def render_plan(guide: PlanGuide, answers: dict[str, str]) -> str:
    """The plan as one clear card: each step's heading and the user's own words."""
    lines = [guide.card.title, ""]
    for step in guide.steps:
        items = items_of(answers.get(step.slot) or "")
        lines.append(step.heading)
        lines += [f"• {item}" for item in items] or [f"  {guide.card.skipped}"]
        lines.append("")
    lines.append(guide.card.footer)
    return "\n".join(lines)
