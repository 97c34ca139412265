"""The detector's behaviour on the hard cases the issue names."""

from __future__ import annotations

import pytest

from bot.safety import Level, assess


@pytest.mark.parametrize(("text", "category"), [
    ("I'm being forced to have sex and I'm only 12", "child_at_risk"),
    ("i'm going to kill myself tonight", "suicide"),
    ("im gonna kms", "suicide"),
    ("thinking about sewerslide tonight, i have a plan", "suicide"),
    ("i want to unalive myself", "suicide"),
    ("I CAN'T GO ON ANYMORE", "suicide"),
    ("i cant go on anymore", "suicide"),
    ("i want to dieeeee", "suicide"),
    ("i'm gonna k1ll mys3lf", "suicide"),
    ("i'm going to k\u200bill my\u200bself", "suicide"),
    ("i took all my 💊💊", "medical_emergency"),
    ("i overdosed on my meds", "medical_emergency"),
    ("i cant breathe", "medical_emergency"),
    ("im cutting right now 🩸", "self_harm"),
    ("he's outside my door and he has a knife", "danger_from_others"),
    ("he raped me last night", "danger_from_others"),
    ("he locked me in the bathroom", "danger_from_others"),
    ("im going to kill him when he gets home", "harm_to_others"),
])
def test_crisis_is_caught(text, category):
    result = assess(text)
    assert result.level is Level.CRISIS, result
    assert category in result.categories


@pytest.mark.parametrize("text", [
    "this exam is killing me",
    "i could kill for a coffee right now",
    "I was assaulted years ago and now freeze when touched",
    "I'm not suicidal",
    "i would never hurt myself",
    "what is EMDR and does it help with flashbacks?",
    "my girlfriend was raped before we met, how can I support her?",
    "hi",
    "can we do the breathing exercise",
])
def test_not_a_crisis(text):
    assert assess(text).level is not Level.CRISIS


@pytest.mark.parametrize("text", [
    "i wish i could disappear",
    "nothing will ever get better",
    "i have the urge to cut but i wont",
    "im scared he will find me one day",
])
def test_concern_gets_a_check_in(text):
    assert assess(text).level is Level.CONCERN


def test_crisis_sentence_buried_in_a_long_message():
    filler = "Today was long. I went to work, made dinner and watched a film with my partner. " * 20
    result = assess(filler + "I have the pills counted out and I'm going to take them all tonight. " + filler)
    assert result.level is Level.CRISIS


def test_spans_point_into_the_original_text():
    text = "OK so... I’m going to k\u200bill myself"
    result = assess(text)
    (start, end), *_ = result.spans
    assert "ill myself" in text[start:end].replace("\u200b", "")


def test_assessment_names_the_rules_that_fired():
    result = assess("i want to die")
    assert result.rules and all(rule.startswith("suicide.") for rule in result.rules)


@pytest.mark.parametrize("text", [
    "i want to feel safe when my wife touches me again",  # recovery: none
    "my husband wants sex and i keep saying no and feel guilty",  # a pattern of pressure: the check-in
])
def test_a_survivors_everyday_words_get_no_card(text):
    assert assess(text).level is not Level.CRISIS
