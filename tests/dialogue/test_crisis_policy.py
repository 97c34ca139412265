"""CrisisPolicy: crisis and concern override whatever flow is running."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue.crisis_policy import CrisisPolicy
from bot.safety import assess

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain"))


@pytest.fixture
def policy(tmp_path) -> CrisisPolicy:
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    return CrisisPolicy.create(CrisisPolicy.get_default_config(), storage, Resource("crisis"), context)


def tracker_after(text: str, *earlier, annotate: bool = True, intent: str = "nlu_fallback"):
    parse_data = {"intent": {"name": intent, "confidence": 1.0}, "entities": []}
    if annotate:
        parse_data["crisis"] = assess(text).as_dict()
    events = [ActionExecuted(ACTION_LISTEN_NAME), *earlier, ActionExecuted(ACTION_LISTEN_NAME),
              UserUttered(text, parse_data["intent"], [], parse_data)]
    return DialogueStateTracker.from_events("user", events, slots=DOMAIN.slots)


def predicted(policy, tracker) -> str | None:
    prediction = policy.predict_action_probabilities(tracker, DOMAIN)
    best = max(range(len(prediction.probabilities)), key=prediction.probabilities.__getitem__)
    return DOMAIN.action_names_or_texts[best] if prediction.probabilities[best] > 0 else None


def test_crisis_predicts_the_crisis_action_with_full_confidence(policy):
    prediction = policy.predict_action_probabilities(tracker_after("i'm going to kill myself"), DOMAIN)
    assert max(prediction.probabilities) == 1.0
    assert prediction.policy_priority > 8  # above AccessGatePolicy's, RunningFlowPolicy's, RulePolicy's
    assert predicted(policy, tracker_after("i'm going to kill myself")) == "action_crisis_response"


def test_crisis_inside_an_active_form_still_gets_the_crisis_action(policy):
    tracker = tracker_after("he has a knife and he's at the door", ActionExecuted("some_form"),
                            ActiveLoop("some_form"))
    assert predicted(policy, tracker) == "action_crisis_response"


def test_without_the_annotation_the_policy_reads_the_text_itself(policy):
    tracker = tracker_after("i took all my pills", annotate=False)
    assert predicted(policy, tracker) == "action_crisis_response"


def test_concern_predicts_the_check_in(policy):
    assert predicted(policy, tracker_after("i wish i could disappear")) == "action_safety_check_in"


def test_ordinary_messages_are_left_to_the_other_policies(policy):
    assert predicted(policy, tracker_after("can we do the breathing exercise")) is None


def test_listens_after_its_own_actions(policy):
    tracker = tracker_after("i want to die")
    tracker.update(ActionExecuted("action_crisis_response"))
    assert predicted(policy, tracker) == ACTION_LISTEN_NAME


def test_answer_to_are_you_safe_goes_to_the_answer_action(policy):
    tracker = tracker_after("no", SlotSet("safety_check_pending", True), intent="deny")
    assert predicted(policy, tracker) == "action_safety_answer"
    tracker = tracker_after("no", intent="deny")
    assert predicted(policy, tracker) is None


def test_the_card_beats_a_running_forms_next_step_in_rasas_ensemble(policy):
    """RulePolicy marks a form's next step as not depending on the user's words, and Rasa's
    ensemble lets such a prediction beat any other; the crisis override must still win."""
    from rasa.core.policies.ensemble import DefaultPolicyPredictionEnsemble
    from rasa.core.policies.policy import PolicyPrediction

    in_form = [ActiveLoop("safety_plan_form"), SlotSet("requested_slot", "sp_helpers")]
    tracker = tracker_after("i have the pills in my hand and i'm taking them all now", *in_form)
    crisis = policy.predict_action_probabilities(tracker, DOMAIN)
    form_step = [0.0] * len(DOMAIN.action_names_or_texts)
    form_step[DOMAIN.index_for_action("safety_plan_form")] = 1.0
    rule_policy = PolicyPrediction(form_step, "RulePolicy", policy_priority=6, is_no_user_prediction=True)
    best = DefaultPolicyPredictionEnsemble._pick_best_policy([rule_policy, crisis])
    best_index = max(range(len(best.probabilities)), key=best.probabilities.__getitem__)
    assert DOMAIN.action_names_or_texts[best_index] == "action_crisis_response"


def test_a_worry_written_as_a_step_of_a_planning_form_is_not_checked_in_on(policy):
    in_form = [ActiveLoop("safety_plan_form"), SlotSet("requested_slot", "sp_safer_surroundings")]
    assert predicted(policy, tracker_after("give my pills to Sam", *in_form)) is None
    assert predicted(policy, tracker_after("give my pills to Sam")) == "action_safety_check_in"
    assert predicted(policy, tracker_after("i took all my pills", *in_form)) == "action_crisis_response"
