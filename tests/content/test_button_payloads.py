"""Every button Harbor can show fits in Telegram's 64 bytes of callback data once signed."""

from __future__ import annotations

from bot.channels.telegram.callback_data import CallbackSigner
from bot.content.distress_rating import ask_rating
from bot.content.exercise_delivery import exercise_delivery, needs_menu
from bot.content.exercises import all_exercises
from bot.content.things_that_help import help_words, render_list


def test_every_exercise_button_fits_once_signed():
    signer = CallbackSigner(b"secret")
    favourites = [(e.id, e.title) for e in all_exercises().values()]
    own = ["x" * help_words().max_characters] * help_words().max_items
    replies = [needs_menu(favourites), render_list(favourites, own), ask_rating(True), ask_rating(False)]
    buttons = [b for reply in replies for b in reply.buttons]
    buttons += [b.button() for b in exercise_delivery().after]
    for button in buttons:
        signer.sign(button.payload)  # raises when too long
