"""Benchmark of the battle map's data endpoint (briefings:dashboard_data) on PostgreSQL.

Builds, once, 100,000 tasks across 60 units, 20 categories, 4 levels and 10 task forces, with
deadlines a year either side of today and the last twelve months' evaluation snapshots
(12 × 100,000 TaskSnapshot rows, written with bulk_create),
then times the endpoint through Django's test Client: with the cache cleared before every
request (cold: what the first leader of the minute waits for) and with the cache warm.

    createdb -h 127.0.0.1 -U postgres luoshi_bench      # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench .venv/bin/python bench/bench_dashboard.py

Options: --runs N (default 21), --tasks N (default 100000). To build again, drop and create the
database (deleting 100,000 tasks through the ORM writes their history one row at a time).
The figures go into docs/performance.md ("Dashboard").
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/luoshi_bench")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from luoshi.ledger.choices import Role, TaskLevel, TaskStatus, TrafficLight, UnitLevel  # noqa: E402
from luoshi.ledger.models import Person, Task, TaskForce, TaskForceTask, Unit  # noqa: E402

PREFIX = "BENCH-"
CATEGORIES = ["科技创新", "港口航运", "金融创新", "改革开放", "宜居城市", "产业升级", "绿色低碳", "数字经济", "民生保障",
              "营商环境", "京津冀协同", "乡村振兴", "教育体育", "医疗卫生", "文化旅游", "城市更新", "交通枢纽", "安全生产",
              "对外开放", "人才引育"]
LEVELS = [TaskLevel.NATIONAL] * 3 + [TaskLevel.CITY] * 12 + [TaskLevel.DISTRICT] * 55 + [TaskLevel.ZONE] * 30
BATCH = 5000
MONTHS = 12
TODAY = date.today()


def snapshot_months() -> list[date]:
    """The last day of each of the twelve months before this one, oldest first."""
    months, day = [], TODAY.replace(day=1) - timedelta(days=1)
    for _ in range(MONTHS):
        months.append(day)
        day = day.replace(day=1) - timedelta(days=1)
    return months[::-1]


def build(n_tasks: int) -> None:
    """Units, people, task forces, tasks, 12 monthly snapshots and last month's unit scores;
    skipped when already there."""
    if Task.objects.filter(code__startswith=PREFIX).count() >= n_tasks:
        print(f"data present: {n_tasks} tasks")
        build_scores()
        return
    rng = random.Random(6)
    started = time.perf_counter()
    with transaction.atomic():
        units = [Unit.objects.get_or_create(name=f"基准测试单位{i:02d}", defaults={
            "short_name": f"测试单位{i:02d}", "level": UnitLevel.DEPARTMENT})[0] for i in range(60)]
        User = get_user_model()
        supervisor, _ = User.objects.get_or_create(username="bench_supervisor")
        Person.objects.update_or_create(user=supervisor, defaults={"name": "基准督查员", "role": Role.SUPERVISOR})
        reporter, _ = User.objects.get_or_create(username="bench_reporter")
        Person.objects.update_or_create(user=reporter, defaults={"name": "基准填报员", "role": Role.REPORTER,
                                                                 "unit": units[0]})
        leader = Person.objects.get(user=supervisor)
        forces = [TaskForce.objects.get_or_create(name=f"基准专班{i}", defaults={"leader": leader})[0]
                  for i in range(10)]
    tasks: list[Task] = []
    statuses = [TaskStatus.NOT_STARTED] * 15 + [TaskStatus.IN_PROGRESS] * 60 + [TaskStatus.COMPLETED] * 22 + [
        TaskStatus.SUSPENDED] * 3
    for i in range(n_tasks):
        status = rng.choice(statuses)
        progress = 100 if status == TaskStatus.COMPLETED else (0 if status == TaskStatus.NOT_STARTED
                                                                else rng.randint(5, 95))
        light = TrafficLight.DONE if status == TaskStatus.COMPLETED else rng.choice(
            [TrafficLight.GREEN] * 6 + [TrafficLight.YELLOW] * 2 + [TrafficLight.RED] + [TrafficLight.NONE])
        tasks.append(Task(
            code=f"{PREFIX}{i:06d}", title=f"基准任务{i}:推进{rng.choice(CATEGORIES)}重点工作",
            level=rng.choice(LEVELS), category=rng.choice(CATEGORIES), lead_unit=rng.choice(units + [None]),
            status=status, light=light, progress_percent=progress,
            deadline=TODAY + timedelta(days=rng.randint(-365, 365)),
        ))
    Task.objects.bulk_create(tasks, batch_size=BATCH)
    ids = list(Task.objects.filter(code__startswith=PREFIX).values_list("pk", flat=True))
    TaskForceTask.objects.bulk_create(
        [TaskForceTask(task_force=rng.choice(forces), task_id=pk) for pk in ids if rng.random() < 0.3],
        batch_size=BATCH)
    print(f"{len(ids)} tasks in {time.perf_counter() - started:.0f} s")
    build_snapshots(ids, rng)
    build_scores()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"built in {time.perf_counter() - started:.0f} s")


def build_snapshots(ids: list[int], rng: random.Random) -> None:
    from luoshi.oversight.models import EvaluationSnapshot, TaskSnapshot

    rows = dict(Task.objects.filter(pk__in=ids).values_list("pk", "lead_unit_id"))
    progress = dict.fromkeys(ids, 0)
    for as_of in snapshot_months():
        started = time.perf_counter()
        key = f"{as_of:%Y-%m}"
        snapshot = EvaluationSnapshot.objects.create(key=key, kind="monthly", as_of=as_of)
        counts = {light: 0 for light in TrafficLight.values}
        staged = overdue = 0
        batch = []
        for pk in ids:
            before = progress[pk]
            after = min(100, before + (rng.randint(0, 20) if rng.random() < 0.5 else 0))
            progress[pk] = after
            status = TaskStatus.COMPLETED if after == 100 else (
                TaskStatus.IN_PROGRESS if after else TaskStatus.NOT_STARTED)
            light = TrafficLight.DONE if after == 100 else rng.choice(
                [TrafficLight.GREEN] * 6 + [TrafficLight.YELLOW] * 2 + [TrafficLight.RED] + [TrafficLight.NONE])
            late = light == TrafficLight.RED and rng.random() < 0.5
            counts[light] += 1
            staged += after > before
            overdue += late
            batch.append(TaskSnapshot(snapshot=snapshot, task_id=pk, lead_unit_id=rows[pk], light=light,
                                      status=status, progress_percent=after, overdue=late,
                                      staged_progress=after > before))
            if len(batch) >= 20000:
                TaskSnapshot.objects.bulk_create(batch)
                batch = []
        TaskSnapshot.objects.bulk_create(batch)
        EvaluationSnapshot.objects.filter(pk=snapshot.pk).update(
            task_count=len(ids), green=counts["green"], yellow=counts["yellow"], red=counts["red"],
            done=counts["done"], unevaluated=counts["none"], staged_progress=staged, overdue=overdue)
        print(f"  snapshot {key}: {len(ids)} rows in {time.perf_counter() - started:.0f} s")


def build_scores() -> None:
    """Last month's assessment (UnitScore), as the monthly assessment stores it: the map ranks units by it."""
    from luoshi.oversight.models import UnitScore

    key = f"{snapshot_months()[-1]:%Y-%m}"
    if UnitScore.objects.filter(period_key=key).exists():
        return
    rng = random.Random(key)
    units = list(Unit.objects.filter(name__startswith="基准测试单位"))
    scores = sorted(((round(rng.uniform(60, 98), 1), unit) for unit in units), key=lambda s: -s[0])
    UnitScore.objects.bulk_create([
        UnitScore(period_key=key, unit=unit, total=total, rank=rank, task_count=0)
        for rank, (total, unit) in enumerate(scores, start=1)])


def time_endpoint(client: Client, query: str, runs: int, *, warm: bool) -> tuple[float, float, int]:
    """Median and 90th percentile in ms, and the queries of one cold request."""
    url = "/briefings/dashboard/data.json" + (f"?{query}" if query else "")
    captured: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        captured.append(sql)
        return execute(sql, params, many, context)

    cache.clear()
    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    times = []
    for _ in range(runs):
        if not warm:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], len(captured)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--tasks", type=int, default=100_000)
    args = parser.parse_args()
    logging.getLogger("luoshi.request").setLevel(logging.WARNING)  # one log line per request would skew the timing
    if connection.vendor != "postgresql":
        print("bench_dashboard needs PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    build(args.tasks)
    unit = Unit.objects.get(name="基准测试单位07")
    force = TaskForce.objects.get(name="基准专班3")
    cases = [
        ("supervisor, no filter (the opening view)", "bench_supervisor", ""),
        ("supervisor, last month (its snapshot)", "bench_supervisor", f"period={snapshot_months()[-1]:%Y-%m}"),
        ("supervisor, level + unit", "bench_supervisor", f"level=district&unit={unit.pk}"),
        ("supervisor, task force", "bench_supervisor", f"task_force={force.pk}"),
        ("reporter (one unit's tasks)", "bench_reporter", ""),
    ]
    print(f"\n{Task.objects.count()} tasks, {MONTHS} monthly snapshots; {args.runs} requests per case; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'case':42} {'cold median':>12} {'cold p90':>9} {'warm median':>12} {'queries':>8}")
    client = Client()
    for label, username, query in cases:
        client.force_login(get_user_model().objects.get(username=username))
        cold, p90, queries = time_endpoint(client, query, args.runs, warm=False)
        warm, _p90, _q = time_endpoint(client, query, args.runs, warm=True)
        print(f"{label:42} {cold:10.1f}ms {p90:7.1f}ms {warm:10.1f}ms {queries:8d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
