"""The user's favourite exercises and their own short list of things that help
(data/content/things_that_help.yml): kept as one encrypted record, shown and offered back."""

from __future__ import annotations

import json

from bot.content.exercise_delivery import ground_payload
from bot.content.loader import ButtonData, Content, load
from bot.content.paths import CONTENT_DIR
from bot.content.reply import Button, Reply

RECORD_KIND = "things_that_help"  # bot.store.records kind: {"favourites": [ids], "own": [texts]}
FAVOURITE, OWN = "f", "o"  # what a "remove" button names: a favourite, or one of their own


class HelpButtons(Content):
    add: ButtonData
    start_title: str
    forget_title: str
    ground: ButtonData
    menu: ButtonData


class ThingsThatHelpWords(Content):
    max_items: int
    max_characters: int
    saved_favourite: str
    already_favourite: str
    no_exercise_to_save: str
    heading: str
    favourites_heading: str
    own_heading: str
    empty: str
    offered_back: str
    ask_item: str
    added: str
    too_many: str
    nothing_added: str
    forgotten: str
    buttons: HelpButtons


def help_words() -> ThingsThatHelpWords:
    return load(CONTENT_DIR / "things_that_help.yml", ThingsThatHelpWords)


def clean_item(text: str) -> str:
    """One line, trimmed to the list's length."""
    item = " ".join((text or "").split())
    return item[:help_words().max_characters].strip()


def forget_payload(kind: str, key: str | int) -> str:
    return "/things_that_help" + json.dumps({"drop": f"{kind}:{key}"}, separators=(",", ":"))


def render_list(favourites: list[tuple[str, str]], own: list[str]) -> Reply:
    """Favourites (exercise id, title) to start again, their own things, and a way to change both."""
    words = help_words()
    buttons = words.buttons
    if not favourites and not own:
        return Reply(f"{words.heading}\n\n{words.empty}",
                     (buttons.add.button(), buttons.ground.button(), buttons.menu.button()))
    parts = [words.heading]
    if favourites:
        parts.append(words.favourites_heading + "\n" + "\n".join(f"• {title}" for _, title in favourites))
    if own:
        parts.append(words.own_heading + "\n" + "\n".join(f"• {item}" for item in own))
    shown = [Button(buttons.start_title.format(title=title), ground_payload(exercise=exercise_id))
             for exercise_id, title in favourites]
    shown.append(buttons.add.button())
    shown += [Button(buttons.forget_title.format(item=title), forget_payload(FAVOURITE, exercise_id))
              for exercise_id, title in favourites]
    shown += [Button(buttons.forget_title.format(item=_short(item)), forget_payload(OWN, index))
              for index, item in enumerate(own)]
    shown.append(buttons.menu.button())
    return Reply("\n\n".join(parts), tuple(shown))


def offered_back(own: list[str]) -> str | None:
    """A line offering the user's own things back to them, or None when they have listed none."""
    return help_words().offered_back.format(items=", ".join(own)) if own else None


def _short(item: str) -> str:
    return item if len(item) <= 24 else item[:23] + "…"
