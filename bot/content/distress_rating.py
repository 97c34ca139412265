"""Distress from 0 to 10 before and after an exercise (data/content/distress_rating.yml): the
question, reading a typed answer, and one line that reflects the change."""

from __future__ import annotations

import json
import re

from bot.content.loader import ButtonData, Content, load
from bot.content.paths import CONTENT_DIR
from bot.content.reply import Button, Reply

LOWEST, HIGHEST = 0, 10
RATE_INTENT = "rate_distress"
# Ratings said in words; digits are read as they are.
_NUMBER_WORDS = {"zero": 0, "none": 0, "nothing": 0, "one": 1, "two": 2, "three": 3, "four": 4,
                 "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_NUMBER = re.compile(r"\b(" + "|".join(["10", "[0-9]", *_NUMBER_WORDS]) + r")\b")
# "7/10", "7 out of 10": the 10 is the scale, not the rating.
_SCALE = re.compile(r"\s*(?:/|out of|outta)\s*10\b")


class DistressRatingWords(Content):
    before: str
    after: str
    skip: ButtonData
    not_now: ButtonData
    offer_person_from: int
    offer_person: str
    went_down: str
    stayed: str
    went_up: str
    after_only: str
    next_prompt: str
    next_buttons: tuple[ButtonData, ...]


def rating_words() -> DistressRatingWords:
    return load(CONTENT_DIR / "distress_rating.yml", DistressRatingWords)


def rating_payload(value: int) -> str:
    return f"/{RATE_INTENT}" + json.dumps({"distress": value}, separators=(",", ":"))


def ask_rating(before: bool) -> Reply:
    """0 to 10 as buttons (short titles share a row), Skip, and before starting a way out."""
    words = rating_words()
    buttons = [Button(str(value), rating_payload(value)) for value in range(LOWEST, HIGHEST + 1)]
    buttons.append(words.skip.button())
    if before:
        buttons.append(words.not_now.button())
    return Reply(words.before if before else words.after, tuple(buttons))


def read_rating(value: object) -> int | None:
    """A rating from a button's entity or typed words ("7", "like a 7/10", "zero"); None when
    there is none (the user skipped, or said something else)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and value == int(value) and LOWEST <= value <= HIGHEST:
        return int(value)
    if not isinstance(value, str):
        return None
    text = _SCALE.sub(" ", value.lower())
    numbers = _NUMBER.findall(text)
    if len(set(numbers)) != 1:  # none, or "between 6 and 8": not one rating
        return None
    number = numbers[0]
    return int(number) if number.isdigit() else _NUMBER_WORDS[number]


def offers_person(before: int | None) -> bool:
    return before is not None and before >= rating_words().offer_person_from


def reflect_change(before: int | None, after: int) -> Reply:
    """One line on what changed, then another exercise or rest."""
    words = rating_words()
    if before is None:
        line = words.after_only.format(after=after)
    elif after < before:
        line = words.went_down.format(before=before, after=after)
    elif after > before:
        line = words.went_up.format(before=before, after=after)
    else:
        line = words.stayed.format(after=after)
    return Reply(f"{line}\n\n{words.next_prompt}", tuple(b.button() for b in words.next_buttons))
