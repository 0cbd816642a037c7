"""The proposer's evaluation (满意/基本满意/不满意), entered by the office as received."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from luoshi.core.clock import business_today
from luoshi.core.errors import DomainError
from luoshi.core.history import records_history
from luoshi.core.workdays import add_working_days
from luoshi.ledger.permissions import Action, require
from luoshi.proposals.choices import AssignmentRole, ProposalStatus, Satisfaction
from luoshi.proposals.constants import setting
from luoshi.proposals.models import Assignment, Feedback, Proposal
from luoshi.proposals.services.common import tell_units, visible_locked

MSG_NOT_ANSWERED = _("该件尚未答复(当前状态:%(status)s),不能录入代表委员评价。")
MSG_SATISFACTION_INVALID = _("请选择评价:满意、基本满意或不满意。")
MSG_RECEIVED_FUTURE = _("收到日期不能晚于今天。")


@records_history
@transaction.atomic
def feedback_record(*, user: Any, proposal: Proposal, satisfaction: str, received_on: date | None = None,
                    note: str = "", today: date | None = None) -> Feedback:
    """Record the proposer's evaluation of the answered round (a supervisor).

    满意 and 基本满意 close the item (办结). 不满意 reopens it for re-handling: the round
    increases and the new reply deadline is PROPOSAL_REHANDLE_WORKDAYS working days from the
    day the evaluation was received; the host units are told. Raises PermissionDenied,
    NotFound; DomainError for an item not answered (code not_answered), an unknown evaluation,
    a future date.
    """
    require(user, Action.PROPOSAL_MANAGE)
    today = today or business_today()
    received_on = received_on or today
    locked = visible_locked(user, proposal)
    if locked.status != ProposalStatus.ANSWERED:
        raise DomainError(MSG_NOT_ANSWERED % {"status": locked.get_status_display()}, code="not_answered")
    if satisfaction not in Satisfaction.values:
        raise DomainError(MSG_SATISFACTION_INVALID, field="satisfaction", code="satisfaction_invalid")
    if received_on > today:
        raise DomainError(MSG_RECEIVED_FUTURE, field="received_on", code="date_future")
    feedback = Feedback(proposal=locked, round=locked.round, satisfaction=satisfaction, received_on=received_on,
                        note=(note or "").strip(), entered_by=user)
    feedback.full_clean()
    feedback.save()
    locked.satisfaction = satisfaction
    if satisfaction == Satisfaction.UNSATISFIED:
        locked.status = ProposalStatus.REOPENED
        locked.round += 1
        locked.reply_due = add_working_days(received_on, int(setting("PROPOSAL_REHANDLE_WORKDAYS")))
        hosts = Assignment.objects.filter(proposal=locked, role=AssignmentRole.HOST).values_list("unit_id", flat=True)
        tell_units(hosts, subject=str(_("重新办理:%(code)s 代表委员不满意,请于 %(due)s 前重新答复") % {
            "code": locked.code, "due": locked.reply_due}), body=feedback.note, url=locked.get_absolute_url(),
            key=f"proposal-reopened:{locked.pk}:{locked.round}")
    else:
        locked.status = ProposalStatus.CLOSED
    locked.save()
    return feedback
