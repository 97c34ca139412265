"""Harbor's deterministic crisis detector. A pure library: no Rasa, no Telegram.

    from bot.safety import assess
    assess("i took all my pills").level   # Level.CRISIS
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.safety.assessment import NO_RISK, Assessment, Level

if TYPE_CHECKING:
    from bot.safety.detector import CrisisDetector
    from bot.safety.tiers import TwoTierDetector

__all__ = ["NO_RISK", "Assessment", "Level", "assess", "get_detector", "get_rules"]

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def get_rules() -> CrisisDetector:
    """The first tier alone, the auditable rules; loading spaCy and the rules takes about a second.

    Imported here, not at the top, so that importing bot.safety stays cheap and an
    entry point can decide what gets loaded first (see bot.isolation).
    """
    from bot.safety.detector import CrisisDetector

    return CrisisDetector()


@lru_cache(maxsize=1)
def get_detector() -> TwoTierDetector:
    """The process-wide detector: the rules, then the learned tier (bot/safety/tiers.py)."""
    from bot.safety.learned import MODEL_PATH, LearnedTier
    from bot.safety.tiers import TwoTierDetector

    learned = None
    if MODEL_PATH.is_file():
        learned = LearnedTier.load()
    else:  # the rules still read every message; `make train-detector` builds the second tier
        logger.warning("the crisis detector's learned tier is missing (%s): rules only", MODEL_PATH.name)
    return TwoTierDetector(get_rules(), learned)


def assess(text: str) -> Assessment:
    return get_detector().assess(text)
