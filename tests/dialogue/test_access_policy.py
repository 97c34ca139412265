"""AccessGatePolicy: nothing but the welcome until the user's OK; no intimacy planning for under-18s."""

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

from bot.dialogue.access_policy import AccessGatePolicy

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain"))


@pytest.fixture
def policy(tmp_path) -> AccessGatePolicy:
    return AccessGatePolicy.create(AccessGatePolicy.get_default_config(), LocalModelStorage(tmp_path),
                                   Resource("access"), ExecutionContext(GraphSchema({}), "test"))


def predict(policy, events) -> str | None:
    tracker = DialogueStateTracker.from_events("u", events, slots=DOMAIN.slots)
    probabilities = policy.predict_action_probabilities(tracker, DOMAIN).probabilities
    best = max(range(len(probabilities)), key=probabilities.__getitem__)
    return DOMAIN.action_names_or_texts[best] if probabilities[best] > 0 else None


def said(intent: str, metadata: dict | None = None, before: list | None = None) -> list:
    return [ActionExecuted(ACTION_LISTEN_NAME), *(before or []), ActionExecuted(ACTION_LISTEN_NAME),
            UserUttered(f"/{intent}", {"name": intent, "confidence": 1.0}, metadata=metadata)]


@pytest.mark.parametrize("intent", ["ground", "plan_boundaries", "find_support", "greet", "menu",
                                    "out_of_scope", "nlu_fallback", "affirm", "deny"])
def test_before_consent_everything_else_gets_the_welcome(policy, intent):
    assert predict(policy, said(intent)) == "utter_welcome"


def test_the_welcome_is_followed_by_the_consent_question_then_listening(policy):
    events = [*said("ground"), ActionExecuted("utter_welcome")]
    assert predict(policy, events) == "utter_ask_consent"
    assert predict(policy, [*events, ActionExecuted("utter_ask_consent")]) == ACTION_LISTEN_NAME


@pytest.mark.parametrize("intent", ["start", "help", "goodbye", "i_am_safe", "i_am_not_safe",
                                    "say_under_18"])
def test_some_things_need_no_consent(policy, intent):
    assert predict(policy, said(intent)) is None


@pytest.mark.parametrize("intent", ["affirm", "deny"])
def test_answers_to_the_consent_question_go_through(policy, intent):
    assert predict(policy, said(intent, before=[ActionExecuted("utter_ask_consent")])) is None


def test_consent_from_the_store_survives_a_purged_conversation(policy):
    assert predict(policy, said("ground", metadata={"consent_given": True})) is None


def test_consent_in_the_slot_counts_too(policy):
    assert predict(policy, said("ground", before=[SlotSet("consent_given", True)])) is None


def test_under_18_gets_youth_services_instead_of_intimacy_planning(policy):
    assert predict(policy, said("plan_boundaries", {"consent_given": True, "is_minor": True})) \
        == "action_youth_support"
    assert predict(policy, said("plan_boundaries", before=[SlotSet("consent_given", True),
                                                           SlotSet("is_minor", True)])) \
        == "action_youth_support"
    # Grounding and support lines stay open.
    assert predict(policy, said("ground", {"consent_given": True, "is_minor": True})) is None


def test_after_youth_services_the_consent_question_follows_when_still_needed(policy):
    events = [*said("say_under_18"), ActionExecuted("action_youth_support")]
    assert predict(policy, events) == "utter_ask_consent"
    consented = [*said("say_under_18", {"consent_given": True}), ActionExecuted("action_youth_support")]
    assert predict(policy, consented) == ACTION_LISTEN_NAME


@pytest.mark.parametrize("typed, youth", [("17", True), (" 15 ", True), ("10", True), ("18", False),
                                          ("7", False), ("im 17", False)])
def test_a_bare_age_answering_the_consent_question_gets_youth_services(policy, typed, youth):
    events = [ActionExecuted(ACTION_LISTEN_NAME), ActionExecuted("utter_ask_consent"),
              ActionExecuted(ACTION_LISTEN_NAME),
              UserUttered(typed, {"name": "rate_distress", "confidence": 0.95})]
    # "im 17" is read by the classifier (say_under_18); here it stands for any other reading.
    assert (predict(policy, events) == "action_youth_support") is youth
