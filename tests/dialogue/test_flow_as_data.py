"""A flow added only as data (tests/fixtures/fixture_flow.yml, no Python of its own) is routed
by Harbor's policies like any other: it runs on typed text, another command leaves it, a stop
ends it, and it is kept from under-18s because it is not marked for everyone."""

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

from bot.content.paths import FLOWS_FILE
from bot.dialogue.access_policy import AccessGatePolicy
from bot.dialogue.running_flow_policy import RunningFlowPolicy
from bot.metadata import CONSENT_GIVEN, IS_MINOR

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_FLOW = ROOT / "tests" / "fixtures" / "fixture_flow.yml"
# The fixture flow's part of the domain, as a feature's domain/<feature>.yml would declare it.
DOMAIN = Domain.load(str(ROOT / "domain")).merge(Domain.from_dict({
    "intents": ["fixture_start_closeness", "fixture_closeness_step"],
    "actions": ["action_fixture_closeness_next", "action_fixture_closeness_stop"],
    "slots": {"fixture_closeness_active": {"type": "bool", "influence_conversation": False,
                                           "mappings": [{"type": "custom"}]}},
}))
FLOWS_FILES = [str(FLOWS_FILE), str(FIXTURE_FLOW)]
ADULT = {CONSENT_GIVEN: True, IS_MINOR: False}
UNDER_18 = {CONSENT_GIVEN: True, IS_MINOR: True}


def make(policy_class, tmp_path):
    config = {**policy_class.get_default_config(), "flows_files": FLOWS_FILES}
    return policy_class.create(config, LocalModelStorage(tmp_path), Resource(policy_class.__name__),
                               ExecutionContext(GraphSchema({}), "test"))


@pytest.fixture
def gate(tmp_path):
    return make(AccessGatePolicy, tmp_path)


@pytest.fixture
def running(tmp_path):
    return make(RunningFlowPolicy, tmp_path)


def predict(policy, intent: str, text: str, metadata: dict, confidence: float = 1.0,
            flow_running: bool = False) -> str | None:
    events = [ActionExecuted(ACTION_LISTEN_NAME), SlotSet("fixture_closeness_active", flow_running),
              ActionExecuted(ACTION_LISTEN_NAME),
              UserUttered(text, {"name": intent, "confidence": confidence}, metadata=metadata)]
    tracker = DialogueStateTracker.from_events("u", events, slots=DOMAIN.slots)
    probabilities = policy.predict_action_probabilities(tracker, DOMAIN).probabilities
    best = max(range(len(probabilities)), key=probabilities.__getitem__)
    return DOMAIN.action_names_or_texts[best] if probabilities[best] > 0 else None


def test_an_adult_is_let_through_to_the_new_flow(gate):
    assert predict(gate, "fixture_start_closeness", "/fixture_start_closeness", ADULT) is None


def test_the_new_flow_is_kept_from_under_18s_without_being_told(gate):
    assert predict(gate, "fixture_start_closeness", "/fixture_start_closeness", UNDER_18) == \
        "action_youth_support"
    assert predict(gate, "fixture_start_closeness", "i want to try the closeness steps", UNDER_18,
                   confidence=0.7) == "action_youth_support"


@pytest.mark.parametrize("intent, text, confidence", [
    ("nlu_fallback", "holding hands felt ok", 0.3),
    ("fixture_closeness_step", "/fixture_closeness_step", 1.0),
    ("help", "a lamp, a chair", 0.6),  # unsure words are an answer to the step
])
def test_typed_text_and_its_step_button_move_the_running_flow_on(running, intent, text, confidence):
    assert predict(running, intent, text, ADULT, confidence, flow_running=True) == \
        "action_fixture_closeness_next"


@pytest.mark.parametrize("intent", ["menu", "find_support", "ground", "plan_boundaries", "greet"])
def test_another_command_leaves_the_running_flow_to_its_own_rules(running, intent):
    assert predict(running, intent, f"/{intent}", ADULT, flow_running=True) is None


def test_a_stop_ends_the_running_flow(running):
    assert predict(running, "stop_exercise", "/stop_exercise", ADULT, flow_running=True) == \
        "action_fixture_closeness_stop"


def test_after_its_step_the_flow_listens(running):
    events = [ActionExecuted(ACTION_LISTEN_NAME), SlotSet("fixture_closeness_active", True),
              ActionExecuted("action_fixture_closeness_next")]
    tracker = DialogueStateTracker.from_events("u", events, slots=DOMAIN.slots)
    probabilities = running.predict_action_probabilities(tracker, DOMAIN).probabilities
    assert probabilities[DOMAIN.index_for_action(ACTION_LISTEN_NAME)] == 1.0


def test_nothing_happens_when_the_flow_is_not_running(running):
    assert predict(running, "nlu_fallback", "holding hands felt ok", ADULT, 0.3) is None
