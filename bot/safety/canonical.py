"""From typed tokens to the words they stand for, with a map back to the user's text.

Slang ("kms"), emoji ("💊"), stretched letters ("dieeee"), one-letter typos ("suicidle"),
masked words ("c*tting") and spelled-out words ("k i l l") all become the plain words the
crisis rules are written in. Everything here is a dictionary look-up: no model.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokenizer import Tokenizer

from bot.safety.rules import Lexicon

_RUNS_RE = re.compile(r"(.)\1*")
_MAX_SQUEEZE_VARIANTS = 32


@dataclass(frozen=True)
class Reading:
    """A message as canonical words, one entry per word in every list."""

    words: list[str]
    lemmas: list[str]
    typed: list[bool]  # False where the word stands in for slang or an emoji
    origins: list[tuple[int, int]]  # the normalised-text span each word came from


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
        self._canonical = lru_cache(maxsize=50_000)(self._canonical_uncached)
        self._lemma_cache: dict[str, str] = {}

    def read(self, text: str) -> Reading:
        tokens = [(t.text, t.idx) for t in self._tokenizer(text) if not t.is_space]
        tokens = self._join_spelled_out(tokens)
        words: list[str] = []
        origins: list[tuple[int, int]] = []
        typed: list[bool] = []
        for token_text, start in tokens:
            pieces = self._canonical(token_text)
            for piece in pieces:
                words.append(piece)
                origins.append((start, start + len(token_text)))
                typed.append(len(pieces) == 1)
        # A closing full stop lets patterns say "at the end of a sentence" for the last one too.
        words.append(".")
        origins.append((max(0, len(text) - 1), len(text)))
        typed.append(False)
        return Reading(words, [self.lemma_of(word) for word in words], typed, origins)

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
                token[:-2] in self._known_words or token[:-3] in self._known_words):
            return (token + "g",)  # "bangin" → "banging", "cuttin" → "cutting"
        for variant in _squeezed_variants(token):
            if variant in self._known_words:
                return (variant,)
            if variant in lexicon.slang:
                return tuple(lexicon.slang[variant])
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
            while end < len(tokens) and len(tokens[end][0]) == 1 and tokens[end][0].isalpha():
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
