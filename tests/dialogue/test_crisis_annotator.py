from __future__ import annotations

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue.crisis_annotator import CRISIS_KEY, CrisisAnnotator


def test_every_message_carries_the_assessment_in_its_output(tmp_path):
    annotator = CrisisAnnotator.create({}, LocalModelStorage(tmp_path), Resource("a"),
                                       ExecutionContext(GraphSchema({}), "test"))
    crisis, plain = Message.build("i took all my pills"), Message.build("hello there")
    annotator.process([crisis, plain])
    assert crisis.get(CRISIS_KEY)["level"] == "crisis"
    assert plain.get(CRISIS_KEY)["level"] == "none"
    assert CRISIS_KEY in crisis.as_dict(only_output_properties=True)


def test_the_gateways_reading_in_context_raises_the_level_and_never_lowers_it(tmp_path):
    annotator = CrisisAnnotator.create({}, LocalModelStorage(tmp_path), Resource("a"),
                                       ExecutionContext(GraphSchema({}), "test"))
    unsafe_answer = {"level": "crisis", "categories": ["not_safe_answer"], "rules": ["context.unsafe_answer"]}
    answer = Message(data={"text": "idk", "metadata": {"gateway_assessment": unsafe_answer}})
    lower = Message(data={"text": "i took all my pills",
                          "metadata": {"gateway_assessment": {"level": "none"}}})
    forged = Message(data={"text": "hello", "metadata": {"gateway_assessment": "not a dict"}})
    annotator.process([answer, lower, forged])
    assert answer.get(CRISIS_KEY)["categories"] == ["not_safe_answer"]
    assert lower.get(CRISIS_KEY)["level"] == "crisis"
    assert forged.get(CRISIS_KEY)["level"] == "none"
