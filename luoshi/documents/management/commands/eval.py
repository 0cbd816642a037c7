"""`luoshi eval`: score the pipeline against the gold annotations with the shared scorers.

Two tables: the quantified items on the seed documents (``shared/eval``), and the task lists on
the development plans (``shared/eval/tasks``). ``shared/`` sits beside the repository.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from luoshi.documents.extraction import ReadError, extract, read_document, to_eval_json

SHARED = Path(settings.BASE_DIR).parent / "shared"


class Command(BaseCommand):
    help = "Run extraction over the gold documents and print the scorers' tables (items, then tasks)."

    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--gold", default=str(SHARED / "eval" / "gold"))
        parser.add_argument("--docs", default=str(SHARED / "seeds"))
        parser.add_argument("--scorer", default=str(SHARED / "eval" / "score.py"))
        parser.add_argument("--tasks-gold", default=str(SHARED / "eval" / "tasks" / "gold"))
        parser.add_argument("--tasks-docs", default=str(SHARED / "eval" / "tasks" / "docs"))
        parser.add_argument("--tasks-scorer", default=str(SHARED / "eval" / "tasks" / "score_tasks.py"))
        parser.add_argument("--show-misses", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        items_command = ["--show-misses", str(options["show_misses"])] if options["show_misses"] else []
        self.stdout.write("== items ==")
        self._score(Path(options["gold"]), Path(options["docs"]), Path(options["scorer"]), items_command)
        self.stdout.write("== tasks ==")
        self._score(Path(options["tasks_gold"]), Path(options["tasks_docs"]), Path(options["tasks_scorer"]), [])

    def _score(self, gold: Path, docs: Path, scorer: Path, extra: list[str]) -> None:
        for what, path in (("gold folder", gold), ("documents folder", docs), ("scorer", scorer)):
            if not path.exists():
                raise CommandError(f"找不到{what} / {what} not found: {path}")
        with tempfile.TemporaryDirectory() as pred_dir:
            for gold_file in sorted(gold.glob("*.json")):
                doc_name = json.loads(gold_file.read_text(encoding="utf-8"))["doc"]
                try:
                    source = read_document((docs / doc_name).read_bytes(), doc_name)
                except (OSError, ReadError) as exc:
                    raise CommandError(f"无法读取文档“{doc_name}”/ cannot read document: {exc}") from exc
                prediction = to_eval_json(extract(source.text), doc_name)
                (Path(pred_dir) / gold_file.name).write_text(json.dumps(prediction, ensure_ascii=False), "utf-8")
            command = [sys.executable, str(scorer), "--gold", str(gold), "--pred", pred_dir, "--docs", str(docs)]
            completed = subprocess.run(command + extra, capture_output=True, text=True, check=False)
        self.stdout.write(completed.stdout)
        if completed.returncode != 0:
            raise CommandError(completed.stderr.strip() or "scorer failed")
