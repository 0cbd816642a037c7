"""Benchmark of the coverage view and of a parent's roll-up on PostgreSQL.

Builds, once, the load benchmark's units and tasks (bench/load/build_data.py, set-based SQL:
200 units over four levels, 100,000 tasks national 1 % → city 9 % → district 40 % → zone 50 %, each
refining a task of the level above), then one plan: a document announcing 259 measures in five
parts, with every city task registered from it. Then it times, each as the median of N runs:

- the coverage page (briefings:coverage) through Django's test Client, cold: no cache is involved,
  each request reads the database (stats per level, the page of trees, the plan's counts);
- the coverage page with the gaps of one lead unit (the filter a district office uses);
- a parent's roll-up after a child changed (`task_rollups_refresh` of a zone task's parent: the
  district, city and national tasks above it, recomputed and written);
- reading a national task's rolled-up figures (stored, so one indexed row);
- once, the full roll-up pass of the evaluation run (`rollups_refresh_all`) on every task.

    createdb -h 127.0.0.1 -U postgres luoshi_coverage      # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_coverage .venv/bin/python bench/bench_coverage.py

Options: --runs N (default 21), --tasks N (default 100000; the build scales with it). To build
again, drop and create the database. The figures go into docs/performance.md ("Coverage and roll-up").
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "load"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/luoshi_coverage")

import build_data  # noqa: E402  (sets Django up with the same settings)
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from luoshi.documents.choices import ItemKind  # noqa: E402
from luoshi.documents.models import Document, ExtractedItem  # noqa: E402
from luoshi.ledger.models import Task  # noqa: E402
from luoshi.ledger.services import rollups_refresh_all, task_rollups_refresh  # noqa: E402

PLAN_TEXT = ("提出259项具体落实举措。其中,围绕科技创新提出101项举措,围绕港口航运提出49项举措,围绕金融创新提出25项举措,"
             "围绕改革开放提出33项举措,围绕宜居城市提出51项举措。我市将抓好落实。")


def build(n_tasks: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ledger_unit WHERE name LIKE %s", [build_data.UNIT_PREFIX + "%"])
        present = cursor.fetchone()[0]
    if not present:
        started = time.perf_counter()
        print(f"building {n_tasks:,} tasks over four levels (bench/load/build_data.py)")
        build_data.build_people()
        build_data.build_tasks(n_tasks)
        print(f"built in {time.perf_counter() - started:.0f} s")
    if not Document.objects.filter(title="覆盖基准:市级落实举措").exists():
        document = Document.objects.create(title="覆盖基准:市级落实举措", text=PLAN_TEXT)
        start = PLAN_TEXT.index("259")
        ExtractedItem.objects.create(
            document=document, kind=ItemKind.COUNT, indicator="提出具体落实举措", value=259, unit="项",
            quote="提出259项具体落实举措", start=start, end=start + 3, parts_consistent=True,
            parts={"科技创新": 101, "港口航运": 49, "金融创新": 25, "改革开放": 33, "宜居城市": 51},
            section_path=["我市落实举措"])
        Task.objects.filter(level="city", code__startswith="LOAD-").update(source_document=document)
    build_data.execute("ANALYZE")
    build_data.tune_planner()


def timed(action: Callable[[], Any], runs: int) -> tuple[float, float]:
    action()  # the first run warms Python's own caches (templates, translations), not the database's
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.9) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--tasks", type=int, default=100_000)
    args = parser.parse_args()
    logging.getLogger("luoshi.request").setLevel(logging.WARNING)  # one log line per request would skew the timing
    if connection.vendor != "postgresql":
        print("bench_coverage needs PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    # The pages are rendered without collectstatic: plain static storage, as DEBUG would use.
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    build(args.tasks)

    started = time.perf_counter()
    changed = rollups_refresh_all()
    full_pass = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE rollup_progress IS NOT NULL) FROM ledger_task")
        total, parents = cursor.fetchone()
    print(f"\n{total:,} tasks, {parents:,} with children; full roll-up pass {full_pass:.1f} s ({changed:,} written); "
          f"{args.runs} runs per case; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    supervisor = get_user_model().objects.get(username="load_supervisor_1")
    client = Client()
    client.force_login(supervisor)
    unit_id = (Task.objects.filter(level="national", code__startswith="LOAD-").values_list("lead_unit_id", flat=True)
               .first())
    leaf = Task.objects.filter(level="zone", code__startswith="LOAD-").order_by("pk").values_list(
        "pk", "parent_id").first()
    assert leaf is not None
    national = Task.objects.filter(level="national", code__startswith="LOAD-").order_by("pk").values_list(
        "pk", flat=True).first()

    def page(query: str) -> Callable[[], None]:
        def get() -> None:
            response = client.get("/briefings/coverage/" + query)
            assert response.status_code == 200, response.content[:300]
        return get

    cases: list[tuple[str, Callable[[], Any]]] = [
        ("coverage page, supervisor (opening view)", page("")),
        ("coverage page, gaps of one lead unit", page(f"?root=national&gaps=1&lead_unit={unit_id}")),
        ("coverage page, from the city level", page("?root=city")),
        ("roll-up of a zone task's ancestors (3 levels)", lambda: task_rollups_refresh(task_ids=[leaf[1]])),
        ("read a national task's roll-up", lambda: Task.objects.filter(pk=national).values_list(
            "rollup_progress", "rollup_status", "rollup_light", "descendants_count").get()),
    ]
    print(f"{'case':48} {'median':>10} {'p90':>10}")
    for label, action in cases:
        median, p90 = timed(action, args.runs)
        print(f"{label:48} {median:8.1f}ms {p90:8.1f}ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
