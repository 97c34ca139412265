"""The one way content is read: a YAML file under data/, checked against a pydantic model.

Every content module asks this loader for its file and the shape it expects; a file that does
not fit fails at load time with the file's name and the field that is wrong, not later in a
conversation. Files are read once per process.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.content.paths import PROJECT_ROOT

Model = TypeVar("Model", bound=BaseModel)


class ContentError(ValueError):
    """A content file is missing or does not have the expected shape."""


class Content(BaseModel):
    """Base of every content model: unknown keys are mistakes (a misspelt field), not extras."""

    class Config:
        extra = "forbid"
        frozen = True


class ButtonData(Content):
    """A button as content files write it: `{title: ..., payload: ...}`."""

    title: str
    payload: str

    def button(self):
        from bot.content.reply import Button

        return Button(self.title, self.payload)


class Words(Content):
    """A file of words keyed by name (some grouped one level down): every value must be text."""

    __root__: dict[str, str | dict[str, str]]

    def __getitem__(self, name: str):
        return self.__root__[name]


def read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(f"{_shown(path)}: {error}") from None


@cache
def load(path: Path, model: type[Model]) -> Model:
    """The file at `path`, validated as `model` (cached: content does not change while running)."""
    try:
        return model.parse_obj(read_yaml(path))
    except ValidationError as error:
        raise ContentError(f"{_shown(path)} does not fit {model.__name__}: {error}") from None


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)
