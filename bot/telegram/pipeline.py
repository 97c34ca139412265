"""The gateway pipeline, the same for Telegram and the terminal chat.

Every text is read by the crisis detector first. A crisis gets the crisis card at once,
from local data, before Rasa is even asked; Rasa then hears the message with
`crisis_card_sent` so its crisis action pauses the flow without a second card.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.content.crisis_card import render_crisis_card, render_trouble_notice
from bot.content.reply import Reply
from bot.safety import Assessment, assess
from bot.store import SettingsStore
from bot.telegram.rasa_client import RasaClient, RasaUnavailable

logger = logging.getLogger(__name__)

Respond = Callable[[Reply], Awaitable[None]]


class Gateway:
    def __init__(self, rasa: RasaClient, settings: SettingsStore,
                 detector: Callable[[str], Assessment] = assess):
        self.rasa = rasa
        self.settings = settings
        self.detector = detector

    async def handle_text(self, user_id: str, text: str, respond: Respond) -> Assessment:
        """A message the user typed (or edited into)."""
        assessment = self.detector(text)
        country = self.settings.country(user_id)
        metadata = {"country": country}
        if assessment.is_crisis:
            await respond(render_crisis_card(country, assessment.categories))
            metadata["crisis_card_sent"] = True
            logger.warning("crisis card sent", extra={"user": user_id, "rules": assessment.rules})
        await self._ask_rasa(user_id, text, metadata, respond, quiet=assessment.is_crisis)
        return assessment

    async def handle_payload(self, user_id: str, payload: str, respond: Respond) -> None:
        """A button the user chose: its payload goes to Rasa as it is."""
        metadata = {"country": self.settings.country(user_id)}
        await self._ask_rasa(user_id, payload, metadata, respond, quiet=False)

    async def _ask_rasa(self, user_id: str, text: str, metadata: dict, respond: Respond,
                        quiet: bool) -> None:
        try:
            replies = await self.rasa.send(user_id, text, metadata)
        except RasaUnavailable as error:
            logger.error("dialogue engine unavailable: %s", error, extra={"user": user_id})
            if not quiet:  # after a crisis card the user already has every number
                await respond(render_trouble_notice(metadata.get("country")))
            return
        for reply in replies:
            await respond(reply)
