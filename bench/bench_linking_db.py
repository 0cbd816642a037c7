"""The suggester and bulk linking through the database, as the ingest page and the review page run
them (bench_linking.py measures the pure ranking alone).

It builds, in a throwaway database (a temporary SQLite file, or with DATABASE_URL set the test
database "test_<name>" on that PostgreSQL server, created and dropped here), a city plan of
`--candidates` tasks and a district plan of `--drafts` draft measures from the same composed
vocabulary as bench_linking.py (seeded), then times, median of `--rounds` runs:

* suggest:       `draft_parents_suggest(document, supervisor)`: read the candidates and drafts, rank,
                 store three suggestions per draft (the bar: 10 s for 500 drafts against 5,000);
* bulk set:      `draft_parents_set_bulk` giving `--bulk` drafts one parent (the bar: 5 s for 1,000);
* accept first:  `draft_parents_accept_first` on the same `--bulk` drafts.

    .venv/bin/python bench/bench_linking_db.py [--drafts 500] [--candidates 5000] [--bulk 1000] [--rounds 3]

Exits 1 when a bar is missed. The figures go into docs/performance.md, section "Linking".
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
_SCRATCH = tempfile.mkdtemp(prefix="luoshi-bench-")
os.environ.setdefault("LUOSHI_VAR_DIR", _SCRATCH)  # SQLite: never the laptop database under var/

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

SUGGEST_BAR = 10.0
BULK_BAR = 5.0


def timed(run: Callable[[], Any]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def build(drafts: int, candidates: int, bulk: int) -> dict[str, Any]:
    from bench_linking import PAIRS, synthetic

    from luoshi.documents.models import Document, DraftMeasure
    from luoshi.ledger.choices import Role, UnitLevel
    from luoshi.ledger.linking.evaluation import read_pair
    from luoshi.ledger.models import Task, Unit
    from luoshi.ledger.tests.factories import user_factory

    pairs = [read_pair(directory) for directory in sorted(PAIRS.iterdir()) if directory.is_dir()]
    texts, tasks = synthetic(pairs, drafts, candidates)
    units = {}
    for task in tasks:
        if task.lead_unit not in units:
            units[task.lead_unit] = Unit.objects.create(name=task.lead_unit, level=UnitLevel.CITY)
    city_plan = Document.objects.create(title="市级实施方案", text="。" * (candidates + 1), content_hash="c" * 64)
    Task.objects.bulk_create([
        Task(code=t.code, title=t.title, level="city", lead_unit=units[t.lead_unit], source_document=city_plan,
             source_start=t.id - 1, source_end=t.id)
        for t in tasks
    ], batch_size=1000)

    def plan(title: str, digest: str, measures: list[tuple[str, str]]) -> Document:
        text = "".join(f"{title}。" for title, _ in measures)
        document = Document.objects.create(title=title, text=text, content_hash=digest * 64)
        rows, start = [], 0
        for title_, lead in measures:
            rows.append(DraftMeasure(document=document, title=title_[:300], text=f"{title_}。", start=start,
                                     end=start + len(title_) + 1, lead_unit_name=lead))
            start += len(title_) + 1
        DraftMeasure.objects.bulk_create(rows, batch_size=1000)
        return document

    district = plan("区级落实方案", "d", [(d.title, d.lead_units[0]) for d in texts])
    many = plan("区级落实方案(批量)", "e", [(texts[n % len(texts)].title, "") for n in range(bulk)])
    supervisor = user_factory("bench-supervisor", role=Role.SUPERVISOR)
    return {"district": district, "many": many, "supervisor": supervisor, "parent": Task.objects.order_by("code").first()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=500)
    parser.add_argument("--candidates", type=int, default=5000)
    parser.add_argument("--bulk", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(_SCRATCH) / "bench.sqlite3")  # a file, not :memory:
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from luoshi.ledger.linking.phrases import key_words
        from luoshi.ledger.services import (
            draft_parents_accept_first,
            draft_parents_set_bulk,
            draft_parents_suggest,
        )

        key_words("加载词典")  # jieba loads once per process (about 1 s): not part of the figures
        data = build(args.drafts, args.candidates, args.bulk)
        supervisor, district, many = data["supervisor"], data["district"], data["many"]
        suggest = [timed(lambda: draft_parents_suggest(district, supervisor)) for _ in range(args.rounds)]
        from luoshi.ledger.models import DraftParent

        linked = DraftParent.objects.filter(measure__document=district).exclude(suggestions=[]).count()
        draft_parents_suggest(many, supervisor)
        measures = list(many.measures.select_related("parent_link"))
        with_suggestion = [m for m in measures if m.parent_link.suggestions]
        parent = data["parent"].pk
        bulk = [timed(lambda: draft_parents_set_bulk(measures=measures, parents=dict.fromkeys(
            (m.pk for m in measures), parent), user=supervisor)) for _ in range(args.rounds)]
        first = [timed(lambda: draft_parents_accept_first(measures=with_suggestion, user=supervisor))
                 for _ in range(args.rounds)]
        print(f"Database: {connection.vendor}")
        print(f"Suggest: {args.drafts} drafts against {args.candidates} candidates, read + rank + store: "
              f"median {statistics.median(suggest):.2f} s ({linked} drafts with a suggestion; bar {SUGGEST_BAR:.0f} s)")
        print(f"Bulk set one parent on {len(measures)} drafts: median {statistics.median(bulk):.2f} s "
              f"(bar {BULK_BAR:.0f} s)")
        print(f"Accept the first suggestion for {len(with_suggestion)} drafts: median {statistics.median(first):.2f} s")
        print("\nCommand: .venv/bin/python bench/bench_linking_db.py " + " ".join(sys.argv[1:]))
        ok = statistics.median(suggest) <= SUGGEST_BAR and max(statistics.median(bulk), statistics.median(first)) <= BULK_BAR
        return 0 if ok else 1
    finally:
        connection.creation.destroy_test_db(test_name, verbosity=0)
        shutil.rmtree(_SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
