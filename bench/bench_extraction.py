"""Throughput of the extraction pipeline: characters per second through ``extract`` on one core.

Run from the repository root:

    .venv/bin/python bench/bench_extraction.py [--megabytes 1.5] [--rounds 5]

The two seed documents and the development plans of the task evaluation (shared/seeds and
shared/eval/tasks/docs beside the repository, or under ``LUOSHI_SHARED_DIR``) are repeated until the text holds
about ``--megabytes`` MB of UTF-8, then ``extract`` runs over it ``--rounds`` times. Prints the
median characters per second of CPU time (the process's own time on one core, so that other
work on a shared machine does not count against it) and of wall-clock time, and the command.
The acceptance bar is 500,000 chars/s of CPU time; the exit status is 1 below it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LUOSHI_SHARED_DIR") or REPOSITORY.parent / "shared")
SEEDS = SHARED / "seeds"
PLANS = SHARED / "eval" / "tasks" / "docs"
sys.path.insert(0, str(REPOSITORY))

from luoshi.documents.extraction import extract  # noqa: E402

BAR_CHARS_PER_SECOND = 500_000


def corpus(megabytes: float) -> str:
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    seeds += [path.read_text(encoding="utf-8") for path in sorted(PLANS.glob("*.txt"))] if seeds else []
    if not seeds:
        raise SystemExit(f"no seed documents in {SEEDS}")
    unit = "\n\n".join(seeds)
    copies = max(1, round(megabytes * 1_000_000 / len(unit.encode("utf-8"))))
    return "\n\n".join([unit] * copies)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--megabytes", type=float, default=1.5)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    text = corpus(args.megabytes)
    extract(text[:100_000])  # warm up regex caches and imports
    rates: list[float] = []
    wall_rates: list[float] = []
    for _ in range(args.rounds):
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        result = extract(text)
        rates.append(len(text) / (time.process_time() - started_cpu))
        wall_rates.append(len(text) / (time.perf_counter() - started_wall))
    median = statistics.median(rates)
    print(
        f"text: {len(text):,} chars ({len(text.encode('utf-8')) / 1e6:.2f} MB UTF-8), "
        f"{len(result.items):,} items, {len(result.measures):,} measures, {len(result.tasks):,} tasks, "
        f"{len(result.sections):,} sections"
    )
    print(f"rounds (CPU time): {', '.join(f'{rate:,.0f}' for rate in rates)} chars/s")
    print(f"median wall clock: {statistics.median(wall_rates):,.0f} chars/s")
    print(f"median CPU time: {median:,.0f} chars/s on one core (bar {BAR_CHARS_PER_SECOND:,})")
    print(
        f"command: .venv/bin/python bench/bench_extraction.py --megabytes {args.megabytes} --rounds {args.rounds}"
    )
    return 0 if median >= BAR_CHARS_PER_SECOND else 1


if __name__ == "__main__":
    sys.exit(main())
