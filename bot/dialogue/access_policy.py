"""Dialogue policy: using Harbor waits for the user's OK, and under-18s get no planning about intimacy.

Until the user has agreed, any message that is not an answer to the consent question (or a
request for help, a goodbye, an answer to "are you safe?") gets the welcome — what Harbor is
and is not, what it keeps, how to delete it — and the consent question again. A user who
said they are under 18 gets youth services instead of the flows about intimacy.

The gateway puts the user's stored consent and age on every message (metadata), so both
survive the retention purge of old conversation events; the slots cover the turn in which
they are set, and test stories. CrisisPolicy's priority is above this one: a crisis is
answered before consent, and in every state.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker

from bot.content.flows import load_flows
from bot.content.paths import FLOWS_FILE
from bot.dialogue.rule_based_policy import RuleBasedPolicy
from bot.metadata import CONSENT_GIVEN, IS_MINOR


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class AccessGatePolicy(RuleBasedPolicy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "priority": 8,
            "consent_slot": "consent_given",
            "minor_slot": "is_minor",
            "welcome_action": "utter_welcome",
            "ask_consent_action": "utter_ask_consent",
            # Which intents need no consent (starting, saying one's age, asking what Harbor
            # is, leaving, answering "are you safe?") and which flows are for adults only.
            "flows_files": [str(FLOWS_FILE)],
            # Answers to the consent question; anywhere else they need consent like the rest.
            "answer_intents": ["affirm", "deny"],
            # Actions after which the user is answering the consent question.
            "asking_actions": ["utter_ask_consent"],
            # After these, the consent question follows (when consent is still missing).
            "ask_after_actions": ["utter_welcome", "action_youth_support"],
            "youth_action": "action_youth_support",
            # A bare number from 10 to 17 answering the consent question is an age, whatever
            # the classifier reads it as (a distress rating is a number too).
            "age_answer": r"^\s*(1[0-7])\s*$",
        }

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: dict[str, Any] | None = None,
                                     **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = self._gate(tracker)
        if action is not None:
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)

    def _gate(self, tracker: DialogueStateTracker) -> str | None:
        config = self.config
        consented, minor = self._consented(tracker), self._minor(tracker)
        last_action = tracker.latest_action_name
        if last_action == config["youth_action"] and consented:
            return ACTION_LISTEN_NAME
        if not consented:
            if last_action in config["ask_after_actions"]:
                return config["ask_consent_action"]
            if last_action == config["ask_consent_action"]:
                return ACTION_LISTEN_NAME
        if last_action != ACTION_LISTEN_NAME or tracker.latest_message is None:
            return None
        intent = (tracker.latest_message.intent or {}).get("name")
        flows = load_flows(*config["flows_files"])
        if minor and intent in flows.adults_only_intents:
            return config["youth_action"]
        if consented or intent in flows.before_consent_intents:
            return None
        asked = self._bot_last_did(tracker, config["asking_actions"])
        if asked and re.fullmatch(config["age_answer"], tracker.latest_message.text or ""):
            return config["youth_action"]
        if intent in config["answer_intents"] and asked:
            return None
        return config["welcome_action"]

    def _consented(self, tracker: DialogueStateTracker) -> bool:
        return bool(self._metadata(tracker).get(CONSENT_GIVEN)
                    or tracker.get_slot(self.config["consent_slot"]))

    def _minor(self, tracker: DialogueStateTracker) -> bool:
        return bool(self._metadata(tracker).get(IS_MINOR) or tracker.get_slot(self.config["minor_slot"]))

    @staticmethod
    def _metadata(tracker: DialogueStateTracker) -> dict:
        metadata = tracker.latest_message.metadata if tracker.latest_message else None
        return metadata if isinstance(metadata, dict) else {}

    @staticmethod
    def _bot_last_did(tracker: DialogueStateTracker, actions: list[str]) -> bool:
        """Whether the bot's last action before this message was one of `actions`."""
        for event in reversed(tracker.events):
            if isinstance(event, ActionExecuted) and event.action_name != ACTION_LISTEN_NAME:
                return event.action_name in actions
        return False
