"""Batch work at a province's scale (issue 15, point 4): the evaluation run over every task, the
ledger export of every row, and a month's briefing, each timed with its peak memory.

Run ``bench/load/build_data.py`` first (same DATABASE_URL). Each step runs in a process of its
own, so the peak resident memory printed is that step's alone; the progress each step reports
(the same callback the job page's progress bar reads) is printed as it comes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_load .venv/bin/python bench/load/run_batch.py

Options: ``--only evaluation|export|briefing``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STEPS = ("evaluation", "export", "briefing")


def run_step(step: str) -> None:
    """One step, in this process (the parent starts one process per step)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/luoshi_load")
    import django

    django.setup()
    import build_data  # the builder: its data is built around today

    build_data.refuse_business_date()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from luoshi.briefings.exports.ledger_xlsx import ledger_export_build
    from luoshi.briefings.services import briefing_generate, period_default
    from luoshi.oversight.services import evaluation_run

    if connection.vendor != "postgresql":
        raise SystemExit("The batch benchmark runs on PostgreSQL: set DATABASE_URL.")
    supervisor = get_user_model().objects.get(username="load_supervisor_1")
    last = [-1]

    def progress(percent: int, message: str = "") -> None:
        if percent != last[0]:
            last[0] = percent
            print(f"    {percent:>3}% {message}", flush=True)

    started = time.perf_counter()
    if step == "evaluation":
        changed = evaluation_run(progress=progress)
        outcome = f"{changed:,} lights changed"
    elif step == "export":
        data, count = ledger_export_build(user=supervisor, filters={}, progress=progress)
        outcome = f"{count:,} rows, {len(data) / 1e6:.1f} MB"
    else:
        briefing = briefing_generate(user=supervisor, period=period_default(), scope={}, progress=progress)
        outcome = f"briefing {briefing.pk} ({briefing.period}), {briefing.figures['counts']['total']:,} tasks"
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"RESULT {step}: {elapsed:.1f} s, peak memory {peak_mb:.0f} MB; {outcome}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=STEPS)
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)  # one step, in a child process
    args = parser.parse_args()
    if args.step:
        run_step(args.step)
        return
    for step in [args.only] if args.only else STEPS:
        print(f"== {step}", flush=True)
        subprocess.run([sys.executable, __file__, "--step", step], check=True, timeout=1800)


if __name__ == "__main__":
    main()
