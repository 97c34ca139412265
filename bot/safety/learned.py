"""The detector's second tier: a small linear text classifier, trained at build time, applied
by plain arithmetic at run time.

Deterministic: the model is a file of numbers (feature → weight per level) made by
`python -m bot.safety.train_learned` from the labelled corpus in data/safety/corpus/ with a
fixed seed; the same text always gets the same scores, and `explain` names the words that
moved it. No scikit-learn at run time: scoring a short message is a few dictionary look-ups.

Features, the same in training and here: the message normalised as the rules read it (lower
case, look-alikes and invisible characters undone, apostrophes dropped, stretched letters
shortened), word unigrams and bigrams, and character 3- to 5-grams within words; each block
TF-IDF weighted (sublinear counts) and scaled to unit length, as scikit-learn does.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.safety.assessment import Level
from bot.safety.normalize import normalize

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MODEL_PATH = PROJECT_ROOT / "models" / "crisis-learned-tier.json"
LEVELS = (Level.NONE, Level.CONCERN, Level.CRISIS)
_WORD = re.compile(r"[a-z0-9]+")
_STRETCHED = re.compile(r"([a-z])\1{2,}")
CHAR_SIZES = (3, 4, 5)


def words_of(text: str) -> list[str]:
    flat = normalize(text).text.replace("'", "")
    return _WORD.findall(_STRETCHED.sub(r"\1\1", flat))


def word_features(words: list[str]) -> list[str]:
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def char_features(words: list[str]) -> list[str]:
    grams: list[str] = []
    for word in words:
        padded = f" {word} "
        for size in CHAR_SIZES:
            grams += [padded[i:i + size] for i in range(len(padded) - size + 1)]
    return grams


ANALYZERS = {"words": word_features, "chars": char_features}


@dataclass(frozen=True)
class Block:
    """One TF-IDF block: its vocabulary's idf and, per feature, a weight for each level."""

    idf: dict[str, float]
    weights: dict[str, tuple[float, float, float]]

    def add_scores(self, features: list[str], scores: list[float], into: list | None = None) -> None:
        idf = self.idf
        counts = Counter(f for f in features if f in idf)
        values = {f: (1 + math.log(n)) * idf[f] for f, n in counts.items()}  # sublinear tf × idf
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        weights = self.weights
        none = concern = crisis = 0.0
        for feature, value in values.items():
            weight = weights.get(feature)
            if weight is None:
                continue
            none += weight[0] * value
            concern += weight[1] * value
            crisis += weight[2] * value
            if into is not None:
                into.append((feature, [w * value / norm for w in weight]))
        scores[0] += none / norm
        scores[1] += concern / norm
        scores[2] += crisis / norm


@dataclass(frozen=True)
class LearnedTier:
    blocks: dict[str, Block]
    intercept: tuple[float, float, float]

    def probabilities(self, text: str) -> dict[Level, float]:
        scores = self._scores(text)
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {level: e / total for level, e in zip(LEVELS, exps, strict=True)}

    def explain(self, text: str, top: int = 6) -> list[tuple[str, str, float]]:
        """The features that pushed hardest towards the predicted level: (feature, level, push)."""
        contributions: list = []
        scores = self._scores(text, contributions)
        predicted = max(range(3), key=scores.__getitem__)
        pushes = [(feature, weights[predicted] - sum(weights) / 3) for feature, weights in contributions]
        pushes.sort(key=lambda item: -item[1])
        return [(feature, str(LEVELS[predicted]), round(push, 4)) for feature, push in pushes[:top]]

    def _scores(self, text: str, contributions: list | None = None) -> list[float]:
        scores = list(self.intercept)
        words = words_of(text)
        for name, block in self.blocks.items():
            block.add_scores(ANALYZERS[name](words), scores, contributions)
        return scores

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> LearnedTier:
        data = json.loads(path.read_text(encoding="utf-8"))
        blocks = {name: Block(block["idf"], {f: tuple(w) for f, w in block["weights"].items()})
                  for name, block in data["blocks"].items()}
        return cls(blocks, tuple(data["intercept"]))
