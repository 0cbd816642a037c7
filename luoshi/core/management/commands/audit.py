"""`luoshi audit verify`: recompute the audit log's hash chain and compare every audited record
with its last entry; names each problem and exits non-zero when there is one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from luoshi.core.audit import audit_verify
from luoshi.core.models import AuditEntry


class Command(BaseCommand):
    help = "Audit log: `verify` recomputes the hash chain and names every entry or record changed outside the services."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        problems = audit_verify()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"审计记录校验未通过 / audit log does not verify: {len(problems)} problem(s)")
        self.stdout.write(self.style.SUCCESS(
            f"审计记录校验通过 / audit log verifies: {AuditEntry.objects.count()} entries"))
