"""`manage.py proposals_remind [--date YYYY-MM-DD]`: reminders and overdue notices for replies and
co-handlers' opinions. Run it from the same timer as `tick`; running it again sends nothing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from luoshi.core.management.options import add_as_of_argument, as_of_option
from luoshi.proposals.services import proposal_reminders_send
from luoshi.reports.services import notifications_deliver


class Command(BaseCommand):
    help = "Remind host and co-handling units of suggestions and proposals due, and chase overdue replies."

    def add_arguments(self, parser: CommandParser) -> None:
        add_as_of_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today = as_of_option(options)
        written = proposal_reminders_send(today=today)
        sent = notifications_deliver()
        self.stdout.write(f"proposals: {written} messages written, {sent} e-mails sent")
