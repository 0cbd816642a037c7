"""`manage.py proposals_remind [--date YYYY-MM-DD]`: reminders and overdue notices for replies and
co-handlers' opinions. Run it from the same timer as `tick`; running it again sends nothing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_date

from luoshi.proposals.services import proposal_reminders_send
from luoshi.reports.services import notifications_deliver


class Command(BaseCommand):
    help = "Remind host and co-handling units of suggestions and proposals due, and chase overdue replies."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default=None, help="run as of this day (YYYY-MM-DD); default today")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            today = parse_date(options["date"])
            if today is None:
                raise CommandError(f"不是有效日期 / not a date: {options['date']}")
        written = proposal_reminders_send(today=today)
        sent = notifications_deliver()
        self.stdout.write(f"proposals: {written} messages written, {sent} e-mails sent")
