"""Every match of the rule patterns in a message, found from the words the patterns need.

The patterns are spaCy Matcher token patterns, as rules.compile_phrase writes them: a word
set on LEMMA or LOWER, a TEXT regex or LIKE_NUM, or any token; each one optional or not.
spaCy's Matcher tries every pattern at every token and checks each word set in Python;
with ~700 patterns that costs milliseconds per message. Here each pattern is indexed by
one word it cannot match without (its anchor), and is only tried where that word occurs,
growing the match to the left and right of it. The matches are the ones spaCy's Matcher
finds (tests/safety/test_anchored_matcher.py compares the two).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import compress

from spacy.attrs import LIKE_NUM
from spacy.schemas import validate_token_pattern

# A message as the matcher reads it: one list per column, one entry per word. Columns
# after these two hold the answers of word tests (a regex, LIKE_NUM), filled when needed.
_LEMMA, _LOWER = 0, 1
_WORD_COLUMNS = {"LEMMA": _LEMMA, "LOWER": _LOWER}

Match = tuple[str, int, int]  # key, first word, end


@dataclass(frozen=True)
class _Step:
    column: int | None  # None: any token
    accepts: frozenset  # the column values this step accepts
    optional: bool


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: cheap
class _Pattern:
    key: str
    anchor: _Step
    left: tuple[_Step, ...]  # the steps before the anchor, nearest first
    right: tuple[_Step, ...]  # the steps after it
    tests: tuple[int, ...]  # the columns of word tests the pattern reads
    # The steps between the anchor and the first optional step on either side sit at a
    # fixed offset from the anchor: they are checked first, nearest first, as (offset,
    # column, accepted values); most tries end there. Most patterns have no optional step
    # at all, and then these checks are the whole match.
    fixed: tuple[tuple[int, int, frozenset], ...]
    rigid: bool


class AnchoredMatcher:
    def __init__(self, vocab, common_words: frozenset[str] = frozenset()):
        self._common = common_words
        self._like_num = vocab.lex_attr_getters[LIKE_NUM]
        self._word_tests: list[_WordTest] = []
        self._word_test_columns: dict[tuple, int] = {}
        # word → the patterns anchored on it, for LEMMA and for LOWER
        self._by_anchor: tuple[dict[str, list[_Pattern]], ...] = (defaultdict(list), defaultdict(list))
        self._unanchored: list[_Pattern] = []  # anchored on a number or an age, not a word
        self._count = 0

    def add(self, key: str, token_patterns: list[list[dict]]) -> None:
        for token_pattern in token_patterns:
            errors = validate_token_pattern(token_pattern)
            if errors:
                raise ValueError(f"{key}: invalid pattern {token_pattern}: {errors}")
            steps = [self._step(key, token) for token in token_pattern]
            required = [i for i, step in enumerate(steps) if not step.optional]
            if not required:
                raise ValueError(f"{key}: pattern {token_pattern} has no required token")
            at = min(required, key=lambda i: self._commonness(steps[i]))
            left, right = tuple(reversed(steps[:at])), tuple(steps[at + 1:])
            offsets = [-1 - i for i in range(_fixed_length(left))] + [
                1 + i for i in range(_fixed_length(right))]
            offsets.sort(key=lambda offset: (abs(offset), offset))
            pattern = _Pattern(
                key, steps[at], left, right,
                tests=tuple(sorted({s.column for s in steps if s.column not in (None, _LEMMA, _LOWER)})),
                fixed=tuple((o, steps[at + o].column, steps[at + o].accepts) for o in offsets),
                rigid=len(required) == len(steps))
            if pattern.anchor.column in (_LEMMA, _LOWER):
                for word in pattern.anchor.accepts:
                    self._by_anchor[pattern.anchor.column][word].append(pattern)
            else:
                self._unanchored.append(pattern)
            self._count += 1

    def _step(self, key: str, token: dict) -> _Step:
        if token.get("OP") not in (None, "?"):
            raise ValueError(f"{key}: only the ? operator is supported, not {token['OP']!r}")
        optional = token.get("OP") == "?"
        tests = {name: value for name, value in token.items() if name != "OP"}
        if not tests:
            return _Step(None, frozenset(), optional)
        if len(tests) > 1:
            raise ValueError(f"{key}: one test per token, not {token}")
        (name, value), = tests.items()
        if name in _WORD_COLUMNS:
            words = value["IN"] if isinstance(value, dict) else [value]
            return _Step(_WORD_COLUMNS[name], frozenset(words), optional)
        if name == "TEXT" and isinstance(value, dict) and set(value) == {"REGEX"}:
            regex = re.compile(value["REGEX"])
            column = self._word_test(("REGEX", value["REGEX"]), lambda word: regex.search(word))
            return _Step(column, frozenset([True]), optional)
        if name == "LIKE_NUM":
            return _Step(self._word_test(("LIKE_NUM",), self._like_num), frozenset([bool(value)]), optional)
        raise ValueError(f"{key}: cannot match on {token}")

    def _word_test(self, test: tuple, function) -> int:
        if test not in self._word_test_columns:
            self._word_test_columns[test] = 2 + len(self._word_tests)
            self._word_tests.append(_WordTest(function))
        return self._word_test_columns[test]

    def _commonness(self, step: _Step) -> tuple:
        """How often a step's words turn up, roughly: the anchor is the rarest required step.

        Plain words are rarest, then numbers and ages, then words like "be", "i" and "not";
        among those, shorter words are the more common ones.
        """
        if step.column not in (_LEMMA, _LOWER):
            return (1,)
        common = step.accepts & self._common
        if not common:
            return (0, len(step.accepts))
        return (2, len(common), -min(map(len, common)), len(step.accepts))

    def search(self, words: list[str], lemmas: list[str]) -> MessageSearch:
        """Where in the message each pattern's anchor is; matching waits for `matches`."""
        # Words are lower case already, almost always: then the LOWER column is the words.
        joined = "\n".join(words)
        lowers = words if joined == joined.lower() else [word.lower() for word in words]
        anchored: list[tuple[int, list[_Pattern]]] = []
        for index, column in zip(self._by_anchor, (lemmas, lowers), strict=True):
            if index:
                found = list(map(index.get, column))
                anchored += zip(compress(range(len(found)), found), filter(None, found), strict=True)
        columns: list[list | None] = [lemmas, lowers] + [None] * len(self._word_tests)
        return MessageSearch(self, words, columns, anchored)

    def __len__(self) -> int:
        return self._count


def _fixed_length(steps: tuple[_Step, ...]) -> int:
    """How many steps come before the first optional one."""
    return next((i for i, step in enumerate(steps) if step.optional), len(steps))


class _WordTest:
    """A test of a word's own text (a regex, LIKE_NUM) that remembers its answers."""

    _MOST_REMEMBERED = 50_000

    def __init__(self, function):
        self._function = function
        self._answers: dict[str, bool] = {}

    def column(self, words: list[str]) -> list[bool]:
        answers = self._answers
        column = list(map(answers.get, words))
        if None in column:
            if len(answers) > self._MOST_REMEMBERED:
                answers.clear()
            for index, word in enumerate(words):
                if column[index] is None:
                    column[index] = answers[word] = bool(self._function(word))
        return column


class MessageSearch:
    """The matches in one message, found only for the keys asked for."""

    def __init__(self, matcher: AnchoredMatcher, words: list[str], columns: list, anchored):
        self._matcher = matcher
        self._words = words
        self._columns = columns
        self._length = len(words)
        self._anchored = anchored
        self._positions_of: dict[tuple, list[int]] = {}

    def could_match(self, keys=None) -> bool:
        """Whether a pattern (of `keys`) has its anchor in the message: a cheap first filter."""
        if keys is None:
            return bool(self._anchored or self._matcher._unanchored)
        return any(p.key in keys for _, patterns in self._anchored for p in patterns) or any(
            p.key in keys for p in self._matcher._unanchored)

    def matches(self, keys=None) -> list[Match]:
        """Every (key, start, end) of the patterns (of `keys`), ordered by position."""
        found: set[Match] = set()
        columns, length = self._columns, self._length
        for position, patterns in self._anchored:
            for pattern in patterns:
                if keys is not None and pattern.key not in keys:
                    continue
                if pattern.tests:
                    self._fill(pattern.tests)
                for offset, column, accepts in pattern.fixed:
                    at = position + offset
                    if not 0 <= at < length or columns[column][at] not in accepts:
                        break
                else:
                    if pattern.rigid:
                        start, end = position - len(pattern.left), position + len(pattern.right) + 1
                        found.add((pattern.key, start, end))
                    else:
                        self._grow(pattern, position, found)
        for pattern in self._matcher._unanchored:
            if keys is None or pattern.key in keys:
                self._fill(pattern.tests)
                for position in self._positions(pattern.anchor):
                    self._grow(pattern, position, found)
        return sorted(found, key=lambda match: (match[1], match[2], match[0]))

    def _fill(self, columns: tuple[int, ...]) -> None:
        """Answer the word tests of these columns for every word, once per message."""
        for index in columns:
            if self._columns[index] is None:
                self._columns[index] = self._matcher._word_tests[index - 2].column(self._words)

    def _positions(self, step: _Step) -> list[int]:
        """Where the message has a word that `step` accepts."""
        key = (step.column, step.accepts)
        positions = self._positions_of.get(key)
        if positions is None:
            accepts = step.accepts
            positions = self._positions_of[key] = [
                position for position, value in enumerate(self._columns[step.column]) if value in accepts]
        return positions

    def _grow(self, pattern: _Pattern, position: int, found: set[Match]) -> None:
        """Add the matches that have the pattern's anchor at `position`."""
        columns, length = self._columns, self._length
        ends = {position + 1}
        for step in pattern.right:
            reached = set(ends) if step.optional else set()
            for end in ends:
                if end < length and (step.column is None or columns[step.column][end] in step.accepts):
                    reached.add(end + 1)
            if not reached:
                return
            ends = reached
        starts = {position}
        for step in pattern.left:
            reached = set(starts) if step.optional else set()
            for start in starts:
                if start > 0 and (step.column is None or columns[step.column][start - 1] in step.accepts):
                    reached.add(start - 1)
            if not reached:
                return
            starts = reached
        found.update((pattern.key, start, end) for start in starts for end in ends)
