"""What the pages a province opens most cost in Python: the task page, the ledger, the home page,
the battle map.

Renders each page through Django's test client (no web server, no network) as the load
benchmark's people, on the database `bench/load/build_data.py` builds, and prints per page the
median wall time, the median and least CPU time of this process (what the page costs in Python,
whatever the database does meanwhile) and the queries it makes:

    createdb -h 127.0.0.1 -U postgres luoshi_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_load .venv/bin/python bench/load/build_data.py --tasks 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_load .venv/bin/python bench/bench_page_cpu.py

The task page is a city task with children, opened by a supervisor and by the reporter of its
lead unit; the API's task list (signed in by session, which costs what a token does) and the
public search are asked as the load benchmark asks them. Beside each page, the garbage
collector's pauses: their time per request and how many were full collections. `--freeze` first
does what gunicorn.conf.py does in each worker (`gc.freeze()` once the application is loaded), to
compare. Options: --runs N (default 30). The figures go into docs/performance.md ("Province
scale", "Python per page").
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time

import page_setup  # bench/ is the script's folder

page_setup.setup("postgres://postgres@127.0.0.1:5432/luoshi_load")

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from luoshi.ledger.choices import Role  # noqa: E402
from luoshi.ledger.models import Person, Task  # noqa: E402


def client_for(username: str) -> Client:
    """A signed-in client; the public's ("public") is not signed in."""
    client = Client()
    if username != "public":
        client.force_login(get_user_model().objects.get(username=username))
    return client


class CollectorPauses:
    """The garbage collector's pauses while it is installed: total ms and full collections."""

    def __init__(self) -> None:
        self.total_ms, self.full, self._started = 0.0, 0, 0.0
        gc.callbacks.append(self._heard)

    def _heard(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        self.total_ms += (time.perf_counter() - self._started) * 1000
        self.full += info["generation"] == 2

    def reset(self) -> None:
        self.total_ms, self.full = 0.0, 0


PAUSES = CollectorPauses()


def measure(client: Client, url: str, runs: int) -> tuple[float, float, float, int]:
    """Median wall ms, median and least CPU ms of this process (the least is the steadier figure
    on a busy machine), and the queries of one request; the collector's pauses are in PAUSES."""
    for _ in range(3):  # warm the templates, the caches of the process and the session
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured.captured_queries)  # now: the next request clears the log
    walls, cpus = [], []
    PAUSES.reset()
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(url)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus), min(cpus), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--freeze", action="store_true", help="gc.freeze() first, as each gunicorn worker does")
    parser.add_argument("--only", default="", help="only the pages whose name contains this text")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    # The battle map's data as the load benchmark asks it cold: computed on every request.
    settings.LUOSHI = {**settings.LUOSHI, "DASHBOARD_CACHE_SECONDS": 0}
    task = Task.objects.filter(level="city", children__isnull=False).order_by("code").first()
    if task is None:
        sys.exit("No benchmark data: run bench/load/build_data.py on this database first.")
    reporter = (Person.objects.filter(unit_id=task.lead_unit_id, role=Role.REPORTER, user__isnull=False)
                .select_related("user").order_by("user__username").first())
    assert reporter is not None and reporter.user is not None
    detail = f"/ledger/tasks/{task.pk}/"
    pages = [
        ("task page", "load_supervisor_1", detail),
        ("task page", reporter.user.username, detail),
        ("ledger, page 1", "load_supervisor_1", "/ledger/"),
        ("ledger, page 1", reporter.user.username, "/ledger/"),
        ("ledger, page 1", "load_office_city", "/ledger/"),
        ("ledger, page 1", "load_office_national", "/ledger/"),
        ("home page", "load_supervisor_1", "/"),
        ("coverage", "load_supervisor_1", "/briefings/coverage/"),
        ("coverage", "load_office_district", "/briefings/coverage/"),
        ("API task list", "load_supervisor_1", "/api/v1/tasks"),
        ("API task list", reporter.user.username, "/api/v1/tasks"),
        ("public search", "public", "/public/measures/?q=%E8%B7%A8%E5%A2%83%E7%94%B5%E5%95%86"),
        ("battle map data, cold", "load_supervisor_1", "/briefings/dashboard/data.json"),
        ("battle map data, cold", reporter.user.username, "/briefings/dashboard/data.json"),
        ("battle map data, cold", "load_office_district", "/briefings/dashboard/data.json"),
        ("battle map data, cold", "load_office_city", "/briefings/dashboard/data.json"),
        ("battle map data, cold", "load_office_national", "/briefings/dashboard/data.json"),
    ]
    pages = [page for page in pages if args.only in page[0]]
    for _label, username, url in pages:  # load what the pages load before freezing, as a worker has
        client_for(username).get(url)
    if args.freeze:
        gc.freeze()
    print(f"\n{connection.vendor}, {Task.objects.count():,} tasks, {args.runs} runs, "
          f"{'frozen' if args.freeze else 'not frozen'}, {len(gc.get_objects()):,} objects tracked, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print("| page | as | median | CPU (median) | CPU (least) | queries | GC per request | full GCs |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, username, url in pages:
        wall, cpu, least, queries = measure(client_for(username), url, args.runs)
        print(f"| {label} | {username} | {wall:.1f} ms | {cpu:.1f} ms | {least:.1f} ms | {queries} "
              f"| {PAUSES.total_ms / args.runs:.1f} ms | {PAUSES.full} |", flush=True)


if __name__ == "__main__":
    main()
