"""Reminders (催办) and late-handling notices for replies and co-handlers' opinions.

The oversight app's supervision notices (督办单) are tied to ledger tasks, so an item is not
given one; instead, with the same reminder plan (oversight.constants.reminder_plan) and the
same staging (oversight.rules.reminder_stage), host units are reminded before the reply
deadline, and when it passes the units get an overdue notice and supervisors a 督办 message.
Once a B commitment is a ledger task, the task's own reminders and notices follow it.
Each message is keyed by its event, so however often this runs a person gets it once.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from luoshi.core.clock import business_today
from luoshi.oversight.constants import reminder_plan
from luoshi.oversight.rules import reminder_stage
from luoshi.proposals.choices import OPEN_STATUSES, AssignmentRole, ReplyStatus
from luoshi.proposals.models import Assignment, CoOpinion, Proposal, Reply
from luoshi.proposals.services.common import tell_supervisors, tell_units
from luoshi.reports.choices import NotificationKind


def proposal_reminders_send(*, today: date | None = None) -> int:
    """Remind host units of replies due soon, tell them and supervisors of overdue replies, and
    remind co-handling units whose opinion is due; returns messages written."""
    today = today or business_today()
    offsets = reminder_plan().deadline_workdays
    written = 0
    open_items = list(Proposal.objects.filter(status__in=OPEN_STATUSES, reply_due__isnull=False).order_by("pk"))
    if not open_items:
        return 0
    ids = [p.pk for p in open_items]
    assignments: dict[int, list[Assignment]] = {}
    for assignment in Assignment.objects.filter(proposal_id__in=ids):
        assignments.setdefault(assignment.proposal_id, []).append(assignment)
    replied = set(Reply.objects.filter(proposal_id__in=ids, status__in=[ReplyStatus.SUBMITTED, ReplyStatus.ACCEPTED])
                  .values_list("proposal_id", "unit_id", "round"))
    opined = set(CoOpinion.objects.filter(proposal_id__in=ids).values_list("proposal_id", "unit_id", "round"))
    for item in open_items:
        assert item.reply_due is not None
        parts = assignments.get(item.pk, [])
        waiting = [a.unit_id for a in parts if a.role == AssignmentRole.HOST
                   and (item.pk, a.unit_id, item.round) not in replied]
        url = item.get_absolute_url()
        if waiting and today > item.reply_due:
            written += tell_units(waiting, kind=NotificationKind.DEADLINE_OVERDUE, subject=str(
                _("逾期催办:%(code)s 已超过答复时限 %(due)s") % {"code": item.code, "due": item.reply_due}),
                body=item.title, url=url, key=f"proposal-overdue:{item.pk}:{item.round}:{item.reply_due}",
                deliver_on_commit=False)
            written += tell_supervisors(kind=NotificationKind.NOTICE_ISSUED, subject=str(
                _("督办:%(code)s 逾期未答复(答复时限 %(due)s)") % {"code": item.code, "due": item.reply_due}),
                body=item.title, url=url, key=f"proposal-overdue:{item.pk}:{item.round}:{item.reply_due}",
                deliver_on_commit=False)
        elif waiting and offsets:
            stage = reminder_stage(today, item.reply_due, offsets)
            if stage is not None:
                written += tell_units(waiting, kind=NotificationKind.DEADLINE_REMINDER, subject=str(
                    _("答复时限提醒:%(code)s 请于 %(due)s 前答复") % {"code": item.code, "due": item.reply_due}),
                    body=item.title, url=url, key=f"proposal-due:{item.pk}:{item.round}:{item.reply_due}:{stage}",
                    deliver_on_commit=False)
        if item.opinion_due is not None and item.round == 1 and offsets:
            silent = [a.unit_id for a in parts if a.role == AssignmentRole.CO
                      and (item.pk, a.unit_id, item.round) not in opined]
            stage = reminder_stage(today, item.opinion_due, offsets)
            if silent and stage is not None:
                written += tell_units(silent, kind=NotificationKind.DEADLINE_REMINDER, subject=str(
                    _("会办意见提醒:%(code)s 请于 %(due)s 前向主办单位提出会办意见") % {
                        "code": item.code, "due": item.opinion_due}),
                    body=item.title, url=url, key=f"proposal-opinion-due:{item.pk}:{item.opinion_due}:{stage}",
                    deliver_on_commit=False)
    return written
