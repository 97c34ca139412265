"""The anchored matcher finds exactly what spaCy's Matcher finds with the same patterns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.matcher import Matcher
from spacy.tokens import Doc

from bot.safety import get_rules
from bot.safety.anchored_matcher import AnchoredMatcher

EVAL_SET = Path(__file__).resolve().parents[1] / "data" / "crisis_eval.jsonl"


@pytest.fixture(scope="module")
def both_matchers():
    detector = get_rules()
    spacy_matcher = Matcher(detector.nlp.vocab, validate=True)
    anchored = AnchoredMatcher(detector.nlp.vocab)
    for entry in [*detector.rule_set.rules, *detector.rule_set.guards]:
        phrases = [*entry.patterns, *getattr(entry, "also", ())]
        if phrases:
            token_patterns = detector._phrases(entry.id, phrases)
            spacy_matcher.add(entry.id, token_patterns)
            anchored.add(entry.id, token_patterns)
    return detector, spacy_matcher, anchored


def _texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in EVAL_SET.read_text(encoding="utf-8").splitlines() if line]
    # Long texts too: matches then start and end everywhere, across sentences.
    return texts[::3] + [" ".join(texts[i:i + 25]) for i in range(0, len(texts), 25)]


def test_same_matches_as_spacy(both_matchers):
    detector, spacy_matcher, anchored = both_matchers
    vocab = detector.nlp.vocab
    for text in _texts():
        reading = detector.canonical.read(text.lower())
        doc = Doc(vocab, words=reading.words, spaces=[True] * len(reading.words), lemmas=reading.lemmas)
        expected = {(vocab.strings[key], start, end) for key, start, end in spacy_matcher(doc)}
        assert set(anchored.search(reading.words, reading.lemmas).matches()) == expected, text


def test_a_pattern_spacy_rejects_is_an_error():
    with pytest.raises(ValueError, match="broken"):
        AnchoredMatcher(get_rules().nlp.vocab).add("broken", [[{"LEMMA": {"NOT_A_PREDICATE": ["a"]}}]])
