"""`luoshi ingest PATH…`: read documents and store their extraction drafts for review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from luoshi.core.errors import DomainError
from luoshi.documents.services import document_ingest, document_read_file
from luoshi.ledger.models import Unit
from luoshi.ledger.services import unit_directory


class Command(BaseCommand):
    help = "Ingest documents (.txt, .html, .docx, .pdf; UTF-8 or GBK) as drafts for review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--source-url", default="")
        parser.add_argument("--office", default="",
                            help="the office (name or short name of a unit marked as office) whose plans these are; "
                                 "default: the installation's")

    def handle(self, *args: Any, **options: Any) -> None:
        files = []
        for raw in options["paths"]:
            try:
                files.append(document_read_file(Path(raw)))
            except DomainError as exc:
                raise CommandError(str(exc.message)) from exc
        office = None
        if options["office"]:
            office = Unit.objects.filter(Q(name=options["office"]) | Q(short_name=options["office"]),
                                         is_office=True).first()
            if office is None:
                raise CommandError(f"没有名为“{options['office']}”的督查机构 / no office named {options['office']!r}")
        directory = unit_directory()
        for data, name in files:
            try:
                result = document_ingest(data=data, filename=name, source_url=options["source_url"],
                                         unit_directory=directory, office=office)
            except DomainError as exc:
                raise CommandError(str(exc.message)) from exc
            state = "ingested" if result.created else "already ingested, unchanged"
            self.stdout.write(f"{name}: {state} (document {result.document.pk}, {result.item_count} items, "
                              f"{result.measure_count} draft measures)")
