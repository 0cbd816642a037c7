"""`luoshi tick [--date YYYY-MM-DD]`: send due reminders, escalate, take due snapshots, deliver e-mail.

Run it from cron or a systemd timer (hourly or daily); running it more often sends nothing twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from luoshi.core.management.options import add_as_of_argument, as_of_option
from luoshi.oversight.services import tick_run


class Command(BaseCommand):
    help = "Run the scheduler once: evaluate, remind, escalate, snapshot, deliver e-mail (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_as_of_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today = as_of_option(options)
        report = tick_run(today=today)
        self.stdout.write(
            f"tick {report.today}: lights changed {report.lights_changed}, reminders "
            f"{report.deadline_reminders} deadline / {report.overdue_reminders} overdue / "
            f"{report.report_reminders} report / {report.liaison_reminders} liaison, escalations "
            f"{report.escalations}, snapshot {report.snapshot or '-'}, digests {report.digests}, "
            f"e-mails sent {report.emails_sent}, robot messages sent {report.webhooks_sent}"
        )
        if report.errors:
            for error in report.errors:
                self.stderr.write(f"  failed: {error}")
            raise CommandError("some steps failed; see the log")
