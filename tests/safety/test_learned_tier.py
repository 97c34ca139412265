"""The learned tier: reproducible bit for bit, scored at run time exactly as scikit-learn would,
explainable, and only ever moving a reading within the bounds data/safety/learned_tier.yml sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.safety import Assessment, Level, get_detector
from bot.safety.learned import MODEL_PATH, LearnedTier, words_of
from bot.safety.rules import read_yaml
from bot.safety.tiers import Moves, combine
from bot.safety.train_learned import SETTINGS, export, features, fit, fit_estimators

ROOT = Path(__file__).resolve().parents[2]
SMALL_MODEL = {"seed": 13, "regularisation": 4.0, "min_document_frequency": 1, "max_features_per_block": 5000}


def small_rows() -> list[dict]:
    lines = (ROOT / "tests" / "data" / "crisis_eval.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[::3]]


def test_the_same_corpus_gives_the_same_model_byte_for_byte():
    rows = small_rows()
    first = json.dumps(fit(rows, SMALL_MODEL), sort_keys=True)
    second = json.dumps(fit(list(rows), dict(SMALL_MODEL)), sort_keys=True)
    assert first == second


def test_run_time_scores_are_scikit_learns(tmp_path):
    rows = small_rows()
    vectorizers, classifier = fit_estimators(rows, SMALL_MODEL)
    path = tmp_path / "tier.json"
    path.write_text(json.dumps(export(vectorizers, classifier, len(rows))))
    tier = LearnedTier.load(path)
    texts = ["i took all my pills", "he's outside again and the door won't hold", "thanks, that helped",
             "I want to feel safe when she touches me", "nooooo", ""]
    expected = classifier.predict_proba(features(vectorizers, [words_of(t) for t in texts]))
    for text, row in zip(texts, expected):
        got = tier.probabilities(text)
        assert [got[level] for level in (Level.NONE, Level.CONCERN, Level.CRISIS)] == \
            pytest.approx(list(row), abs=1e-4), text


def test_a_decision_names_the_words_that_moved_it():
    tier = LearnedTier.load()
    explained = tier.explain("i took all my pills an hour ago")
    assert explained and all(level in ("none", "concern", "crisis") for _, level, _ in explained)
    assert any("pill" in feature for feature, _, _ in explained)


def test_the_detector_runs_both_tiers():
    assert MODEL_PATH.is_file(), "make train-detector builds it"
    assert get_detector().learned is not None


MOVES = Moves(none_to_concern=0.5, concern_to_crisis=0.8, none_to_crisis=0.9, crisis_to_concern=0.9,
              concern_to_none=0.97, vetoable=frozenset({"danger.present_now"}))


def p(none: float, concern: float, crisis: float) -> dict:
    return {Level.NONE: none, Level.CONCERN: concern, Level.CRISIS: crisis}


@pytest.mark.parametrize("rules, probabilities, expected", [
    (Level.NONE, p(0.45, 0.40, 0.15), Level.CONCERN),  # worry heard: the check-in
    (Level.NONE, p(0.60, 0.30, 0.10), Level.NONE),
    (Level.NONE, p(0.02, 0.05, 0.93), Level.CRISIS),  # sure of danger
    (Level.CONCERN, p(0.05, 0.10, 0.85), Level.CRISIS),
    (Level.CONCERN, p(0.10, 0.20, 0.70), Level.CONCERN),
    (Level.CONCERN, p(0.99, 0.01, 0.00), Level.NONE),  # sure it is the everyday: no check-in
    (Level.CONCERN, p(0.95, 0.04, 0.01), Level.CONCERN),
    (Level.CRISIS, p(0.95, 0.04, 0.01), Level.CONCERN),  # the everyday: the check-in, never nothing
    (Level.CRISIS, p(0.999, 0.001, 0.0), Level.CONCERN),
    (Level.CRISIS, p(0.85, 0.10, 0.05), Level.CRISIS),
])
def test_the_learned_tier_moves_only_within_its_bounds(rules, probabilities, expected):
    rule_reading = Assessment(rules, ("danger_from_others",), ("danger.present_now",))
    reading = combine(rule_reading, probabilities, MOVES)
    assert reading.level is expected
    if expected is not rules:
        assert any(rule.startswith("learned.") for rule in reading.rules)  # named for review
    assert "danger.present_now" in reading.rules  # the rule that spoke stays on record


@pytest.mark.parametrize("rules", [("suicide.plan_or_means",), ("medical.took_pills",),
                                   ("danger.present_now", "danger.forced_now")])
def test_a_card_from_an_unambiguous_rule_is_never_turned_down(rules):
    reading = combine(Assessment(Level.CRISIS, ("x",), rules), p(0.999, 0.001, 0.0), MOVES)
    assert reading.level is Level.CRISIS


def test_someone_forced_now_keeps_the_card_whatever_the_model_hears():
    assert get_detector().assess("my boyfriend is forcing me to have sex").level is Level.CRISIS


def test_the_bounds_written_down_are_the_ones_applied():
    moves = read_yaml(SETTINGS)["moves"]
    loaded = Moves.load()
    assert loaded.none_to_concern == moves["none_to_concern"]["min_p_concern_or_crisis"]
    assert loaded.crisis_to_concern == moves["crisis_to_concern"]["min_p_none"]


def test_no_blind_or_held_out_set_is_trained_on():
    blind = {s["path"] for s in read_yaml(ROOT / "data" / "safety" / "evaluation_sets.yml")["sets"]
             if not s["tuned"]}
    training = set(read_yaml(SETTINGS)["training"])
    assert blind and not blind & training
    assert not [name for name in training if "blind" in name]


def test_a_long_message_is_read_in_parts_of_whole_sentences():
    from bot.safety.tiers import PART_CHARS, parts_of

    text = " ".join(f"Sentence number {n} is about an ordinary day." for n in range(40))
    parts = parts_of(text)
    assert len(parts) > 1 and all(len(part) <= PART_CHARS for part in parts)
    assert " ".join(parts) == text
    assert parts_of("short") == ["short"]
    assert all(len(part) <= PART_CHARS for part in parts_of("x" * 1000))


def test_a_crisis_buried_in_an_ordinary_day_keeps_its_card():
    from bot.safety.typing_variants import buried

    for text in ("he's outside again and the door won't hold", "i took all my pills an hour ago"):
        assert get_detector().assess(text).level is Level.CRISIS
        assert get_detector().assess(buried(text)).level is Level.CRISIS


@pytest.mark.parametrize("tap", ["/ground", "/start", "/plan_boundaries", "/i_am_not_safe", "/country:UK"])
def test_a_button_or_bare_command_is_not_read_as_words(tap):
    assert get_detector().assess(tap).level is Level.NONE
    assert get_detector().assess("/start i want to end it tonight").level is Level.CRISIS


@pytest.mark.parametrize("text", ["tonight", "next", "no", "my cat, the window", "plan my boundaries",
                                  "a grounding exercise please", "i want to plan my boundaries"])
def test_short_answers_and_harbors_own_requests_are_not_raised(text):
    assert get_detector().assess(text).level is Level.NONE
