"""A reply as every channel understands it: text, optional buttons, optionally a document.

Buttons carry Rasa payloads ("/ground"): the gateway turns them into inline keyboards
(Telegram) or numbered choices (terminal), and sends the payload back when chosen.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_rasa(self) -> dict:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Document:
    """A file for the user (their data export): sent as a Telegram document, or saved by the terminal."""

    file_name: str
    content: bytes


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = field(default=())
    document: Document | None = None

    def as_rasa(self) -> dict:
        """The shape of a message in Rasa's REST channel response."""
        message: dict = {"text": self.text}
        if self.buttons:
            message["buttons"] = [button.as_rasa() for button in self.buttons]
        return message

    @classmethod
    def from_rasa(cls, message: dict) -> Reply:
        buttons = tuple(Button(str(b.get("title", "")), str(b.get("payload", "")))
                        for b in message.get("buttons") or () if b.get("payload"))
        return cls(str(message.get("text") or ""), buttons)
