"""The gateway pipeline, the same for every channel (Telegram, the terminal chat).

Every text is read by the crisis detector first. A crisis gets the crisis card at once,
from local data, ahead of anything queued for that user, before Rasa is even asked; Rasa
then hears the message with `crisis_card_sent` so its crisis action pauses the flow without
a second card, and what a running exercise still had scheduled is cancelled.

Users are known here by their channel's chat address (a Telegram chat id); everything stored,
and the sender id Rasa sees, is the pseudonym the data key derives from it (bot/store/crypto.py).
The commands the gateway answers itself live in bot/gateway/commands/. Messages for Rasa go
through rasa_delivery.py, which keeps them while Rasa is down; what Rasa answers may ask for
more than text (bot/content/reply.py): timed steps go to the scheduler, a pause or resume of
the dialogue is kept in the user's settings.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.content.commands import all_commands
from bot.content.crisis_card import (
    PlanContact,
    plan_contacts,
    render_crisis_card,
    render_not_safe,
    render_trouble_notice,
)
from bot.content.flows import load_flows
from bot.content.gateway_texts import gateway_texts
from bot.content.reply import PAUSE, RESUME, Reply
from bot.gateway.commands import command_handler, payload_handler
from bot.gateway.rasa_client import RasaClient
from bot.gateway.rasa_delivery import RasaDelivery, Respond
from bot.gateway.scheduler import Scheduler
from bot.gateway.sender import Deliver, Sender
from bot.metadata import (
    CONSENT_GIVEN,
    COUNTRY,
    CRISIS_CARD_SENT,
    GATEWAY_ASSESSMENT,
    IS_MINOR,
    LOCAL_TIME_ASKED,
    UTC_OFFSET,
)
from bot.safety import Assessment, Level, assess
from bot.safety.context import UNSAFE_ANSWER, ConversationContext
from bot.store import UserData
from bot.store.records import SAFETY_PLAN

logger = logging.getLogger(__name__)

# Called with the user's key when a message arrives while a person has the conversation.
PausedMessage = Callable[[str, str], Awaitable[None]]


class Gateway:
    def __init__(self, rasa: RasaClient, user_data: UserData, retention_days: float = 30,
                 detector: Callable[[str], Assessment] = assess, poll_seconds: float = 1.0):
        self.user_data = user_data
        self.retention_days = retention_days
        self.detector = detector
        # The last few messages of each person, read together (in memory, a few minutes).
        self.context = ConversationContext(detector)
        self.channel: str | None = None  # set by the channel that runs this gateway (use_channel)
        self.sender = Sender(user_data.addresses)
        self.scheduler = Scheduler(user_data.scheduled, self._send_scheduled, poll_seconds)
        self.delivery = RasaDelivery(rasa)
        # Called with the user's key after /delete, for what a channel keeps in memory.
        self.on_erase: list[Callable[[str], None]] = []
        self.on_paused_message: PausedMessage | None = None
        stops = [f"/{intent}" for flow in load_flows().running_flows.values() for intent in flow.stop_intents]
        self._stop_payloads = frozenset(stops)

    def use_channel(self, name: str, deliver: Deliver) -> None:
        """The channel users reach this gateway through, and how it delivers to a chat address."""
        self.channel = name
        self.sender.register(name, deliver)

    async def start(self) -> None:
        await self.scheduler.start()

    async def close(self) -> None:
        await self.scheduler.stop()
        await self.delivery.close()

    # What users send.

    async def handle_text(self, user_id: str, text: str, respond: Respond,
                          on_card_sent: Callable[[], None] | None = None) -> Assessment:
        """A message the user typed, read with the few before it."""
        assessment = self.context.read(self.user_data.user_key(user_id), text)
        await self._answer(user_id, text, assessment, respond, on_card_sent)
        return assessment

    async def handle_edited_text(self, user_id: str, text: str, respond: Respond,
                                 on_card_sent: Callable[[], None] | None = None) -> Assessment:
        """An edit is read again; only one that now sounds worrying is answered (card or check-in)."""
        assessment = self.detector(text)
        if assessment.level > 0:
            await self._answer(user_id, text, assessment, respond, on_card_sent)
        return assessment

    async def card_if_crisis(self, user_id: str, text: str, respond: Respond,
                             on_card_sent: Callable[[], None] | None = None) -> Assessment:
        """A message seen before (a redelivery) is still read: a crisis gets its card, nothing else."""
        assessment = self.detector(text)
        if assessment.is_crisis:
            key = self._arrived(user_id)
            await self._send_card(key, assessment, respond, on_card_sent)
        return assessment

    async def handle_payload(self, user_id: str, payload: str, respond: Respond) -> None:
        """A button the user chose: the gateway's own, or a Rasa payload sent as it is."""
        key = self._arrived(user_id)
        handler = payload_handler(payload)
        if handler is not None:
            await respond(await handler(self, key, payload))
            return
        if payload in self._stop_payloads:  # Stop silences timed steps at once, not after Rasa
            self.scheduler.cancel_stoppable(key)
        if self.user_data.settings.get(key).dialogue_paused:
            await self._while_paused(key, payload, respond)
            return
        await self._ask_rasa(key, payload, self._metadata(key), respond, quiet=False)

    async def handle_command(self, user_id: str, text: str, respond: Respond,
                             on_card_sent: Callable[[], None] | None = None) -> None:
        """A /command: its payload goes to Rasa, or the gateway answers it."""
        assessment = self.detector(text)
        if assessment.is_crisis:  # "/start i want to end it" is read like any message
            await self._answer(user_id, text, assessment, respond, on_card_sent)
            return
        name = text.split()[0].lstrip("/").split("@")[0].lower() if text.strip() else ""
        command = all_commands().get(name)
        if command is None:
            await respond(Reply(gateway_texts().unknown_command))
        elif command.payload:
            await self.handle_payload(user_id, command.payload, respond)
        else:
            key = self._arrived(user_id)
            await respond(await command_handler(command.gateway)(self, key))

    # Harbor speaking first.

    async def send(self, key: str, reply: Reply, urgent: bool = False) -> bool:
        """Send to a user at any time (a scheduled step, a check-in, a staff reply).

        False when it did not go out and may later: the user cannot be reached (has never
        written), or the channel had a passing fault.
        """
        self._apply_requests(key, reply)
        return await self.sender.send(key, reply, urgent) if reply.shows_something else True

    async def _send_scheduled(self, key: str, reply: Reply) -> bool:
        """A message that fell due: False only when it is worth trying again (a network fault)."""
        if self.user_data.addresses.get(key) is None:
            logger.info("a scheduled message for a user who cannot be reached was dropped",
                        extra={"user": key})
            return True
        return await self.send(key, reply)

    def erase(self, key: str) -> dict[str, int]:
        """Everything about a user, everywhere: stores, scheduled messages, what waits in memory."""
        self.delivery.forget(key)
        self.context.forget(key)
        erased = self.user_data.erase(key)
        for forget in self.on_erase:
            forget(key)
        return erased

    def plan_contacts(self, key: str) -> list[PlanContact]:
        return plan_contacts(self.user_data.records.list(key, SAFETY_PLAN))

    def safety_plan_answers(self, key: str) -> dict[str, str]:
        """The user's own safety plan so far (step slot → their words), or {} when they have none."""
        plans = self.user_data.records.list(key, SAFETY_PLAN)
        answers = plans[0].content.get("answers") if plans else None
        return answers if isinstance(answers, dict) else {}

    # The pipeline.

    def _arrived(self, user_id: str) -> str:
        key = self.user_data.user_key(user_id)
        if self.channel is not None:
            self.sender.remember(key, self.channel, str(user_id))
        return key

    async def _answer(self, user_id: str, text: str, assessment: Assessment, respond: Respond,
                      on_card_sent: Callable[[], None] | None) -> None:
        """The crisis card first when the detector read a crisis, then Rasa."""
        key = self._arrived(user_id)
        metadata = self._metadata(key)
        if assessment.level > Level.NONE:  # Rasa hears how the gateway read it, context and all
            metadata[GATEWAY_ASSESSMENT] = assessment.as_dict()
        if assessment.is_crisis:
            await self._send_card(key, assessment, respond, on_card_sent)
            metadata[CRISIS_CARD_SENT] = True
        if self.user_data.settings.get(key).dialogue_paused:
            await self._while_paused(key, text, respond, quiet=assessment.is_crisis)
            return
        await self._ask_rasa(key, text, metadata, respond, quiet=assessment.is_crisis)

    async def _send_card(self, key: str, assessment: Assessment, respond: Respond,
                         on_card_sent: Callable[[], None] | None) -> None:
        self.scheduler.cancel_stoppable(key)  # no more timed steps
        country = self.user_data.settings.country(key)
        if UNSAFE_ANSWER in assessment.categories:  # "no" to "are you safe?": short and direct
            card = render_not_safe(country)
        else:
            card = render_crisis_card(country, assessment.categories, self.plan_contacts(key))
        await respond(card, urgent=True)
        self.context.asked_if_safe(key)
        if on_card_sent is not None:
            on_card_sent()
        logger.warning("crisis card sent", extra={"user": key, "rules": assessment.rules})

    async def _while_paused(self, key: str, text: str, respond: Respond, quiet: bool = False) -> None:
        """A person has the conversation: the message is theirs to read, the dialogue engine is not asked."""
        if self.on_paused_message is not None:
            await self.on_paused_message(key, text)
        if not quiet:
            await respond(Reply(gateway_texts().dialogue_paused))

    def _metadata(self, key: str) -> dict:
        settings = self.user_data.settings.get(key)
        return {COUNTRY: settings.country, CONSENT_GIVEN: settings.consent_given,
                IS_MINOR: settings.is_minor, UTC_OFFSET: settings.utc_offset_minutes,
                LOCAL_TIME_ASKED: settings.local_time_asked}

    async def _ask_rasa(self, key: str, text: str, metadata: dict, respond: Respond,
                        quiet: bool) -> None:
        async def emit(reply: Reply, urgent: bool = False) -> None:
            self._apply_requests(key, reply)
            if reply.shows_something:
                await respond(reply, urgent=urgent)

        answered = await self.delivery.send(key, text, metadata, emit, after_crisis_card=quiet)
        if not answered and not quiet:  # after a crisis card the user already has every number
            await respond(render_trouble_notice(metadata.get(COUNTRY)))

    def _apply_requests(self, key: str, reply: Reply) -> None:
        """What a reply asks of the gateway besides being shown: stop or schedule steps, pause, resume."""
        if reply.stop_sequence:
            self.scheduler.cancel_stoppable(key)
        if reply.sequence:
            self.scheduler.schedule_sequence(key, reply.sequence)
        if reply.dialogue in (PAUSE, RESUME):
            self.user_data.settings.set_dialogue_paused(key, reply.dialogue == PAUSE)
            logger.info("dialogue %sd", reply.dialogue, extra={"user": key})
