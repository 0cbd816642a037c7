"""Supervision notices (督办单): issue on a lagging task, reply, escalate when unanswered, close."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from luoshi.core.clock import business_today
from luoshi.core.errors import Conflict, DomainError
from luoshi.core.history import records_history
from luoshi.core.workdays import add_working_days
from luoshi.ledger.models import Task
from luoshi.ledger.permissions import Action, require, task_get_visible
from luoshi.ledger.selectors import taskforce_of_task
from luoshi.oversight import rules
from luoshi.oversight.choices import REASON_LABELS, NoticeStatus
from luoshi.oversight.constants import reminder_plan
from luoshi.oversight.models import SupervisionNotice
from luoshi.oversight.services.evaluation import task_evaluation
from luoshi.reports.choices import NotificationKind
from luoshi.reports.services import notify, task_recipients, unit_reporters

MSG_NOT_LAGGING = _("该任务目前评估为“%(light)s”,未滞后,不需要下发督办单。")
MSG_NO_LEAD_UNIT = _("该任务尚无牵头单位,请先分派后再督办。")
MSG_REQUIREMENT_REQUIRED = _("请填写督办要求。")
MSG_REPLY_DUE_TOO_EARLY = _("回复时限不能早于下发日期。")
MSG_OPEN_EXISTS = _("该任务已有未回复的督办单(%(code)s),请先跟进该督办单。")
MSG_ALREADY_ANSWERED = _("该督办单已回复或已办结,不能重复回复。")
MSG_REPLY_REQUIRED = _("请填写回复内容。")
MSG_NOT_ANSWERED = _("督办单尚未回复,不能办结。")
MSG_KEY_REUSED = _("该防重复提交标识已用于另一份督办单,请刷新页面后重新提交。")
LIGHT_LABELS = {rules.GREEN: _("正常"), rules.DONE: _("完成"), rules.NONE: _("未评估"), rules.YELLOW: _("预警"),
                rules.RED: _("滞后"), rules.UNREPORTED: _("未报送")}
# A notice chases lagging work, and a task nobody reports on (催报).
NOTICE_LIGHTS = (rules.YELLOW, rules.RED, rules.UNREPORTED)


def _next_number(year: int) -> int:
    return (SupervisionNotice.objects.filter(year=year).aggregate(n=Max("number"))["n"] or 0) + 1


@records_history
def notice_issue(*, user: Any, task: Task, requirement: str, reason: str = "", reply_due: date | None = None,
                 idempotency_key: str = "", today: date | None = None) -> SupervisionNotice:
    """Issue a notice to a lagging task's lead unit (a supervisor).

    The task must evaluate yellow, red or unreported today: notices are for lagging work
    and for work nobody reports on. The reason
    defaults to the evaluation's reasons; the reply deadline to ReminderPlan.
    notice_reply_workdays working days from today. The unit's reporters and the task's
    responsible person are told in the inbox and by e-mail. Raises NotFound, PermissionDenied,
    DomainError (not lagging, no lead unit, no requirement, reply deadline before today, an
    open notice exists), Conflict (idempotency key used for another task).
    """
    require(user, Action.NOTICE_ISSUE)
    task = task_get_visible(user, task.pk, Task.objects.select_related("lead_unit", "responsible_person"))
    require(user, Action.NOTICE_ISSUE, task)  # a task the office manages, not one it only sees
    key = (idempotency_key or "").strip()[:64]
    if key:
        existing = SupervisionNotice.objects.filter(issued_by=user, idempotency_key=key).first()
        if existing is not None:
            if existing.task_id != task.pk:
                raise Conflict(MSG_KEY_REUSED, code="idempotency_key_reused")
            return existing
    today = today or business_today()
    if not (requirement or "").strip():
        raise DomainError(MSG_REQUIREMENT_REQUIRED, field="requirement", code="requirement_required")
    if task.lead_unit_id is None:
        raise DomainError(MSG_NO_LEAD_UNIT, code="no_lead_unit")
    evaluation = task_evaluation(task=task, as_of=today).result
    if evaluation.light not in NOTICE_LIGHTS:
        raise DomainError(MSG_NOT_LAGGING % {"light": LIGHT_LABELS.get(evaluation.light, evaluation.light)},
                          code="not_lagging")
    due = reply_due or add_working_days(today, reminder_plan().notice_reply_workdays)
    if due < today:
        raise DomainError(MSG_REPLY_DUE_TOO_EARLY, field="reply_due", code="reply_due_too_early")
    open_notice = SupervisionNotice.objects.filter(
        task=task, status__in=[NoticeStatus.ISSUED, NoticeStatus.ESCALATED]).first()
    if open_notice is not None:
        raise DomainError(MSG_OPEN_EXISTS % {"code": open_notice.code}, code="open_notice_exists")
    reason = (reason or "").strip() or ";".join(str(REASON_LABELS[r]) for r in evaluation.reasons)
    for _attempt in range(5):  # two supervisors numbering at once: the loser takes the next number
        try:
            with transaction.atomic():
                notice = SupervisionNotice.objects.create(
                    year=today.year, number=_next_number(today.year), task=task, unit_id=task.lead_unit_id,
                    issued_by=user, issued_on=today, light_at_issue=evaluation.light, reason=reason,
                    requirement=requirement.strip(), reply_due=due, idempotency_key=key,
                )
                break
        except IntegrityError as exc:
            if key:
                again = SupervisionNotice.objects.filter(issued_by=user, idempotency_key=key).first()
                if again is not None:
                    return again
            open_notice = SupervisionNotice.objects.filter(
                task=task, status__in=[NoticeStatus.ISSUED, NoticeStatus.ESCALATED]).first()
            if open_notice is not None:
                raise DomainError(MSG_OPEN_EXISTS % {"code": open_notice.code}, code="open_notice_exists") from exc
    else:
        raise Conflict(_("督办单编号冲突,请重试。"))
    notify(recipients=task_recipients(task), kind=NotificationKind.NOTICE_ISSUED,
           subject=str(_("%(code)s:请于 %(due)s 前回复(%(task)s)") % {"code": notice.code, "due": due,
                                                                        "task": task.code}),
           body=f"{notice.reason}\n{notice.requirement}", url=notice.get_absolute_url(), task=task,
           dedupe_key=f"notice-issued:{notice.pk}")
    return notice


@records_history
@transaction.atomic
def notice_reply(*, user: Any, notice: SupervisionNotice, reply: str, today: date | None = None) -> SupervisionNotice:
    """The unit answers a notice (a reporter of the notice's unit). A reply after the deadline
    is taken and counted late in the assessment; the issuer is told."""
    locked = SupervisionNotice.objects.select_for_update(of=("self",)).select_related("task").get(pk=notice.pk)
    require(user, Action.NOTICE_REPLY, locked)
    if locked.status not in (NoticeStatus.ISSUED, NoticeStatus.ESCALATED):
        raise DomainError(MSG_ALREADY_ANSWERED, code="already_answered")
    if not (reply or "").strip():
        raise DomainError(MSG_REPLY_REQUIRED, field="reply", code="reply_required")
    locked.status = NoticeStatus.ANSWERED
    locked.reply, locked.replied_by = reply.strip(), user
    locked.replied_on = today or business_today()
    locked.save()
    if locked.issued_by is not None:
        notify(recipients=[locked.issued_by], kind=NotificationKind.NOTICE_ANSWERED,
               subject=str(_("%(code)s 已回复") % {"code": locked.code}), body=locked.reply,
               url=locked.get_absolute_url(), task=locked.task, dedupe_key=f"notice-answered:{locked.pk}")
    return locked


@records_history
@transaction.atomic
def notice_close(*, user: Any, notice: SupervisionNotice, comment: str = "",
                 today: date | None = None) -> SupervisionNotice:
    """A supervisor closes an answered notice (办结), with an optional comment."""
    require(user, Action.NOTICE_CLOSE)
    locked = SupervisionNotice.objects.select_for_update(of=("self",)).select_related("task").get(pk=notice.pk)
    require(user, Action.NOTICE_CLOSE, locked)
    if locked.status == NoticeStatus.CLOSED:
        raise Conflict(_("该督办单已办结。"), code="already_closed")
    if locked.status != NoticeStatus.ANSWERED:
        raise DomainError(MSG_NOT_ANSWERED, code="not_answered")
    locked.status = NoticeStatus.CLOSED
    locked.closed_by, locked.closed_on = user, today or business_today()
    locked.close_comment = comment.strip()
    locked.save()
    return locked


def notices_escalate(*, today: date | None = None) -> int:
    """Escalate every notice unanswered past its reply deadline to the task force's leader
    (and tell the issuer); returns how many were escalated. Run by the scheduler.

    Each notice is claimed with a conditional UPDATE (issued → escalated), so a second run,
    or two at once, escalates nothing twice. A task outside any task force escalates to the
    issuing supervisor alone, and the notice says so.
    """
    today = today or business_today()
    escalated = 0
    due = SupervisionNotice.objects.filter(status=NoticeStatus.ISSUED, reply_due__lt=today).select_related(
        "task", "issued_by", "unit")
    for notice in due:
        with transaction.atomic():
            claimed = SupervisionNotice.objects.filter(pk=notice.pk, status=NoticeStatus.ISSUED).update(
                status=NoticeStatus.ESCALATED, escalated_on=today)
            if not claimed:
                continue
            task_force = taskforce_of_task(task=notice.task)
            recipients: list[Any] = []
            if task_force is not None and task_force.leader.user is not None:
                recipients.append(task_force.leader.user)
                target = str(_("%(force)s 负责人 %(leader)s") % {"force": task_force.name,
                                                                "leader": task_force.leader.name})
            else:
                target = str(_("下发人(该任务未纳入工作专班)"))
            if notice.issued_by is not None:
                recipients.append(notice.issued_by)
            # history_date of the record is the escalation; the text says to whom
            fresh = SupervisionNotice.objects.get(pk=notice.pk)
            fresh.escalated_to = target[:300]
            fresh.save(update_fields=["escalated_to", "updated_at"])
            notify(recipients=recipients, kind=NotificationKind.NOTICE_ESCALATED,
                   subject=str(_("督办升级:%(code)s 逾期未回复(%(unit)s,%(task)s)") % {
                       "code": notice.code, "unit": notice.unit, "task": notice.task.code}),
                   body=f"{notice.reason}\n{notice.requirement}", url=notice.get_absolute_url(), task=notice.task,
                   dedupe_key=f"notice-escalated:{notice.pk}", deliver_on_commit=False)
            # the unit hears of it too: the notice is now before their leader
            notify(recipients=unit_reporters(notice.unit_id), kind=NotificationKind.NOTICE_ESCALATED,
                   subject=str(_("%(code)s 已逾期,已报%(target)s") % {"code": notice.code, "target": target}),
                   url=notice.get_absolute_url(), task=notice.task, dedupe_key=f"notice-escalated:{notice.pk}",
                   deliver_on_commit=False)
            escalated += 1
    return escalated
