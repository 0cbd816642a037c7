"""`luoshi demo [--docs FOLDER]`: migrate, load the seed documents as a demo, print the logins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from luoshi.web.demo.loader import DemoError, demo_document_paths, demo_load


class Command(BaseCommand):
    help = "Load the demo: units, one account per role, the documents in DOCS, confirmed into the ledger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--docs", default=None, help="folder of documents (default: $DOCS or ../shared/seeds)")
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["docs"] or settings.LUOSHI["DEMO_DOCS"]).expanduser()
        try:
            demo_document_paths(folder)  # a wrong folder is told before the database is touched
            if not options["no_migrate"]:
                call_command("migrate", interactive=False, verbosity=0)
            report = demo_load(folder, progress=lambda m: self.stdout.write(f"  {m}"))
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"演示数据就绪 / demo ready: {report.documents_created} new documents "
            f"({report.documents_existing} already loaded), {report.tasks_created} new tasks, "
            f"{report.targets_confirmed} targets, {report.batches_confirmed} project batches."
        ))
        self.stdout.write("演示账号 / demo logins (username / password / role):")
        for username, password, role in report.accounts:
            self.stdout.write(f"  {username:<12} {password:<18} {role}")
