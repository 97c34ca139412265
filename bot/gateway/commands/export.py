"""/export: everything Harbor keeps about the user, as a readable text document."""

from __future__ import annotations

from bot.content.privacy import privacy_texts, render_export
from bot.content.reply import Document, Reply
from bot.gateway.commands import command


@command("export")
async def export(gateway, key: str) -> Reply:
    data = gateway.user_data
    address = data.addresses.get(key)
    document = render_export(data.settings.get(key), data.records.list(key),
                             data.conversations.transcript(key), gateway.retention_days,
                             reached_on=address[0] if address else None,
                             scheduled=data.scheduled.pending(key))
    texts = privacy_texts()
    return Reply(texts["export_caption"],
                 document=Document(texts["export_file_name"], document.encode("utf-8")))
