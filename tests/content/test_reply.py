"""Rich replies go from an action through Rasa to the gateway, and into the scheduler, in one wire form."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.replies import send
from bot.content.reply import PAUSE, RESUME, Button, Document, Image, Reply, TimedStep

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(40))
PDF = b"%PDF-1.4\n% a plan\n"


def through_an_action(reply: Reply) -> Reply:
    dispatcher = CollectingDispatcher()
    send(dispatcher, reply)
    (message,) = dispatcher.messages
    return Reply.from_rasa(message)


def test_text_and_buttons_stay_a_plain_rasa_message():
    reply = Reply("Hello", (Button("Menu", "/menu"),))
    dispatcher = CollectingDispatcher()
    send(dispatcher, reply)
    assert dispatcher.messages[0]["text"] == "Hello" and not dispatcher.messages[0].get("custom")
    assert through_an_action(reply) == reply


def test_image_document_steps_and_pause_arrive_whole():
    for reply in [Reply("Your week", image=Image("mood.png", PNG)),
                  Reply("Your plan", (Button("Edit", "/edit"),), document=Document("plan.pdf", PDF)),
                  Reply("Breathe in", sequence=(TimedStep(4, "Hold"),
                                                TimedStep(4, "Out", (Button("Stop", "/stop_exercise"),)))),
                  Reply("", dialogue=PAUSE), Reply("Back with Harbor", dialogue=RESUME),
                  Reply("Stopped", stop_sequence=True)]:
        assert through_an_action(reply) == reply
        assert Reply.from_wire(reply.to_wire()) == reply


def test_malformed_wire_is_left_out_not_trusted():
    reply = Reply.from_wire({"text": "hi", "image": {"content": "not base64!"}, "dialogue": "explode",
                             "sequence": [{"after_seconds": "soon", "text": "x"}, "junk", {"text": ""}],
                             "buttons": [{"title": "no payload"}, "junk"]})
    assert reply == Reply("hi", sequence=(TimedStep(0.0, "x"),))


def test_a_message_with_nothing_for_the_user_is_none():
    assert Reply.from_rasa({"recipient_id": "x"}) is None
    assert Reply.from_rasa({"custom": {"someone_else": 1}}) is None
