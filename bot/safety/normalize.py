"""Turn what people really type into text the crisis rules can read.

Every step keeps a map from each output character back to the input, so a rule's
match can be reported as a span of the user's own message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Every apostrophe becomes "'": spaCy's tokenizer then reads "i’m", "i'm" and "im" alike
# (i + 'm / i + m, both with the lemma "be"), while "he'll" stays apart from "hell".
_APOSTROPHES = frozenset("’‘`´ʼ′")
# Look-alike digits and symbols, replaced only between letters ("k1ll", "su!c!de")
# so that ages ("i'm 12"), counts ("5-4-3-2-1") and punctuation stay as they are.
_LOOKALIKES = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
               "@": "a", "$": "s", "!": "i", "|": "l", "€": "e"}
# Three cases: a run between letters ("k1ll"), digits ending a word ("di3"), a word's first
# character ("4live", not "4yo"). Each case checks the character before it only after the
# first look-alike: a pattern that starts with a character class is scanned ten times faster.
_LOOKALIKE_RE = re.compile(
    r"[013457@$!|€](?:(?<=[a-z][013457@$!|€])[013457@$!|€]*(?=[a-z])"
    r"|(?<=[a-z][013457])[013457]*\b"
    r"|(?<=\b[0@$4])(?=[a-z]{2})(?!yo|yr|y/o|ye))")
# Cyrillic and Greek letters that look Latin; NFKC leaves them alone.
_CONFUSABLE_LETTERS = str.maketrans("аеорсухкіѕԁӏıοκντ", "aeopcyxkisdliokvt")


# Anything that is not printable ASCII (plus \n \t \r, which stay).
_SPECIAL_RE = re.compile(r"[^\x20-\x7e\n\t\r]")


def _fold(char: str) -> str:
    """One non-ASCII (or control) character as plain lower-case text; "" when invisible."""
    if _is_invisible(char):
        return ""
    if char in _APOSTROPHES:
        return "'"
    folded = unicodedata.normalize("NFKC", char).lower().translate(_CONFUSABLE_LETTERS)
    folded = "".join(c for c in unicodedata.normalize("NFKD", folded)
                     if not unicodedata.combining(c)) or folded
    return "".join("'" if piece in _APOSTROPHES else piece for piece in folded)


@dataclass(frozen=True)
class NormalizedText:
    text: str
    origin: Sequence[int]  # origin[i] = index in the input of output character i

    def source_span(self, start: int, end: int, source_length: int) -> tuple[int, int]:
        """The input span that output characters [start, end) came from."""
        if start >= len(self.origin):
            return source_length, source_length
        last = self.origin[end - 1] + 1 if end > start else self.origin[start]
        return self.origin[start], last


def _is_invisible(char: str) -> bool:
    # Format characters (zero-width joiners, soft hyphens, bidi marks) and control
    # characters other than whitespace hide inside words to dodge filters.
    category = unicodedata.category(char)
    return (category == "Cf" or (category == "Cc" and char not in "\n\t\r")
            or char in "\ufe0e\ufe0f")


def normalize(text: str) -> NormalizedText:
    origin: Sequence[int]
    if text.isascii():
        lowered = text.lower().replace("`", "'")
        if _SPECIAL_RE.search(lowered) is None:
            flat, origin = lowered, range(len(text))
        else:
            keep = [i for i, c in enumerate(lowered) if c.isprintable() or c in "\n\t\r"]
            flat, origin = "".join(lowered[i] for i in keep), tuple(keep)
    else:
        # Plain ASCII runs are copied as they are; only the other characters are folded one by one.
        pieces, positions = [], []
        position = 0
        for match in _SPECIAL_RE.finditer(text):
            start = match.start()
            if start > position:
                pieces.append(text[position:start].lower())
                positions.extend(range(position, start))
            folded = _fold(match.group())
            pieces.append(folded)
            positions.extend([start] * len(folded))
            position = start + 1
        if position < len(text):
            pieces.append(text[position:].lower())
            positions.extend(range(position, len(text)))
        flat, origin = "".join(pieces), tuple(positions)
    # Twice, because one replacement can reveal the next: "4l1ve" → "4live" → "alive".
    # Each replacement is one character for one, so `origin` still fits.
    flat, replaced = _LOOKALIKE_RE.subn(_plain_letters, flat)
    if replaced:
        flat = _LOOKALIKE_RE.sub(_plain_letters, flat)
    return NormalizedText(flat, origin)


def _plain_letters(match: re.Match) -> str:
    return "".join(_LOOKALIKES.get(c, c) for c in match.group())
