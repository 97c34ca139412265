"""The base of Harbor's deterministic policies: nothing to train, nothing to persist."""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates


class RuleBasedPolicy(Policy):
    """A policy whose predictions come from its config and the tracker alone."""

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, **kwargs: Any) -> None:
        super().__init__(config, model_storage, resource, execution_context)

    def train(self, training_trackers: list[TrackerWithCachedStates], domain: Domain,
              **kwargs: Any) -> Resource:
        return self._resource  # nothing to learn

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> RuleBasedPolicy:
        return cls(config, model_storage, resource, execution_context)
