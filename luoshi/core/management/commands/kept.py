"""`luoshi kept forget`: make every value kept between requests in the shared cache stale
(`luoshi.core.kept`), so that each is read again from the database on its next use. For after a
database restore, or a write made around the application (SQL by hand) to users, people, units,
or the indicator and key-project catalogues (whose figures each server process keeps)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from luoshi.core.kept import EVERYTHING, renew, shared_cache_seconds


class Command(BaseCommand):
    help = "Values kept in the shared cache: `forget` makes them all stale."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["forget"])

    def handle(self, *args: Any, **options: Any) -> None:
        if not shared_cache_seconds():
            self.stdout.write("未配置共享缓存,无需处理 / no shared cache (REDIS_URL unset): nothing is kept")
            return
        renew(EVERYTHING)
        self.stdout.write(self.style.SUCCESS("共享缓存中保存的值均已失效 / every kept value is stale"))
