"""The suggester's accuracy on composed pairs of plans, and its speed and the revision matcher's
at the scale of a province.

Run from the repository root:

    .venv/bin/python bench/bench_linking.py [--drafts 500] [--candidates 5000] [--rounds 3]

1. Accuracy: for each composed pair in bench/data/linking (a higher-level list of 32 tasks and
   a lower-level plan of 64+ measures written in another office's words, with the true links;
   district-zone was written after the scoring was settled, as a held-out pair),
   top-1 and top-3 accuracy over the measures that have a parent, and the share of measures
   without one that get no suggestion.
2. Speed: `--drafts` drafts ranked against `--candidates` candidates generated from the composed
   vocabulary (clauses of the composed texts recombined at random, seeded; codes, numbering and
   units varied), median of `--rounds` runs, wall-clock and CPU time, jieba's dictionary loaded
   beforehand (it loads once per process, about 1 s, reported apart). The bar is 10 s.
3. Revision matching: a plan of `--drafts` measures against a revision with a tenth reworded,
   some moved, dropped and inserted, median of `--rounds` runs.

Prints the figures and the command; exits 1 when the suggester's speed misses the bar.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

REPOSITORY = Path(__file__).resolve().parents[1]
PAIRS = REPOSITORY / "bench" / "data" / "linking"
sys.path.insert(0, str(REPOSITORY))

from luoshi.ledger.linking import CandidateTask, DraftText, VersionedMeasure, suggest_parents  # noqa: E402
from luoshi.ledger.linking.evaluation import ComposedPair, accuracy, read_pair  # noqa: E402
from luoshi.ledger.linking.phrases import key_words  # noqa: E402
from luoshi.ledger.linking.revision import match_revision  # noqa: E402

T = TypeVar("T")
BAR_SECONDS = 10.0
UNIT_LINES = ("商务", "发展改革", "工业和信息化", "科技", "交通运输", "生态环境", "住房和城乡建设", "金融", "教育", "民政")
CLAUSE = re.compile(r"[，。；、]")


def timed(run: Callable[[], T]) -> tuple[T, float, float]:
    """The result of `run()` with its wall-clock and CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def clauses(pairs: list[ComposedPair]) -> list[str]:
    texts = [c.title for pair in pairs for c in pair.candidates] + [d.title for pair in pairs for d in pair.drafts]
    return sorted({part for text in texts for part in CLAUSE.split(re.sub(r"（[^）]*）", "", text)) if len(part) >= 4})


def synthetic(pairs: list[ComposedPair], drafts: int, candidates: int) -> tuple[list[DraftText], list[CandidateTask]]:
    pool = clauses(pairs)
    rng = random.Random(20240929)
    tasks = [
        CandidateTask(
            id=number,
            code=f"2024-C-{number:04d}",
            ordinal=number,
            numbering=(1 + number // 100, 1 + number % 100),
            plan_title="市级实施方案",
            lead_unit=f"市{rng.choice(UNIT_LINES)}局",
            title="，".join(rng.sample(pool, 3)),
        )
        for number in range(1, candidates + 1)
    ]
    measures = []
    for number in range(drafts):
        parts = rng.sample(pool, 2)
        if number % 5 == 0:
            parts.append(f"（对应市级措施第{rng.randint(1, candidates)}条）")
        measures.append(
            DraftText(
                title="，".join(parts),
                numbering=(1 + number // 50, 1 + number % 50),
                lead_units=(f"区{rng.choice(UNIT_LINES)}局",),
            )
        )
    return measures, tasks


def revision(pool: list[str], size: int) -> tuple[list[VersionedMeasure], list[VersionedMeasure]]:
    rng = random.Random(7)
    previous = [
        VersionedMeasure(key=n, position=n, numbering=(1, n + 1), title="，".join(rng.sample(pool, 2)), lead_units=("区商务局",))
        for n in range(size)
    ]
    revised = []
    for measure in previous:
        if measure.key % 20 == 0:
            continue  # dropped
        if measure.key % 10 == 5:
            measure = VersionedMeasure(key=measure.key, position=0, title=measure.title + "，力争年内完成", lead_units=("区商务局",))
        revised.append(measure)
        if measure.key % 25 == 0:
            revised.append(VersionedMeasure(key=0, position=0, title="，".join(rng.sample(pool, 2))))
    moved = revised[: size // 10]
    rng.shuffle(moved)
    revised[: size // 10] = moved
    revised = [
        VersionedMeasure(key=10_000 + n, position=n, numbering=(1, n + 1), title=m.title, lead_units=m.lead_units)
        for n, m in enumerate(revised)
    ]
    return previous, revised


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=500)
    parser.add_argument("--candidates", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    _, jieba_wall, _ = timed(lambda: key_words("加载词典"))
    print(f"jieba dictionary loaded in {jieba_wall:.2f} s (once per process)")

    pairs = [read_pair(directory) for directory in sorted(PAIRS.iterdir()) if directory.is_dir()]
    print("\nAccuracy on composed pairs (measures with a true parent; measures without one):")
    for pair in pairs:
        ranked, wall, _ = timed(partial(suggest_parents, pair.drafts, pair.candidates))
        result = accuracy(pair, ranked)
        print(
            f"  {pair.name}: {len(pair.candidates)} higher tasks, {len(pair.drafts)} measures; "
            f"top-1 {result.top1:.1%} and top-3 {result.top3:.1%} of {result.linked}; "
            f"no suggestion for {result.abstained:.0%} of {result.unlinked} without a parent; {wall * 1000:.0f} ms"
        )

    drafts, candidates = synthetic(pairs, args.drafts, args.candidates)
    suggest_walls, cpus = [], []
    for _ in range(args.rounds):
        _, wall, cpu = timed(lambda: suggest_parents(drafts, candidates))
        suggest_walls.append(wall)
        cpus.append(cpu)
    print(
        f"\nSuggester: {len(drafts)} drafts against {len(candidates)} candidates: "
        f"median {statistics.median(suggest_walls):.2f} s wall, {statistics.median(cpus):.2f} s CPU "
        f"(bar {BAR_SECONDS:.0f} s; {args.rounds} rounds)"
    )

    previous, revised = revision(clauses(pairs), args.drafts)
    walls = []
    for _ in range(args.rounds):
        plan, wall, _ = timed(lambda: match_revision(previous, revised))
        walls.append(wall)
    print(
        f"Revision matching: {len(previous)} previous against {len(revised)} revised measures: "
        f"median {statistics.median(walls):.2f} s wall; {len(plan.unchanged)} unchanged, {len(plan.changed)} changed, "
        f"{len(plan.new)} new, {len(plan.dropped)} dropped, {len(plan.ambiguous)} ambiguous groups"
    )
    print("\nCommand: .venv/bin/python bench/bench_linking.py " + " ".join(sys.argv[1:]))
    return 0 if statistics.median(suggest_walls) <= BAR_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
