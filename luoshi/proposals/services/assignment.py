"""Assignment (交办) to host and co-handling units, and reassignment (退回改办) requests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from luoshi.core.clock import business_today
from luoshi.core.errors import DomainError
from luoshi.core.history import records_history
from luoshi.core.workdays import add_working_days
from luoshi.ledger.models import Unit
from luoshi.ledger.permissions import Action, require
from luoshi.proposals import rules
from luoshi.proposals.choices import AssignmentRole, ProposalStatus, ReassignStatus, ReplyStatus
from luoshi.proposals.constants import setting, workdays_for
from luoshi.proposals.models import Assignment, Proposal, ReassignRequest, Reply
from luoshi.proposals.services.common import (
    handling_assignment,
    tell_supervisors,
    tell_units,
    units_by_id,
    visible_locked,
)

MSG_HOST_REQUIRED = _("请至少指定一个主办单位。")
MSG_ALREADY_ASSIGNED = _("该件已交办,不能重复交办;如需调整承办单位,请通过退回改办办理。")
MSG_HOST_AND_CO = _("同一单位不能既主办又会办:%(unit)s。")
MSG_NOT_ASSIGNED = _("该件不在办理中,不能申请退回改办。")
MSG_REASSIGN_WINDOW = _("退回改办须在交办后 %(days)s 个工作日内(%(deadline)s 前)提出,已超过期限。")
MSG_REASON_REQUIRED = _("请填写退回理由。")
MSG_ALREADY_REPLIED = _("本单位已提交答复,不能再申请退回改办。")
MSG_REQUEST_DECIDED = _("该退回改办申请已审批,不能重复处理。")
MSG_NEW_HOST_REQUIRED = _("同意退回后该件将没有主办单位,请指定新的主办单位。")
MSG_NEW_HOST_ASSIGNED = _("新的主办单位已承办该件:%(unit)s。")


def _deadlines(proposal: Proposal, start: date) -> None:
    proposal.assigned_on = start
    proposal.reply_due = add_working_days(start, workdays_for("PROPOSAL_REPLY_WORKDAYS", proposal.kind))
    proposal.opinion_due = add_working_days(start, workdays_for("PROPOSAL_OPINION_WORKDAYS", proposal.kind))


@records_history
@transaction.atomic
def proposal_assign(*, user: Any, proposal: Proposal, hosts: Sequence[Unit | int | str],
                    co_units: Sequence[Unit | int | str] = (), today: date | None = None) -> Proposal:
    """Assign a registered item (a supervisor): one host (主办) or several (分办), and co-handling
    units (会办). The reply and co-opinion deadlines are counted in working days from today,
    per kind (settings PROPOSAL_REPLY_WORKDAYS, PROPOSAL_OPINION_WORKDAYS). The units are told.

    Raises PermissionDenied, NotFound; DomainError for no host, an unknown unit (code
    unit_not_found), a unit both host and co-handler, an item already assigned. Nothing is
    written on any refusal.
    """
    require(user, Action.PROPOSAL_MANAGE)
    today = today or business_today()
    locked = visible_locked(user, proposal)
    if locked.status != ProposalStatus.REGISTERED:
        raise DomainError(MSG_ALREADY_ASSIGNED, code="already_assigned")
    host_units = list(dict.fromkeys(units_by_id(hosts)))
    co = list(dict.fromkeys(units_by_id(co_units)))
    if not host_units:
        raise DomainError(MSG_HOST_REQUIRED, field="hosts", code="host_required")
    both = [u for u in co if u in host_units]
    if both:
        raise DomainError(MSG_HOST_AND_CO % {"unit": both[0]}, field="co_units", code="host_and_co")
    _deadlines(locked, today)
    locked.status = ProposalStatus.ASSIGNED
    locked.save()
    for role, units in ((AssignmentRole.HOST, host_units), (AssignmentRole.CO, co)):
        for unit in units:  # a few units each: saved one by one so that history records them
            Assignment.objects.create(proposal=locked, unit=unit, role=role, assigned_on=today)
    tell_units([u.pk for u in host_units + co],
               subject=str(_("交办:%(code)s %(title)s,请于 %(due)s 前答复") % {
                   "code": locked.code, "title": locked.title[:40], "due": locked.reply_due}),
               url=locked.get_absolute_url(), key=f"proposal-assigned:{locked.pk}:{today}")
    return locked


@records_history
@transaction.atomic
def reassign_request(*, user: Any, proposal: Proposal, reason: str, suggested_unit: str = "",
                     today: date | None = None) -> ReassignRequest:
    """A unit asks to hand the item back (退回改办), within PROPOSAL_REASSIGN_WINDOW_WORKDAYS
    working days of its assignment; supervisors are told.

    Raises NotFound, PermissionDenied (not the reporter of an assigned unit); DomainError for an
    item not being handled, a request after the window (code reassign_window_passed), no
    reason, a reply already submitted by the unit, a request already pending.
    """
    today = today or business_today()
    locked = visible_locked(user, proposal)
    assignment = handling_assignment(user, locked)
    if locked.status not in (ProposalStatus.ASSIGNED,):
        raise DomainError(MSG_NOT_ASSIGNED, code="not_assigned")
    window = int(setting("PROPOSAL_REASSIGN_WINDOW_WORKDAYS"))
    if not rules.within_reassign_window(assignment.assigned_on, today, window):
        raise DomainError(MSG_REASSIGN_WINDOW % {
            "days": window, "deadline": rules.reassign_deadline(assignment.assigned_on, window)},
            code="reassign_window_passed")
    if not (reason or "").strip():
        raise DomainError(MSG_REASON_REQUIRED, field="reason", code="reason_required")
    if Reply.objects.filter(proposal=locked, unit=assignment.unit,
                            status__in=[ReplyStatus.SUBMITTED, ReplyStatus.ACCEPTED]).exists():
        raise DomainError(MSG_ALREADY_REPLIED, code="already_replied")
    request = ReassignRequest(proposal=locked, unit=assignment.unit, reason=reason.strip(),
                              suggested_unit=(suggested_unit or "").strip()[:200], requested_by=user,
                              requested_on=today)
    request.full_clean()
    request.save()
    tell_supervisors(subject=str(_("退回改办申请:%(unit)s 申请退回 %(code)s") % {
        "unit": assignment.unit, "code": locked.code}), body=request.reason, url=locked.get_absolute_url(),
        key=f"proposal-reassign:{request.pk}")
    return request


@records_history
@transaction.atomic
def reassign_decide(*, user: Any, request: ReassignRequest, approve: bool, note: str = "",
                    new_host: Unit | int | str | None = None, today: date | None = None) -> ReassignRequest:
    """A supervisor decides a reassignment request.

    Approving removes the unit's assignment; `new_host` (optional, required when the unit was
    the only host) becomes a host with the unit's role, and the deadlines are counted anew from
    today, since the new unit starts from the beginning. Refusing keeps everything. The unit
    is told. Raises PermissionDenied, NotFound; DomainError for a decided request, an unknown
    new unit, no host left.
    """
    require(user, Action.PROPOSAL_MANAGE)
    today = today or business_today()
    locked_request = ReassignRequest.objects.select_for_update().get(pk=request.pk)
    if locked_request.status != ReassignStatus.PENDING:
        raise DomainError(MSG_REQUEST_DECIDED, code="already_decided")
    proposal = visible_locked(user, locked_request.proposal)
    locked_request.decided_by, locked_request.decided_on = user, today
    locked_request.decision_note = (note or "").strip()
    if approve:
        old = Assignment.objects.get(proposal=proposal, unit=locked_request.unit)
        replacement = units_by_id([new_host])[0] if new_host not in (None, "") else None
        if replacement is not None and Assignment.objects.filter(proposal=proposal, unit=replacement).exists():
            raise DomainError(MSG_NEW_HOST_ASSIGNED % {"unit": replacement}, field="new_host",
                              code="new_host_assigned")
        hosts_left = Assignment.objects.filter(proposal=proposal, role=AssignmentRole.HOST).exclude(pk=old.pk)
        if old.role == AssignmentRole.HOST and replacement is None and not hosts_left.exists():
            raise DomainError(MSG_NEW_HOST_REQUIRED, field="new_host", code="new_host_required")
        role = old.role
        old.delete()
        if replacement is not None:
            Assignment.objects.create(proposal=proposal, unit=replacement, role=role, assigned_on=today)
            if role == AssignmentRole.HOST:
                _deadlines(proposal, today)
                proposal.save()
            tell_units([replacement.pk], subject=str(_("改办交办:%(code)s %(title)s,请于 %(due)s 前答复") % {
                "code": proposal.code, "title": proposal.title[:40], "due": proposal.reply_due}),
                url=proposal.get_absolute_url(), key=f"proposal-reassigned:{locked_request.pk}")
        locked_request.status = ReassignStatus.APPROVED
    else:
        locked_request.status = ReassignStatus.REFUSED
    locked_request.save()
    tell_units([locked_request.unit_id], subject=str(_("退回改办申请已审批:%(code)s(%(decision)s)") % {
        "code": proposal.code, "decision": locked_request.get_status_display()}),
        body=locked_request.decision_note, url=proposal.get_absolute_url(),
        key=f"proposal-reassign-decided:{locked_request.pk}")
    return locked_request
