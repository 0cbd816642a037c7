"""The demo as of its own date, with the progress its documents report.

The seed documents date from 2024. Evaluated on today's date every task would be overdue, so
the demo runs on a business date that fits them (luoshi.core.clock): the last day of the
month after the newest document (the press conference of 2024-09-29/30 gives 2024-10-31).
`make run` needs no configuration: `manage.py demo` writes the date to the business-date
file of the installation, and an explicit LUOSHI_BUSINESS_DATE wins over it.

Progress comes from the documents' own words. The press conference reports staged progress
("目前已有36项重点任务取得了阶段性进展") and then names its results paragraph by paragraph
(一是…五是…). Each clause naming a result is matched, by the words it shares with them, to a
task of the ledger, and becomes an accepted progress report on that task quoting the clause.
No task is named in code: matching reads the ingested text.

The percent of such a report is not in the text, so the demo states its assumption: a clause
naming a finished result (approved, set up, landed, published, or with a figure achieved)
puts the task on the plan's schedule at the press conference (the time-elapsed expectation
then); a clause naming work under way puts it 15 points behind that.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from luoshi.core.clock import business_date, business_date_store
from luoshi.core.errors import DomainError
from luoshi.core.history import recording
from luoshi.core.types import UserLike
from luoshi.documents.choices import DocumentKind
from luoshi.documents.models import Document
from luoshi.ledger.choices import Role, TaskStatus
from luoshi.ledger.models import Person, Task, Unit
from luoshi.oversight.choices import SnapshotKind
from luoshi.oversight.services import evaluation_run, snapshot_take, unit_scores_compute
from luoshi.oversight.services.evaluation import snapshot_monthly_due, task_evaluation
from luoshi.reports import rules as period_rules
from luoshi.reports.models import ProgressReport
from luoshi.reports.services import report_accept, report_create

# The sentence that announces the staged progress, and the paragraphs that name its results.
PROGRESS_ANNOUNCEMENT = "阶段性进展"
RESULT_PARAGRAPH = re.compile(r"^[一二三四五六七八九十]是")
CLAUSE = re.compile(r"[^,;。,;]+")
# Words every clause and task share, which say nothing about which task a result belongs to.
STOP_PHRASES = ("用足用好", "政策措施", "高质量发展", "重点领域", "重点产业", "积极", "加快", "推动", "推进",
                "持续", "着力", "有效", "我们", "新区", "发展", "建设", "实施", "提升", "产业", "服务")
MIN_SHARED = 3  # characters of the longest run a clause and a task title share
FINISHED = re.compile(r"获批|批复|落户|落地|注册|设立|成立|发布|推出|\d")
BEHIND_POINTS = 15
SUBMITTED_AFTER_DAYS = 8  # the units report in the week after the press conference
REVIEWED_AFTER_DAYS = 10
MSG_DEMO_DATES = "演示数据：按新闻发布会后的日期记录报送与审核时间"


@dataclass(frozen=True)
class ResultClause:
    """A clause of the press conference naming a result: its text and where it is."""

    text: str
    start: int
    finished: bool


@dataclass
class ProgressDemoReport:
    """What the demo's progress step did: the business date, the reports made and the
    (clause, task title) pairs it matched, and the period it scored."""

    business_date: date | None = None
    reports: int = 0
    matched: list[tuple[str, str]] = field(default_factory=list)
    scored_period: str = ""


def demo_business_date(documents: Sequence[Document]) -> date | None:
    """The business date that fits `documents`: the last day of the month after the newest
    issue date; None when no document has one."""
    issued = [d.issued_on for d in documents if d.issued_on]
    if not issued:
        return None
    newest = max(issued)
    year, month = (newest.year + 1, 1) if newest.month == 12 else (newest.year, newest.month + 1)
    return date(year, month, calendar.monthrange(year, month)[1])


def demo_business_date_set(documents: Sequence[Document]) -> date | None:
    """Set the installation's business date for the demo (unless one is set explicitly in the
    environment or settings) and return the business date in force."""
    if str(getattr(settings, "LUOSHI_BUSINESS_DATE", "") or "").strip():
        return business_date()
    day = demo_business_date(documents)
    if day is not None:
        business_date_store(day)
    return business_date()


def result_clauses(document: Document) -> list[ResultClause]:
    """The clauses naming results in the paragraphs after the announcement of staged progress,
    with their offsets in the document's text; [] when the document announces none."""
    text = document.text
    anchor = text.find(PROGRESS_ANNOUNCEMENT)
    if anchor < 0:
        return []
    clauses = []
    position = text.find("\n", anchor) + 1
    for line in text[position:].split("\n"):
        if RESULT_PARAGRAPH.match(line):
            for match in CLAUSE.finditer(line):
                clause = match.group(0).strip()
                # the heading ("一是…取得了新成效") and the policy it used ("我们用足用好…") name no result
                if match.start() == 0 or clause.startswith("我们"):
                    continue
                clauses.append(ResultClause(clause, position + match.start(), bool(FINISHED.search(clause))))
        elif line.strip() and clauses:
            break  # the enumeration has ended
        position += len(line) + 1
    return clauses


def _plain(text: str) -> str:
    for phrase in STOP_PHRASES:
        text = text.replace(phrase, "|")
    return re.sub(r"[^\u4e00-\u9fff|]", "|", text)


def _longest_shared(a: str, b: str) -> int:
    """Length of the longest run of Chinese characters `a` and `b` share (stop phrases removed)."""
    best = 0
    for piece in filter(None, _plain(a).split("|")):
        for size in range(len(piece), best, -1):
            if any(piece[i:i + size] in b for i in range(len(piece) - size + 1)):
                best = size
                break
    return best


def clause_task_match(clauses: Iterable[ResultClause], tasks: Sequence[Task]) -> list[tuple[ResultClause, Task]]:
    """Each clause's best task: the one whose title shares the longest run of words with it (at
    least MIN_SHARED characters), each task at most once, first clause first."""
    taken: set[int] = set()
    pairs = []
    plain_titles = {t.pk: _plain(t.title).replace("|", "") for t in tasks}
    for clause in clauses:
        scored = [(_longest_shared(clause.text, plain_titles[t.pk]), -t.pk, t) for t in tasks if t.pk not in taken]
        if not scored:
            break
        shared, _key, task = max(scored, key=lambda s: (s[0], s[1]))
        if shared >= MIN_SHARED:
            taken.add(task.pk)
            pairs.append((clause, task))
    return pairs


def _reporter_for(unit: Unit) -> object:
    """A reporter of `unit`: the demo account when the unit has one, else the unit's own
    reporting account (no password: it exists to author the unit's reports)."""
    person = Person.objects.filter(unit=unit, role=Role.REPORTER, user__isnull=False).select_related("user").first()
    if person is not None:
        return person.user
    user, created = get_user_model().objects.get_or_create(username=f"unit{unit.pk}-reporter")
    if created:
        user.set_unusable_password()
        user.save()
    Person.objects.update_or_create(user=user, defaults={"name": f"{unit.short_name or unit.name}填报员",
                                                         "role": Role.REPORTER, "unit": unit})
    return user


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def demo_progress_load(documents: Sequence[Document], *, user: UserLike) -> ProgressDemoReport:
    """Turn the press conference's named results into accepted progress reports quoting them,
    reviewed by `user` (the demo supervisor). Idempotent: a report is keyed by its clause."""
    result = ProgressDemoReport(business_date=business_date())
    conference = next((d for d in documents if d.kind == DocumentKind.PRESS_CONFERENCE
                       and PROGRESS_ANNOUNCEMENT in d.text), None)
    if conference is None or conference.issued_on is None:
        return result
    reported_on = conference.issued_on
    tasks = list(Task.objects.exclude(source_document=conference).exclude(lead_unit__isnull=True)
                 .filter(status__in=[TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS], deadline__gt=reported_on)
                 .select_related("lead_unit").order_by("pk"))
    for clause, task in clause_task_match(result_clauses(conference), tasks):
        key = f"demo-progress-{conference.pk}-{clause.start}"
        if ProgressReport.objects.filter(idempotency_key=key).exists():
            continue
        assert task.lead_unit is not None  # filtered above
        period = period_rules.period_containing(reported_on, task.report_frequency)
        expected = task_evaluation(task=task, as_of=period.end).result.expected or 0
        percent = max(0, expected - (0 if clause.finished else BEHIND_POINTS))
        submitted_on = reported_on + timedelta(days=SUBMITTED_AFTER_DAYS)
        narrative = f"据{conference.issued_on:%Y年%-m月%-d日}新闻发布会:“{clause.text}”"
        try:
            report = report_create(user=_reporter_for(task.lead_unit), task=task, narrative=narrative,
                                   period_key=period.key, percent_done=percent, submit=True,
                                   idempotency_key=key, today=submitted_on)
            report_accept(user=user, report=report, comment="与新闻发布会通报一致。", grade=4)
        except DomainError:
            continue  # the period is closed or already reported: the demo keeps what is there
        # The services stamp the wall clock; the demo replays the weeks after the press conference.
        # Saved (not updated in bulk) so the change is in the report's history and audit log.
        report.refresh_from_db()
        report.submitted_at = _at(submitted_on, 9)
        report.reviewed_at = _at(reported_on + timedelta(days=REVIEWED_AFTER_DAYS), 10)
        with recording(user, MSG_DEMO_DATES):
            report.save(update_fields=["submitted_at", "reviewed_at", "updated_at"])
        result.reports += 1
        result.matched.append((clause.text, task.title))
    today = business_date()
    if today is not None:
        # Lights, last month's snapshot and this month's scores as of the business date.
        evaluation_run(as_of=today)
        due = snapshot_monthly_due(today)
        if due is not None:
            snapshot_take(key=due[0], kind=SnapshotKind.MONTHLY, as_of=due[1])
        result.scored_period = f"{today:%Y-%m}"
        unit_scores_compute(period_key=result.scored_period, today=today)
    return result
