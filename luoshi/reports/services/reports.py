"""Writes of progress reports: draft, submit, accept, return, resubmit, and their evidence.

Every function is keyword-only, runs in one transaction, checks permission through
ledger.permissions, and validates everything (period, content, every file) before it
writes anything, so a refusal leaves the database and the evidence folder as they were.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO, Protocol, cast

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.clock import business_today
from luoshi.core.errors import Conflict, DomainError, NotFound
from luoshi.core.history import records_history
from luoshi.core.periods import Period, frequency_of, reportable_periods
from luoshi.ledger.models import Task
from luoshi.ledger.permissions import Action, require, task_get_visible, unit_id_of
from luoshi.ledger.services import task_progress_record
from luoshi.reports import rules
from luoshi.reports.choices import LIVE_REPORT_STATUSES, NotificationKind, ReportStatus
from luoshi.reports.constants import setting
from luoshi.reports.files import MSG_TOO_MANY, CheckedFile, evidence_check, evidence_store
from luoshi.reports.models import Evidence, Milestone, ProgressReport
from luoshi.reports.services.notifications import notify
from luoshi.reports.services.periods import period_info, period_parse

MSG_PERIOD_CLOSED = _("填报期 %(key)s 已关闭,不能再填报。如确需补报,请联系督查人员重新开放。")
MSG_PERIOD_FUTURE = _("填报期 %(key)s 尚未开始,不能提前填报。")
MSG_WRONG_FREQUENCY = _("该任务按“%(frequency)s”填报,填报期 %(key)s 与之不符。")
MSG_ALREADY_REPORTED = _("该任务 %(key)s 已有进展报告(草稿、待审或已采纳),请在原报告上操作。")
MSG_KEY_REUSED = _("该防重复提交标识已用于另一份报告,请刷新页面后重新提交。")
MSG_NOT_DRAFT = _("只有草稿可以修改或提交。")
MSG_NOT_SUBMITTED = _("该报告已被审核(当前状态:%(status)s),不能重复审核。")
MSG_NOT_RETURNED = _("只有被退回的报告可以重报。")
MSG_ALREADY_RESUBMITTED = _("该报告已经重报过,请在新版本上操作。")
MSG_RETURN_NEEDS_COMMENT = _("退回报告时须填写退回意见。")
MSG_NEEDS_PROGRESS = _("请填写完成进度,或勾选本期完成的里程碑。")
MSG_PERCENT_RANGE = _("完成进度须在 0 到 100 之间。")
MSG_MEASURED_NOT_NUMBER = _("目标实测值必须是数字。")
MSG_MILESTONE_NOT_OF_TASK = _("所选里程碑不属于该任务或已确认完成。")
MSG_EVIDENCE_LOCKED = _("报告提交后证明材料不能再增删;如需更正,请待退回后重报。")
MSG_REASON_ACCEPTED = _("采纳进展报告 %(key)s(第%(revision)s版)")


class Upload(Protocol):
    """What a file upload offers (Django's UploadedFile does)."""

    @property
    def name(self) -> str | None: ...

    @property
    def size(self) -> int | None: ...

    def read(self, size: int = ...) -> bytes: ...

    def seek(self, offset: int, whence: int = ...) -> int: ...


def _stream(upload: Upload) -> BinaryIO:
    return cast(BinaryIO, getattr(upload, "file", upload))  # UploadedFile wraps a file


# --- validation helpers -----------------------------------------------------------------------

def report_default_period(*, task: Task, today: date | None = None) -> Period:
    """The period a new report for `task` is most likely for: the previous period when its report
    is still missing and it still takes reports, else the current one."""
    today = today or business_today()
    previous, current = reportable_periods(today, task.report_frequency)
    if period_info(previous, today).state in (rules.OPEN, rules.LATE) and not ProgressReport.objects.filter(
        task=task, period_key=previous.key, status__in=LIVE_REPORT_STATUSES
    ).exists():
        return previous
    return current


def _open_period(task: Task, period_key: str | None, today: date) -> Period:
    """The period a new report is for, refused when it does not match the task's frequency,
    has not started, or is closed."""
    period = period_parse(period_key) if period_key else report_default_period(task=task, today=today)
    if period.frequency != frequency_of(task.report_frequency):
        raise DomainError(MSG_WRONG_FREQUENCY % {"frequency": task.get_report_frequency_display(), "key": period.key},
                          field="period_key", code="wrong_frequency")
    state = period_info(period, today).state
    if state == rules.FUTURE:
        raise DomainError(MSG_PERIOD_FUTURE % {"key": period.key}, field="period_key", code="period_future")
    if state == rules.CLOSED:
        raise DomainError(MSG_PERIOD_CLOSED % {"key": period.key}, field="period_key", code="period_closed")
    return period


def _percent(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        percent = int(value)
    except (TypeError, ValueError) as exc:
        raise DomainError(MSG_PERCENT_RANGE, field="percent_done") from exc
    if not 0 <= percent <= 100:
        raise DomainError(MSG_PERCENT_RANGE, field="percent_done")
    return percent


def _measured(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(MSG_MEASURED_NOT_NUMBER, field="measured_value") from exc


def _milestones(task: Task, ids: Iterable[int]) -> list[Milestone]:
    wanted = {int(i) for i in ids}
    if not wanted:
        return []
    found = list(Milestone.objects.filter(task=task, pk__in=wanted, reached_on__isnull=True))
    if len(found) != len(wanted):
        raise DomainError(MSG_MILESTONE_NOT_OF_TASK, field="milestone_ids")
    return found


def _check_files(files: Sequence[Upload], already: int = 0) -> list[CheckedFile]:
    """Check every file before anything is written; the first bad one raises DomainError."""
    limit = int(setting("MAX_EVIDENCE_FILES"))
    if already + len(files) > limit:
        raise DomainError(MSG_TOO_MANY % {"limit": limit}, field="files", code="evidence_too_many")
    max_bytes = int(setting("MAX_EVIDENCE_BYTES"))
    return [evidence_check(name=f.name or "", size=f.size or 0, stream=_stream(f), max_bytes=max_bytes) for f in files]


def _store_files(report: ProgressReport, user: Any, files: Sequence[Upload], checked: Sequence[CheckedFile],
                 stored: list[str]) -> list[Evidence]:
    """Save checked files and their rows. `stored` collects the storage names, so the caller can
    delete them if the transaction fails after the files were written."""
    rows = []
    for upload, check in zip(files, checked, strict=True):
        name = evidence_store(stream=_stream(upload), kind=check.kind)
        stored.append(name)
        evidence = Evidence(report=report, file=name, original_name=str(upload.name)[:255], kind=check.kind,
                            content_type=check.content_type, size=check.size, sha256=check.sha256,
                            uploaded_by=user)
        evidence.save()
        rows.append(evidence)
    return rows


def _discard_files(names: Iterable[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # already gone: nothing to clean
            pass


def _existing_for_key(user: Any, key: str, task: Task, period_key: str | None) -> ProgressReport | None:
    """The report an idempotency key already made, if any; Conflict when the key was used for
    a different task or period (a client bug, not a retry)."""
    if not key:
        return None
    existing = ProgressReport.objects.filter(author=user, idempotency_key=key).first()
    if existing is None:
        return None
    if existing.task_id != task.pk or (period_key and existing.period_key != period_key):
        raise Conflict(MSG_KEY_REUSED, code="idempotency_key_reused")
    return existing


def _check_content(percent: int | None, milestones: Sequence[Milestone]) -> None:
    if percent is None and not milestones:
        raise DomainError(MSG_NEEDS_PROGRESS, field="percent_done", code="needs_progress")


# --- writes -----------------------------------------------------------------------------------

@records_history
def report_create(*, user: Any, task: Task, narrative: str, period_key: str | None = None,
                  percent_done: Any = None, measured_value: Any = None, measured_note: str = "",
                  milestone_ids: Iterable[int] = (), files: Sequence[Upload] = (), submit: bool = False,
                  idempotency_key: str = "", today: date | None = None) -> ProgressReport:
    """Write a report for a task and period (default: report_default_period), as a draft or
    submitted at once, with evidence files.

    A repeated `idempotency_key` returns the report it made (a double click or a retry),
    without writing anything. Raises NotFound (task not visible), PermissionDenied (not a
    reporter of the task's unit), DomainError (period closed, not started or of the wrong
    frequency; report exists; bad percent, value or file), Conflict (key reused elsewhere).
    """
    task = task_get_visible(user, task.pk, Task.objects.select_related("lead_unit"))
    require(user, Action.REPORT_WRITE, task)
    idempotency_key = (idempotency_key or "").strip()[:64]
    existing = _existing_for_key(user, idempotency_key, task, period_key)
    if existing is not None:
        return existing
    today = today or business_today()
    period = _open_period(task, period_key, today)
    percent = _percent(percent_done)
    value = _measured(measured_value)
    milestones = _milestones(task, milestone_ids)
    if submit:
        _check_content(percent, milestones)
    checked = _check_files(files)
    if ProgressReport.objects.filter(task=task, period_key=period.key, status__in=LIVE_REPORT_STATUSES).exists():
        raise DomainError(MSG_ALREADY_REPORTED % {"key": period.key}, code="already_reported")
    due_workdays = int(setting("REPORT_DUE_WORKDAYS"))
    stored: list[str] = []
    try:
        with transaction.atomic():
            report = ProgressReport(
                task=task, period_key=period.key, period_start=period.start, period_end=period.end,
                due_date=rules.report_due_date(period, due_workdays), narrative=narrative.strip(),
                percent_done=percent, measured_value=value, measured_note=measured_note[:300], author=user,
                unit_id=unit_id_of(user), idempotency_key=idempotency_key,
            )
            if submit:
                report.status = ReportStatus.SUBMITTED
                report.submitted_at = timezone.now()
                report.is_late = rules.is_late(today, period, due_workdays)
            report.full_clean(validate_constraints=False)
            report.save()
            report.milestones.set(milestones)
            _store_files(report, user, files, checked, stored)
    except IntegrityError as exc:
        _discard_files(stored)
        # A concurrent request won the race: the same key (a retry) or the same period.
        again = _existing_for_key(user, idempotency_key, task, period.key)
        if again is not None:
            return again
        raise DomainError(MSG_ALREADY_REPORTED % {"key": period.key}, code="already_reported") from exc
    except BaseException:
        _discard_files(stored)
        raise
    return report


@records_history
@transaction.atomic
def report_update(*, user: Any, report: ProgressReport, narrative: str | None = None, percent_done: Any = None,
                  measured_value: Any = None, measured_note: str | None = None,
                  milestone_ids: Iterable[int] | None = None, files: Sequence[Upload] = (),
                  remove_evidence_ids: Iterable[int] = ()) -> ProgressReport:
    """Change a draft (its author only): content, milestones, evidence added or removed."""
    locked = ProgressReport.objects.select_for_update(of=("self",)).select_related("task").get(pk=report.pk)
    require(user, Action.REPORT_WRITE, locked)
    if locked.status != ReportStatus.DRAFT:
        raise DomainError(MSG_NOT_DRAFT, code="not_draft")
    remove = {int(i) for i in remove_evidence_ids}
    kept = locked.evidence.exclude(pk__in=remove).count()
    checked = _check_files(files, already=kept)
    if narrative is not None:
        locked.narrative = narrative.strip()
    if percent_done is not None:
        locked.percent_done = _percent(percent_done)
    if measured_value is not None:
        locked.measured_value = _measured(measured_value)
    if measured_note is not None:
        locked.measured_note = measured_note[:300]
    milestones = _milestones(locked.task, milestone_ids) if milestone_ids is not None else None
    locked.full_clean(validate_constraints=False)
    stored: list[str] = []
    try:
        locked.save()
        if milestones is not None:
            locked.milestones.set(milestones)
        for evidence in locked.evidence.filter(pk__in=remove):
            evidence.delete()  # the file stays on disk: history may still name it
        _store_files(locked, user, files, checked, stored)
    except BaseException:
        _discard_files(stored)
        raise
    return locked


@records_history
@transaction.atomic
def report_submit(*, user: Any, report: ProgressReport, today: date | None = None) -> ProgressReport:
    """Submit a draft for review (its author only). A second submit of the same report (a
    double click) returns it unchanged. Refused when the period has closed since drafting."""
    locked = ProgressReport.objects.select_for_update(of=("self",)).select_related("task").get(pk=report.pk)
    if locked.status == ReportStatus.SUBMITTED and locked.author_id == getattr(user, "pk", None):
        return locked
    require(user, Action.REPORT_WRITE, locked)
    if locked.status != ReportStatus.DRAFT:
        raise DomainError(MSG_NOT_DRAFT, code="not_draft")
    today = today or business_today()
    period = period_parse(locked.period_key)
    if period_info(period, today).state == rules.CLOSED:
        raise DomainError(MSG_PERIOD_CLOSED % {"key": period.key}, code="period_closed")
    _check_content(locked.percent_done, list(locked.milestones.all()))
    locked.status = ReportStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.is_late = rules.is_late(today, period, int(setting("REPORT_DUE_WORKDAYS")))
    locked.save()
    return locked


@records_history
@transaction.atomic
def report_discard(*, user: Any, report: ProgressReport) -> None:
    """Delete a draft (its author only); the deletion stays in the report's history."""
    locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
    require(user, Action.REPORT_WRITE, locked)
    if locked.status != ReportStatus.DRAFT:
        raise DomainError(MSG_NOT_DRAFT, code="not_draft")
    locked.delete()


def _locked_for_review(user: Any, report: ProgressReport) -> ProgressReport:
    require(user, Action.REPORT_REVIEW)
    locked = ProgressReport.objects.select_for_update(of=("self",)).select_related("task", "author").get(pk=report.pk)
    require(user, Action.REPORT_REVIEW, locked)  # a task the reviewer's office manages
    if locked.status != ReportStatus.SUBMITTED:
        # Two supervisors reviewing at once: the second is told, nothing is overwritten.
        raise Conflict(MSG_NOT_SUBMITTED % {"status": locked.get_status_display()}, code="already_reviewed")
    return locked


@records_history
@transaction.atomic
def report_accept(*, user: Any, report: ProgressReport, comment: str = "", grade: int | None = None) -> ProgressReport:
    """Accept a submitted report: its milestones count as reached, and (when it is the task's
    latest accepted period) its percent becomes the task's progress. The author is told."""
    locked = _locked_for_review(user, report)
    if grade is not None and not 1 <= int(grade) <= 5:
        raise DomainError(_("评价等级须在 1 到 5 之间。"), field="grade")
    locked.status = ReportStatus.ACCEPTED
    locked.reviewed_by, locked.reviewed_at = user, timezone.now()
    locked.review_comment, locked.grade = comment.strip(), (int(grade) if grade is not None else None)
    locked.save()
    submitted_on = timezone.localdate(locked.submitted_at) if locked.submitted_at else locked.period_end
    reached_on = min(locked.period_end, submitted_on)
    milestones = list(locked.milestones.filter(reached_on__isnull=True))
    for milestone in milestones:
        milestone.reached_on, milestone.reached_by_report = reached_on, locked
        milestone.save()
    newer = ProgressReport.objects.filter(task=locked.task, status=ReportStatus.ACCEPTED,
                                          period_end__gt=locked.period_end).exists()
    if not newer:
        percent = locked.percent_done
        if percent is None:
            total = Milestone.objects.filter(task=locked.task).count()
            reached = Milestone.objects.filter(task=locked.task, reached_on__isnull=False).count()
            percent = round(100 * reached / total) if total else None
        task_progress_record(task=locked.task, percent=percent, note=locked.narrative,
                             reason=str(MSG_REASON_ACCEPTED % {"key": locked.period_key, "revision": locked.revision}))
    from luoshi.oversight.services.evaluation import task_evaluate  # an app below: imported on call
    task_evaluate(locked.task, reason="report_accepted", user=user)
    notify(recipients=[locked.author], kind=NotificationKind.REPORT_ACCEPTED,
           subject=str(_("进展报告已采纳:%(task)s %(key)s") % {"task": locked.task.code, "key": locked.period_key}),
           body=locked.review_comment, url=locked.get_absolute_url(), task=locked.task,
           dedupe_key=f"report-reviewed:{locked.pk}")
    return locked


@records_history
@transaction.atomic
def report_return(*, user: Any, report: ProgressReport, comment: str) -> ProgressReport:
    """Return a submitted report with a comment saying what to fix; the unit resubmits.

    The author is told at once in the inbox, and by e-mail in the next daily digest."""
    if not (comment or "").strip():
        require(user, Action.REPORT_REVIEW)  # a leader gets 403, not a message about comments
        raise DomainError(MSG_RETURN_NEEDS_COMMENT, field="comment", code="comment_required")
    locked = _locked_for_review(user, report)
    locked.status = ReportStatus.RETURNED
    locked.reviewed_by, locked.reviewed_at = user, timezone.now()
    locked.review_comment = comment.strip()
    locked.save()
    notify(recipients=[locked.author], kind=NotificationKind.REPORT_RETURNED,
           subject=str(_("进展报告被退回:%(task)s %(key)s") % {"task": locked.task.code, "key": locked.period_key}),
           body=locked.review_comment, url=locked.get_absolute_url(), task=locked.task,
           dedupe_key=f"report-reviewed:{locked.pk}", email=False)  # mailed in the author's daily digest
    return locked


@records_history
def report_resubmit(*, user: Any, report: ProgressReport, narrative: str | None = None, percent_done: Any = None,
                    measured_value: Any = None, measured_note: str | None = None,
                    milestone_ids: Iterable[int] | None = None, files: Sequence[Upload] = (),
                    keep_evidence: bool = True, idempotency_key: str = "") -> ProgressReport:
    """Resubmit a returned report as a new version (revision + 1), submitted at once.

    The returned version is kept unchanged beside the new one. Fields not given are taken
    from the returned version; its evidence is carried over unless `keep_evidence` is false.
    A returned report may be resubmitted even when its period has closed meanwhile: the
    supervisor asked for it. Lateness is that of the first submission.
    """
    original = ProgressReport.objects.select_related("task").filter(pk=report.pk).first()
    if original is None:
        raise NotFound(_("进展报告不存在。"))
    require(user, Action.REPORT_WRITE, original.task)
    idempotency_key = (idempotency_key or "").strip()[:64]
    existing = _existing_for_key(user, idempotency_key, original.task, original.period_key)
    if existing is not None:
        return existing
    if original.status != ReportStatus.RETURNED:
        raise DomainError(MSG_NOT_RETURNED, code="not_returned")
    if ProgressReport.objects.filter(supersedes=original).exists():
        raise DomainError(MSG_ALREADY_RESUBMITTED, code="already_resubmitted")
    percent = _percent(percent_done) if percent_done is not None else original.percent_done
    value = _measured(measured_value) if measured_value is not None else original.measured_value
    milestones = (_milestones(original.task, milestone_ids) if milestone_ids is not None
                  else list(original.milestones.filter(reached_on__isnull=True)))
    _check_content(percent, milestones)
    carried = list(original.evidence.all()) if keep_evidence else []
    checked = _check_files(files, already=len(carried))
    stored: list[str] = []
    try:
        with transaction.atomic():
            new = ProgressReport(
                task=original.task, period_key=original.period_key, period_start=original.period_start,
                period_end=original.period_end, due_date=original.due_date, revision=original.revision + 1,
                supersedes=original, status=ReportStatus.SUBMITTED,
                narrative=(narrative if narrative is not None else original.narrative).strip(),
                percent_done=percent, measured_value=value,
                measured_note=(measured_note if measured_note is not None else original.measured_note)[:300],
                author=user, unit_id=unit_id_of(user), submitted_at=timezone.now(), is_late=original.is_late,
                idempotency_key=idempotency_key,
            )
            new.full_clean(validate_constraints=False)
            new.save()
            new.milestones.set(milestones)
            for evidence in carried:  # the same stored file, a new row: both versions keep their evidence
                Evidence.objects.create(report=new, file=evidence.file.name, original_name=evidence.original_name,
                                        kind=evidence.kind, content_type=evidence.content_type, size=evidence.size,
                                        sha256=evidence.sha256, uploaded_by=evidence.uploaded_by)
            _store_files(new, user, files, checked, stored)
    except IntegrityError as exc:
        _discard_files(stored)
        again = _existing_for_key(user, idempotency_key, original.task, original.period_key)
        if again is not None:
            return again
        raise DomainError(MSG_ALREADY_RESUBMITTED, code="already_resubmitted") from exc
    except BaseException:
        _discard_files(stored)
        raise
    return new


@records_history
def evidence_add(*, user: Any, report: ProgressReport, files: Sequence[Upload]) -> list[Evidence]:
    """Attach files to a draft (its author only). Raises DomainError for a bad file or a report
    already submitted (evidence of a submitted report is what the reviewer saw: it stays)."""
    with transaction.atomic():
        locked = ProgressReport.objects.select_for_update(of=("self",)).select_related("task").get(pk=report.pk)
        require(user, Action.REPORT_WRITE, locked)
        if locked.status != ReportStatus.DRAFT:
            raise DomainError(MSG_EVIDENCE_LOCKED, code="evidence_locked")
        checked = _check_files(files, already=locked.evidence.count())
        stored: list[str] = []
        try:
            return _store_files(locked, user, files, checked, stored)
        except BaseException:
            _discard_files(stored)
            raise


@records_history
@transaction.atomic
def evidence_remove(*, user: Any, evidence: Evidence) -> None:
    """Remove a file from a draft (its author only)."""
    locked = ProgressReport.objects.select_for_update().get(pk=evidence.report_id)
    require(user, Action.REPORT_WRITE, locked)
    if locked.status != ReportStatus.DRAFT:
        raise DomainError(MSG_EVIDENCE_LOCKED, code="evidence_locked")
    evidence.delete()
