"""/time: the user tells Harbor what time it is where they are, by tapping the clock that
matches theirs, so night-time exercises come at their night. Only the difference from UTC is kept."""

from __future__ import annotations

import re

from bot.content.gateway_texts import gateway_texts
from bot.content.local_time import EARLIEST_OFFSET, LATEST_OFFSET, clock_choices, local_clock, utc_now
from bot.content.reply import Button, Reply
from bot.gateway.commands import command, payload

TIME_PAYLOAD = "/time:"
ASK = "ask"
_OFFSET = re.compile(r"[+-]?[0-9]{1,4}")


@command("choose_time")
async def choose_time(gateway, key: str) -> Reply:
    texts = gateway_texts()
    gateway.user_data.settings.mark_local_time_asked(key)
    buttons = [Button(clock, f"{TIME_PAYLOAD}{offset:+d}") for clock, offset in clock_choices(utc_now())]
    buttons.append(Button(texts.time_skip, "/menu"))
    return Reply(texts.time_prompt, tuple(buttons))


@payload(TIME_PAYLOAD)
async def set_time(gateway, key: str, chosen: str) -> Reply:
    value = chosen[len(TIME_PAYLOAD):]
    if value == ASK:
        return await choose_time(gateway, key)
    if not _OFFSET.fullmatch(value) or not EARLIEST_OFFSET <= int(value) <= LATEST_OFFSET:
        return Reply(gateway_texts().button_not_mine)
    gateway.user_data.settings.set_utc_offset(key, int(value))
    return Reply(gateway_texts().time_set.format(clock=local_clock(utc_now(), int(value))))
