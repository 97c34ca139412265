"""Dialogue policy: while a flow runs over several messages, what the user types moves it along.

People answer a grounding step in their own words ("a lamp, my cat, the door"), and no
intent classifier reads that reliably. While a running flow's slot is set (data/flows.yml,
`running:`), this policy sends every message to the flow's next step, except a stop (the
flow's stop action) and anything the user clearly means that the flow does not name as
continuing it — a button, a command, or words the classifier is sure of — which is left to
its own rules. So a flow added later never moves a running exercise on by mistake.
A paced flow (its steps arrive by themselves) runs until the time its `paced_until_slot`
holds: meanwhile a stop ("stop", "not now") stops it, and anything else is left to its rules.
Its priority is below CrisisPolicy's, so a crisis still overrides the flow, and above RulePolicy's.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.content.flows import load_flows
from bot.content.paths import FLOWS_FILE
from bot.dialogue.rule_based_policy import RuleBasedPolicy


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class RunningFlowPolicy(RuleBasedPolicy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": 7, "flows_files": [str(FLOWS_FILE)], "sure_confidence": 0.85}

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: dict[str, Any] | None = None,
                                     **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = self._next(tracker)
        if action is not None:
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)

    def _next(self, tracker: DialogueStateTracker) -> str | None:
        running = load_flows(*self.config["flows_files"]).running_flows.values()
        last_action = tracker.latest_action_name
        if any(last_action in (flow.next_action, flow.stop_action) for flow in running):
            return ACTION_LISTEN_NAME
        message = tracker.latest_message
        if last_action != ACTION_LISTEN_NAME or message is None:
            return None
        intent = (message.intent or {}).get("name")
        flow = next((flow for flow in running if tracker.get_slot(flow.slot)), None)
        if flow is None:
            paced = next((flow for flow in running if self._paced_running(tracker, flow)), None)
            return paced.stop_action if paced is not None and intent in paced.stop_intents else None
        if intent in flow.stop_intents:
            return flow.stop_action
        if intent in flow.continue_intents or not self._meant(message):
            return flow.next_action
        return None  # the user means something else: its own rules answer it

    @staticmethod
    def _paced_running(tracker: DialogueStateTracker, flow) -> bool:
        """Whether the user's message came before the paced flow's last step was due (and a little)."""
        until = tracker.get_slot(flow.paced_until_slot) if flow.paced_until_slot else None
        sent_at = getattr(tracker.latest_message, "timestamp", None)
        return isinstance(until, (int, float)) and isinstance(sent_at, (int, float)) and sent_at <= until

    def _meant(self, message) -> bool:
        """A button or command ("/menu"), or words the classifier is sure about."""
        from_button = (message.text or "").startswith("/")
        confidence = (message.intent or {}).get("confidence") or 0.0
        return from_button or confidence >= self.config["sure_confidence"]
