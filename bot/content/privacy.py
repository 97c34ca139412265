"""The words of /delete and /export (data/content/privacy.yml), and the export document itself."""

from __future__ import annotations

import json
import time
from functools import lru_cache

import yaml

from bot.content.paths import CONTENT_DIR


@lru_cache(maxsize=1)
def privacy_texts() -> dict:
    return yaml.safe_load((CONTENT_DIR / "privacy.yml").read_text(encoding="utf-8"))


def _when(timestamp: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(timestamp)) if timestamp else "?"


def render_export(settings, records, transcript: list[dict], retention_days: float,
                  now: float | None = None) -> str:
    """A plain-text document of everything stored about one user.

    `settings` is a bot.store.UserSettings, `records` a list of bot.store.records.Record,
    `transcript` what bot.store.conversations.Conversations.transcript returns.
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
