"""Harbor's deterministic crisis detector. A pure library: no Rasa, no Telegram.

    from bot.safety import assess
    assess("i took all my pills").level   # Level.CRISIS
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from bot.safety.assessment import NO_RISK, Assessment, Level

if TYPE_CHECKING:
    from bot.safety.detector import CrisisDetector

__all__ = ["NO_RISK", "Assessment", "Level", "assess", "get_detector"]


@lru_cache(maxsize=1)
def get_detector() -> CrisisDetector:
    """The process-wide detector; loading spaCy and the rules takes about a second.

    Imported here, not at the top, so that importing bot.safety stays cheap and an
    entry point can decide what gets loaded first (see bot.isolation).
    """
    from bot.safety.detector import CrisisDetector

    return CrisisDetector()


def assess(text: str) -> Assessment:
    return get_detector().assess(text)
