"""Guided exercises from data/content/exercises/, delivered one step at a time.

Three kinds: step by step (Next / Slower / Stop), timed (the cues arrive by themselves on the
gateway's scheduler, Slower / Stop at each) and urge (a message each minute asking whether the
urge has passed, with one more thing to try). The buttons and the words around the steps are
shared by every exercise (data/content/exercise_delivery.yml).
"""

from __future__ import annotations

from typing import Literal

from bot.content.exercise_delivery import exercise_delivery
from bot.content.loader import Content, load
from bot.content.paths import CONTENT_DIR
from bot.content.reply import Button, Reply, TimedStep

EXERCISES_DIR = CONTENT_DIR / "exercises"
DEFAULT_EXERCISE = "grounding_54321"


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
    source: str

    @property
    def paced(self) -> bool:
        """Its messages arrive by themselves (timed cues, or an urge exercise's minutes)."""
        return self.kind in ("timed", "urge")

    @property
    def pace(self) -> float:
        """Seconds between the messages of a paced exercise."""
        return float((self.check_every_seconds if self.kind == "urge" else self.pace_seconds) or 0)

    def steps_for(self, night: bool) -> tuple[str, ...]:
        """At night, the night variant's fewer words, where the exercise has one."""
        return self.night.steps if night and self.night else self.steps

    def intro_for(self, night: bool) -> str:
        return self.night.intro if night and self.night else self.intro

    def step(self, index: int, night: bool = False) -> Reply:
        """Step `index` (0-based) with Next / Slower / Stop; the intro leads the first step."""
        buttons = exercise_delivery().buttons
        steps = self.steps_for(night)
        text = f"({index + 1}/{len(steps)}) {steps[index]}"
        if index == 0:
            text = f"{self.intro_for(night)}\n\n{text}"
        return Reply(text, (buttons.next.button(), buttons.slower.button(), buttons.stop.button()))

    def later_messages(self, night: bool = False) -> tuple[tuple[str, tuple[Button, ...]], ...]:
        """A paced exercise's messages after the first, each with its buttons; the outro last."""
        delivery = exercise_delivery()
        steps = self.steps_for(night)
        if self.kind == "urge":
            checks = []
            for minute in range(1, int(self.minutes or 0)):
                if minute < len(steps):
                    checks.append(f"{delivery.urge.check}\n\n({minute + 1}/{len(steps)}) {steps[minute]}")
                else:
                    checks.append(delivery.urge.check_alone)
            buttons = (delivery.buttons.urge_passed.button(), delivery.buttons.stop.button())
        else:
            checks = list(steps[1:])
            buttons = (delivery.buttons.slower.button(), delivery.buttons.stop.button())
        return (*((text, buttons) for text in checks), (self.outro, delivery.after_buttons))

    def first_paced_message(self, night: bool = False) -> Reply:
        """A paced exercise: its first step now, the rest arriving by themselves at its pace."""
        later = self.later_messages(night)
        first = self.steps_for(night)[0]
        if self.kind == "urge":
            first = f"(1/{len(self.steps_for(night))}) {first}"
        return Reply(f"{self.intro_for(night)}\n\n{first}", later[0][1],
                     sequence=self.sequence_of(later, self.pace))

    @staticmethod
    def sequence_of(messages, pace: float) -> tuple[TimedStep, ...]:
        return tuple(TimedStep(pace, text, buttons) for text, buttons in messages)

    def finished(self) -> Reply:
        return Reply(self.outro, exercise_delivery().after_buttons)

    def stopped_early(self) -> Reply:
        # Also cancels whatever timed steps of the exercise are still to come.
        return Reply(self.stopped, exercise_delivery().after_buttons, stop_sequence=True)


def all_exercises() -> dict[str, Exercise]:
    return {path.stem: load(path, Exercise) for path in sorted(EXERCISES_DIR.glob("*.yml"))}


def load_exercise(exercise_id: str = DEFAULT_EXERCISE) -> Exercise:
    path = EXERCISES_DIR / f"{exercise_id}.yml"
    if "/" in exercise_id or "\\" in exercise_id or not path.is_file():
        raise KeyError(f"no exercise {exercise_id!r}")
    return load(path, Exercise)
