"""Every rule's examples in data/safety/ fire it; its counter-examples do not."""

from __future__ import annotations

import pytest

from bot.safety import Level, get_rules
from bot.safety.rules import load_rule_set

RULE_SET = load_rule_set()
EXAMPLES = [(rule.id, rule.level, text) for rule in RULE_SET.rules for text in rule.examples]
NOT_EXAMPLES = [(rule.id, text) for rule in RULE_SET.rules for text in rule.not_examples]
GUARD_EXAMPLES = [(guard.id, text) for guard in RULE_SET.guards for text in guard.examples]


def test_every_rule_has_examples():
    assert not [rule.id for rule in RULE_SET.rules if not rule.examples]


@pytest.mark.parametrize(("rule_id", "level", "text"), EXAMPLES)
def test_rule_fires_on_its_examples(rule_id, level, text):
    result = get_rules().assess(text)
    assert result.level >= level, (rule_id, text, result)
    if level is Level.CRISIS:
        assert rule_id in result.rules, (rule_id, text, result)


@pytest.mark.parametrize(("rule_id", "text"), NOT_EXAMPLES)
def test_rule_stays_quiet_on_its_counter_examples(rule_id, text):
    # A guard may leave the rule reported as the reason for a gentle check-in, never a crisis.
    result = get_rules().assess(text)
    assert result.level is not Level.CRISIS, (text, result)


@pytest.mark.parametrize(("guard_id", "text"), GUARD_EXAMPLES)
def test_guard_examples_are_not_crisis(guard_id, text):
    assert get_rules().assess(text).level is not Level.CRISIS
