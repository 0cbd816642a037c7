"""Benchmark of the upload checks of issue 13: what a zip bomb costs before it is refused.

Builds, in memory, a valid .xlsx whose one cell holds 200 MB of the letter A (deflated to about
200 KB) and a .docx whose body declares 200 MB of zeros, then times, each the median of --runs runs,

* check:      luoshi.core.uploads.archive_check on the bomb (reads the zip directory only);
* upload:     luoshi.sheets.pending.check_upload, what the import page and API run first;
* two at once: two threads checking a bomb each, wall time of both;
* normal:     archive_check on an ordinary 5,000-row workbook (the cost every good upload pays);

and the peak Python memory allocated during one check (tracemalloc). With --unguarded it also
opens the workbook bomb the way the import did before the checks (openpyxl, read-only, every
row) in a child process and reports its time and peak memory. No database is needed.

    .venv/bin/python bench/bench_upload_limits.py

Options: --runs N (default 5), --megabytes N (default 200). The figures go into
docs/performance.md, section "Upload limits".
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from openpyxl import Workbook  # noqa: E402

from luoshi.core.errors import DomainError  # noqa: E402
from luoshi.core.tests.zipbombs import SHEET_HEAD, SHEET_TAIL, bomb, docx_skeleton, xlsx_skeleton  # noqa: E402
from luoshi.core.uploads import ArchiveRefused, archive_check  # noqa: E402
from luoshi.sheets.pending import check_upload  # noqa: E402


def _median_ms(action: Callable[[], None], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _refused(data: bytes, check: Callable[[bytes], None] = archive_check) -> None:
    try:
        check(data)
    except (ArchiveRefused, DomainError):
        return
    raise AssertionError("the bomb was not refused")


def _upload_refused(data: bytes) -> None:
    _refused(data, check_upload)


def _two_at_once(data: bytes) -> None:
    threads = [threading.Thread(target=_upload_refused, args=(data,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _normal_workbook(rows: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["指标名称", "统计期", "实际值", "计量单位", "备注"])
    for n in range(rows):
        sheet.append([f"指标{n % 200}", f"2024-{n % 12 + 1:02d}", n * 1.5, "亿元", "按月填报"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _peak_kib(action: Callable[[], None]) -> float:
    tracemalloc.start()
    action()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--unguarded", action="store_true")
    args = parser.parse_args()
    xlsx = bomb(xlsx_skeleton(), part="xl/worksheets/sheet1.xml", megabytes=args.megabytes, fill=b"A",
                head=SHEET_HEAD, tail=SHEET_TAIL)
    docx = bomb(docx_skeleton(), part="word/document.xml", megabytes=args.megabytes)
    normal = _normal_workbook(5000)
    print(f"xlsx bomb: {len(xlsx) / 1024:.0f} KiB declaring {args.megabytes} MB; "
          f"docx bomb: {len(docx) / 1024:.0f} KiB; normal workbook: {len(normal) / 1024:.0f} KiB")
    print(f"check xlsx bomb     {_median_ms(lambda: _refused(xlsx), args.runs):8.2f} ms  "
          f"peak {_peak_kib(lambda: _refused(xlsx)):.0f} KiB")
    print(f"check docx bomb     {_median_ms(lambda: _refused(docx), args.runs):8.2f} ms")
    print(f"upload (page, API)  {_median_ms(lambda: _upload_refused(xlsx), args.runs):8.2f} ms")
    print(f"two bombs at once   {_median_ms(lambda: _two_at_once(xlsx), args.runs):8.2f} ms")
    print(f"normal 5,000 rows   {_median_ms(lambda: archive_check(normal), args.runs):8.2f} ms  "
          f"peak {_peak_kib(lambda: archive_check(normal)):.0f} KiB")
    if args.unguarded:
        _unguarded(xlsx)


def _unguarded(data: bytes) -> None:
    """openpyxl on the bomb without the checks, in a child process so its memory is its own."""
    import multiprocessing

    def run(queue: multiprocessing.Queue[str]) -> None:
        import resource

        from openpyxl import load_workbook

        started = time.perf_counter()
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        for sheet in book.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                pass
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        queue.put(f"unguarded openpyxl  {(time.perf_counter() - started) * 1000:8.0f} ms  peak RSS {peak:.0f} MiB")

    queue: multiprocessing.Queue[str] = multiprocessing.Queue()
    child = multiprocessing.get_context("fork").Process(target=run, args=(queue,))
    child.start()
    child.join()
    print(queue.get() if not queue.empty() else f"unguarded openpyxl: child ended with {child.exitcode}")


if __name__ == "__main__":
    main()
