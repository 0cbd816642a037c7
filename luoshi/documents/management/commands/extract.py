"""`luoshi extract FILE [--json]`: run the pipeline on a file; nothing is written to the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from luoshi.documents.extraction import ReadError, extract, read_document, to_eval_json


class Command(BaseCommand):
    help = "Extract structure, items and measures from a document; --json prints the evaluation format."

    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--json", action="store_true", help="print items and tasks in the evaluation format")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件“{path}”/ cannot read file: {exc.strerror or exc}") from exc
        try:
            source = read_document(data, path.name, max_bytes=int(settings.LUOSHI["MAX_DOCUMENT_BYTES"]))
        except ReadError as exc:
            raise CommandError(exc.message_zh) from exc
        result = extract(source.text)
        if options["json"]:
            self.stdout.write(json.dumps(to_eval_json(result, path.name), ensure_ascii=False, indent=1))
            return
        meta = result.meta
        self.stdout.write(f"{meta.title or path.name} · {meta.kind} · {meta.issuer or '-'} · {meta.date or '-'}")
        self.stdout.write(
            f"sections {len(result.sections)}, items {len(result.items)}, measures {len(result.measures)}, "
            f"tasks {len(result.tasks)}"
        )
        for item in result.items:
            self.stdout.write(f"  [{item.kind}] {item.indicator} {item.comparator} {item.value:g}{item.unit}"
                              f" ({item.period or '-'}) «{item.quote}»")
        for task in result.tasks:
            units = "、".join(task.lead_units) + (f" / {'、'.join(task.co_units)}" if task.co_units else "")
            due = "持续" if task.ongoing else (task.deadline.isoformat() if task.deadline else "-")
            self.stdout.write(f"  {'#' if task.heading else '-'} {' > '.join(task.category + (task.title,))}"
                              + ("" if task.heading else f" [{units or '-'}] ({due})"))
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"  ! {warning}"))
