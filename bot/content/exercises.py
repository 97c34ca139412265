"""Guided exercises from data/content/exercises/, delivered one step at a time."""

from __future__ import annotations

from typing import Literal

from bot.content.loader import ButtonData, Content, load
from bot.content.paths import CONTENT_DIR
from bot.content.reply import Button, Reply, TimedStep

EXERCISES_DIR = CONTENT_DIR / "exercises"
DEFAULT_EXERCISE = "grounding_54321"


class ExerciseButtons(Content):
    next: ButtonData
    stop: ButtonData


# What an exercise can help with (VA PTSD Coach's symptoms, and the moments Harbor is used in).
SYMPTOMS = ("reminded_of_trauma", "avoiding_triggers", "disconnected", "sad_hopeless", "anxious",
            "angry", "cant_sleep", "flashback", "nightmare", "dissociation", "urge_self_harm", "panic")


class NightVariant(Content):
    """Fewer words a message, for 22:00–06:00: a dark screen, eyes that may close."""

    intro: str
    steps: tuple[str, ...]


class Exercise(Content):
    id: str
    title: str
    helps_with: tuple[Literal[SYMPTOMS], ...]  # type: ignore[valid-type]
    kind: Literal["step_by_step", "timed", "urge"] = "step_by_step"
    pace_seconds: float | None = None  # a timed exercise's seconds per step
    minutes: float | None = None  # an urge exercise's length (5 or 15)
    check_every_seconds: float | None = None  # an urge exercise asks "has it passed?" this often
    breath_focused: bool = False  # focusing on the breath can make panic worse: not offered first
    # Body scans and touch can bring back the trauma: offered only when asked, said before starting.
    body_focused: bool = False
    before_starting: str | None = None
    intro: str
    steps: tuple[str, ...]
    night: NightVariant | None = None
    outro: str
    stopped: str
    opt_out: str  # how to leave at any step, in the exercise's own words
    buttons: ExerciseButtons
    after: tuple[ButtonData, ...]
    source: str

    @property
    def after_buttons(self) -> tuple[Button, ...]:
        return tuple(b.button() for b in self.after)

    def steps_for(self, night: bool) -> tuple[str, ...]:
        """At night, the night variant's fewer words, where the exercise has one."""
        return self.night.steps if night and self.night else self.steps

    def step(self, index: int, night: bool = False) -> Reply:
        """Step `index` (0-based) with Next / Stop; the intro leads the first step."""
        steps = self.steps_for(night)
        text = f"({index + 1}/{len(steps)}) {steps[index]}"
        if index == 0:
            intro = self.night.intro if night and self.night else self.intro
            text = f"{intro}\n\n{text}"
        return Reply(text, (self.buttons.next.button(), self.buttons.stop.button()))

    def timed(self, night: bool = False) -> Reply:
        """A paced exercise: its first step now, the rest arriving by themselves, Stop at each."""
        steps = self.steps_for(night)
        intro = self.night.intro if night and self.night else self.intro
        stop = (self.buttons.stop.button(),)
        later = [TimedStep(self.pace_seconds or 0, step, stop) for step in steps[1:]]
        later.append(TimedStep(self.pace_seconds or 0, self.outro, self.after_buttons))
        return Reply(f"{intro}\n\n{steps[0]}", stop, sequence=tuple(later))

    def finished(self) -> Reply:
        return Reply(self.outro, self.after_buttons)

    def stopped_early(self) -> Reply:
        # Also cancels whatever timed steps of the exercise are still to come.
        return Reply(self.stopped, self.after_buttons, stop_sequence=True)


def all_exercises() -> dict[str, Exercise]:
    return {path.stem: load(path, Exercise) for path in sorted(EXERCISES_DIR.glob("*.yml"))}


def load_exercise(exercise_id: str = DEFAULT_EXERCISE) -> Exercise:
    path = EXERCISES_DIR / f"{exercise_id}.yml"
    if "/" in exercise_id or "\\" in exercise_id or not path.is_file():
        raise KeyError(f"no exercise {exercise_id!r}")
    return load(path, Exercise)
