"""The deterministic crisis detector: normalise, read canonical words, match, weigh context.

Deterministic on purpose: the same message always gets the same answer, every rule that
fired is named, and a reviewer can trace why. The rules are data (data/safety/); this is
only the mechanism.
"""

from __future__ import annotations

import spacy
from spacy.lang.en.stop_words import STOP_WORDS

from bot.safety.anchored_matcher import AnchoredMatcher
from bot.safety.assessment import NO_RISK, Assessment, Level
from bot.safety.canonical import Canonicalizer, Reading
from bot.safety.concept_net import ConceptNet, ConceptNetData, NetContext, load_concept_net
from bot.safety.normalize import normalize
from bot.safety.rules import Guard, Rule, RuleError, RuleSet, compile_phrase, load_rule_set

Hit = tuple[Rule, Level, int, int]  # rule, level after context, start and end word


class CrisisDetector:
    def __init__(self, rule_set: RuleSet | None = None, concepts: ConceptNetData | None = None):
        self.rule_set = rule_set or load_rule_set()
        self.lexicon = self.rule_set.lexicon
        self.concept_net = ConceptNet(concepts or load_concept_net(self.lexicon))
        self.nlp = spacy.blank("en")
        lemmatizer = self.nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        self.nlp.initialize()
        self.canonical = Canonicalizer(self.lexicon, self.nlp.tokenizer,
                                       lemmatizer.lookups.get_table("lemma_lookup"))
        self._rules: dict[str, Rule] = {}
        self._guards: dict[str, Guard] = {}
        # Words too common to index patterns by: almost every message has them.
        common = frozenset(STOP_WORDS) | {"'s", "s", "nt", "m", ".", ",", "!", "?", "'"}
        # The rules are searched in every message; their context only once a rule matched.
        self.rule_matcher = AnchoredMatcher(self.nlp.vocab, common)
        self.context_matcher = AnchoredMatcher(self.nlp.vocab, common)
        self._compile()

    def _compile(self) -> None:
        for rule in self.rule_set.rules:
            self._rules[rule.id] = rule
            self.rule_matcher.add(rule.id, self._phrases(rule.id, rule.patterns))
            if rule.also:
                self.context_matcher.add(f"{rule.id}#also", self._phrases(rule.id, rule.also))
        for guard in self.rule_set.guards:
            self._guards[guard.id] = guard
            if guard.patterns:
                self.context_matcher.add(guard.id, self._phrases(guard.id, guard.patterns))

    def _phrases(self, rule_id: str, phrases) -> list[list[dict]]:
        try:
            return [compile_phrase(p, self.lexicon, self.canonical.lemma_of) for p in phrases]
        except RuleError as error:
            raise RuleError(f"rule {rule_id}: {error}") from error

    # -- assessment ----------------------------------------------------------------------

    def assess(self, text: str) -> Assessment:
        if not text or not isinstance(text, str):
            return NO_RISK
        normalized = normalize(text)
        if not normalized.text.strip():
            return NO_RISK
        reading = self.canonical.read(normalized.text)
        # First the rules alone: most messages have none of the words any rule needs.
        search = self.rule_matcher.search(reading.words, reading.lemmas)
        if not search.could_match():
            return self._safety_net(text, normalized, reading)
        found: dict[str, list[tuple[int, int]]] = {}
        for key, start, end in search.matches():
            found.setdefault(key, []).append((start, end))
        if not found:
            return self._safety_net(text, normalized, reading)
        # Then only the context that can change what matched.
        categories = {self._rules[key].category for key in found}
        context_keys = {f"{key}#also" for key in found if self._rules[key].also}
        guarded = categories | set(found)  # a guard names categories, or single rules
        context_keys |= {g.id for g in self._guards.values() if guarded & set(g.applies_to)}
        context = self.context_matcher.search(reading.words, reading.lemmas)
        for key, start, end in context.matches(context_keys):
            found.setdefault(key, []).append((start, end))

        sentence_of = self._sentence_ids(reading.words)
        hits = self._apply_guards(reading, self._rule_hits(reading, found, sentence_of),
                                  found, sentence_of)
        level = max((level for _, level, _, _ in hits), default=Level.NONE)
        if level is Level.NONE:
            return self._safety_net(text, normalized, reading, sentence_of)
        winners = [(rule, start, end) for rule, lvl, start, end in hits if lvl is level]
        spans = self._spans(text, normalized, reading, [(start, end) for _, start, end in winners])
        return Assessment(level, tuple(dict.fromkeys(rule.category for rule, _, _ in winners)),
                          tuple(dict.fromkeys(rule.id for rule, _, _ in winners)), spans)

    def _spans(self, text: str, normalized, reading: Reading, words) -> tuple[tuple[int, int], ...]:
        spans: list[tuple[int, int]] = []
        for start, end in words:
            span = normalized.source_span(reading.origin(start)[0], reading.origin(end - 1)[1], len(text))
            if span not in spans:
                spans.append(span)
        return tuple(spans)

    def safety_net_alone(self, text: str) -> Assessment:
        """What the safety net says with the rules left out: for its examples and reviewers."""
        normalized = normalize(text)
        return self._safety_net(text, normalized, self.canonical.read(normalized.text))

    def _safety_net(self, text: str, normalized, reading: Reading,
                    sentence_of: list[int] | None = None) -> Assessment:
        """No rule spoke: concepts that together sound like danger still earn a check-in."""
        sentence_of = sentence_of or self._sentence_ids(reading.words)
        hit = self.concept_net.check(reading, sentence_of, _NetContext(self, reading, sentence_of))
        if hit is None:
            return NO_RISK
        spans = self._spans(text, normalized, reading, [(i, i + 1) for i in hit.indexes])
        return Assessment(Level.CONCERN, ("safety_net",), (hit.rule,), spans)

    def _rule_hits(self, reading: Reading, found, sentence_of: list[int]) -> list[Hit]:
        hits: list[Hit] = []
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
                if rule.negatable and self._negated(reading, start, end):
                    continue
                hits.append((rule, rule.level, start, end))
        return hits

    # -- context -------------------------------------------------------------------------

    def _sentence_ids(self, words: list[str]) -> list[int]:
        ids, current = [], 0
        breaks = self.lexicon.sentence_breaks
        for word in words:
            ids.append(current)
            if word in breaks or "\n" in word:
                current += 1
        return ids

    def _negated(self, reading: Reading, start: int, end: int) -> bool:
        """A denial just before or inside the match: "i'm not suicidal", "never would i hurt myself"."""
        lexicon = self.lexicon
        if any(self._is_negation(reading, index) for index in range(start, end)):
            return True
        for index in range(start - 1, max(-1, start - 1 - lexicon.negation_window), -1):
            breaks = lexicon.clause_breaks
            if reading.words[index] in breaks or reading.lemmas[index] in breaks:
                return False
            if self._is_negation(reading, index):
                return True
        return False

    def _is_negation(self, reading: Reading, index: int) -> bool:
        negations = self.lexicon.negations
        if reading.lemmas[index] not in negations and reading.words[index] not in negations:
            return False
        following = reading.lemmas[index + 1] if index + 1 < len(reading.lemmas) else ""
        return following not in self.lexicon.negation_exempt_next

    def _questions(self, reading: Reading, sentence_of: list[int]) -> set[int]:
        """Sentences that ask something. People often leave out the "?": the opening word decides."""
        openers, questions, seen = self.lexicon.question_openers, set(), set()
        for index, sentence in enumerate(sentence_of):
            word = reading.words[index]
            if sentence in seen or not any(c.isalnum() for c in word):
                continue
            seen.add(sentence)
            if word in openers and self._asks(reading, index, sentence_of):
                questions.add(sentence)
        return questions

    def _asks(self, reading: Reading, index: int, sentence_of: list[int]) -> bool:
        """ "what ...", "is it ...": a question. "was clean 300 days", "did it again": a
        statement with its "i" left out, unless the sentence ends in "?"."""
        lists = self.lexicon.lists
        following = reading.words[index + 1] if index + 1 < len(reading.words) else ""
        if reading.words[index] in lists.get("wh_words", ()):
            return True
        if following in lists.get("question_subjects", ()):
            return True
        sentence, end = sentence_of[index], index
        while end < len(sentence_of) and sentence_of[end] == sentence:
            end += 1
        return "?" in reading.words[index:end]

    def _about_the_writer(self, reading: Reading, start: int, end: int) -> bool:
        # Only words the user typed count: slang like "unalive" expands to "kill myself".
        first_person = self.lexicon.lists["first_person"]
        return any(reading.words[i] in first_person and reading.typed[i] for i in range(start, end))

    def _apply_guards(self, reading: Reading, hits: list[Hit], found, sentence_of) -> list[Hit]:
        guarded_sentences: dict[str, set[int]] = {}
        questions: set[int] | None = None
        for guard in self._guards.values():
            sentences = {sentence_of[start] for start, _ in found.get(guard.id, ())}
            if guard.when_question:
                questions = self._questions(reading, sentence_of) if questions is None else questions
                sentences |= questions
            if sentences:
                guarded_sentences[guard.id] = sentences
        result = []
        for rule, level, start, end in hits:
            sentence = sentence_of[start]
            for guard_id, sentences in guarded_sentences.items():
                guard = self._guards[guard_id]
                if sentence not in sentences or (rule.category not in guard.applies_to
                                                 and rule.id not in guard.applies_to):
                    continue
                # "how do i kill myself" asks about the writer, not about a topic.
                if guard.when_question and self._about_the_writer(reading, start, end):
                    continue
                if guard.effect == "suppress":
                    level = Level.NONE
                elif level is Level.CRISIS:
                    level = Level.CONCERN
            result.append((rule, level, start, end))
        return result


class _NetContext(NetContext):
    """The detector's own negation and guards, lent to the safety net."""

    def __init__(self, detector: CrisisDetector, reading: Reading, sentence_of: list[int]):
        self._detector = detector
        self._reading = reading
        self._sentence_of = sentence_of

    def negated(self, index: int) -> bool:
        return self._detector._negated(self._reading, index, index + 1)

    def silenced_sentences(self) -> set[int]:
        detector, reading, sentence_of = self._detector, self._reading, self._sentence_of
        guard_ids = set(detector.concept_net.data.silenced_by)
        search = detector.context_matcher.search(reading.words, reading.lemmas)
        silenced = {sentence_of[start] for _, start, _ in search.matches(guard_ids)}
        if any(detector._guards[g].when_question for g in guard_ids if g in detector._guards):
            silenced |= detector._questions(reading, sentence_of)
        return silenced
