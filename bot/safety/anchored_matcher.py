"""A spaCy Matcher split per pattern, so only the patterns a message could match are run.

spaCy's Matcher walks every pattern over every token; with hundreds of patterns full of
optional gaps that costs milliseconds per message. Each pattern here is indexed by one
word it cannot match without (its anchor). A message only runs the patterns whose
anchor, and every other required word, it contains; most messages run none at all.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Doc


@dataclass(frozen=True)
class _Compiled:
    key: str
    matcher: Matcher
    # For each token the pattern requires: the words that can fill it.
    required: tuple[frozenset[str], ...]
    anchor: frozenset[str]
    length: int  # the most tokens a match can span


@dataclass(frozen=True)
class Candidates:
    patterns: list[_Compiled]
    positions: dict[str, list[int]]  # word or lemma → where it is in the message


# In a longer message a pattern is only run on the few tokens around each of its anchors.
_WHOLE_DOC_BELOW = 24


class AnchoredMatcher:
    def __init__(self, vocab, common_words: frozenset[str] = frozenset()):
        self.vocab = vocab
        self._common = common_words
        self._patterns: list[_Compiled] = []
        self._by_anchor: dict[str, list[int]] = defaultdict(list)
        self._always: list[int] = []  # patterns with no word to index by (numbers only)

    def add(self, key: str, token_patterns: list[list[dict]]) -> None:
        for token_pattern in token_patterns:
            matcher = Matcher(self.vocab, validate=True)
            matcher.add(key, [token_pattern])
            required = tuple(words for words in map(_words_of, token_pattern)
                             if words is not None)
            index = len(self._patterns)
            # The most selective anchor: few words, and no common ones like "my" or "to".
            anchor = min(required, key=lambda words: (len(words & self._common), len(words)),
                         default=frozenset())
            self._patterns.append(_Compiled(key, matcher, required, anchor, len(token_pattern)))
            for word in anchor:
                self._by_anchor[word].append(index)
            if not anchor:
                self._always.append(index)

    def candidates(self, lemmas: list[str], words: list[str],
                   keys: frozenset[str] | set[str] | None = None) -> Candidates:
        """The patterns (of `keys`, when given) whose every required word is in the message."""
        positions: dict[str, list[int]] = defaultdict(list)
        for i, (lemma, word) in enumerate(zip(lemmas, words, strict=True)):
            positions[lemma].append(i)
            if word != lemma:
                positions[word].append(i)
        indexes = set(self._always)
        for word in positions:
            indexes.update(self._by_anchor.get(word, ()))
        patterns = [self._patterns[i] for i in sorted(indexes)]
        patterns = [p for p in patterns if (keys is None or p.key in keys)
                    and all(not options.isdisjoint(positions) for options in p.required)]
        return Candidates(patterns, positions)

    def __call__(self, doc: Doc, candidates: Candidates) -> list[tuple[str, int, int]]:
        """Matches of the candidate patterns as (key, start, end)."""
        found: set[tuple[str, int, int]] = set()
        positions = candidates.positions
        for compiled in candidates.patterns:
            for offset, part in self._parts_to_search(doc, compiled, positions):
                found.update((compiled.key, offset + start, offset + end)
                             for _, start, end in compiled.matcher(part, allow_missing=True))
        return sorted(found, key=lambda match: (match[1], match[2], match[0]))

    @staticmethod
    def _parts_to_search(doc: Doc, compiled: _Compiled, positions):
        if len(doc) < _WHOLE_DOC_BELOW or not compiled.anchor:
            return [(0, doc)]
        anchors = sorted(i for word in compiled.anchor for i in positions.get(word, ()))
        windows: list[list[int]] = []
        for i in anchors:
            start, end = max(0, i - compiled.length), min(len(doc), i + compiled.length + 1)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], end)
            else:
                windows.append([start, end])
        # A window only needs searching when every word the pattern requires is inside it.
        required_at = [sorted(i for word in options for i in positions.get(word, ()))
                       for options in compiled.required]
        return [(start, doc[start:end]) for start, end in windows
                if all(_any_between(found_at, start, end) for found_at in required_at)]

    def __len__(self) -> int:
        return len(self._patterns)


def _words_of(token_pattern: dict) -> frozenset[str] | None:
    """The words a required token accepts, or None when it is optional or not a word test."""
    if token_pattern.get("OP") in ("?", "*"):
        return None
    for attribute in ("LEMMA", "LOWER"):
        value = token_pattern.get(attribute)
        if isinstance(value, dict) and "IN" in value:
            return frozenset(value["IN"])
        if isinstance(value, str):
            return frozenset([value])
    return None


def _any_between(sorted_positions: list[int], start: int, end: int) -> bool:
    index = bisect_left(sorted_positions, start)
    return index < len(sorted_positions) and sorted_positions[index] < end
