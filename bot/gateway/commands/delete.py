"""/delete: explain what is erased, ask, and erase the user everywhere on "yes"."""

from __future__ import annotations

import logging

from bot.content.privacy import privacy_texts
from bot.content.reply import Button, Reply
from bot.gateway.commands import command, payload

logger = logging.getLogger(__name__)

DELETE_CONFIRM_PAYLOAD = "/delete:confirm"
DELETE_CANCEL_PAYLOAD = "/delete:cancel"


@command("confirm_delete")
async def confirm_delete(gateway, key: str) -> Reply:
    texts = privacy_texts()
    return Reply(texts["delete_explain"], (Button(texts["delete_confirm"], DELETE_CONFIRM_PAYLOAD),
                                           Button(texts["delete_cancel"], DELETE_CANCEL_PAYLOAD)))


@payload(DELETE_CONFIRM_PAYLOAD)
async def delete_everything(gateway, key: str, _payload: str) -> Reply:
    erased = gateway.erase(key)
    logger.info("user erased: %s", erased, extra={"user": key})
    return Reply(privacy_texts()["delete_done"])


@payload(DELETE_CANCEL_PAYLOAD)
async def keep_everything(gateway, key: str, _payload: str) -> Reply:
    return Reply(privacy_texts()["delete_cancelled"])
