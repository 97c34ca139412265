"""Measure the detector on a labelled set: recall per crisis category, concern caught,
false positives per `none` category.

    python -m bot.safety.evaluation tests/data/crisis_eval.jsonl [--show-errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bot.safety.assessment import Level


@dataclass
class Tally:
    total: int = 0
    hits: int = 0

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0


@dataclass
class Report:
    crisis_recall: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    # Crisis items that got at least the check-in ("are you safe right now?").
    crisis_checked_in: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    concern_caught: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    none_crisis_fp: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    none_concern: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    # Of those check-ins, the ones only the safety net (data/safety/concepts.yml) asked for.
    none_concern_by_net: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    errors: list[tuple[dict, object]] = field(default_factory=list)

    @staticmethod
    def _overall(tallies: dict[str, Tally]) -> Tally:
        return Tally(sum(t.total for t in tallies.values()), sum(t.hits for t in tallies.values()))

    @property
    def crisis_recall_overall(self) -> float:
        return self._overall(self.crisis_recall).rate

    @property
    def crisis_false_positive_rate(self) -> float:
        return self._overall(self.none_crisis_fp).rate

    @property
    def concern_caught_overall(self) -> float:
        return self._overall(self.concern_caught).rate


def load_items(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(items: list[dict], assess) -> Report:
    report = Report()
    for item in items:
        result = assess(item["text"])
        expected, category = item["level"], item["category"]
        if expected == "crisis":
            hit = result.level is Level.CRISIS
            report.crisis_recall[category].total += 1
            report.crisis_recall[category].hits += hit
            report.crisis_checked_in[category].total += 1
            report.crisis_checked_in[category].hits += result.level >= Level.CONCERN
        elif expected == "concern":
            # A concern item is caught when it gets at least a check-in.
            hit = result.level >= Level.CONCERN
            report.concern_caught[category].total += 1
            report.concern_caught[category].hits += hit
        else:
            hit = result.level is Level.NONE
            report.none_crisis_fp[category].total += 1
            report.none_crisis_fp[category].hits += result.level is Level.CRISIS
            report.none_concern[category].total += 1
            report.none_concern[category].hits += result.level is Level.CONCERN
            report.none_concern_by_net[category].total += 1
            report.none_concern_by_net[category].hits += _asked_by_net(result)
            hit = result.level is not Level.CRISIS
        if not hit:
            report.errors.append((item, result))
    return report


def _asked_by_net(result) -> bool:
    return result.level is Level.CONCERN and any(rule.startswith("concept.") for rule in result.rules)


def format_report(report: Report) -> str:
    lines = ["crisis recall (target >= 0.98 overall) | crisis items given at least the check-in"]
    for category, tally in sorted(report.crisis_recall.items()):
        checked = report.crisis_checked_in[category]
        lines.append(f"  {category:<22} {tally.rate:6.3f}  ({tally.hits}/{tally.total})"
                     f"   | {checked.rate:5.3f} ({checked.hits}/{checked.total})")
    lines.append(f"  {'OVERALL':<22} {report.crisis_recall_overall:6.3f}"
                 f"   | {report._overall(report.crisis_checked_in).rate:5.3f}")
    lines.append("concern caught (crisis or concern)")
    for category, tally in sorted(report.concern_caught.items()):
        lines.append(f"  {category:<22} {tally.rate:6.3f}  ({tally.hits}/{tally.total})")
    lines.append(f"  {'OVERALL':<22} {report.concern_caught_overall:6.3f}")
    lines.append("none: crisis false-positive rate (target <= 0.03 overall) | check-in rate")
    for category, tally in sorted(report.none_crisis_fp.items()):
        concern = report.none_concern[category]
        by_net = report.none_concern_by_net[category]
        lines.append(f"  {category:<22} {tally.rate:6.3f}  ({tally.hits}/{tally.total})"
                     f"   | concern {concern.rate:5.3f} ({concern.hits}/{concern.total},"
                     f" safety net {by_net.hits})")
    lines.append(f"  {'OVERALL':<22} {report.crisis_false_positive_rate:6.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--show-errors", action="store_true",
                        help="print the misread items (contains the set's texts, not users')")
    args = parser.parse_args(argv)

    from bot.isolation import keep_tensorflow_out
    keep_tensorflow_out()
    from bot.safety import assess

    report = evaluate(load_items(args.path), assess)
    print(format_report(report))
    if args.show_errors:
        for item, result in report.errors:
            print(f"{item['id']:<24} want {item['level']:<8} got {result.level!s:<8} "
                  f"{list(result.rules)} {item['text'][:150]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
