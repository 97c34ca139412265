"""Choose the learned tier's bounds without looking at a blind set: out-of-fold predictions.

    python -m bot.safety.calibrate_learned

Splits the training corpus (data/safety/learned_tier.yml) into folds; each fold is read by a
model trained on the others, through the rules and the moves, so every figure printed is
for text that model never saw. Prints the issue's goals for the bounds in learned_tier.yml
and for a grid around them. The bounds are then written into learned_tier.yml by hand.
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
from pathlib import Path

from bot.safety.assessment import Assessment
from bot.safety.learned import LearnedTier, words_of
from bot.safety.rules import read_yaml
from bot.safety.scoreboard import format_table, score
from bot.safety.tiers import Moves, combine
from bot.safety.train_learned import SETTINGS, export, fit_estimators, training_rows

FOLDS = 5


def out_of_fold(rows: list[dict], model: dict) -> list[dict]:
    """Each row with the probabilities of a model that did not train on it."""
    predicted = []
    with tempfile.TemporaryDirectory() as folder:
        for fold in range(FOLDS):
            train = [row for index, row in enumerate(rows) if index % FOLDS != fold]
            test = [row for index, row in enumerate(rows) if index % FOLDS == fold]
            path = Path(folder) / f"fold{fold}.json"
            path.write_text(json.dumps(export(*fit_estimators(train, model), len(train))))
            tier = LearnedTier.load(path)
            predicted += [{**row, "p": tier.probabilities(row["text"])} for row in test]
    return predicted


def main() -> int:
    from bot.isolation import keep_tensorflow_out

    keep_tensorflow_out()
    from bot.safety import get_rules

    settings = read_yaml(SETTINGS)
    rows = [row for row in training_rows(settings) if row.get("category")]
    predicted = out_of_fold(rows, settings["model"])
    rules = {row["text"]: get_rules().assess(row["text"]) for row in predicted}
    by_text = {row["text"]: row["p"] for row in predicted}

    def with_moves(moves: Moves):
        return lambda text: combine(rules[text], by_text[text], moves, len(words_of(text)))

    def learned_alone(text: str) -> Assessment:
        p = by_text[text]
        return Assessment(max(p, key=p.get))

    current = Moves.load()
    print(format_table(f"out-of-fold, {len(rows)} texts", "TRAINING FIGURES (cross-validated)", {
        "rules alone": score(predicted, lambda text: rules[text]),
        "learned alone": score(predicted, learned_alone),
        "both tiers": score(predicted, with_moves(current))}))
    print("\nbounds grid (none→concern, concern→crisis, none→crisis, crisis→concern, concern→none)")
    for grid in itertools.product((0.5, 0.6, 0.7), (0.65,), (0.85,), (0.5,), (0.85,)):
        row = score(predicted, with_moves(Moves(*grid, vetoable=current.vetoable,
                                                min_words_to_raise=current.min_words_to_raise)))
        print(f"  {grid}  card|crisis {row.card_on_crisis:.3f}  ≥check|crisis {row.checked_on_crisis:.3f}"
              f"  card|none {row.card_on_none:.3f}  card|past+int {row.card_on_past_and_intimacy or 0:.3f}"
              f"  check|none {row.checkin_on_none:.3f}  concern {row.concern_caught:.3f}")
    print_veto_candidates(predicted, rules, with_moves, current)
    return 0


def print_veto_candidates(predicted: list[dict], rules: dict, with_moves, current: Moves) -> None:
    """For each rule that gives the card and may not yet be turned down: what allowing the model
    to turn its card into the check-in would change, out of fold. A rule is worth adding to
    `only_for_rules` only when no crisis loses its card and some ordinary messages do."""
    carding = sorted({rule for row in predicted for rule in rules[row["text"]].rules
                      if rules[row["text"]].is_crisis and not rule.startswith(("learned.", "concept."))}
                     - current.vetoable)
    before = {row["text"]: with_moves(current)(row["text"]).is_crisis for row in predicted}
    print("\nturning a rule's card into the check-in when p(none) is high enough (out of fold):")
    for rule in carding:
        moves = Moves(current.none_to_concern, current.concern_to_crisis, current.none_to_crisis,
                      current.crisis_to_concern, current.concern_to_none, current.vetoable | {rule},
                      current.min_words_to_raise)
        changed = [row for row in predicted
                   if before[row["text"]] and not with_moves(moves)(row["text"]).is_crisis]
        lost = sum(row["level"] == "crisis" for row in changed)
        spared = sum(row["level"] == "none" for row in changed)
        if changed:
            print(f"  {rule:45} ordinary messages spared the card {spared:3d}   crises losing it {lost:3d}")


if __name__ == "__main__":
    sys.exit(main())
