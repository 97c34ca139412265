"""Reading a person's last few messages together, and their answer to "are you safe right now?".

The mechanism is tested over the rules alone (deterministic and auditable), so that what is
read across messages is not hidden by what the learned tier reads in one.
"""

from __future__ import annotations

import pytest

from bot.safety import Level, get_rules
from bot.safety.context import (
    ACROSS_RULE,
    ANSWER_RULE,
    UNSAFE_ANSWER,
    ConversationContext,
    load_check_in_answers,
)
from bot.safety.rules import DATA_DIR, read_yaml


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def assess(text: str):
    return get_rules().assess(text)


def reader(clock: Clock | None = None) -> ConversationContext:
    return ConversationContext(assess, clock=clock or Clock())


def levels(context: ConversationContext, messages: list[str], person: str = "p") -> list[Level]:
    return [context.read(person, text).level for text in messages]


@pytest.mark.parametrize("pieces", [
    ["my stepdad", "is in my room again", "and he locked the door"],
    ["i wrote the letters", "goodbye to everyone", "i am going to kill", "myself"],
    ["i swallowed", "the whole bottle"],
])
def test_a_crisis_typed_in_pieces_gets_the_card_when_it_is_complete(pieces):
    context = reader()
    readings = [context.read("p", text) for text in pieces]
    assert readings[-1].level is Level.CRISIS and ACROSS_RULE in readings[-1].rules
    assert all(not reading.is_crisis for reading in readings[:-1])
    assert not assess(pieces[-1]).is_crisis  # the last piece alone reads as no crisis


def test_pieces_from_long_ago_are_not_read_together():
    clock = Clock()
    context = reader(clock)
    context.read("p", "my stepdad")
    context.read("p", "is in my room again")
    clock.now += 600
    assert context.read("p", "and he locked the door").level is not Level.CRISIS


def test_one_persons_messages_are_not_read_with_anothers():
    context = reader()
    context.read("a", "my stepdad")
    context.read("a", "is in my room again")
    assert context.read("b", "and he locked the door").level is not Level.CRISIS


def test_after_a_crisis_the_next_messages_are_read_afresh():
    context = reader()
    pieces = ["my stepdad", "is in my room again", "and he locked the door"]
    assert levels(context, pieces)[-1] is Level.CRISIS
    assert context.read("p", "thank you for the numbers").level is Level.NONE


@pytest.mark.parametrize("answer", ["no", "No.", "nooooo", "idk", "i dont know", "not sure tbh",
                                    "Not really", "kinda", "he's here", "NOT SAFE", "n0"])
def test_an_answer_that_may_mean_not_safe_escalates_after_the_question(answer):
    context = reader()
    assert context.read("p", "i wish i could just disappear").level is Level.CONCERN  # the check-in
    reading = context.read("p", answer)
    assert reading.level is Level.CRISIS
    assert reading.categories == (UNSAFE_ANSWER,) and reading.rules == (ANSWER_RULE,)


@pytest.mark.parametrize("answer", ["yes", "yeah im ok", "I'm safe"])
def test_a_safe_answer_does_not(answer):
    context = reader()
    context.read("p", "i wish i could just disappear")
    assert context.read("p", answer).level is Level.NONE
    assert context.read("p", "no").level is Level.NONE  # answered: "no" is no longer an answer


def test_no_is_just_no_when_nobody_asked():
    assert reader().read("p", "no").level is Level.NONE


def test_the_question_is_answered_only_for_a_while():
    clock = Clock()
    context = reader(clock)
    context.read("p", "i wish i could just disappear")
    clock.now += load_check_in_answers().window_seconds + 1
    assert context.read("p", "no").level is Level.NONE


def test_the_card_and_the_safety_command_count_as_asking():
    context = reader()
    context.read("p", "i took all my pills")
    assert context.read("p", "idk").is_crisis
    other = reader()
    other.asked_if_safe("q")
    assert other.read("q", "not really").is_crisis


def test_every_listed_answer_reads_as_its_list():
    data = read_yaml(DATA_DIR / "check_in_answers.yml")
    answers = load_check_in_answers()
    assert [a for a in data["unsafe"] if answers.classify(a) != "unsafe"] == []
    assert [a for a in data["safe"] if answers.classify(a) != "safe"] == []
    assert answers.classify("no, i had a nightmare but im ok now") is None  # not a short answer


def test_the_same_messages_always_read_the_same():
    messages = ["i wrote the letters", "goodbye to everyone", "i am going to kill", "myself", "idk",
                "yes", "my stepdad", "is in my room again", "and he locked the door"]
    assert levels(reader(), messages) == levels(reader(), messages)
