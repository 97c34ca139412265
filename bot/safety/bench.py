"""`make bench`: the crisis detector's speed on one core.

Prints median and p99 time per message and messages per second, for short (≤ 80 chars)
and long (≈ 2,000 chars) messages, and time per 1,000 characters across lengths to show
that time grows linearly with length. Targets: median ≤ 0.2 ms short, ≤ 2 ms long.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

from bot.isolation import keep_tensorflow_out

keep_tensorflow_out()

from bot.safety import get_detector  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
ROUNDS = 5


def _pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _messages() -> tuple[list[str], list[str], list[str], list[str]]:
    items = []
    # The rules' own sets only: the same texts from one measurement to the next (the blind sets
    # are for reading once, not for timing).
    for path in [DATA / "crisis_eval.jsonl", *sorted(DATA.glob("crisis_holdout*.jsonl"))]:
        items += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    texts = [item["text"] for item in items]
    # Most real messages are everyday ones; the labelled sets are mostly crisis language,
    # the detector's slowest path. Both are timed.
    everyday = [i["text"] for i in items if i["category"] == "everyday" and len(i["text"]) <= 80]
    short = [t for t in texts if len(t) <= 80]
    # Long messages as people write them: ordinary text, sometimes one crisis sentence in it.
    written_long = [i["text"] for i in items if "buried" in i.get("tags", ()) and len(i["text"]) >= 300]
    rng = random.Random(7)
    long = []
    for _ in range(60):  # ≈ 2,000 characters of real messages, shuffled together
        parts: list[str] = []
        while sum(map(len, parts)) < 2000:
            parts.append(rng.choice(texts))
        long.append(" ".join(parts)[:2000])
    return everyday, short, written_long, long


def _time(assess, texts: list[str]) -> list[float]:
    samples = []
    for _ in range(ROUNDS):
        for text in texts:
            start = time.perf_counter()
            assess(text)
            samples.append(time.perf_counter() - start)
    return sorted(samples)


def main() -> int:
    _pin_to_one_core()
    detector = get_detector()
    everyday, short, written_long, long = _messages()
    for text in everyday + short + written_long + long:  # warm caches, as a running gateway would be
        detector.assess(text)
    print(f"crisis detector, one core, {ROUNDS} rounds")
    rows = (("short, everyday", everyday, 0.2), ("short, labelled sets", short, 0.2),
            ("long, as written", written_long, 2.0), ("long, dense crisis text", long, 2.0))
    for name, texts, target in rows:
        samples = _time(detector.assess, texts)
        median = statistics.median(samples) * 1000
        p99 = samples[int(len(samples) * 0.99) - 1] * 1000
        rate = len(samples) / sum(samples)
        verdict = "meets" if median <= target else "MISSES"
        print(f"  {name:<22} median {median:7.3f} ms   p99 {p99:7.3f} ms   {rate:9.0f} msg/s"
              f"   ({verdict} the {target} ms target)")
    print("  time per 1,000 chars by length (flat means linear):")
    base = " ".join(long)
    for length in (250, 500, 1000, 2000, 4000, 8000):
        texts = [(base * 3)[i * 97:i * 97 + length] for i in range(20)]
        median = statistics.median(_time(detector.assess, texts)) * 1000
        per_thousand = median / length * 1000
        print(f"    {length:>5} chars  median {median:7.3f} ms   {per_thousand:6.3f} ms per 1,000 chars")
    return 0


if __name__ == "__main__":
    sys.exit(main())
