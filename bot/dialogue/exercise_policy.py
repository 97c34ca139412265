"""Dialogue policy: while a guided exercise runs, whatever the user types moves it along.

People answer a grounding step in their own words ("a lamp, my cat, the door"), and no
intent classifier reads that reliably. While `exercise_active` is set, this policy sends
every message to the next step, except the ones that mean something else: stop, a "no",
or a button/command (or a clearly worded request) that opens another part of Harbor.
Its priority is below CrisisPolicy's, so a
crisis still overrides the exercise, and above RulePolicy's.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue.rule_based_policy import RuleBasedPolicy


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class ExerciseStepPolicy(RuleBasedPolicy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "priority": 7,
            "active_slot": "exercise_active",
            "next_action": "action_grounding_next",
            "stop_action": "action_grounding_stop",
            "stop_intents": ["stop_exercise", "deny"],
            # These open another part of Harbor; their own rules answer them, when they come
            # from a button or command, or the classifier is sure of them.
            "other_intents": ["start", "menu", "help", "ground", "find_support", "plan_boundaries",
                              "goodbye", "i_am_safe", "i_am_not_safe"],
            "sure_confidence": 0.85,
        }

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: dict[str, Any] | None = None,
                                     **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        config = self.config
        last_action = tracker.latest_action_name
        if last_action in (config["next_action"], config["stop_action"]):
            probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
        elif last_action == ACTION_LISTEN_NAME and tracker.get_slot(config["active_slot"]) \
                and tracker.latest_message is not None:
            message = tracker.latest_message
            intent = (message.intent or {}).get("name")
            if intent in config["stop_intents"]:
                probabilities[domain.index_for_action(config["stop_action"])] = 1.0
            elif not (intent in config["other_intents"] and self._meant(message)):
                probabilities[domain.index_for_action(config["next_action"])] = 1.0
        return self._prediction(probabilities)

    def _meant(self, message) -> bool:
        """A button or command ("/menu"), or words the classifier is sure about."""
        from_button = (message.text or "").startswith("/")
        confidence = (message.intent or {}).get("confidence") or 0.0
        return from_button or confidence >= self.config["sure_confidence"]

