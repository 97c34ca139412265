"""The gateway pipeline, the same for Telegram and the terminal chat.

Every text is read by the crisis detector first. A crisis gets the crisis card at once,
from local data, before Rasa is even asked; Rasa then hears the message with
`crisis_card_sent` so its crisis action pauses the flow without a second card.

Users are known here by their channel id (a Telegram chat id); everything stored, and the
sender id Rasa sees, is the pseudonym the data key derives from it (bot/store/crypto.py).
A few things the gateway answers itself, so they work in any state and with Rasa down:
the safety card, the country, /export and /delete. Messages for Rasa go through
rasa_delivery.py, which keeps them while Rasa is down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.content.commands import all_commands
from bot.content.crisis_card import PlanContact, plan_contacts, render_crisis_card, render_trouble_notice
from bot.content.privacy import privacy_texts, render_export
from bot.content.reply import Button, Document, Reply
from bot.content.resources import INTERNATIONAL, resources_for, supported_countries
from bot.metadata import CONSENT_GIVEN, COUNTRY, CRISIS_CARD_SENT, IS_MINOR
from bot.safety import Assessment, assess
from bot.store import UserData
from bot.store.records import SAFETY_PLAN
from bot.gateway.rasa_client import RasaClient
from bot.gateway.rasa_delivery import RasaDelivery, Respond
from bot.content.gateway_texts import gateway_texts

logger = logging.getLogger(__name__)

# Payloads the gateway answers itself; they are never sent to Rasa.
COUNTRY_PAYLOAD = "/country:"
DELETE_CONFIRM_PAYLOAD = "/delete:confirm"
DELETE_CANCEL_PAYLOAD = "/delete:cancel"


class Gateway:
    def __init__(self, rasa: RasaClient, user_data: UserData, retention_days: float = 30,
                 detector: Callable[[str], Assessment] = assess,
                 on_erase: Callable[[str], None] | None = None):
        self.user_data = user_data
        self.retention_days = retention_days
        self.detector = detector
        # Called with the user's key after /delete, for what the channel keeps (scheduled jobs).
        self.on_erase = on_erase
        self.delivery = RasaDelivery(rasa)

    async def handle_text(self, user_id: str, text: str, respond: Respond) -> Assessment:
        """A message the user typed."""
        assessment = self.detector(text)
        await self._answer(user_id, text, assessment, respond)
        return assessment

    async def handle_edited_text(self, user_id: str, text: str, respond: Respond) -> Assessment:
        """An edit is read again; only one that now sounds worrying is answered (card or check-in)."""
        assessment = self.detector(text)
        if assessment.level > 0:
            await self._answer(user_id, text, assessment, respond)
        return assessment

    async def handle_payload(self, user_id: str, payload: str, respond: Respond) -> None:
        """A button the user chose: the gateway's own, or a Rasa payload sent as it is."""
        key = self.user_data.user_key(user_id)
        if payload.startswith(COUNTRY_PAYLOAD):
            country = resources_for(payload[len(COUNTRY_PAYLOAD):])
            self.user_data.settings.set_country(key, country.code)
            await respond(Reply(gateway_texts()["country_set"].format(name=country.name)))
        elif payload == DELETE_CONFIRM_PAYLOAD:
            self.delivery.forget(key)
            erased = self.user_data.erase(key)
            if self.on_erase:
                self.on_erase(key)
            logger.info("user erased: %s", erased, extra={"user": key})
            await respond(Reply(privacy_texts()["delete_done"]))
        elif payload == DELETE_CANCEL_PAYLOAD:
            await respond(Reply(privacy_texts()["delete_cancelled"]))
        else:
            await self._ask_rasa(key, payload, self._metadata(key), respond, quiet=False)

    async def handle_command(self, user_id: str, text: str, respond: Respond) -> None:
        """A /command: its payload goes to Rasa, or the gateway answers it."""
        assessment = self.detector(text)
        if assessment.is_crisis:  # "/start i want to end it" is read like any message
            await self._answer(user_id, text, assessment, respond)
            return
        name = text.split()[0].lstrip("/").split("@")[0].lower() if text.strip() else ""
        command = all_commands().get(name)
        if command is None:
            await respond(Reply(gateway_texts()["unknown_command"]))
        elif command.payload:
            await self.handle_payload(user_id, command.payload, respond)
        else:
            answers = {"safety_card": self._safety_card, "choose_country": self._choose_country,
                       "confirm_delete": self._confirm_delete, "export": self._export}
            await respond(answers[command.gateway](self.user_data.user_key(user_id)))

    async def _answer(self, user_id: str, text: str, assessment: Assessment, respond: Respond) -> None:
        """The crisis card first when the detector read a crisis, then Rasa."""
        key = self.user_data.user_key(user_id)
        metadata = self._metadata(key)
        if assessment.is_crisis:
            await respond(render_crisis_card(metadata[COUNTRY], assessment.categories,
                                             self._plan_contacts(key)))
            metadata[CRISIS_CARD_SENT] = True
            logger.warning("crisis card sent", extra={"user": key, "rules": assessment.rules})
        await self._ask_rasa(key, text, metadata, respond, quiet=assessment.is_crisis)

    # What the gateway answers itself (commands.yml names them in `gateway:`).

    def _safety_card(self, key: str) -> Reply:
        return render_crisis_card(self.user_data.settings.country(key), (), self._plan_contacts(key))

    def _choose_country(self, key: str) -> Reply:
        texts = gateway_texts()
        buttons = [Button(name, f"{COUNTRY_PAYLOAD}{code}") for code, name in supported_countries()]
        buttons.append(Button(texts["country_other"], f"{COUNTRY_PAYLOAD}{INTERNATIONAL}"))
        return Reply(texts["country_prompt"], tuple(buttons))

    def _confirm_delete(self, key: str) -> Reply:
        texts = privacy_texts()
        return Reply(texts["delete_explain"], (Button(texts["delete_confirm"], DELETE_CONFIRM_PAYLOAD),
                                               Button(texts["delete_cancel"], DELETE_CANCEL_PAYLOAD)))

    def _export(self, key: str) -> Reply:
        data = self.user_data
        document = render_export(data.settings.get(key), data.records.list(key),
                                 data.conversations.transcript(key), self.retention_days)
        texts = privacy_texts()
        return Reply(texts["export_caption"],
                     document=Document(texts["export_file_name"], document.encode("utf-8")))

    # Talking to Rasa.

    def _metadata(self, key: str) -> dict:
        settings = self.user_data.settings.get(key)
        return {COUNTRY: settings.country, CONSENT_GIVEN: settings.consent_given,
                IS_MINOR: settings.is_minor}

    def _plan_contacts(self, key: str) -> list[PlanContact]:
        return plan_contacts(self.user_data.records.list(key, SAFETY_PLAN))

    async def _ask_rasa(self, key: str, text: str, metadata: dict, respond: Respond,
                        quiet: bool) -> None:
        answered = await self.delivery.send(key, text, metadata, respond, after_crisis_card=quiet)
        if not answered and not quiet:  # after a crisis card the user already has every number
            await respond(render_trouble_notice(metadata.get(COUNTRY)))

    async def close(self) -> None:
        await self.delivery.close()
