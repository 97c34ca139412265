"""The two tiers together: the rules' reading first, then the learned tier's moves within the
bounds data/safety/learned_tier.yml writes down.

The rules stay the first, auditable tier. The learned tier may: ask the check-in where no rule
spoke; give the card where a rule heard only worry, or where none spoke, when it is sure of
danger; turn a card into the check-in when the message is more likely Harbor's everyday (the
check-in still asks "are you safe right now?"); and drop a rule's check-in when it is sure the
message is the everyday. It never turns a card into nothing. Each move is named in the
assessment's rules (`learned.none_to_concern`, ...), so a reviewer sees what the model changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.safety.assessment import Assessment, Level
from bot.safety.learned import LearnedTier, words_of
from bot.safety.rules import DATA_DIR, read_yaml

LEARNED_CATEGORY = "learned"


@dataclass(frozen=True)
class Moves:
    none_to_concern: float  # min p(concern) + p(crisis)
    concern_to_crisis: float  # min p(crisis)
    none_to_crisis: float  # min p(crisis)
    crisis_to_concern: float  # min p(none)
    concern_to_none: float  # min p(none); above 1 never
    # A card may become the check-in only when every rule that gave it is one of these: the
    # rules whose reading is ambiguous (someone "here now", hurt "again" — or in the past).
    # A card from any other rule (forced now, an overdose, a plan) is never turned down.
    vetoable: frozenset[str] = frozenset()
    # Where no rule spoke, a message this short ("tonight", "next") says too little for the
    # model to raise it: short answers and taps are the rules' and the context's to read.
    min_words_to_raise: int = 0

    @classmethod
    def load(cls, path: Path = DATA_DIR / "learned_tier.yml") -> Moves:
        moves = read_yaml(path)["moves"]
        return cls(moves["none_to_concern"]["min_p_concern_or_crisis"],
                   moves["concern_to_crisis"]["min_p_crisis"],
                   moves["none_to_crisis"]["min_p_crisis"],
                   moves["crisis_to_concern"]["min_p_none"],
                   moves["concern_to_none"]["min_p_none"],
                   frozenset(moves["crisis_to_concern"]["only_for_rules"]),
                   int(moves["min_words_to_raise_from_none"]))


@cache
def default_moves() -> Moves:
    return Moves.load()


def combine(rules: Assessment, p: dict[Level, float], moves: Moves, words: int = 1_000) -> Assessment:
    """The rules' reading, moved by the learned tier's probabilities where the bounds allow."""
    if rules.level is Level.NONE:
        if words < moves.min_words_to_raise:
            return rules
        if p[Level.CRISIS] >= moves.none_to_crisis:
            return _moved(rules, Level.CRISIS, "none_to_crisis")
        if p[Level.CONCERN] + p[Level.CRISIS] >= moves.none_to_concern:
            return _moved(rules, Level.CONCERN, "none_to_concern")
    elif rules.level is Level.CONCERN:
        if p[Level.CRISIS] >= moves.concern_to_crisis:
            return _moved(rules, Level.CRISIS, "concern_to_crisis")
        if p[Level.NONE] >= moves.concern_to_none:
            return Assessment(Level.NONE, (), (*rules.rules, "learned.concern_to_none"), ())
    elif p[Level.NONE] >= moves.crisis_to_concern and set(rules.rules) <= moves.vetoable:
        return _moved(rules, Level.CONCERN, "crisis_to_concern")
    return rules


def _moved(rules: Assessment, level: Level, move: str) -> Assessment:
    categories = rules.categories or (LEARNED_CATEGORY,)
    return Assessment(level, categories, (*rules.rules, f"learned.{move}"), rules.spans)


class TwoTierDetector:
    """What `bot.safety.assess` uses: the rules, then the learned tier."""

    def __init__(self, rules, learned: LearnedTier | None, moves: Moves | None = None):
        self.rules = rules
        self.learned = learned
        self.moves = moves or default_moves()

    def assess(self, text: str) -> Assessment:
        reading = self.rules.assess(text)
        if self.learned is None or not text or not isinstance(text, str) or _BARE_COMMAND.match(text):
            return reading
        if reading.is_crisis and not set(reading.rules) <= self.moves.vetoable:
            return reading  # a card nothing may turn down: no need to ask the model
        return combine(reading, self.probabilities(text), self.moves, len(words_of(text)))

    def probabilities(self, text: str) -> dict[Level, float]:
        """The model's reading; a long message is also read in parts, so an ordinary day around a
        crisis sentence does not drown it: the part most sure of danger counts for the card, and
        a card is only turned down when every part reads as the everyday. Worry (the check-in)
        is read from the whole message, as the model learned it."""
        whole = self.learned.probabilities(text)
        parts = parts_of(text)
        if len(parts) == 1:
            return whole
        readings = [whole, *(self.learned.probabilities(part) for part in parts)]
        return {Level.NONE: min(p[Level.NONE] for p in readings),
                Level.CONCERN: whole[Level.CONCERN],
                Level.CRISIS: max(p[Level.CRISIS] for p in readings)}


# A bare command or button payload ("/ground", "/country:UK") is a tap, not words someone wrote:
# the rules read it (they never fire on one), the model is not asked.
_BARE_COMMAND = re.compile(r"\s*/[A-Za-z_]+(?:[:@{][^\s]*)?\s*$")
PART_CHARS = 300
_SENTENCE_END = re.compile(r"(?<=[.!?\n])\s+")


def parts_of(text: str) -> list[str]:
    """A long message as consecutive parts of whole sentences, each about PART_CHARS long."""
    if len(text) <= PART_CHARS:
        return [text]
    parts, current = [], ""
    for sentence in _SENTENCE_END.split(text):
        while len(sentence) > PART_CHARS:  # a run-on with no full stop: cut it by length
            parts.append(current + sentence[:PART_CHARS])
            current, sentence = "", sentence[PART_CHARS:]
        if current and len(current) + len(sentence) > PART_CHARS:
            parts.append(current)
            current = ""
        current = f"{current} {sentence}".strip()
    if current:
        parts.append(current)
    return parts
