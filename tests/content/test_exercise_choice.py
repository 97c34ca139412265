"""Choosing an exercise by what the person says, and something different each time they ask again."""

from __future__ import annotations

import pytest

from bot.content.exercise_choice import choose_exercise, needs_in
from bot.content.exercises import all_exercises


@pytest.mark.parametrize("said, need", [
    ("im having a panic attack", "panic"),
    ("i keep having flashbacks", "flashback"),
    ("had a nightmare and i can't breathe", "nightmare"),
    ("i cant sleep", "cant_sleep"),
    ("i feel numb, like im not real", "dissociation"),
    ("just want to calm down", "anxious"),
])
def test_what_people_say_chooses_an_exercise_for_it(said, need):
    assert needs_in(said)[0] == need
    assert need in choose_exercise(said).helps_with


def test_panic_gets_an_exercise_that_does_not_focus_on_the_breath_first():
    exercise = choose_exercise("panic attack, heart racing")
    assert "panic" in exercise.helps_with and not exercise.breath_focused


@pytest.mark.parametrize("said", ["", "i feel numb", "help me calm down", "i cant sleep", "im so angry"])
def test_body_focused_exercises_only_when_asked_for_by_name(said):
    assert not choose_exercise(said).body_focused
    assert choose_exercise("could we try a body scan").id == "body_scan"


def test_another_one_three_times_gives_three_different_exercises():
    recent: tuple[str, ...] = ()
    chosen = []
    for _ in range(3):
        exercise = choose_exercise("", recent)
        chosen.append(exercise.id)
        recent = (exercise.id, *recent)
    assert len(set(chosen)) == 3


def test_a_named_exercise_is_the_one_given():
    for name in ("box_breathing", "safe_place", "container"):
        phrase = {"box_breathing": "box breathing", "safe_place": "my safe place",
                  "container": "the container one"}[name]
        assert choose_exercise(f"can we do {phrase}").id == name
    assert set(all_exercises()) >= {"box_breathing", "safe_place", "container"}


@pytest.mark.parametrize("said, night", [
    ("its 3am here and i cant calm down", True), ("11pm, anxious", True), ("had a nightmare", True),
    ("i just woke up shaking", True), ("it's 9pm", False), ("7am and anxious", False),
    ("help me calm down", False)])
def test_what_people_say_tells_whether_it_is_night(said, night):
    from bot.content.exercise_choice import night_in

    assert night_in(said) is night
