"""Load the crisis rules and word lists from data/safety/ and compile them for spaCy.

A rule's patterns are written in a small phrase language so that reviewers read
phrases, not JSON. Each space-separated item is one token:

    word        the word in any inflection (matched on its lemma: "took" matches "take")
    =word       exactly this form (=a|=b: exactly one of these forms)
    a|b|c       any of these words
    @list       any word of a list in lexicon.yml (combinable: @kill_verbs|unalive)
    #minor_age  a number from 4 to 17 (#adult_age: 18 to 99, #number: any number)
    *           any one token, optional
    ...         up to three tokens of anything
    item?       the item is optional
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.safety.assessment import Level

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "safety"
_WILDCARD = {"OP": "?"}
_MINOR_AGE = {"TEXT": {"REGEX": r"^([4-9]|1[0-7])$"}}
_ADULT_AGE = {"TEXT": {"REGEX": r"^(1[89]|[2-9][0-9])$"}}


class RuleError(ValueError):
    """A rule file that cannot be compiled; the message names the rule and why."""


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    level: Level
    patterns: tuple[str, ...]
    # Patterns that must also match in the message (e.g. an age under 18) ...
    also: tuple[str, ...] = ()
    # ... or, when set, in the same sentence as the rule's own match.
    also_in_same_sentence: bool = False
    negatable: bool = True
    examples: tuple[str, ...] = ()
    not_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Guard:
    """Context that changes what a rule means: past tense, a joke, a question."""

    id: str
    effect: str  # "suppress" drops the matches, "downgrade" makes crisis a concern
    applies_to: tuple[str, ...]  # categories, or single rule ids
    patterns: tuple[str, ...] = ()
    when_question: bool = False
    examples: tuple[str, ...] = ()


@dataclass
class Lexicon:
    lists: dict[str, list[str]]
    slang: dict[str, list[str]]
    emoji: dict[str, list[str]]
    typo_targets: list[str]
    negations: set[str]
    # "won't stop", "wouldn't let me": the negation is part of the danger, not a denial.
    negation_exempt_next: set[str]
    clause_breaks: set[str]
    sentence_breaks: set[str]
    question_openers: set[str]
    negation_window: int = 5


@dataclass
class RuleSet:
    lexicon: Lexicon
    rules: list[Rule] = field(default_factory=list)
    guards: list[Guard] = field(default_factory=list)


def load_rule_set(data_dir: Path = DATA_DIR) -> RuleSet:
    lexicon_data = read_yaml(data_dir / "lexicon.yml")
    lexicon = Lexicon(
        lists={name: [str(w) for w in words] for name, words in lexicon_data["lists"].items()},
        slang={str(k): str(v).split() for k, v in lexicon_data["slang"].items()},
        emoji={str(k): str(v).split() for k, v in lexicon_data["emoji"].items()},
        typo_targets=[str(w) for w in lexicon_data["typo_targets"]],
        negations=set(lexicon_data["negations"]),
        negation_exempt_next=set(lexicon_data["negation_exempt_next"]),
        clause_breaks=set(lexicon_data["clause_breaks"]),
        sentence_breaks=set(lexicon_data["sentence_breaks"]),
        question_openers=set(lexicon_data["question_openers"]),
        negation_window=int(lexicon_data.get("negation_window", 5)),
    )
    rule_set = RuleSet(lexicon)
    seen: set[str] = set()
    for path in sorted((data_dir / "rules").glob("*.yml")):
        content = read_yaml(path)
        for entry in content.get("rules", []):
            rule = _parse_rule(entry, path)
            if rule.id in seen:
                raise RuleError(f"{path.name}: duplicate rule id {rule.id!r}")
            seen.add(rule.id)
            rule_set.rules.append(rule)
        for entry in content.get("guards", []):
            guard = _parse_guard(entry, path)
            if guard.id in seen:
                raise RuleError(f"{path.name}: duplicate rule id {guard.id!r}")
            seen.add(guard.id)
            rule_set.guards.append(guard)
    return rule_set


class _WordsLoader(yaml.SafeLoader):
    """YAML without the 1.1 booleans: in a word list, no, off and on are words."""


_WordsLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordsLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def read_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_WordsLoader) or {}  # noqa: S506 (a SafeLoader)


def _parse_rule(entry: dict, path: Path) -> Rule:
    try:
        return Rule(
            id=entry["id"],
            category=entry["category"],
            level=Level.parse(entry["level"]),
            patterns=tuple(entry["patterns"]),
            also=tuple(entry.get("also", ())),
            also_in_same_sentence=bool(entry.get("also_in_same_sentence", False)),
            negatable=bool(entry.get("negatable", True)),
            examples=tuple(entry.get("examples", ())),
            not_examples=tuple(entry.get("not_examples", ())),
        )
    except (KeyError, TypeError) as error:
        raise RuleError(f"{path.name}: rule {entry.get('id', entry)!r} lacks {error}") from error


def _parse_guard(entry: dict, path: Path) -> Guard:
    if entry.get("effect") not in ("suppress", "downgrade"):
        raise RuleError(f"{path.name}: guard {entry.get('id')!r} needs effect suppress|downgrade")
    try:
        return Guard(
            id=entry["id"],
            effect=entry["effect"],
            applies_to=tuple(entry["applies_to"]),
            patterns=tuple(entry.get("patterns", ())),
            when_question=bool(entry.get("when_question", False)),
            examples=tuple(entry.get("examples", ())),
        )
    except KeyError as error:
        raise RuleError(f"{path.name}: guard {entry.get('id')!r} lacks {error}") from error


_ITEM_RE = re.compile(r"^[a-z0-9@=|_#/\-.,!?'()]+$")


def compile_phrase(phrase: str, lexicon: Lexicon, lemma_of) -> list[dict]:
    """One phrase of the rule language as a spaCy Matcher token pattern."""
    tokens: list[dict] = []
    for item in phrase.split():
        if item == "...":
            tokens.extend([dict(_WILDCARD)] * 3)
            continue
        if item == "*":
            tokens.append(dict(_WILDCARD))
            continue
        optional = item.endswith("?") and len(item) > 1
        body = item[:-1] if optional else item
        if not _ITEM_RE.match(body):
            raise RuleError(f"cannot read {item!r} in pattern {phrase!r}")
        if body == "#minor_age":
            token = dict(_MINOR_AGE)
        elif body == "#adult_age":
            token = dict(_ADULT_AGE)
        elif body == "#number":
            token = {"LIKE_NUM": True}
        elif body.startswith("="):
            forms = sorted({word.lstrip("=") for word in body.split("|")})
            token = {"LOWER": forms[0]} if len(forms) == 1 else {"LOWER": {"IN": forms}}
        else:
            words: list[str] = []
            for alternative in body.split("|"):
                if alternative.startswith("@"):
                    name = alternative[1:]
                    if name not in lexicon.lists:
                        raise RuleError(f"unknown list @{name} in pattern {phrase!r}")
                    words.extend(lexicon.lists[name])
                    # "oxys", "meds", "blades": the lookup table leaves rarer plurals alone.
                    words.extend(w + "s" for w in lexicon.lists[name] if w.isalpha())
                else:
                    words.append(alternative.lstrip("="))
            # A message's words are matched by their lemma, so the lemma is all a pattern needs;
            # a single word compiles to plain equality, which spaCy checks in C.
            lemmas = sorted({lemma_of(w) for w in words})
            token = {"LEMMA": lemmas[0]} if len(lemmas) == 1 else {"LEMMA": {"IN": lemmas}}
        if optional:
            token["OP"] = "?"
        tokens.append(token)
    if not tokens or all(t.get("OP") == "?" for t in tokens):
        raise RuleError(f"pattern {phrase!r} matches nothing in particular")
    return tokens
