"""`make eval-crisis`: one table per labelled set, each tier alone and both together.

    python -m bot.safety.scoreboard            # every set in data/safety/evaluation_sets.yml
    python -m bot.safety.scoreboard FILE...    # these sets

The columns are the issue's goals: crisis messages given the card, given at least the
check-in; `none` messages given the card (all, and the past told or recovery/intimacy talk),
given the check-in; concern messages caught. A set marked tuned gives training figures.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.safety.assessment import Assessment, Level
from bot.safety.evaluation import load_items
from bot.safety.rules import DATA_DIR, read_yaml

PROJECT_ROOT = DATA_DIR.parents[1]
EVERYDAY_OF_HARBOR = {"past_disclosure", "recovery_intimacy"}


@dataclass(frozen=True)
class Row:
    card_on_crisis: float
    checked_on_crisis: float
    card_on_none: float
    card_on_past_and_intimacy: float | None
    checkin_on_none: float
    concern_caught: float
    counts: str


def _rate(hits: int, total: int) -> float:
    return hits / total if total else float("nan")


def score(items: list[dict], assess: Callable[[str], Assessment]) -> Row:
    levels = [(item, assess(item["text"]).level) for item in items]
    crisis = [level for item, level in levels if item["level"] == "crisis"]
    concern = [level for item, level in levels if item["level"] == "concern"]
    none = [(item, level) for item, level in levels if item["level"] == "none"]
    everyday = [level for item, level in none if item["category"] in EVERYDAY_OF_HARBOR]
    return Row(
        _rate(sum(level is Level.CRISIS for level in crisis), len(crisis)),
        _rate(sum(level >= Level.CONCERN for level in crisis), len(crisis)),
        _rate(sum(level is Level.CRISIS for _, level in none), len(none)),
        _rate(sum(level is Level.CRISIS for level in everyday), len(everyday)) if everyday else None,
        _rate(sum(level is Level.CONCERN for _, level in none), len(none)),
        _rate(sum(level >= Level.CONCERN for level in concern), len(concern)),
        f"{len(crisis)} crisis, {len(concern)} concern, {len(none)} none ({len(everyday)} past/intimacy)")


def retention(items: list[dict], assess: Callable[[str], Assessment]) -> dict[str, float]:
    """Of the crisis messages given the card as written, the share still given it when retyped."""
    from bot.safety.typing_variants import VARIANTS

    carded = [item["text"] for item in items
              if item["level"] == "crisis" and assess(item["text"]).level is Level.CRISIS]
    return {name: _rate(sum(assess(rewrite(text)).level is Level.CRISIS for text in carded), len(carded))
            for name, rewrite in VARIANTS.items()}


def detectors() -> dict[str, Callable[[str], Assessment]]:
    from bot.safety import get_detector, get_rules

    two_tiers = get_detector()
    rules = get_rules()
    found = {"rules alone": rules.assess}
    if two_tiers.learned is not None:
        learned = two_tiers.learned

        def learned_alone(text: str) -> Assessment:
            probabilities = learned.probabilities(text)
            return Assessment(max(probabilities, key=probabilities.get))

        found["learned alone"] = learned_alone
        found["both tiers"] = two_tiers.assess
    return found


def format_table(name: str, note: str, rows: dict[str, Row]) -> str:
    header = (f"{'':<15}{'card|crisis':>12}{'≥check|crisis':>15}{'card|none':>11}"
              f"{'card|past+int':>15}{'check|none':>12}{'concern':>9}")
    lines = [f"== {name} — {note}", header]
    for tier, row in rows.items():
        past = f"{row.card_on_past_and_intimacy:15.3f}" if row.card_on_past_and_intimacy is not None \
            else f"{'—':>15}"
        lines.append(f"{tier:<15}{row.card_on_crisis:12.3f}{row.checked_on_crisis:15.3f}"
                     f"{row.card_on_none:11.3f}{past}{row.checkin_on_none:12.3f}{row.concern_caught:9.3f}")
    lines.append(f"{'':<15}({next(iter(rows.values())).counts})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--tuned-only", action="store_true",
                        help="leave the blind sets out (while developing: look at them once, at the end)")
    args = parser.parse_args(argv)
    from bot.isolation import keep_tensorflow_out

    keep_tensorflow_out()
    listed = read_yaml(DATA_DIR / "evaluation_sets.yml")["sets"]
    sets = [(Path(p), "given on the command line") for p in args.paths] or [
        (PROJECT_ROOT / s["path"], ("TUNED ON: " if s["tuned"] else "BLIND: ") + s["note"])
        for s in listed if s["tuned"] or not args.tuned_only]
    tiers = detectors()
    print("Goals on blind sets: card|crisis ≥ 0.90, ≥check|crisis ≥ 0.98, card|none ≤ 0.02, "
          "card|past+int ≤ 0.02, check|none ≤ 0.10")
    for path, note in sets:
        if not path.is_file():
            print(f"== {path.name} — missing")
            continue
        items = load_items(path)
        print(format_table(path.name, note, {tier: score(items, assess) for tier, assess in tiers.items()}))
        kept = retention(items, tiers["both tiers" if "both tiers" in tiers else "rules alone"])
        print(f"{'':<15}retention under real typing (goal ≥ 0.95 each): "
              + ", ".join(f"{name} {rate:.2f}" for name, rate in kept.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
