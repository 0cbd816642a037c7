"""`luoshi worker`: the task queue's consumer — background jobs and the scheduled tick.

Run one or more next to the web processes (`make run` starts one). ``--once`` instead runs the
jobs already queued in this process and exits (maintenance, or a queue that was lost).
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from luoshi.briefings.jobs import job_run_next, jobs_fail_stale


class Command(BaseCommand):
    help = "Run the task queue's consumer (jobs, scheduled tick); --once runs the queued jobs and exits."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run the queued jobs in this process, then exit")
        parser.add_argument("--workers", type=int, default=None, help="worker threads (default from settings)")

    def handle(self, *args: Any, **options: Any) -> None:
        stale = jobs_fail_stale()
        if stale:
            self.stdout.write(f"marked {stale} abandoned job(s) as failed")
        if options["once"]:
            self.run_available()
            return
        consumer_options: dict[str, Any] = {}
        if options["workers"]:
            consumer_options["workers"] = options["workers"]
        call_command("run_huey", **consumer_options)

    def run_available(self) -> int:
        """Run queued jobs until the queue is empty; returns how many ran."""
        count = 0
        while (job := job_run_next()) is not None:
            count += 1
            self.stdout.write(f"job {job.pk} {job.kind}: {job.status}")
        return count
