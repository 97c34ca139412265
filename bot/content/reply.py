"""A reply as every channel understands it.

A reply is text with optional buttons, and optionally more: an image (PNG), a document (PDF
or text), a timed sequence of follow-up steps, or a request to pause or resume the dialogue
for this user (a person has taken over). Buttons carry Rasa payloads ("/ground"): each
channel turns them into inline keyboards (Telegram) or numbered choices (terminal).

Actions ask for a rich reply by sending it as a custom payload, `{"harbor": reply.to_wire()}`
(see actions/replies.py); the gateway's Rasa client reads it back with `Reply.from_rasa`.
The same wire form is what the scheduler stores, encrypted, for messages due later.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

# The key of Harbor's replies inside a Rasa custom payload.
WIRE_KEY = "harbor"
PAUSE = "pause"
RESUME = "resume"


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_rasa(self) -> dict:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Document:
    """A file for the user (a data export, a plan as PDF): a Telegram document, or saved by the terminal."""

    file_name: str
    content: bytes


@dataclass(frozen=True)
class Image:
    """A PNG picture (a chart): a Telegram photo, or saved by the terminal."""

    file_name: str
    content: bytes


@dataclass(frozen=True)
class TimedStep:
    """A follow-up that arrives by itself `after_seconds` after the step before it."""

    after_seconds: float
    text: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = field(default=())
    document: Document | None = None
    image: Image | None = None
    # Sent later, one after another, unless the user stops or a crisis comes first.
    sequence: tuple[TimedStep, ...] = ()
    # Cancel what a running exercise still has scheduled (the user stopped it).
    stop_sequence: bool = False
    # PAUSE: the dialogue engine is not asked for this user until RESUME (a person has taken over).
    dialogue: str | None = None

    @property
    def is_plain(self) -> bool:
        """Text and buttons only: what a Rasa domain response can carry by itself."""
        return (self.document is None and self.image is None and not self.sequence
                and not self.stop_sequence and self.dialogue is None)

    @property
    def shows_something(self) -> bool:
        """Whether there is anything to show (a pure "pause" or "stop the steps" request has not)."""
        return bool(self.text or self.buttons or self.image or self.document)

    def as_rasa(self) -> dict:
        """The shape of a plain message in Rasa's REST channel response."""
        message: dict = {"text": self.text}
        if self.buttons:
            message["buttons"] = [button.as_rasa() for button in self.buttons]
        return message

    def to_wire(self) -> dict:
        """A JSON-safe dict: files as base64."""
        wire: dict = {"text": self.text, "buttons": [b.as_rasa() for b in self.buttons]}
        for name, attachment in (("document", self.document), ("image", self.image)):
            if attachment is not None:
                wire[name] = {"file_name": attachment.file_name,
                              "content": base64.b64encode(attachment.content).decode("ascii")}
        if self.sequence:
            wire["sequence"] = [{"after_seconds": step.after_seconds, "text": step.text,
                                 "buttons": [b.as_rasa() for b in step.buttons]}
                                for step in self.sequence]
        if self.stop_sequence:
            wire["stop_sequence"] = True
        if self.dialogue:
            wire["dialogue"] = self.dialogue
        return wire

    @classmethod
    def from_wire(cls, wire: dict) -> Reply:
        """The reverse of to_wire; anything malformed is left out rather than trusted."""
        def attachment(kind, name):
            value = wire.get(name)
            if not isinstance(value, dict):
                return None
            try:
                return kind(str(value.get("file_name") or name),
                            base64.b64decode(str(value.get("content") or ""), validate=True))
            except ValueError:
                return None

        sequence = []
        for step in wire.get("sequence") or ():
            if isinstance(step, dict) and step.get("text"):
                try:
                    after = max(0.0, float(step.get("after_seconds") or 0))
                except (TypeError, ValueError):
                    after = 0.0
                sequence.append(TimedStep(after, str(step["text"]), _buttons(step.get("buttons"))))
        dialogue = wire.get("dialogue") if wire.get("dialogue") in (PAUSE, RESUME) else None
        return cls(str(wire.get("text") or ""), _buttons(wire.get("buttons")),
                   attachment(Document, "document"), attachment(Image, "image"),
                   tuple(sequence), wire.get("stop_sequence") is True, dialogue)

    @classmethod
    def from_rasa(cls, message: dict) -> Reply | None:
        """One message of Rasa's REST response; None when it carries nothing for the user."""
        custom = message.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get(WIRE_KEY), dict):
            return cls.from_wire(custom[WIRE_KEY])
        if not (message.get("text") or message.get("buttons")):
            return None
        return cls(str(message.get("text") or ""), _buttons(message.get("buttons")))


def _buttons(raw) -> tuple[Button, ...]:
    if not isinstance(raw, (list, tuple)):
        return ()
    return tuple(Button(str(b.get("title", "")), str(b.get("payload", "")))
                 for b in raw if isinstance(b, dict) and b.get("payload"))
