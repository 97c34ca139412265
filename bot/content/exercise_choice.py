"""Choosing an exercise: by what the person said, and something different when they ask again.

Deterministic: the same words and the same recent exercises always give the same choice. What
the words mean is data (data/content/exercise_needs.yml). Body-focused exercises are only ever
chosen when asked for by name; for panic, one that does not focus on the breath comes first
(focusing on the breath can make panic worse).
"""

from __future__ import annotations

import re

from bot.content.exercises import DEFAULT_EXERCISE, SYMPTOMS, Exercise, all_exercises
from bot.content.loader import Content, load
from bot.content.local_time import is_night_hour, said_time
from bot.content.paths import CONTENT_DIR

_NOT_WORDS = re.compile(r"[^a-z0-9 ]+")


class ExerciseNeeds(Content):
    needs: dict[str, tuple[str, ...]]
    night_words: tuple[str, ...]
    named: dict[str, tuple[str, ...]]
    another: tuple[str, ...]


def exercise_needs() -> ExerciseNeeds:
    return load(CONTENT_DIR / "exercise_needs.yml", ExerciseNeeds)


def _plain(text: str) -> str:
    flat = _NOT_WORDS.sub(" ", text.lower().replace("'", "").replace("’", ""))
    return f" {' '.join(flat.split())} "


def _first_said(plain: str, phrases: tuple[str, ...]) -> int | None:
    """Where the first of the phrases is said, or None."""
    found = [plain.find(f" {_plain(phrase).strip()} ") for phrase in phrases]
    found = [position for position in found if position >= 0]
    return min(found) if found else None


def needs_in(text: str) -> list[str]:
    """The needs the words name, the one said first leading."""
    plain = _plain(text or "")
    said = {need: _first_said(plain, phrases) for need, phrases in exercise_needs().needs.items()}
    return sorted((need for need, at in said.items() if at is not None), key=lambda need: said[need])


def night_in(text: str) -> bool:
    """Whether the words say it is night where the person is ("its 3am", "cant sleep")."""
    said = said_time(text)
    if said is not None:
        return is_night_hour(said[0])
    return _first_said(_plain(text or ""), exercise_needs().night_words) is not None


def named_in(text: str) -> str | None:
    plain = _plain(text or "")
    return next((name for name, phrases in exercise_needs().named.items()
                 if _first_said(plain, phrases) is not None), None)


def asks_for_another(text: str) -> bool:
    return _first_said(_plain(text or ""), exercise_needs().another) is not None


def is_symptom(need: object) -> bool:
    return need in SYMPTOMS


def choose_exercise(text: str = "", recent: tuple[str, ...] = (), need: str | None = None) -> Exercise:
    """The exercise for what was said (or the need chosen from the menu), avoiding the ones just
    done ("another one")."""
    catalogue = all_exercises()
    named = named_in(text)
    if named in catalogue:
        return catalogue[named]
    needs = [need] if is_symptom(need) else needs_in(text)
    offered = [e for e in catalogue.values() if not e.body_focused and e.kind != "urge"]
    if "urge_self_harm" in needs:
        offered = [e for e in catalogue.values() if e.kind == "urge"]
    if needs:
        offered = [e for e in offered if set(needs) & set(e.helps_with)] or offered

    leading = needs[0] if needs else None

    def rank(exercise: Exercise) -> tuple:
        # Not one just done; one made for the need said first (listed first in what it helps
        # with); for panic, not the breath first; then the catalogue's own order.
        purpose = exercise.helps_with.index(leading) if leading in exercise.helps_with else 99
        return (exercise.id in recent, purpose, "panic" in needs and exercise.breath_focused,
                exercise.minutes or 0, exercise.id != DEFAULT_EXERCISE)

    return sorted(offered, key=rank)[0]
