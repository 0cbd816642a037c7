"""Benchmark of suggestions and proposals: a province's year on PostgreSQL.

Builds, once, one session with 10,000 items across 500 units (one or two hosts each, a third
with a co-handler; four in five answered with an accepted A/B/C reply, half of those evaluated,
a commitment and its ledger task for each B reply), written with bulk_create. Then it times:

* the figures selector (`selectors.session_figures`: totals, per unit, per category), the
  dashboard panel and the assessment selector for all 500 units — each call is cold (nothing
  is cached between calls; the selectors cache nothing);
* importing a 5,000-row list (parse, validate every row, commit all or nothing with history
  rows, hosts and co-handlers assigned) into a new session per run.

    createdb -h 127.0.0.1 -U postgres luoshi_proposals_bench      # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_proposals_bench .venv/bin/python bench/bench_proposals.py

Options: --runs N (default 21) for the selectors, --import-runs N (default 3), --rows N (default
5000). The figures go into docs/performance.md ("Suggestions and proposals").
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/luoshi_proposals_bench")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from luoshi.ledger.choices import Role, TaskStatus, UnitLevel  # noqa: E402
from luoshi.ledger.models import Person, Task, Unit  # noqa: E402
from luoshi.proposals import selectors  # noqa: E402
from luoshi.proposals.choices import AssignmentRole, Body, ProposalStatus, ProposerKind, ReplyStatus  # noqa: E402
from luoshi.proposals.imports import proposals_import  # noqa: E402
from luoshi.proposals.models import Assignment, Commitment, Proposal, Proposer, Reply, Session  # noqa: E402

SESSION = "BENCH 某省第十四届人民代表大会第二次会议"
UNIT_PREFIX = "BENCH-P-单位"
ITEMS = 10_000
UNITS = 500
CATEGORIES = ["科技创新", "民生保障", "城市建设", "生态环境", "产业发展", "教育", "医疗卫生", "交通运输", "乡村振兴",
              "营商环境", "文化旅游", "社会治理"]
ASSIGNED_ON = date(2024, 2, 1)
DUE = date(2024, 5, 6)
BATCH = 2000


def build() -> Session:
    """The session with its items, made once; later runs reuse it."""
    session = Session.objects.filter(name=SESSION).first()
    if session is not None:
        return session
    random.seed(14)
    started = time.perf_counter()
    with transaction.atomic():
        session = Session.objects.create(body=Body.CONGRESS, name=SESSION, opened_on=date(2024, 1, 20), year=2024)
        Unit.objects.bulk_create([Unit(name=f"{UNIT_PREFIX}{n:04d}", level=UnitLevel.DEPARTMENT) for n in range(UNITS)],
                                 batch_size=BATCH)
        units = list(Unit.objects.filter(name__startswith=UNIT_PREFIX).values_list("pk", flat=True))
        Proposer.objects.bulk_create([Proposer(name=f"代表{n:04d}", kind=ProposerKind.DEPUTY, group=f"第{n % 16}代表团")
                                      for n in range(2000)], batch_size=BATCH)
        proposers = list(Proposer.objects.filter(name__startswith="代表").values_list("pk", flat=True))
        items = []
        for number in range(1, ITEMS + 1):
            answered = random.random() < 0.8
            evaluated = answered and random.random() < 0.5
            items.append(Proposal(
                session=session, kind="suggestion", number=number, title=f"关于第{number}项工作的建议",
                lead_proposer_id=random.choice(proposers), category=random.choice(CATEGORIES),
                status=(ProposalStatus.CLOSED if evaluated else ProposalStatus.ANSWERED if answered
                        else ProposalStatus.ASSIGNED),
                assigned_on=ASSIGNED_ON, reply_due=DUE, opinion_due=date(2024, 3, 1),
                satisfaction=random.choice(["satisfied", "satisfied", "basically", "unsatisfied"]) if evaluated else ""))
        Proposal.objects.bulk_create(items, batch_size=BATCH)
        rows = list(Proposal.objects.filter(session=session).values_list("pk", "status"))
        assignments, replies = [], []
        for pk, status in rows:
            hosts = random.sample(units, 2 if random.random() < 0.1 else 1)
            for unit in hosts:
                assignments.append(Assignment(proposal_id=pk, unit_id=unit, role=AssignmentRole.HOST,
                                              assigned_on=ASSIGNED_ON))
                if status != ProposalStatus.ASSIGNED:
                    day = DUE + timedelta(days=random.randint(-60, 10))
                    replies.append(Reply(proposal_id=pk, unit_id=unit, text="答复内容", status=ReplyStatus.ACCEPTED,
                                         classification=random.choice("AAABBC"), due_date=DUE, submitted_on=day))
            if random.random() < 0.33:
                co = random.choice([u for u in units if u not in hosts])
                assignments.append(Assignment(proposal_id=pk, unit_id=co, role=AssignmentRole.CO,
                                              assigned_on=ASSIGNED_ON))
        Assignment.objects.bulk_create(assignments, batch_size=BATCH)
        Reply.objects.bulk_create(replies, batch_size=BATCH)
        b_replies = list(Reply.objects.filter(proposal__session=session, classification="B")
                         .values_list("pk", "unit_id"))
        tasks = [Task(code=f"BENCH-P-{n:05d}", title="B类承诺事项", lead_unit_id=unit, deadline=date(2024, 12, 31),
                      status=random.choice([TaskStatus.COMPLETED, TaskStatus.IN_PROGRESS]))
                 for n, (_pk, unit) in enumerate(b_replies)]
        Task.objects.bulk_create(tasks, batch_size=BATCH)
        task_ids = list(Task.objects.filter(code__startswith="BENCH-P-").order_by("code").values_list("pk", flat=True))
        Commitment.objects.bulk_create([Commitment(reply_id=pk, text="B类承诺事项", due_on=date(2024, 12, 31),
                                                   task_id=task) for (pk, _u), task in zip(b_replies, task_ids, strict=True)],
                                       batch_size=BATCH)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"built {ITEMS} items, {len(assignments)} assignments, {len(replies)} replies, {len(b_replies)} commitments "
          f"in {time.perf_counter() - started:.1f} s")
    return session


def timed(runs: int, call: Any) -> tuple[list[float], int]:
    """Milliseconds of each run, and the queries of the last one."""
    samples = []
    queries = 0
    for _ in range(runs):
        reset_queries()
        connection.force_debug_cursor = True
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
        queries = len(connection.queries)
        connection.force_debug_cursor = False
    return samples, queries


def workbook(rows: int) -> bytes:
    units = list(Unit.objects.filter(name__startswith=UNIT_PREFIX).values_list("name", flat=True))
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["某省第十四届人民代表大会第二次会议代表建议交办清单"])
    sheet.append(["编号", "标题", "领衔人", "代表团", "附议人", "内容分类", "重点", "主办单位", "会办单位"])
    random.seed(5)
    for number in range(1, rows + 1):
        host, co = random.sample(units, 2)
        sheet.append([f"第{number:04d}号", f"关于第{number}项民生实事的建议", f"代表{number % 2000:04d}",
                      f"第{number % 16}代表团", f"代表{(number + 7) % 2000:04d}、代表{(number + 11) % 2000:04d}",
                      random.choice(CATEGORIES), "是" if number % 50 == 0 else "", host,
                      co if number % 3 == 0 else ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def supervisor() -> Any:
    user, created = get_user_model().objects.get_or_create(username="bench-proposals-supervisor")
    if created:
        Person.objects.create(user=user, name="基准督查员", role=Role.SUPERVISOR)
    return user


def show(label: str, samples: list[float], queries: int | str) -> None:
    ordered = sorted(samples)
    p90 = ordered[max(0, int(round(0.9 * len(ordered))) - 1)]
    print(f"| {label} | **{statistics.median(samples):.0f} ms** | {p90:.0f} ms | {queries} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--import-runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0)
    cleanup()  # what an interrupted run left
    session = build()
    unit_ids = list(Unit.objects.filter(name__startswith=UNIT_PREFIX).values_list("pk", flat=True))
    today = date(2024, 7, 1)
    print(f"database: {connection.vendor}; {Proposal.objects.filter(session=session).count()} items, "
          f"{len(unit_ids)} units")
    print("| call | median | p90 | queries |\n| --- | --- | --- | --- |")
    show("figures (session_figures: total, per unit, per category)",
         *timed(args.runs, lambda: selectors.session_figures(session=session, today=today)))
    show("dashboard panel (proposal_panel)", *timed(args.runs, lambda: selectors.proposal_panel(session, today)))
    show("assessment (proposal_figures_for_units, 500 units)",
         *timed(args.runs, lambda: selectors.proposal_figures_for_units(session, unit_ids, today)))
    data = workbook(args.rows)
    user = supervisor()
    try:
        import_times(args, data, user)
    finally:
        cleanup()
    print(f"command: DATABASE_URL={os.environ['DATABASE_URL'].rsplit('@', 1)[-1]} "
          f"bench/bench_proposals.py --runs {args.runs} --import-runs {args.import_runs} --rows {args.rows}")


IMPORTED = "BENCH 导入 "
PREVIEWED = "BENCH 预览 "


def cleanup() -> None:
    """Remove the sessions the imports made, so that every run measures the same database: left
    in place, each run added 15,000 items in other sessions and left the planner's statistics
    stale (it then scanned every item for one session's figures)."""
    with transaction.atomic():
        sessions = Session.objects.filter(name__startswith=IMPORTED) | Session.objects.filter(
            name__startswith=PREVIEWED)
        items = Proposal.objects.filter(session__in=sessions)
        Assignment.objects.filter(proposal__in=items).delete()
        Proposal.co_signers.through.objects.filter(proposal__in=items).delete()
        items.delete()
        sessions.delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def import_times(args: argparse.Namespace, data: bytes, user: Any) -> None:
    seconds = []
    for run in range(args.import_runs):
        target = Session.objects.create(body=Body.CONGRESS, name=f"{IMPORTED}{time.time_ns()}-{run}",
                                        opened_on=date(2024, 1, 20), year=2024)
        started = time.perf_counter()
        preview = proposals_import(user=user, session=target, data=data, filename="list.xlsx", commit=True,
                                   today=date(2024, 2, 1))
        seconds.append(time.perf_counter() - started)
        assert preview.applied and len(preview.rows) == args.rows, preview.problems[:3]
    started = time.perf_counter()
    proposals_import(user=user, session=Session.objects.create(
        body=Body.CONGRESS, name=f"{PREVIEWED}{time.time_ns()}", opened_on=date(2024, 1, 20), year=2024),
        data=data, commit=False)
    preview_seconds = time.perf_counter() - started
    print(f"\nimport of {args.rows} rows (commit): median {statistics.median(seconds):.2f} s "
          f"(runs {', '.join(f'{s:.2f}' for s in seconds)}); preview only {preview_seconds:.2f} s")


if __name__ == "__main__":
    main()
