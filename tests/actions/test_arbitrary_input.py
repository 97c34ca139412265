"""Hypothesis: every custom action copes with any text, metadata and slot values without raising."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

import actions.consent
import actions.crisis
import actions.grounding
import actions.support
import actions.youth
from tests.actions.conftest import make_tracker

ALL_ACTIONS = [cls() for module in (actions.consent, actions.crisis, actions.grounding, actions.support,
                                    actions.youth)
               for cls in vars(module).values()
               if isinstance(cls, type) and issubclass(cls, Action) and cls is not Action]
ANY_VALUE = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                      st.text(max_size=50), st.lists(st.text(max_size=5), max_size=3),
                      st.dictionaries(st.text(max_size=5), st.text(max_size=5)))
SLOTS = st.fixed_dictionaries({}, optional={name: ANY_VALUE for name in (
    "consent_given", "country", "exercise_id", "exercise_step", "exercise_active",
    "safety_check_pending", "interrupted_exercise", "is_minor")})
METADATA = st.one_of(st.none(), st.dictionaries(st.sampled_from(["country", "crisis_card_sent", "is_minor"]),
                                                ANY_VALUE))


def test_there_are_actions_to_check():
    assert {a.name() for a in ALL_ACTIONS} >= {"action_crisis_response", "action_record_consent",
                                               "action_youth_support", "action_grounding_next"}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(action=st.sampled_from(ALL_ACTIONS), slots=SLOTS, metadata=METADATA,
       text=st.text(max_size=3000),
       intent=st.sampled_from(["affirm", "deny", "i_am_safe", "nlu_fallback", ""]))
def test_no_action_raises(domain, action, slots, metadata, text, intent):
    tracker = make_tracker(slots=slots, text=text, intent=intent, metadata=metadata)
    events = asyncio.run(action.run(CollectingDispatcher(), tracker, domain))
    assert isinstance(events, list)
