"""Guided exercises from data/content/exercises/, delivered one step at a time."""

from __future__ import annotations

from bot.content.loader import ButtonData, Content, load
from bot.content.paths import CONTENT_DIR
from bot.content.reply import Button, Reply

EXERCISES_DIR = CONTENT_DIR / "exercises"
DEFAULT_EXERCISE = "grounding_54321"


class ExerciseButtons(Content):
    next: ButtonData
    stop: ButtonData


class Exercise(Content):
    id: str
    title: str
    intro: str
    steps: tuple[str, ...]
    outro: str
    stopped: str
    buttons: ExerciseButtons
    after: tuple[ButtonData, ...]

    @property
    def after_buttons(self) -> tuple[Button, ...]:
        return tuple(b.button() for b in self.after)

    def step(self, index: int) -> Reply:
        """Step `index` (0-based) with Next / Stop; the intro leads the first step."""
        text = f"({index + 1}/{len(self.steps)}) {self.steps[index]}"
        if index == 0:
            text = f"{self.intro}\n\n{text}"
        return Reply(text, (self.buttons.next.button(), self.buttons.stop.button()))

    def finished(self) -> Reply:
        return Reply(self.outro, self.after_buttons)

    def stopped_early(self) -> Reply:
        # Also cancels whatever timed steps of the exercise are still to come.
        return Reply(self.stopped, self.after_buttons, stop_sequence=True)


def load_exercise(exercise_id: str = DEFAULT_EXERCISE) -> Exercise:
    path = EXERCISES_DIR / f"{exercise_id}.yml"
    if "/" in exercise_id or "\\" in exercise_id or not path.is_file():
        raise KeyError(f"no exercise {exercise_id!r}")
    return load(path, Exercise)
