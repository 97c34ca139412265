"""Guided exercises from data/content/exercises/, delivered one step at a time."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from bot.content.paths import CONTENT_DIR
from bot.content.reply import Button, Reply

EXERCISES_DIR = CONTENT_DIR / "exercises"
DEFAULT_EXERCISE = "grounding_54321"


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    intro: str
    steps: tuple[str, ...]
    outro: str
    stopped: str
    next_button: Button
    stop_button: Button
    after_buttons: tuple[Button, ...]

    def step(self, index: int) -> Reply:
        """Step `index` (0-based) with Next / Stop; the intro leads the first step."""
        text = f"({index + 1}/{len(self.steps)}) {self.steps[index]}"
        if index == 0:
            text = f"{self.intro}\n\n{text}"
        return Reply(text, (self.next_button, self.stop_button))

    def finished(self) -> Reply:
        return Reply(self.outro, self.after_buttons)

    def stopped_early(self) -> Reply:
        return Reply(self.stopped, self.after_buttons)


@cache
def load_exercise(exercise_id: str = DEFAULT_EXERCISE) -> Exercise:
    path = EXERCISES_DIR / f"{exercise_id}.yml"
    if not path.is_file() or "/" in exercise_id or "\\" in exercise_id:
        raise KeyError(f"no exercise {exercise_id!r}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    buttons = data["buttons"]
    return Exercise(
        id=data["id"], title=data["title"], intro=data["intro"], steps=tuple(data["steps"]),
        outro=data["outro"], stopped=data["stopped"],
        next_button=Button(buttons["next"]["title"], buttons["next"]["payload"]),
        stop_button=Button(buttons["stop"]["title"], buttons["stop"]["payload"]),
        after_buttons=tuple(Button(b["title"], b["payload"]) for b in data["after"]),
    )
