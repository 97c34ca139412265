"""The deterministic crisis detector: normalise, tokenise, canonicalise, match, weigh context.

Deterministic on purpose: the same message always gets the same answer, every rule
that fired is named, and a reviewer can trace why.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from bot.safety.anchored_matcher import AnchoredMatcher
from bot.safety.assessment import NO_RISK, Assessment, Level
from bot.safety.normalize import normalize
from bot.safety.rules import Guard, Rule, RuleError, RuleSet, compile_phrase, load_rule_set

_RUNS_RE = re.compile(r"(.)\1*")
_MAX_SQUEEZE_VARIANTS = 32


class CrisisDetector:
    def __init__(self, rule_set: RuleSet | None = None):
        self.rule_set = rule_set or load_rule_set()
        self.lexicon = self.rule_set.lexicon
        self.nlp = spacy.blank("en")
        lemmatizer = self.nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        self.nlp.initialize()
        self._lemmatizer = lemmatizer
        self._lemma_table = lemmatizer.lookups.get_table("lemma_lookup")
        self._known_words = self._build_known_words()
        self._typo_index = self._build_typo_index()
        self._typo_targets = frozenset(self.lexicon.typo_targets)
        self._missing_letter_index = {
            variant: word for word in self.lexicon.typo_targets if len(word) >= 5
            for variant in _deletions(word)}
        self._canonical = lru_cache(maxsize=50_000)(self._canonical_uncached)
        self._rules: dict[str, Rule] = {}
        self._guards: dict[str, Guard] = {}
        self.matcher = AnchoredMatcher(self.nlp.vocab, frozenset(STOP_WORDS) | {"'s", "s", "nt", "m"})
        self._compile()

    # -- set-up ------------------------------------------------------------------------

    def _lemma_of(self, word: str) -> str:
        return self._lemma_table.get(word, word)

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

    def _compile(self) -> None:
        for rule in self.rule_set.rules:
            self._rules[rule.id] = rule
            self.matcher.add(rule.id, self._phrases(rule.id, rule.patterns))
            if rule.also:
                self.matcher.add(f"{rule.id}#also", self._phrases(rule.id, rule.also))
        for guard in self.rule_set.guards:
            self._guards[guard.id] = guard
            if guard.patterns:
                self.matcher.add(guard.id, self._phrases(guard.id, guard.patterns))

    def _phrases(self, rule_id: str, phrases) -> list[list[dict]]:
        try:
            return [compile_phrase(p, self.lexicon, self._lemma_of) for p in phrases]
        except RuleError as error:
            raise RuleError(f"rule {rule_id}: {error}") from error

    # -- canonical words ---------------------------------------------------------------

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

    def _canonical_doc(self, text: str) -> tuple[Doc, list[tuple[int, int]]]:
        """A Doc of canonical words, and for each word the span of normalised text it came from."""
        tokens = [(t.text, t.idx) for t in self.nlp.tokenizer(text) if not t.is_space]
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
        end = len(text)
        words.append(".")
        origins.append((max(0, end - 1), end))
        typed.append(False)
        lemma_of = self._lemma_of_word
        doc = Doc(self.nlp.vocab, words=words, spaces=[True] * len(words),
                  lemmas=[lemma_of(word) for word in words])
        return doc, origins, typed

    def _lemma_of_word(self, word: str) -> str:
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

    # -- assessment ----------------------------------------------------------------------

    def assess(self, text: str) -> Assessment:
        if not text or not isinstance(text, str):
            return NO_RISK
        normalized = normalize(text)
        if not normalized.text.strip():
            return NO_RISK
        doc, origins, typed = self._canonical_doc(normalized.text)
        if len(doc) == 0:
            return NO_RISK
        sentence_of = self._sentence_ids(doc)
        found: dict[str, list[tuple[int, int]]] = {}
        for key, start, end in self.matcher(doc):
            found.setdefault(key, []).append((start, end))

        hits: list[tuple[Rule, Level, int, int]] = []
        for rule_id, spans in found.items():
            rule = self._rules.get(rule_id)
            if rule is None:
                continue
            also_sentences = {sentence_of[start] for start, _ in found.get(f"{rule_id}#also", ())}
            if rule.also and not also_sentences:
                continue
            for start, end in spans:
                if rule.also_in_same_sentence and sentence_of[start] not in also_sentences:
                    continue
                if rule.negatable and self._negated(doc, start, end):
                    continue
                hits.append((rule, rule.level, start, end))
        if not hits:
            return NO_RISK

        hits = self._apply_guards(doc, typed, hits, found, sentence_of)
        if not hits:
            return NO_RISK
        level = max(level for _, level, _, _ in hits)
        if level is Level.NONE:
            return NO_RISK
        winners = [(rule, start, end) for rule, lvl, start, end in hits if lvl is level]
        categories = tuple(dict.fromkeys(rule.category for rule, _, _ in winners))
        rule_ids = tuple(dict.fromkeys(rule.id for rule, _, _ in winners))
        spans = []
        for _, start, end in winners:
            span = normalized.source_span(origins[start][0], origins[end - 1][1], len(text))
            if span not in spans:
                spans.append(span)
        return Assessment(level, categories, rule_ids, tuple(spans))

    def _sentence_ids(self, doc: Doc) -> list[int]:
        ids, current = [], 0
        for token in doc:
            ids.append(current)
            if token.text in self.lexicon.sentence_breaks or "\n" in token.text:
                current += 1
        return ids

    def _negated(self, doc: Doc, start: int, end: int) -> bool:
        """A denial just before or inside the match: "i'm not suicidal", "never would i hurt myself"."""
        lexicon = self.lexicon
        for index in range(start, end):
            if self._is_negation(doc, index):
                return True
        for index in range(start - 1, max(-1, start - 1 - lexicon.negation_window), -1):
            token = doc[index]
            if token.text in lexicon.clause_breaks or token.lemma_ in lexicon.clause_breaks:
                return False
            if self._is_negation(doc, index):
                return True
        return False

    def _is_negation(self, doc: Doc, index: int) -> bool:
        token = doc[index]
        if token.lemma_ not in self.lexicon.negations and token.lower_ not in self.lexicon.negations:
            return False
        following = doc[index + 1].lemma_ if index + 1 < len(doc) else ""
        return following not in self.lexicon.negation_exempt_next

    def _is_question(self, doc: Doc, sentence_of: list[int], sentence: int) -> bool:
        # People often leave out the "?": the opening word decides.
        words = [t for t, s in zip(doc, sentence_of) if s == sentence and not t.is_punct]
        openers = self.lexicon.question_openers
        return bool(words) and (words[0].lower_ in openers or words[0].lemma_ in openers)

    def _about_the_writer(self, doc: Doc, typed: list[bool], start: int, end: int) -> bool:
        # Only words the user typed count: slang like "unalive" expands to "kill myself".
        first_person = self.lexicon.lists["first_person"]
        return any(doc[i].lower_ in first_person and typed[i] for i in range(start, end))

    def _apply_guards(self, doc, typed, hits, found, sentence_of):
        guarded_sentences: dict[str, set[int]] = {}
        for guard in self._guards.values():
            sentences = {sentence_of[start] for start, _ in found.get(guard.id, ())}
            if guard.when_question:
                sentences |= {s for s in set(sentence_of) if self._is_question(doc, sentence_of, s)}
            if sentences:
                guarded_sentences[guard.id] = sentences
        result = []
        for rule, level, start, end in hits:
            sentence = sentence_of[start]
            for guard_id, sentences in guarded_sentences.items():
                guard = self._guards[guard_id]
                if sentence not in sentences or rule.category not in guard.applies_to:
                    continue
                # "how do i kill myself" asks about the writer, not about a topic.
                if guard.when_question and self._about_the_writer(doc, typed, start, end):
                    continue
                if guard.effect == "suppress":
                    level = Level.NONE
                elif level is Level.CRISIS:
                    level = Level.CONCERN
            result.append((rule, level, start, end))
        return result


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
