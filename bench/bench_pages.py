"""Benchmark of deep pages of the ledger: keyset (what the page does) against OFFSET (what it did).

Times `ledger.selectors.task_list` paged by `core.pagination.page_of` for a supervisor, on the
database `bench/bench_search.py` builds (100,000 tasks; run that first): page 1, a page 3,000
pages deep reached by cursor, and, for comparison, the same page by OFFSET with a full COUNT
(Django's Paginator, as before issue 15).

    .venv/bin/python bench/bench_pages.py                                        # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_scale .venv/bin/python bench/bench_pages.py

The figures go into docs/performance.md ("Long lists").
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The same database and settings as bench_search.py, which builds the data, and its timer.
from bench_search import timed  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402

from luoshi.core.pagination import cursor_encode, page_of  # noqa: E402
from luoshi.ledger.models import Task  # noqa: E402
from luoshi.ledger.selectors import task_list  # noqa: E402
from luoshi.ledger.selectors.tasks import TASK_LIST_KEY  # noqa: E402

SIZE = 25


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--depth", type=int, default=3000, help="the deep page's number")
    args = parser.parse_args()
    user, _created = get_user_model().objects.get_or_create(username="bench_pages_admin",
                                                            defaults={"is_superuser": True, "is_staff": True})
    total = Task.objects.count()
    _filterset, rows = task_list(user=user, filters={})
    deep_code = rows.values_list("code", flat=True)[(args.depth - 1) * SIZE - 1]
    cursor = cursor_encode("a", [deep_code])

    def keyset_first() -> None:
        page_of(rows, size=SIZE, key=TASK_LIST_KEY)  # lists its rows

    def keyset_deep() -> None:
        page_of(rows, size=SIZE, number=args.depth, cursor=cursor, key=TASK_LIST_KEY)

    def offset_deep() -> None:
        page = Paginator(rows, SIZE).get_page(args.depth)
        _rows, _count = list(page), page.paginator.count

    print(f"\n{connection.vendor}, {total:,} tasks, load average {os.getloadavg()[0]:.1f}\n")
    print("| page | median | p90 |")
    print("| --- | --- | --- |")
    for label, action in [("page 1 (capped count + 25 rows)", keyset_first),
                          (f"page {args.depth:,} by cursor (keyset)", keyset_deep),
                          (f"page {args.depth:,} by OFFSET + full COUNT (before)", offset_deep)]:
        median, p90 = timed(action, args.runs)
        print(f"| {label} | {median:.1f} ms | {p90:.1f} ms |", flush=True)


if __name__ == "__main__":
    main()
