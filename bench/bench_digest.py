"""Benchmark of the daily digest (issue 12): gathering every person's reminders into one
digest each, and mailing them.

It builds 50 units with 2 reporters each and 2,000 open tasks past their deadline (40 per
unit), writes the overdue reminders (4,000 inbox rows: one per reporter and task), then times

* compose: `digests_compose` (one digest per person: 100 digests listing 40 items each);
* deliver: `notifications_deliver` of the 100 digest e-mails (Django's locmem backend);

each the median of --runs runs (the digests of a run are removed before the next). It runs in a
throwaway database: a temporary SQLite file, or, with DATABASE_URL set, the test database
"test_<name>" on that PostgreSQL server (created and dropped here; the named database is untouched).

    .venv/bin/python bench/bench_digest.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_digest .venv/bin/python bench/bench_digest.py

Options: --runs N (default 5), --units N (default 50), --tasks-per-unit N (default 40).
The figures go into docs/performance.md, section "Daily digest".
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
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
_SCRATCH = tempfile.mkdtemp(prefix="luoshi-bench-")
os.environ.setdefault("LUOSHI_VAR_DIR", _SCRATCH)  # SQLite: never the laptop database under var/

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

TODAY = date(2025, 3, 14)


def seed(n_units: int, per_unit: int) -> None:
    from django.contrib.auth import get_user_model

    from luoshi.ledger.choices import Role, TaskLevel
    from luoshi.ledger.models import Person, Task, Unit

    user_model = get_user_model()
    tasks = []
    for u in range(n_units):
        unit = Unit.objects.create(name=f"测试单位{u}", short_name=f"单位{u}")
        for r in range(2):
            user = user_model.objects.create(username=f"u{u}r{r}", email=f"u{u}r{r}@example.org")
            Person.objects.create(user=user, name=f"填报员{u}-{r}", role=Role.REPORTER, unit=unit)
        tasks += [Task(code=f"T-{u:03d}-{t:03d}", title=f"任务{u}-{t}", level=TaskLevel.DISTRICT, lead_unit=unit,
                       deadline=TODAY - timedelta(days=1 + t)) for t in range(per_unit)]
    Task.objects.bulk_create(tasks, batch_size=500)


def reset_digests() -> None:
    from luoshi.reports.choices import NotificationKind
    from luoshi.reports.models import Notification

    Notification.objects.filter(digest__isnull=False).update(digest=None)
    Notification.objects.filter(kind=NotificationKind.DIGEST).delete()


def timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--tasks-per-unit", type=int, default=40)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    from luoshi.oversight.services.reminders import overdue_reminders_send
    from luoshi.reports.models import Notification
    from luoshi.reports.services import digests_compose, notifications_deliver

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(_SCRATCH) / "bench.sqlite3")  # a file, not :memory:
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        seed(args.units, args.tasks_per_unit)
        reminders = timed(lambda: overdue_reminders_send(today=TODAY))
        items = Notification.objects.count()
        composes, delivers, digests = [], [], 0
        for _ in range(args.runs):
            reset_digests()
            composes.append(timed(lambda: digests_compose(today=TODAY)))
            digests = Notification.objects.filter(kind="digest").count()
            delivers.append(timed(lambda: notifications_deliver(limit=10_000)))
    finally:
        connection.creation.destroy_test_db(test_name, verbosity=0)
        shutil.rmtree(_SCRATCH, ignore_errors=True)

    database = f"{connection.vendor} {'(' + test_name + ')' if connection.vendor != 'sqlite' else '(temporary file)'}"
    print(f"database:  {database}")
    print(f"data:      {args.units} units, {args.units * 2} reporters, {args.units * args.tasks_per_unit} overdue tasks,"
          f" {items} reminders (written in {reminders:.2f} s)")
    print(f"compose:   median {statistics.median(composes):.3f} s over {args.runs} runs "
          f"(runs {min(composes):.3f}–{max(composes):.3f}); {digests} digests")
    print(f"deliver:   median {statistics.median(delivers):.3f} s for {digests} e-mails")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
