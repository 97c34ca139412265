"""NLU component: puts the crisis detector's assessment on every message.

The assessment travels in the parse data under "crisis", so the CrisisPolicy, the
actions and the tracker store all see what the detector read.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import METADATA, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.metadata import GATEWAY_ASSESSMENT
from bot.safety import NO_RISK, Assessment, assess

CRISIS_KEY = "crisis"


def _gateway_reading(message: Message) -> Assessment:
    """The gateway's reading in context (a crisis over several messages, an unsafe answer)."""
    metadata = message.get(METADATA) or {}
    reading = metadata.get(GATEWAY_ASSESSMENT) if isinstance(metadata, dict) else None
    if not isinstance(reading, dict):
        return NO_RISK
    try:
        return Assessment.from_dict(reading)
    except (KeyError, TypeError, ValueError):
        return NO_RISK


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class CrisisAnnotator(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> CrisisAnnotator:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and text:
                reading = max(assess(text), _gateway_reading(message), key=lambda a: a.level)
                message.set(CRISIS_KEY, reading.as_dict(), add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # Training examples are not assessed: the detector is rules, not learned.
        return training_data
