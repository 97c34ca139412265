"""The safety net's examples in data/safety/concepts.yml get the check-in; its counter-examples do not."""

from __future__ import annotations

import pytest

from bot.safety import Level, get_rules
from bot.safety.concept_net import load_concept_net
from bot.safety.rules import load_rule_set

NET = load_concept_net(load_rule_set().lexicon)
EXAMPLES = [(i.id, text) for i in NET.interactions for text in i.examples]
NOT_EXAMPLES = [(i.id, text) for i in NET.interactions for text in i.not_examples]
NOT_EXAMPLES += [("net", text) for text in NET.not_examples]


def test_every_interaction_has_examples():
    assert not [i.id for i in NET.interactions if not i.examples]


@pytest.mark.parametrize(("interaction_id", "text"), EXAMPLES)
def test_safety_net_asks_on_its_examples(interaction_id, text):
    # The net must catch these on its own, not only because a phrase rule did.
    alone = get_rules().safety_net_alone(text)
    assert alone.level is Level.CONCERN, (interaction_id, text, alone)
    assert alone.rules[0].startswith("concept."), alone
    assert get_rules().assess(text).level >= Level.CONCERN


@pytest.mark.parametrize(("interaction_id", "text"), NOT_EXAMPLES)
def test_safety_net_stays_quiet_on_its_counter_examples(interaction_id, text):
    assert get_rules().assess(text).level is Level.NONE, (interaction_id, text)


@pytest.mark.parametrize("text", [
    "i'm not going to take my pills tonight, i promise",
    "he used to lock me in my room years ago, i'm safe now",
    "my girlfriend's ex followed her home last night, how can i help her feel safe?",
    "this exam is killing me, it's due tonight and my laptop died lol",
])
def test_safety_net_respects_denials_the_past_questions_and_jokes(text):
    assert get_rules().safety_net_alone(text).level is Level.NONE


def test_safety_net_never_raises_to_crisis():
    result = get_rules().assess("the bridge is five minutes from my flat. i think tonight")
    assert result.level is Level.CONCERN
    assert result.rules and result.rules[0].startswith("concept.")
    assert result.categories == ("safety_net",)
