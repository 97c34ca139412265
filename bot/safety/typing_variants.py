"""How people really type, as deterministic rewrites of a message: for measuring whether the
detector keeps its reading (retention) when a crisis is typed in caps, without apostrophes, in
leet, with invisible or look-alike characters, stretched letters, typos, or buried in a long
message. The same message always gets the same variant (seeded per message)."""

from __future__ import annotations

import hashlib
import random

ZERO_WIDTH = "\u200b"
LOOK_ALIKES = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у"}  # Cyrillic
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
FILLER = ("so today was long, work ran late and the bus was packed again. made pasta, watched half "
          "a show, texted my sister about her birthday plans and the weather this weekend. ")


def _rng(text: str, kind: str) -> random.Random:
    return random.Random(int(hashlib.sha256(f"{kind}:{text}".encode()).hexdigest()[:12], 16))


def _some_letters(text: str, kind: str, table: dict[str, str], share: float) -> str:
    rng = _rng(text, kind)
    return "".join(table[c] if c in table and rng.random() < share else c for c in text)


def caps(text: str) -> str:
    return text.upper()


def no_apostrophes(text: str) -> str:
    return text.replace("'", "").replace("’", "")


def leet(text: str) -> str:
    return _some_letters(text, "leet", LEET, 0.35)


def zero_width(text: str) -> str:
    rng = _rng(text, "zw")
    return "".join(c + ZERO_WIDTH if c.isalpha() and rng.random() < 0.3 else c for c in text)


def look_alikes(text: str) -> str:
    return _some_letters(text, "look", LOOK_ALIKES, 0.4)


def stretched(text: str) -> str:
    rng = _rng(text, "stretch")
    words = text.split(" ")
    return " ".join(w + w[-1] * 3 if w[-1:].isalpha() and rng.random() < 0.3 else w for w in words)


def typos(text: str) -> str:
    """One swapped pair of neighbouring letters in about one word in four (longer words only)."""
    rng = _rng(text, "typo")
    words = []
    for word in text.split(" "):
        if len(word) > 4 and word.isalpha() and rng.random() < 0.25:
            i = rng.randrange(1, len(word) - 2)
            word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        words.append(word)
    return " ".join(words)


def buried(text: str) -> str:
    """The message in the middle of about 1,500 characters of an ordinary day."""
    before = (FILLER * 6)[:700]
    return f"{before}{text} {FILLER * 5}"[:1500] if len(text) < 100 else f"{before}{text} {FILLER * 4}"


VARIANTS = {"caps": caps, "no apostrophes": no_apostrophes, "leet": leet, "zero-width": zero_width,
            "look-alikes": look_alikes, "stretched": stretched, "typos": typos, "buried in 1,500": buried}
