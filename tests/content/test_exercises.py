"""The exercise catalogue (data/content/exercises/): complete, short steps, a way out, a source."""

from __future__ import annotations

import pytest

from bot.content.exercises import SYMPTOMS, all_exercises

EXERCISES = all_exercises()
REQUIRED = ["grounding_54321", "box_breathing", "longer_exhale", "feet_on_the_floor", "orienting_flashback",
            "safe_place", "container", "self_compassion_break", "butterfly_hug", "temperature",
            "gentle_movement", "after_a_nightmare", "sleep_wind_down", "ride_out_urge_5",
            "ride_out_urge_15", "breath_free_panic", "name_the_feeling"]
MAX_STEP_CHARACTERS = 400


def test_the_catalogue_has_what_the_issue_asks_for():
    assert len(EXERCISES) >= 16
    assert [name for name in REQUIRED if name not in EXERCISES] == []


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_every_exercise_is_complete_and_short(name):
    exercise = EXERCISES[name]
    assert exercise.id == name and exercise.helps_with
    assert exercise.opt_out.strip() and exercise.source.strip()
    steps = [*exercise.steps, *(exercise.night.steps if exercise.night else ())]
    assert steps and all(0 < len(step) <= MAX_STEP_CHARACTERS for step in steps)
    if exercise.kind == "timed":
        assert exercise.pace_seconds and exercise.pace_seconds > 0
    if exercise.kind == "urge":
        assert exercise.minutes in (5, 15) and exercise.check_every_seconds


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_a_body_focused_exercise_says_so_before_starting(name):
    exercise = EXERCISES[name]
    if exercise.body_focused:
        assert exercise.before_starting and exercise.opt_out


@pytest.mark.parametrize("symptom", SYMPTOMS)
def test_every_symptom_has_at_least_two_exercises(symptom):
    assert len([e for e in EXERCISES.values() if symptom in e.helps_with]) >= 2


def test_panic_has_a_breath_free_exercise():
    assert any("panic" in e.helps_with and not e.breath_focused for e in EXERCISES.values())
