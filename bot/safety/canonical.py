"""From typed tokens to the words they stand for, with a map back to the user's text.

Slang ("kms"), emoji ("💊"), stretched letters ("dieeee"), one-letter typos ("suicidle"),
masked words ("c*tting") and spelled-out words ("k i l l") all become the plain words the
crisis rules are written in. Everything here is a dictionary look-up: no model.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain
from operator import attrgetter

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokenizer import Tokenizer

from bot.safety.rules import Lexicon

_RUNS_RE = re.compile(r"(.)\1*")
_MAX_SQUEEZE_VARIANTS = 32
# Where spaCy's tokenizer splits a text before anything else: at str.isspace, which is
# what str.split() and \s split at too.
_NON_SPACE_RE = re.compile(r"\S+")
_MOST_REMEMBERED = 50_000  # words and runs kept per cache; the cache starts over beyond


@dataclass(frozen=True)
class Reading:
    """A message as canonical words, one entry per word in every list."""

    words: list[str]
    lemmas: list[str]
    typed: list[bool]  # False where the word stands in for slang or an emoji
    # The normalised-text span each word came from, asked for only for the words a rule matched.
    origin: Callable[[int], tuple[int, int]]


@dataclass(frozen=True)
class _Run:
    """A run of non-space characters, read: spaCy tokenizes each run on its own."""

    tokens: tuple[tuple[str, int], ...]  # spaCy's tokens and where each starts in the run
    words: tuple[str, ...]
    lemmas: tuple[str, ...]
    typed: tuple[bool, ...]
    spans: tuple[tuple[int, int], ...]  # each word's span in the run
    letters: str  # "1" for each token that is one letter, else "0": "k i l l" may spell a word


class _RunOrigins:
    """Where each word of a message read run by run came from, worked out when first asked."""

    def __init__(self, text: str, runs: list[_Run]):
        self._text = text
        self._runs = runs
        self._run_starts: list[int] = []
        self._words_before: list[int] = []  # how many words the runs before each run have

    def __call__(self, index: int) -> tuple[int, int]:
        if not self._run_starts:
            self._run_starts = [match.start() for match in _NON_SPACE_RE.finditer(self._text)]
            self._words_before = [0, *accumulate(map(len, map(_WORDS, self._runs)))]
        run = bisect_right(self._words_before, index) - 1
        if run >= len(self._runs):
            return _closing_origin(self._text)
        start = self._run_starts[run]
        first, end = self._runs[run].spans[index - self._words_before[run]]
        return start + first, start + end


_WORDS, _LEMMAS, _TYPED, _LETTERS = (
    attrgetter("words"), attrgetter("lemmas"), attrgetter("typed"), attrgetter("letters"))


def _closing_origin(text: str) -> tuple[int, int]:
    return max(0, len(text) - 1), len(text)


class Canonicalizer:
    def __init__(self, lexicon: Lexicon, tokenizer: Tokenizer, lemma_table):
        self.lexicon = lexicon
        self._tokenizer = tokenizer
        self._lemma_table = lemma_table
        self._known_words = self._build_known_words()
        self._typo_index = self._build_typo_index()
        self._typo_targets = frozenset(lexicon.typo_targets)
        self._missing_letter_index = {
            variant: word for word in lexicon.typo_targets if len(word) >= 5
            for variant in _deletions(word)}
        self._canonical = lru_cache(maxsize=_MOST_REMEMBERED)(self._canonical_uncached)
        self._runs: dict[str, _Run] = {}
        self._known_lemmas: dict[str, str] = {}
        self._full_stop_lemma = self.lemma_of(".")

    def read(self, text: str) -> Reading:
        # Most of a message is runs of characters seen before, each read once and kept:
        # the message is then joined from them with no Python loop over its words.
        known = self._runs
        runs = list(map(known.get, text.split()))
        if None in runs:
            if len(known) > _MOST_REMEMBERED:
                known.clear()
            runs = [run or self._read_run(piece) for run, piece in zip(runs, text.split(), strict=True)]
        if "111" in "".join(map(_LETTERS, runs)):
            return self._read_spelled_out(text, runs)
        # A closing full stop lets patterns say "at the end of a sentence" for the last one too.
        words = list(chain.from_iterable(map(_WORDS, runs)))
        words.append(".")
        lemmas = list(chain.from_iterable(map(_LEMMAS, runs)))
        lemmas.append(self._full_stop_lemma)
        typed = list(chain.from_iterable(map(_TYPED, runs)))
        typed.append(False)
        return Reading(words, lemmas, typed, _RunOrigins(text, runs))

    def _read_run(self, run: str) -> _Run:
        tokens = tuple((token.text, token.idx) for token in self._tokenizer(run) if not token.is_space)
        words, typed, spans = self._words_of(tokens)
        run_reading = _Run(tokens, tuple(words), tuple(self._lemmas(words)), tuple(typed), tuple(spans),
                           "".join("1" if _is_letter(token) else "0" for token, _ in tokens))
        self._runs[run] = run_reading
        return run_reading

    def _read_spelled_out(self, text: str, runs: list[_Run]) -> Reading:
        """A message with three single letters in a row, which may spell a word: "k i l l"."""
        tokens = [(token, match.start() + offset)
                  for match, run in zip(_NON_SPACE_RE.finditer(text), runs, strict=True)
                  for token, offset in run.tokens]
        words, typed, origins = self._words_of(self._join_spelled_out(tokens))
        words.append(".")
        typed.append(False)
        origins.append(_closing_origin(text))
        return Reading(words, self._lemmas(words), typed, origins.__getitem__)

    def _words_of(self, tokens) -> tuple[list[str], list[bool], list[tuple[int, int]]]:
        """The canonical words of (token, offset) pairs, whether each was typed, and its span."""
        words: list[str] = []
        typed: list[bool] = []
        spans: list[tuple[int, int]] = []
        for token_text, start in tokens:
            pieces = self._canonical(token_text)
            span = (start, start + len(token_text))
            words.extend(pieces)
            spans.extend([span] * len(pieces))
            typed.extend([len(pieces) == 1] * len(pieces))
        return words, typed, spans

    def _lemmas(self, words: list[str]) -> list[str]:
        known = self._known_lemmas
        lemmas = [known.get(word) for word in words]
        if None in lemmas:
            if len(known) > _MOST_REMEMBERED:
                known.clear()
            for index, word in enumerate(words):
                if lemmas[index] is None:
                    lemmas[index] = known[word] = self.lemma_of(word)
        return lemmas

    def _build_known_words(self) -> frozenset[str]:
        words = set(STOP_WORDS)
        for form, lemma in self._lemma_table.items():
            words.add(form)
            words.add(lemma)
        for entries in self.lexicon.lists.values():
            words.update(entries)
        words.update(self.lexicon.typo_targets)
        for replacement in itertools.chain(self.lexicon.slang.values(), self.lexicon.emoji.values()):
            words.update(replacement)
        return frozenset(w for w in words if isinstance(w, str))

    def _build_typo_index(self) -> dict[str, str]:
        """Symmetric-delete index: one deletion of a key word → the key word."""
        index: dict[str, str] = {}
        for word in self.lexicon.typo_targets:
            index.setdefault(word, word)
            for variant in _deletions(word):
                index.setdefault(variant, word)
        return index

    def _canonical_uncached(self, token: str) -> tuple[str, ...]:
        """The word(s) a typed token stands for: slang, emoji, stretched letters, typos."""
        lexicon = self.lexicon
        if token in lexicon.slang:
            return tuple(lexicon.slang[token])
        if token in lexicon.emoji:
            return tuple(lexicon.emoji[token])
        if token in self._known_words:
            return (token,)
        typo_fix = self._missing_extra_or_swapped(token)
        if typo_fix is not None:
            return (typo_fix,)
        if self._is_inflection_of_known(token):
            return (token,)
        if "*" in token and token.replace("*", "").isalpha():
            # Masked words: "c*tting", "s*icide".
            for vowel in "aeiou":
                guess = self._canonical(token.replace("*", vowel))
                if guess[0] in self._known_words:
                    return guess
            return (token,)
        if token and all(c in lexicon.emoji for c in token):
            return tuple(w for c in token for w in lexicon.emoji[c])
        if not token.isalpha():
            return (token,)
        if token.endswith("in") and len(token) > 4 and (
                token[:-2] in self._known_words or token[:-3] in self._known_words
                or token[:-2] + "e" in self._known_words):
            return (token + "g",)  # "bangin" → "banging", "cuttin" → "cutting", "cravin" → "craving"
        squeezed = _squeezed_variants(token)
        for variant in squeezed:
            if variant in self._known_words:
                return (variant,)
            if variant in lexicon.slang:
                return tuple(lexicon.slang[variant])
        # Then regular inflections the lemma table leaves out: "urgeeees" → "urges".
        for variant in squeezed:
            if self._is_inflection_of_known(variant):
                return (variant,)
        if len(token) >= 3:
            for variant in itertools.chain((token,), _deletions(token)):
                target = self._typo_index.get(variant)
                if target is not None and abs(len(target) - len(token)) <= 1:
                    return (target,)
        return (token,)

    def _missing_extra_or_swapped(self, token: str) -> str | None:
        """A key word with one letter missing ("cuting"), doubled ("rapped") or swapped ("wnat")."""
        if len(token) < 4:
            return None
        targets = self._typo_targets
        if token in self._missing_letter_index:
            return self._missing_letter_index[token]
        for variant in _deletions(token):
            if variant in targets:
                return variant
        for i in range(len(token) - 1):
            swapped = token[:i] + token[i + 1] + token[i] + token[i + 2:]
            if swapped in targets:
                return swapped
        return None

    def _is_inflection_of_known(self, token: str) -> bool:
        """ "touched", "begged", "screaming": the lemma table lists only irregular forms."""
        for suffix in ("ing", "ed", "es", "s", "d"):
            if token.endswith(suffix) and len(token) - len(suffix) >= 3:
                stem = token[: -len(suffix)]
                if stem in self._known_words or stem + "e" in self._known_words or (
                        len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in self._known_words):
                    return True
        return False

    def lemma_of(self, word: str) -> str:
        # "he's", "hes", "car's running": the rules read 's as "is" (the table says "have").
        if word in ("'s", "s"):
            return "be"
        return self._lemma_table.get(word, word)

    def _join_spelled_out(self, tokens: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """ "k i l l" → "kill": runs of three or more single letters that spell a known word."""
        if len(tokens) < 3:
            return tokens
        joined: list[tuple[str, int]] = []
        index = 0
        while index < len(tokens):
            end = index
            while end < len(tokens) and _is_letter(tokens[end][0]):
                end += 1
            if end - index >= 3:
                word = "".join(text for text, _ in tokens[index:end])
                if word in self._typo_index:
                    joined.append((word, tokens[index][1]))
                    index = end
                    continue
            joined.append(tokens[index])
            index += 1
        return joined


def _is_letter(token: str) -> bool:
    return len(token) == 1 and token.isalpha()


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _squeezed_variants(token: str) -> list[str]:
    """'diieee' → 'die', 'diie', ...: each run of a repeated letter kept once or twice."""
    parts = []
    for match in _RUNS_RE.finditer(token):
        char, length = match.group(1), len(match.group(0))
        parts.append((char,) if length == 1 else (char, char * 2))
    variants = []
    for combo in itertools.product(*parts):
        variants.append("".join(combo))
        if len(variants) >= _MAX_SQUEEZE_VARIANTS:
            break
    return [v for v in variants if v != token]
