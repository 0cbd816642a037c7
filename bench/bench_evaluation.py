"""Benchmark of evaluation with light history and of the likely-late count.

Builds N tasks (default 20,000) in a fresh database of its own (SQLite in a temporary
folder unless DATABASE_URL is set), with deadlines a year either side of the business date
and one accepted report of progress on every third task, then times:

- the first evaluation run, in which every light changes and each change writes a history
  row with its reason (the worst case);
- a second run, in which nothing changes (the daily case);
- the battle map's likely-late count over all tasks (oversight.selectors.tasks_likely_late).

    .venv/bin/python bench/bench_evaluation.py [--tasks N]

The figures go into docs/performance.md ("Evaluation and forecasts").
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LUOSHI_VAR_DIR", tempfile.mkdtemp(prefix="luoshi-bench-"))
os.environ["LUOSHI_BUSINESS_DATE"] = "2024-10-31"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from luoshi.ledger.models import Task, Unit  # noqa: E402
from luoshi.oversight.selectors import tasks_likely_late  # noqa: E402
from luoshi.oversight.services import evaluation_run  # noqa: E402
from luoshi.reports.models import ProgressReport  # noqa: E402

TODAY = date(2024, 10, 31)


def build(n: int) -> None:
    call_command("migrate", verbosity=0, interactive=False)
    unit = Unit.objects.create(name="基准测试单位", level="department")
    Task.objects.bulk_create([
        Task(code=f"B-{i:06d}", title=f"基准任务{i}", lead_unit=unit, start_date=date(2023, 1, 1),
             deadline=TODAY + timedelta(days=(i % 730) - 365), progress_percent=(i * 7) % 100,
             status="in_progress")
        for i in range(n)
    ], batch_size=5000)
    ids = list(Task.objects.values_list("pk", flat=True))
    stamp = timezone.make_aware(datetime(2024, 10, 8, 9))
    ProgressReport.objects.bulk_create([
        ProgressReport(task_id=pk, period_key="2024-09", period_start=date(2024, 9, 1), period_end=date(2024, 9, 30),
                       due_date=date(2024, 10, 12), narrative="进展", percent_done=(pk * 7) % 100,
                       status="accepted", submitted_at=stamp, reviewed_at=stamp)
        for pk in ids[::3]
    ], batch_size=5000)


def timed(label: str, action: object) -> None:
    start = time.perf_counter()
    result = action()  # type: ignore[operator]
    print(f"{label}: {time.perf_counter() - start:.2f} s ({result if isinstance(result, int) else len(result)})")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=20_000)
    n = parser.parse_args().tasks
    build(n)
    print(f"{n} tasks, database {os.environ.get('DATABASE_URL', 'SQLite')}")
    timed("first evaluation run (every light changes, history written)", lambda: evaluation_run())
    timed("second evaluation run (nothing changes)", lambda: evaluation_run())
    timed("likely-late count over all tasks", lambda: tasks_likely_late(tasks=Task.objects.all()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
