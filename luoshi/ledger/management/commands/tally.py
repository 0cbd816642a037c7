"""`luoshi tally check|compact|rebuild`: the battle map's standing counts (`luoshi.ledger.tally`).

`check` compares them with the tasks and names every group that differs, and any trigger missing
(exit 1); `compact` folds the change rows; `rebuild` counts every task afresh and reinstalls the
triggers (a repair after a restore that left them out, for instance)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from luoshi.ledger.tally import tally_compact, tally_drift, triggers_install, triggers_missing


class Command(BaseCommand):
    help = "Task tally: `check` compares it with the tasks, `compact` folds its rows, `rebuild` recounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["check", "compact", "rebuild"])

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "rebuild":
            triggers_install()
        elif action == "compact":
            self.stdout.write(f"任务统计已合并 / tally compacted: {tally_compact()} rows")
            return
        # Counts that match today but have no trigger would drift with the next write.
        problems = [f"缺少触发器 / trigger missing: {name}" for name in sorted(triggers_missing())] + tally_drift()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"任务统计与台账不一致 / tally differs from the tasks: {len(problems)} group(s)")
        self.stdout.write(self.style.SUCCESS("任务统计与台账一致 / tally matches the tasks"))
