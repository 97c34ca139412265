"""The safety net: concepts that together sound like danger, when no phrase rule matched.

Rules catch the phrasings someone thought of; people in crisis often say it sideways
("the trains go past the end of my road... i think tonight"). The net counts which
concepts (means, injury, an ending, the present, ...) a few sentences share and, when
their weights reach the threshold, asks the gentle check-in. It can only raise `none` to
`concern`, never to crisis: a check-in costs little, a miss can cost a life.

Everything it knows is data (data/safety/concepts.yml); this is the mechanism. It works
on the words and lemmas the detector has already read: set look-ups, no second parse.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.safety.canonical import Reading
from bot.safety.rules import DATA_DIR, Lexicon, RuleError, read_yaml


@dataclass(frozen=True)
class Concept:
    name: str
    weight: int
    words: frozenset[str]
    # A denial just before the word removes it: "not ready", "never took them".
    negatable: bool = True


@dataclass(frozen=True)
class Interaction:
    """Concepts that mean more together than apart: means beside readiness."""

    id: str
    concepts: tuple[str, ...]
    bonus: int
    examples: tuple[str, ...] = ()
    not_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConceptNetData:
    concepts: tuple[Concept, ...]
    interactions: tuple[Interaction, ...]
    threshold: int
    window_sentences: int
    silenced_by: tuple[str, ...]  # guard ids whose sentences the net ignores
    not_examples: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class NetHit:
    """Why the net asked: the named reason and the words that carried it."""

    rule: str
    indexes: tuple[int, ...]


class NetContext:
    """What the net needs from the detector, asked only when it is about to speak."""

    def negated(self, index: int) -> bool:  # pragma: no cover - an interface
        raise NotImplementedError

    def silenced_sentences(self) -> set[int]:  # pragma: no cover - an interface
        raise NotImplementedError


def load_concept_net(lexicon: Lexicon, path: Path = DATA_DIR / "concepts.yml") -> ConceptNetData:
    data = read_yaml(path)
    concepts = []
    for name, entry in data["concepts"].items():
        words: set[str] = {str(w) for w in entry.get("words", ())}
        for list_name in entry.get("lists", ()):
            if list_name not in lexicon.lists:
                raise RuleError(f"concepts.yml: concept {name!r} names unknown list @{list_name}")
            words.update(lexicon.lists[list_name])
        words -= {str(w) for w in entry.get("except", ())}
        # "blades", "notes": the lemma table leaves rarer plurals alone.
        words |= {w + "s" for w in words if w.isalpha()}
        concepts.append(Concept(name, int(entry["weight"]), frozenset(words),
                                bool(entry.get("negatable", True))))
    names = {c.name for c in concepts}
    interactions = []
    for entry in data.get("interactions", ()):
        unknown = set(entry["concepts"]) - names
        if unknown:
            raise RuleError(f"concepts.yml: interaction {entry['id']!r} names unknown {sorted(unknown)}")
        interactions.append(Interaction(entry["id"], tuple(entry["concepts"]), int(entry["bonus"]),
                                        tuple(entry.get("examples") or ()),
                                        tuple(entry.get("not_examples") or ())))
    return ConceptNetData(tuple(concepts), tuple(interactions), int(data["threshold"]),
                          int(data.get("window_sentences", 2)), tuple(data.get("silenced_by", ())),
                          tuple(data.get("not_examples") or ()))


class ConceptNet:
    def __init__(self, data: ConceptNetData):
        self.data = data
        self._concepts = data.concepts
        # Each word → a bit per concept it belongs to, so a window's concepts are one OR.
        self._bits: dict[str, int] = {}
        for bit, concept in enumerate(self._concepts):
            for word in concept.words:
                self._bits[word] = self._bits.get(word, 0) | (1 << bit)
        self._negatable = sum(1 << bit for bit, c in enumerate(self._concepts) if c.negatable)
        self._interactions = [(sum(1 << self._bit(name) for name in i.concepts), i)
                              for i in data.interactions]
        self._scores: dict[int, tuple[int, Interaction | None]] = {}

    def _bit(self, name: str) -> int:
        return next(bit for bit, c in enumerate(self._concepts) if c.name == name)

    def check(self, reading: Reading, sentence_of: list[int], context: NetContext) -> NetHit | None:
        found = self._found(reading)
        if not found:
            return None
        kept = []
        for index, bits in found:
            if bits & self._negatable and context.negated(index):
                bits &= ~self._negatable
            if bits:
                kept.append((index, bits))
        found = kept
        if self._best(found, sentence_of, set()) is None:
            return None
        # Only now the guards: most messages never get this far.
        return self._best(found, sentence_of, context.silenced_sentences())

    def _found(self, reading: Reading) -> list[tuple[int, int]]:
        bits_of = self._bits.get
        found = []
        for index, (word, lemma) in enumerate(zip(reading.words, reading.lemmas, strict=True)):
            bits = bits_of(word, 0) | bits_of(lemma, 0)
            if bits:
                found.append((index, bits))
        return found

    def _best(self, found: Iterable[tuple[int, int]], sentence_of: list[int],
              silenced: set[int]) -> NetHit | None:
        by_sentence: dict[int, list[tuple[int, int]]] = {}
        for index, bits in found:
            sentence = sentence_of[index]
            if sentence not in silenced:
                by_sentence.setdefault(sentence, []).append((index, bits))
        span = self.data.window_sentences
        best: tuple[int, NetHit] | None = None
        for first in by_sentence:
            window = [hit for s in range(first, first + span) for hit in by_sentence.get(s, ())]
            mask = 0
            for _, bits in window:
                mask |= bits
            score, interaction = self._score(mask)
            if score >= self.data.threshold and (best is None or score > best[0]):
                best = (score, NetHit(self._name(mask, interaction),
                                      tuple(i for i, bits in window if bits & self._weighty(mask))))
        return best[1] if best else None

    def _score(self, mask: int) -> tuple[int, Interaction | None]:
        known = self._scores.get(mask)
        if known is None:
            score = sum(c.weight for bit, c in enumerate(self._concepts) if mask >> bit & 1)
            strongest = None
            for needed, interaction in self._interactions:
                if mask & needed == needed:
                    score += interaction.bonus
                    if strongest is None or interaction.bonus > strongest.bonus:
                        strongest = interaction
            known = self._scores[mask] = (score, strongest)
        return known

    def _weighty(self, mask: int) -> int:
        return sum(1 << bit for bit, c in enumerate(self._concepts) if mask >> bit & 1 and c.weight > 0)

    def _name(self, mask: int, interaction: Interaction | None) -> str:
        if interaction is not None:
            return f"concept.{interaction.id}"
        present = [c.name for bit, c in enumerate(self._concepts) if mask >> bit & 1 and c.weight > 0]
        return "concept." + "+".join(present)

