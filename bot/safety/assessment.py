"""What the crisis detector says about one message."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Level(IntEnum):
    """Ordered so that the most urgent level wins: max(levels)."""

    NONE = 0
    CONCERN = 1
    CRISIS = 2

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, name: str) -> Level:
        return cls[name.upper()]


@dataclass(frozen=True)
class Assessment:
    level: Level
    categories: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    # Character offsets into the message as the user wrote it. Offsets, not text:
    # an Assessment may be logged or stored, the user's words must not be.
    spans: tuple[tuple[int, int], ...] = field(default=())

    @property
    def is_crisis(self) -> bool:
        return self.level is Level.CRISIS

    @property
    def is_concern(self) -> bool:
        return self.level is Level.CONCERN

    def as_dict(self) -> dict:
        return {
            "level": str(self.level),
            "categories": list(self.categories),
            "rules": list(self.rules),
            "spans": [list(span) for span in self.spans],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Assessment:
        return cls(
            level=Level.parse(data.get("level", "none")),
            categories=tuple(data.get("categories", ())),
            rules=tuple(data.get("rules", ())),
            spans=tuple(tuple(span) for span in data.get("spans", ())),
        )


NO_RISK = Assessment(Level.NONE)
