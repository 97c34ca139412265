"""RunningFlowPolicy: during an exercise, free text moves it on; stop and no end it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue.running_flow_policy import RunningFlowPolicy

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain"))


@pytest.fixture
def policy(tmp_path) -> RunningFlowPolicy:
    return RunningFlowPolicy.create(RunningFlowPolicy.get_default_config(), LocalModelStorage(tmp_path),
                                     Resource("exercise"), ExecutionContext(GraphSchema({}), "test"))


def predicted(policy, intent: str, active: bool = True, text: str = "whatever they typed",
              confidence: float = 0.6) -> str | None:
    events = [ActionExecuted(ACTION_LISTEN_NAME), SlotSet("exercise_active", active),
              ActionExecuted(ACTION_LISTEN_NAME),
              UserUttered(text, {"name": intent, "confidence": confidence})]
    tracker = DialogueStateTracker.from_events("u", events, slots=DOMAIN.slots)
    probabilities = policy.predict_action_probabilities(tracker, DOMAIN).probabilities
    best = max(range(len(probabilities)), key=probabilities.__getitem__)
    return DOMAIN.action_names_or_texts[best] if probabilities[best] > 0 else None


@pytest.mark.parametrize("intent", ["nlu_fallback", "talk_other", "affirm", "thanks",
                                    "next_step", "out_of_scope"])
def test_anything_typed_moves_the_exercise_on(policy, intent):
    assert predicted(policy, intent) == "action_grounding_next"


@pytest.mark.parametrize("intent", ["stop_exercise", "deny"])
def test_stop_or_no_ends_it(policy, intent):
    assert predicted(policy, intent) == "action_grounding_stop"


@pytest.mark.parametrize("intent", ["menu", "find_support", "ground", "help"])
def test_commands_for_other_parts_are_left_to_their_rules(policy, intent):
    assert predicted(policy, intent, text=f"/{intent}", confidence=1.0) is None
    assert predicted(policy, intent, text="clearly asking for it", confidence=0.97) is None


def test_words_the_classifier_is_unsure_of_are_an_answer_to_the_step(policy):
    assert predicted(policy, "help", text="a lamp, a chair", confidence=0.63) == "action_grounding_next"


def test_nothing_to_do_without_an_exercise(policy):
    assert predicted(policy, "nlu_fallback", active=False) is None


def predicted_with(policy, slots: dict, intent: str, sent_at: float | None = None,
                   confidence: float = 0.6) -> str | None:
    events = [ActionExecuted(ACTION_LISTEN_NAME), *(SlotSet(name, value) for name, value in slots.items()),
              ActionExecuted(ACTION_LISTEN_NAME),
              UserUttered("whatever they typed", {"name": intent, "confidence": confidence},
                          timestamp=sent_at)]
    tracker = DialogueStateTracker.from_events("u", events, slots=DOMAIN.slots)
    probabilities = policy.predict_action_probabilities(tracker, DOMAIN).probabilities
    best = max(range(len(probabilities)), key=probabilities.__getitem__)
    return DOMAIN.action_names_or_texts[best] if probabilities[best] > 0 else None


@pytest.mark.parametrize("intent", ["stop_exercise", "deny"])
def test_a_paced_exercise_is_stopped_by_stop_or_not_now_until_its_end(policy, intent):
    paced = {"exercise_paced_until": 1_000.0}
    assert predicted_with(policy, paced, intent, sent_at=999.0) == "action_grounding_stop"
    # After its last message, a "no" answers something else.
    assert predicted_with(policy, paced, intent, sent_at=1_001.0) is None


@pytest.mark.parametrize("intent", ["nlu_fallback", "talk_other", "slower_exercise", "thanks"])
def test_typed_words_do_not_step_a_paced_exercise(policy, intent):
    assert predicted_with(policy, {"exercise_paced_until": 1_000.0}, intent, sent_at=999.0) is None


def test_while_a_rating_is_asked_for_whatever_is_typed_answers_it(policy):
    asked = {"distress_asked": "before"}
    assert predicted_with(policy, asked, "nlu_fallback") == "action_rate_distress"
    assert predicted_with(policy, asked, "rate_distress", confidence=0.99) == "action_rate_distress"
    assert predicted_with(policy, asked, "stop_exercise", confidence=0.99) == "action_rate_distress"
    assert predicted_with(policy, asked, "find_support", confidence=0.99) is None


def test_while_a_thing_that_helps_is_asked_for_the_answer_is_added(policy):
    adding = {"adding_thing_that_helps": True}
    assert predicted_with(policy, adding, "talk_other") == "action_add_thing_that_helps"
    assert predicted_with(policy, adding, "deny", confidence=0.99) == "action_add_thing_that_helps"
