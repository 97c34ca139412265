"""Dialogue policy: a crisis overrides every form, exercise, rule and story.

Its priority is above every other policy's (config.yml), and it predicts with full
confidence, so the ensemble always picks it when it speaks:
- after a user message read as `crisis` → the crisis action (which ends any active form);
- after a message read as `concern` → the gentle safety check-in, except as an answer to a
  planning form's step (a warning sign is written down, not checked in on);
- while "are you safe right now?" waits for an answer, a yes/no or safe/not-safe → the
  answer action, whatever else is active;
- right after any of these actions → listen, so no flow carries on by itself.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue.crisis_annotator import CRISIS_KEY
from bot.dialogue.rule_based_policy import RuleBasedPolicy
from bot.safety import Assessment, Level, assess


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class CrisisPolicy(RuleBasedPolicy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "priority": 9,  # above AccessGatePolicy (8), RunningFlowPolicy (7) and RulePolicy (6)
            "crisis_action": "action_crisis_response",
            "concern_action": "action_safety_check_in",
            "answer_action": "action_safety_answer",
            "pending_slot": "safety_check_pending",
            "answer_intents": ["affirm", "deny", "i_am_safe", "i_am_not_safe"],
            # Forms where people write down what a hard time looks like for them (warning
            # signs, triggers, the past): there a worry is an answer to the step, not a reason
            # to stop and ask "are you safe?". A crisis still gets the card.
            "planning_forms": ["safety_plan_form"],
        }

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: dict[str, Any] | None = None,
                                     **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        config = self.config
        own_actions = (config["crisis_action"], config["concern_action"], config["answer_action"])
        last_action = tracker.latest_action_name
        action = None
        if last_action == ACTION_LISTEN_NAME and tracker.latest_message is not None:
            action = self._after_user_message(tracker)
        elif last_action in own_actions:
            action = ACTION_LISTEN_NAME
        if action is None:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(action)] = 1.0
        # RulePolicy marks a running form's next step as not depending on what the user said,
        # and Rasa's ensemble lets such a prediction beat every other, whatever its priority.
        # The crisis override is marked the same way, so priority decides and the card wins.
        return self._prediction(probabilities, is_no_user_prediction=True)

    def _after_user_message(self, tracker: DialogueStateTracker) -> str | None:
        level = self._assessment(tracker).level
        if level is Level.CRISIS:
            return self.config["crisis_action"]
        if level is Level.CONCERN:
            planning = tracker.active_loop_name in self.config["planning_forms"]
            return None if planning else self.config["concern_action"]
        intent = (tracker.latest_message.intent or {}).get("name")
        if tracker.get_slot(self.config["pending_slot"]) and intent in self.config["answer_intents"]:
            return self.config["answer_action"]
        return None

    @staticmethod
    def _assessment(tracker: DialogueStateTracker) -> Assessment:
        message = tracker.latest_message
        annotated = (message.parse_data or {}).get(CRISIS_KEY)
        if isinstance(annotated, dict):
            return Assessment.from_dict(annotated)
        # No annotation (a test story's gold event, a model without the annotator):
        # assess the text here, so the override never depends on the NLU pipeline.
        return assess(message.text) if message.text else Assessment(Level.NONE)

