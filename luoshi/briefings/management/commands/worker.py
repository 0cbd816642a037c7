"""`luoshi worker`: run background jobs (exports, briefings) until stopped.

Run one or more next to the web processes when settings.LUOSHI["INLINE_JOBS"] is off.
"""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from luoshi.briefings.jobs import job_run_next, jobs_fail_stale


class Command(BaseCommand):
    help = "Run queued background jobs (ledger exports, briefings); --once drains the queue and exits."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--poll", type=float, default=2.0, help="seconds between looks at an empty queue")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        stale = jobs_fail_stale()
        if stale:
            self.stdout.write(f"marked {stale} abandoned job(s) as failed")
        while not self.stopping:
            ran = self.run_available()
            if options["once"]:
                break
            if not ran:
                close_old_connections()
                time.sleep(options["poll"])

    def run_available(self) -> int:
        """Run jobs until the queue is empty or a stop was asked; returns how many ran."""
        count = 0
        while not self.stopping:
            job = job_run_next()
            if job is None:
                break
            count += 1
            self.stdout.write(f"job {job.pk} {job.kind}: {job.status}")
        return count

    def _stop(self, signum: int, frame: Any) -> None:
        self.stopping = True
