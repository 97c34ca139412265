"""The words of /delete and /export (data/content/privacy.yml), and the export document itself."""

from __future__ import annotations

import json
import time

from bot.content.loader import Words, load
from bot.content.paths import CONTENT_DIR


def privacy_texts() -> Words:
    return load(CONTENT_DIR / "privacy.yml", Words)


def _when(timestamp: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(timestamp)) if timestamp else "?"


def _utc_offset(minutes: int | None) -> str | None:
    if minutes is None:
        return None
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def render_export(settings, records, transcript: list[dict], retention_days: float,
                  now: float | None = None, reached_on: str | None = None,
                  scheduled: list | None = None) -> str:
    """A plain-text document of everything stored about one user.

    `settings` is a bot.store.UserSettings, `records` a list of bot.store.records.Record,
    `transcript` what bot.store.conversations.Conversations.transcript returns, `reached_on`
    the channel whose chat address is kept, `scheduled` bot.store.scheduled_messages.DueMessage's.
    """
    words = privacy_texts()["export_document"]
    consent = _when(settings.consented_at) if settings.consent_given else words["consent_unset"]
    exported = _when(now or time.time())
    lines = [words["title"], "=" * len(words["title"]), f"{words['exported_at']}: {exported}",
             "", words["settings"], "-" * len(words["settings"]),
             f"{words['country']}: {settings.country or words['country_unset']}",
             f"{words['consent']}: {consent}"]
    if settings.is_minor:
        lines.append(words["minor"])
    lines.append(f"{words['clock']}: {_utc_offset(settings.utc_offset_minutes) or words['clock_unset']}")
    lines.append(f"{words['reached_on']}: {reached_on or words['reached_nowhere']}")
    lines += ["", words["scheduled"], "-" * len(words["scheduled"])]
    lines += [f"{_when(message.due_at)} {message.reply.text}" for message in scheduled or ()] \
        or [words["scheduled_empty"]]
    lines += ["", words["records"], "-" * len(words["records"])]
    if not records:
        lines.append(words["records_empty"])
    for record in records:
        lines.append(f"[{record.kind}] {_when(record.created_at)} (updated {_when(record.updated_at)})")
        lines.append(json.dumps(record.content, indent=2, ensure_ascii=False))
    heading = words["conversation"].format(days=f"{retention_days:g}")
    lines += ["", heading, "-" * len(heading)]
    if not transcript:
        lines.append(words["conversation_empty"])
    lines += [f"{_when(line['time'])} {line['who']}: {line['text']}" for line in transcript]
    lines += ["", words["footer"], ""]
    return "\n".join(lines)
