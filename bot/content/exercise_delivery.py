"""How every exercise is delivered, from data/content/exercise_delivery.yml: the buttons on each
step, what comes after, going slower, the urge check each minute, the menu of what is going on,
and asking once for the user's time."""

from __future__ import annotations

import json

from bot.content.loader import ButtonData, Content, load
from bot.content.paths import CONTENT_DIR
from bot.content.reply import Button, Reply


class DeliveryButtons(Content):
    next: ButtonData
    slower: ButtonData
    stop: ButtonData
    urge_passed: ButtonData


class Slower(Content):
    step: str
    paced: str
    slowest: str
    factor: float  # each "slower" stretches the pace by this much
    slowest_factor: float  # never slower than this times the exercise's own pace
    nothing_running: str


class UrgeChecks(Content):
    check: str
    check_alone: str
    passed: str


class MenuNeed(Content):
    need: str
    title: str


class NeedsMenu(Content):
    prompt: str
    needs: tuple[MenuNeed, ...]
    any: ButtonData
    favourite_title: str
    things_that_help: ButtonData


class AskTime(Content):
    question: str
    buttons: tuple[ButtonData, ...]


class ExerciseDelivery(Content):
    buttons: DeliveryButtons
    after: tuple[ButtonData, ...]
    slower: Slower
    paced_reply: str
    urge: UrgeChecks
    menu: NeedsMenu
    ask_time: AskTime

    @property
    def after_buttons(self) -> tuple[Button, ...]:
        return tuple(b.button() for b in self.after)


def exercise_delivery() -> ExerciseDelivery:
    return load(CONTENT_DIR / "exercise_delivery.yml", ExerciseDelivery)


def ground_payload(**entities: str) -> str:
    """A button that starts an exercise: `/ground{"need":"panic"}`, `/ground{"exercise":"container"}`."""
    return "/ground" + (json.dumps(entities, separators=(",", ":")) if entities else "")


def needs_menu(favourites: list[tuple[str, str]]) -> Reply:
    """What's going on? The user's favourites (exercise id, title) first, one button per need,
    "just pick one", and their own list."""
    menu = exercise_delivery().menu
    buttons = [Button(menu.favourite_title.format(title=title), ground_payload(exercise=exercise_id))
               for exercise_id, title in favourites]
    buttons += [Button(choice.title, ground_payload(need=choice.need)) for choice in menu.needs]
    buttons += [menu.any.button(), menu.things_that_help.button()]
    return Reply(menu.prompt, tuple(buttons))


def ask_time_once() -> Reply:
    ask = exercise_delivery().ask_time
    return Reply(ask.question, tuple(b.button() for b in ask.buttons))
