"""Benchmark of the tally (`luoshi/ledger/tally.py`): what reading it saves, what keeping it costs.

On the load benchmark's data (run `bench/load/build_data.py` first, same DATABASE_URL), each as
the median of N runs, one request at a time:

- the battle map's breakdowns of every task (categories, units, levels, plans, with overdue), read
  from the tally and counted from the tasks (the same call on a filter that keeps every task,
  which the tally cannot answer); the answers are compared and must be equal;
- the home page's five figures of every task, and the coverage page's figures per level of
  every task (headings included), likewise;
- the supervisor's whole battle map, cold (its figures computed, not cached);
- what the triggers cost a writer: a bulk update of the lights of N tasks (the evaluation's
  write), with the triggers and with them disabled, then the compaction that follows. Each
  write runs in a transaction that is rolled back, and the table is vacuumed afterwards, so the
  data stays as it was (dead rows would slow the load benchmark's index-only scans).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_load .venv/bin/python bench/bench_tally.py

Options: --runs N (default 11), --writes N (tasks whose light a bulk update changes; default
50000). The figures go into docs/performance.md ("The tally").
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import page_setup

page_setup.setup("postgres://postgres@127.0.0.1:5432/luoshi_load")

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Case, CharField, Value, When  # noqa: E402

from luoshi.briefings.selectors import DIMENSIONS, _grouped_by, dashboard_json, level_links_of  # noqa: E402
from luoshi.core.clock import business_today  # noqa: E402
from luoshi.ledger.models import Task  # noqa: E402
from luoshi.ledger.selectors import home_counts  # noqa: E402
from luoshi.ledger.selectors.tasks import home_counts_of  # noqa: E402
from luoshi.ledger.tally import TASKS, TRIGGER, tally_compact, tally_level_links  # noqa: E402


class Rollback(Exception):
    """Raised to leave a timed write's transaction without keeping it."""


def median_ms(action: Callable[[], Any], runs: int) -> tuple[float, Any]:
    action()  # warm: connection, caches of the ORM
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def supervisor() -> Any:
    user = get_user_model().objects.filter(person__role="supervisor", person__office__isnull=True).first()
    if user is None:
        raise SystemExit("no installation-wide supervisor: build the load data first (bench/load/build_data.py)")
    return user


def home_counted() -> dict[str, int]:
    """`home_counts` counted from the tasks (the aggregate the home page ran before the tally)."""
    return home_counts_of(Task.objects.counted().with_rollup())


def timed_write(n: int, *, triggers: bool) -> float:
    """Seconds to change the light of `n` tasks in one UPDATE (rolled back afterwards)."""
    ids = list(Task.objects.order_by("pk").values_list("pk", flat=True)[:n])
    flipped = Case(When(light="red", then=Value("green")), default=Value("red"), output_field=CharField())
    elapsed = 0.0
    try:
        with transaction.atomic():
            if not triggers:
                with connection.cursor() as cursor:
                    for event in ("insert", "update", "delete"):
                        cursor.execute(f"ALTER TABLE {TASKS} DISABLE TRIGGER {TRIGGER}_{event}")
            start = time.perf_counter()
            Task.objects.filter(pk__in=ids).update(light=flipped)
            elapsed = time.perf_counter() - start
            raise Rollback
    except Rollback:
        pass
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--writes", type=int, default=50_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("this benchmark measures PostgreSQL (the load data's database)")
    tasks = Task.objects.count()
    today = business_today()
    every = Task.objects.counted()
    print(f"{tasks:,} tasks; {args.runs} runs each, median")

    read_ms, tallied = median_ms(lambda: _grouped_by(every, DIMENSIONS, None, today, overdue_by=DIMENSIONS[0]), args.runs)
    count_ms, counted = median_ms(
        lambda: _grouped_by(every.filter(pk__gt=0), DIMENSIONS, None, today, overdue_by=DIMENSIONS[0]), args.runs)
    same = {k: dict(v) for k, v in tallied.items()} == {k: dict(v) for k, v in counted.items()}
    print(f"breakdowns of every task: tally {read_ms:.1f} ms, counted {count_ms:.1f} ms, equal: {same}")

    user = supervisor()
    read_ms, from_tally = median_ms(lambda: home_counts(user=user), args.runs)
    count_ms, from_tasks = median_ms(home_counted, args.runs)
    print(f"home page figures: tally {read_ms:.1f} ms, counted {count_ms:.1f} ms, equal: {from_tally == from_tasks}")

    read_ms, links_tallied = median_ms(tally_level_links, args.runs)
    count_ms, links_counted = median_ms(lambda: level_links_of(Task.objects.all()), args.runs)
    links_same = links_tallied == links_counted
    print(f"coverage figures per level: tally {read_ms:.1f} ms, counted {count_ms:.1f} ms, equal: {links_same}")

    cold_ms, _body = median_ms(lambda: dashboard_json(user=user, use_cache=False), args.runs)
    print(f"supervisor's battle map, cold: {cold_ms:.1f} ms")

    n = min(args.writes, tasks)
    # Alternated, so that a busy moment of the machine does not fall on one side only.
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(5):
        for triggers in (True, False):
            times[triggers].append(timed_write(n, triggers=triggers))
    with_triggers, without = (statistics.median(times[t]) * 1000 for t in (True, False))
    # The rolled-back updates leave dead rows and pages no longer marked all-visible, which slow
    # the index-only scans of every later measurement: leave the table as it was found.
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {TASKS}")
    print(f"bulk update of {n:,} lights: {with_triggers:.0f} ms with the triggers, {without:.0f} ms without")
    compact_ms, rows = median_ms(tally_compact, 3)
    print(f"compaction: {compact_ms:.1f} ms, {rows:,} rows left")
    if not same or from_tally != from_tasks or not links_same:
        raise SystemExit("the tally and the tasks disagree: run `luoshi tally check`")


if __name__ == "__main__":
    main()
