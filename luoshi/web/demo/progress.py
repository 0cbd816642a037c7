"""The demo as of its own date, with the progress its documents report.

The seed documents date from 2024. Evaluated on today's date every task would be overdue, so
the demo runs on a business date that fits them (luoshi.core.clock): the last day of the
month after the newest document (the press conference of 2024-09-29/30 gives 2024-10-31).
`make run` needs no configuration: `manage.py demo` writes the date to the business-date
file of the installation, and an explicit LUOSHI_BUSINESS_DATE wins over it.

Progress comes from the documents' own words (docs/mechanisms.md, "The demo's progress"):

- the press conference reports staged progress ("目前已有36项重点任务取得了阶段性进展") and
  then names its results paragraph by paragraph (一是…五是…);
- the work report reviews the past year before its plan and states some work as under way
  ("加快推进", "有序推进"…) that its plan continues.

Each such clause is matched to the task whose title shares a distinctive term with it (a
name such as 诺和诺德 or 京滨城际, not a recurring phrase; `shared_term`) and becomes an
accepted progress report on that task quoting the clause, dated after its document. No task
is named in code: matching reads the ingested text.

The percent of such a report is not in the text, so the demo states its assumption and the
narrative marks it as composed (示例数据): a clause naming a finished result, or work under
way at the plan's start, puts the task on the plan's schedule at the end of the report's
period; a result the press conference names as still under way puts it 15 points behind that.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Min
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
STOP_PHRASES = ("用足用好", "政策措施", "高质量发展", "重点领域", "重点产业", "重点项目", "科学技术", "科技创新",
                "高新技术", "生物医药", "航空航天", "新能源", "新材料", "积极", "加快", "推动", "推进",
                "持续", "着力", "有效", "我们", "新区", "发展", "建设", "实施", "提升", "产业", "服务")
MIN_TERM = 4  # characters of the term a clause and a task must share
MAX_TASKS_SHARING = 2  # a term found in more task titles than this names none of them
MAX_OCCURRENCES = 3  # nor does a term the documents use more often than this
# nor a term that is a kind of work rather than a name (改造工程, 创新示范, 生态修复)
GENERIC_ENDINGS = ("工程", "示范", "修复", "项目", "建设", "改革", "行动")
FINISHED = re.compile(r"获批|批复|落户|落地|注册|设立|成立|发布|推出|\d")
# The work report's review of the past year: work it states as under way, and words of a
# finished result (such a clause reports last year's result, not this year's task begun).
UNDER_WAY = re.compile(r"加快推进|加快实施|加快建设|有序推进|稳步推进|加速推进|加快布局")
DONE_WORDS = re.compile(r"获批|批复|落户|落地|竣工|投产|建成|完工|开园|揭牌|挂牌|开通|入选")
BEHIND_POINTS = 15
SUBMITTED_AFTER_DAYS = 8  # the units report in the week after the press conference
REVIEWED_AFTER_DAYS = 10
MSG_DEMO_DATES = "演示数据：按来源文件发布后的日期记录报送与审核时间"
MSG_REVIEW = "与来源文件所述一致。"
MSG_COMPOSED_PERCENT = "(完成进度按所述时点的时序进度推算,示例数据)"


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


def under_way_clauses(document: Document, before: int) -> list[ResultClause]:
    """The clauses of `document` before offset `before` (its first measure: the part that
    reports the past year) that state work as under way ("加快推进", "有序推进"…) and name no
    finished result, with their offsets."""
    clauses = []
    for match in CLAUSE.finditer(document.text[:before]):
        clause = match.group(0).strip()
        if UNDER_WAY.search(clause) and not DONE_WORDS.search(clause):
            clauses.append(ResultClause(clause, match.start() + match.group(0).find(clause), False))
    return clauses


def _plain(text: str) -> str:
    """`text` with stop phrases, particles and everything but Chinese characters turned into
    "|" (where no shared term may run across)."""
    for phrase in STOP_PHRASES:
        text = text.replace(phrase, "|")
    return re.sub(r"[^\u4e00-\u9fff|]|[的、与及等]", "|", text)


def shared_term(clause: str, title: str, titles: Sequence[str], corpus: str) -> str:
    """The longest run of characters of `clause` (at least MIN_TERM) found in `title`, in at
    most MAX_TASKS_SHARING of `titles` and at most MAX_OCCURRENCES times in `corpus` (the
    documents' text), not ending in a kind of work (GENERIC_ENDINGS): a name (诺和诺德,
    创新积分贷, 京滨城际), not a phrase that recurs (重大项目, 改造工程); "" when there is none."""
    for piece in sorted(filter(None, _plain(clause).split("|")), key=len, reverse=True):
        for size in range(len(piece), MIN_TERM - 1, -1):
            for i in range(len(piece) - size + 1):
                term = piece[i:i + size]
                if (term in title and not term.endswith(GENERIC_ENDINGS)
                        and sum(1 for t in titles if term in t) <= MAX_TASKS_SHARING
                        and corpus.count(term) <= MAX_OCCURRENCES):
                    return term
    return ""


def clause_task_match(clauses: Iterable[ResultClause], tasks: Sequence[Task],
                      corpus: str) -> list[tuple[ResultClause, Task, str]]:
    """Each clause's task, with the term they share: the task whose title shares the longest
    distinctive term with it (shared_term), the earlier task on a tie; each task at most
    once, first clause first."""
    titles = {t.pk: _plain(t.title) for t in tasks}
    every = list(titles.values())
    taken: set[int] = set()
    pairs = []
    for clause in clauses:
        best: tuple[str, Task] | None = None
        for task in tasks:
            if task.pk in taken:
                continue
            term = shared_term(clause.text, titles[task.pk], every, corpus)
            if term and (best is None or len(term) > len(best[0])):
                best = (term, task)
        if best is not None:
            taken.add(best[1].pk)
            pairs.append((clause, best[1], best[0]))
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


def _statements(documents: Sequence[Document]) -> list[tuple[Document, list[ResultClause], bool]]:
    """Where the demo's progress comes from, oldest first: (document, clauses, whether the
    clauses name results). A press conference announcing staged progress gives its named
    results; a plan that reviews the past year before its measures (a work report) gives the
    work it states as under way."""
    sources = []
    for document in sorted((d for d in documents if d.issued_on), key=lambda d: d.issued_on or date.min):
        if document.kind == DocumentKind.PRESS_CONFERENCE and PROGRESS_ANNOUNCEMENT in document.text:
            sources.append((document, result_clauses(document), True))
        elif document.kind == DocumentKind.WORK_REPORT:
            first = Task.objects.filter(source_document=document).aggregate(first=Min("source_start"))["first"]
            if first:
                sources.append((document, under_way_clauses(document, first), False))
    return sources


def demo_progress_load(documents: Sequence[Document], *, user: UserLike) -> ProgressDemoReport:
    """Turn the documents' statements of progress into accepted progress reports quoting them,
    reviewed by `user` (the demo supervisor): the press conference's named results (with the
    percent the module docstring states) and the work report's work under way (no percent:
    the text gives none). Idempotent: a report is keyed by its clause."""
    result = ProgressDemoReport(business_date=business_date())
    corpus = "\n".join(d.text for d in documents)
    for document, clauses, names_results in _statements(documents):
        assert document.issued_on is not None  # _statements keeps dated documents only
        reported_on = document.issued_on
        tasks = Task.objects.exclude(lead_unit__isnull=True).filter(
            status__in=[TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS], deadline__gt=reported_on)
        if names_results:  # the conference's own measures are what its results came from
            tasks = tasks.exclude(source_document=document)
        candidates = list(tasks.select_related("lead_unit").order_by("pk"))
        source = f"据{reported_on:%Y年%-m月%-d日}{document.get_kind_display()}"
        for clause, task, _term in clause_task_match(clauses, candidates, corpus):
            if _demo_report(document, clause, task, source, names_results, user=user):
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


def _demo_report(document: Document, clause: ResultClause, task: Task, source: str, names_results: bool, *,
                 user: UserLike) -> bool:
    """One accepted report quoting `clause` on `task`, submitted and reviewed in the days after
    the document; False when it exists already or its period does not take it."""
    key = f"demo-progress-{document.pk}-{clause.start}"
    if ProgressReport.objects.filter(idempotency_key=key).exists():
        return False
    assert task.lead_unit is not None and document.issued_on is not None  # filtered by the caller
    reported_on = document.issued_on
    period = period_rules.period_containing(reported_on, task.report_frequency)
    # The percent is not in the text: the stated assumption (module docstring), marked as such.
    expected = task_evaluation(task=task, as_of=period.end).result.expected or 0
    behind = BEHIND_POINTS if names_results and not clause.finished else 0
    percent = max(1, expected - behind)
    submitted_on = reported_on + timedelta(days=SUBMITTED_AFTER_DAYS)
    narrative = f"{source}:“{clause.text}”{MSG_COMPOSED_PERCENT}"
    try:
        report = report_create(user=_reporter_for(task.lead_unit), task=task, narrative=narrative,
                               period_key=period.key, percent_done=percent, submit=True,
                               idempotency_key=key, today=submitted_on)
        report_accept(user=user, report=report, comment=MSG_REVIEW, grade=4)
    except DomainError:
        return False  # the period is closed or already reported: the demo keeps what is there
    # The services stamp the wall clock; the demo replays the weeks after the document.
    # Saved (not updated in bulk) so the change is in the report's history and audit log.
    report.refresh_from_db()
    report.submitted_at = _at(submitted_on, 9)
    report.reviewed_at = _at(reported_on + timedelta(days=REVIEWED_AFTER_DAYS), 10)
    with recording(user, MSG_DEMO_DATES):
        report.save(update_fields=["submitted_at", "reviewed_at", "updated_at"])
    return True
