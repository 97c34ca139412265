"""The menu and the short lists of where to go next, from data/content/menu.yml."""

from __future__ import annotations

from bot.content.exercise_delivery import ground_payload
from bot.content.loader import ButtonData, Content, load
from bot.content.paths import CONTENT_DIR
from bot.content.reply import Button, Reply


class MenuButton(ButtonData):
    again: str | None = None  # the title when the user is going back to something interrupted

    def button(self, again: bool = False) -> Button:
        return Button(self.again if again and self.again else self.title, self.payload)


class MenuList(Content):
    prompt: str
    buttons: tuple[MenuButton, ...]


class SupportFooter(Content):
    note: str
    buttons: tuple[MenuButton, ...]


class Menu(Content):
    main: MenuList
    not_understood_prompt: str
    where_next: tuple[MenuButton, ...]
    after_safe: tuple[MenuButton, ...]
    after_support: SupportFooter


def menu() -> Menu:
    return load(CONTENT_DIR / "menu.yml", Menu)


def main_menu() -> Reply:
    main = menu().main
    return Reply(main.prompt, tuple(b.button() for b in main.buttons))


def not_understood() -> Reply:
    return Reply(menu().not_understood_prompt, main_menu().buttons)


def where_next() -> tuple[Button, ...]:
    return tuple(b.button() for b in menu().where_next)


def after_safe(going_back_to: str | None = None) -> tuple[Button, ...]:
    """What next after "I'm safe"; with the exercise a crisis interrupted, a button to start it again."""
    buttons = []
    for choice in menu().after_safe:
        button = choice.button(again=going_back_to is not None)
        if going_back_to and choice.again:
            button = Button(button.title, ground_payload(exercise=going_back_to))
        buttons.append(button)
    return tuple(buttons)
