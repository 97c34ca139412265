"""Reading a person's last few messages together, and their answer to "are you safe right now?".

People type a crisis in pieces ("i cant do this" / "i have the pills here" / "tonight"), and
answer the safety question in a word ("no", "idk"). One message alone can read as nothing;
the few before it, or the question it answers, can make it a crisis. This keeps, per person
and in memory only, the last few messages of the last few minutes and whether Harbor has
just asked if they are safe, and reads each new message in that light. Deterministic: the
same messages in the same order always read the same.

What it may change: only raise a message to crisis (never lower one). A message is raised
when (a) it answers a safety question Harbor asked in the last `answer_window_seconds` with
an answer that says or may say "not safe" (data/safety/check_in_answers.yml), or (b) the
recent messages read together are a crisis that the earlier ones alone were not (this one
completes it).
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from bot.safety.assessment import Assessment, Level
from bot.safety.normalize import normalize
from bot.safety.rules import DATA_DIR, read_yaml

WINDOW_SECONDS = 300  # messages this recent are read together
WINDOW_MESSAGES = 4
UNSAFE_ANSWER = "not_safe_answer"  # the category of an escalated answer
ANSWER_RULE = "context.unsafe_answer"
ACROSS_RULE = "context.across_messages"
# Apart from the words: punctuation, emoji, stretched letters ("nooooo") go.
_NOT_WORDS = re.compile(r"[^a-z' ]+")
_STRETCHED = re.compile(r"([a-z])\1{2,}")


@dataclass(frozen=True)
class CheckInAnswers:
    window_seconds: float
    unsafe: frozenset[str]
    safe: frozenset[str]

    def classify(self, text: str) -> str | None:
        """"unsafe", "safe", or None when the message is not a short answer."""
        words = answer_words(text)
        if words in self.unsafe:
            return "unsafe"
        if words in self.safe:
            return "safe"
        return None


def answer_words(text: str) -> str:
    flat = normalize(text).text.replace("'", "")
    flat = _STRETCHED.sub(r"\1", _NOT_WORDS.sub(" ", flat))
    return " ".join(flat.split())


@cache
def load_check_in_answers(path: Path = DATA_DIR / "check_in_answers.yml") -> CheckInAnswers:
    data = read_yaml(path)
    return CheckInAnswers(float(data["answer_window_seconds"]),
                          frozenset(answer_words(a) for a in data["unsafe"]),
                          frozenset(answer_words(a) for a in data["safe"]))


@dataclass
class _Person:
    recent: deque = field(default_factory=lambda: deque(maxlen=WINDOW_MESSAGES))  # (time, text)
    asked_at: float | None = None  # when Harbor last asked "are you safe right now?"


class ConversationContext:
    def __init__(self, assess: Callable[[str], Assessment], answers: CheckInAnswers | None = None,
                 window_seconds: float = WINDOW_SECONDS, clock: Callable[[], float] = time.monotonic):
        self._assess = assess
        self._answers = answers or load_check_in_answers()
        self._window = window_seconds
        self._clock = clock
        self._people: dict[str, _Person] = {}

    def read(self, person: str, text: str) -> Assessment:
        """The message's assessment in the light of the few before it."""
        now = self._clock()
        state = self._people.setdefault(person, _Person())
        self._forget_old(state, now)
        alone = self._assess(text)
        reading = alone
        if not alone.is_crisis:
            reading = self._as_answer(state, text, now) or self._together(state, text) or alone
        state.recent.append((now, text))
        if reading.level > Level.NONE:  # the card, or the check-in, asks if they are safe
            state.asked_at = now
        if reading.is_crisis:
            state.recent.clear()  # this crisis has had its card; do not read it into the next one
        return reading

    def asked_if_safe(self, person: str) -> None:
        """Harbor asked the safety question some other way (a button, the /safety card)."""
        self._people.setdefault(person, _Person()).asked_at = self._clock()

    def forget(self, person: str) -> None:
        self._people.pop(person, None)

    def _as_answer(self, state: _Person, text: str, now: float) -> Assessment | None:
        if state.asked_at is None or now - state.asked_at > self._answers.window_seconds:
            return None
        answer = self._answers.classify(text)
        if answer == "safe":
            state.asked_at = None
        if answer != "unsafe":
            return None
        return Assessment(Level.CRISIS, (UNSAFE_ANSWER,), (ANSWER_RULE,))

    def _together(self, state: _Person, text: str) -> Assessment | None:
        earlier = [previous for _, previous in state.recent]
        if not earlier:
            return None
        joined = self._assess("\n".join([*earlier, text]))
        if not joined.is_crisis or self._assess("\n".join(earlier)).is_crisis:
            return None
        return Assessment(Level.CRISIS, joined.categories, (*joined.rules, ACROSS_RULE))

    def _forget_old(self, state: _Person, now: float) -> None:
        while state.recent and now - state.recent[0][0] > self._window:
            state.recent.popleft()
        if len(self._people) > 50_000:  # memory stays flat: drop people idle past the window
            for person, other in list(self._people.items()):
                if not other.recent and (other.asked_at is None or now - other.asked_at > self._window):
                    del self._people[person]
