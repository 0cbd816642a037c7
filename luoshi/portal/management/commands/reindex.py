"""`luoshi reindex`: rebuild the public search index from the published tasks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from luoshi.portal.services import measures_reindex


class Command(BaseCommand):
    help = "Rebuild the public portal's search index (published measures only)."

    def handle(self, *args: Any, **options: Any) -> None:
        indexed, removed = measures_reindex()
        self.stdout.write(f"indexed {indexed} published measure(s); removed {removed} stale row(s)")
