"""The safety plan's guide (data/content/plans/safety_plan.yml) and how answers are read."""

from __future__ import annotations

import pytest

from bot.channels.telegram.callback_data import CallbackSigner
from bot.content.plans import contacts_of, items_of, load_plan_guide

GUIDE = load_plan_guide("safety_plan")
STANLEY_BROWN = ["sp_warning_signs", "sp_coping_alone", "sp_distractions", "sp_helpers", "sp_professionals",
                 "sp_safer_surroundings"]


def test_the_six_steps_then_reasons_for_living_and_how_likely_it_is_to_be_used():
    assert list(GUIDE.slots) == [*STANLEY_BROWN, "sp_reasons", "sp_likelihood"]
    for step in GUIDE.steps:
        assert step.why.strip() and step.prompt.strip() and step.examples


@pytest.mark.parametrize("said, items", [
    ("walk the dog, music; my sister", ["walk the dog", "music", "my sister"]),
    ("cant sleep\nreplaying it.", ["cant sleep", "replaying it"]), ("", []), (" , ", [])])
def test_an_answer_is_read_as_its_items(said, items):
    assert items_of(said) == items


def test_people_and_how_to_reach_them():
    assert contacts_of("Sam 07700 900123, my mum, Dr Lee: +44 20 7946 0958") == [
        {"name": "Sam", "phone": "07700 900123"}, {"name": "my mum", "phone": ""},
        {"name": "Dr Lee", "phone": "+44 20 7946 0958"}]


@pytest.mark.parametrize("said, skip, pause", [
    ("skip", True, False), ("I don't know", True, False), ("idk", True, False), ("Not now.", False, True),
    ("my dog", False, False), ("not now, i mean my dog", False, False)])
def test_skip_and_not_now_are_whole_answers(said, skip, pause):
    assert GUIDE.is_skip(said) is skip and GUIDE.is_pause(said) is pause


def test_every_button_under_the_plan_fits_telegrams_callback_data_once_signed():
    signer = CallbackSigner(b"secret")
    for button in (*GUIDE.plan_buttons(), *GUIDE.change_buttons()):
        signer.sign(button.payload)
    assert GUIDE.step_numbered("4").slot == "sp_helpers" and GUIDE.step_numbered("9") is None
