"""A page of the ledger read by joining the visible tasks, and read walking the code's index.

`core.pagination.page_of` reads a list's page one of two ways, as its count decides
(`walk_pays`): joined to the set of tasks its reader sees (`among(…)`), or walking the code
index with that set checked row by row (`among(…, per_row=True)`). This prints, for the load
benchmark's offices and a reporter, with no filter and with two status filters, the list's
count, the median time of a page of 26 rows read each way (the query and the rows built, in
this process), and which way `page_of` reads it:

    createdb -h 127.0.0.1 -U postgres luoshi_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_load .venv/bin/python bench/load/build_data.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_load .venv/bin/python bench/bench_list_walk.py

Options: --runs N (default 15). The figures go into docs/performance.md ("A large share of the
table").
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from typing import Any

import page_setup  # bench/ is the script's folder

page_setup.setup("postgres://postgres@127.0.0.1:5432/luoshi_load")

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402

from luoshi.core.pagination import capped_count, walk_pays  # noqa: E402
from luoshi.ledger.models import Task  # noqa: E402
from luoshi.ledger.selectors.tasks import task_list  # noqa: E402
from luoshi.ledger.views.tasks import PAGE_SIZE, ledger_page_rows  # noqa: E402

READERS = ("load_office_national", "load_office_city", "load_office_district", "load_office_zone")
FILTERS: tuple[dict[str, str], ...] = ({}, {"status": "in_progress"}, {"status": "completed"})


def page_ms(rows: Any, runs: int) -> float:
    """Median ms to read a page of the list (PAGE_SIZE + 1 rows, as page_of reads it)."""
    times = []
    for _ in range(runs + 2):
        started = time.perf_counter()
        list(rows[: PAGE_SIZE + 1])
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[2:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if connection.vendor != "postgresql" or not Task.objects.filter(code__startswith="LOAD-").exists():
        sys.exit("Run bench/load/build_data.py on a PostgreSQL database first (DATABASE_URL).")
    users = get_user_model().objects
    reporter = (users.filter(username__startswith="load_reporter_", person__unit__isnull=False)
                .order_by("username").last())
    readers = [*READERS, *([reporter.username] if reporter else [])]
    print(f"\n{Task.objects.count():,} tasks, {args.runs} runs, a page of {PAGE_SIZE} rows\n")
    print("| reader | filter | count | joined | walked | read |")
    print("| --- | --- | --- | --- | --- | --- |")
    for username in readers:
        user = users.get(username=username)
        for filters in FILTERS:
            listing = task_list(user=user, filters=filters).shaped(ledger_page_rows)
            assert listing.walk is not None
            count, capped = capped_count(listing.rows)
            joined, walked = page_ms(listing.rows, args.runs), page_ms(listing.walk, args.runs)
            chosen = "walked" if walk_pays(count, PAGE_SIZE, Task) else "joined"
            label = ", ".join(f"{k}={v}" for k, v in filters.items()) or "none"
            print(f"| {username} | {label} | {count:,}{'+' if capped else ''} | {joined:.1f} ms | {walked:.1f} ms "
                  f"| {chosen} |", flush=True)


if __name__ == "__main__":
    main()
