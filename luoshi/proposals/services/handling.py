"""Handling and replying: contact log, co-handlers' opinions, replies, review, B commitments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO, Protocol

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from luoshi.core.clock import business_today
from luoshi.core.errors import DomainError, NotFound
from luoshi.core.history import records_history
from luoshi.ledger.permissions import Action, require
from luoshi.ledger.services import task_create
from luoshi.portal.search import index_text
from luoshi.proposals.choices import (
    OPEN_STATUSES,
    AssignmentRole,
    Classification,
    ContactStage,
    ContactWay,
    ProposalStatus,
    ReplyStatus,
)
from luoshi.proposals.constants import setting
from luoshi.proposals.models import Assignment, Commitment, ContactLog, CoOpinion, Proposal, Reply
from luoshi.proposals.permissions import proposals_visible_to
from luoshi.proposals.services.common import handling_assignment, tell_supervisors, tell_units, visible_locked
from luoshi.reports.choices import NotificationKind
from luoshi.reports.files import evidence_check, evidence_store

MSG_SUMMARY_REQUIRED = _("请填写沟通情况。")
MSG_STAGE_INVALID = _("请选择沟通阶段(办前沟通或办中沟通)。")
MSG_WAY_INVALID = _("请选择沟通方式。")
MSG_DATE_FUTURE = _("沟通日期不能晚于今天。")
MSG_NOT_OPEN = _("该件当前不在办理中(%(status)s),不能提交。")
MSG_NOT_CO = _("只有会办单位提交会办意见;主办单位请提交答复。")
MSG_NOT_HOST = _("只有主办单位可以提交答复;会办单位请提交会办意见。")
MSG_OPINION_REQUIRED = _("请填写会办意见。")
MSG_OPINION_EXISTS = _("本单位本轮已提交会办意见。")
MSG_TEXT_REQUIRED = _("请填写答复内容。")
MSG_CLASSIFICATION_REQUIRED = _("请选择答复类别(A、B 或 C)。")
MSG_FILE_REQUIRED = _("请上传盖章的答复函文件。")
MSG_COMMITMENT_REQUIRED = _("B 类答复须列出至少一项承诺事项(正在解决或列入计划的具体事项)。")
MSG_COMMITMENT_ONLY_B = _("只有 B 类答复可以列出承诺事项。")
MSG_COMMITMENT_DUE_PAST = _("承诺事项“%(text)s”的完成时限 %(due)s 早于答复日期。")
MSG_REPLY_EXISTS = _("本单位本轮已有待审核或已采纳的答复。")
MSG_NOT_SUBMITTED = _("该答复不是待审核状态,不能重复审核。")
MSG_RETURN_COMMENT_REQUIRED = _("退回答复须写明退回意见。")
MSG_NOT_ACCEPTED = _("只有已采纳的答复可以公开。")
MSG_REPLY_NOT_FOUND = _("答复不存在或无权查看。")
COMMITMENT_CATEGORY = "建议提案办理"


class Upload(Protocol):
    """An uploaded file as Django and django-ninja give it."""

    name: str | None
    size: int | None

    def open(self, mode: str = ...) -> Any: ...


@dataclass(frozen=True)
class CommitmentIn:
    """One commitment of a B reply: what will be done, and by when."""

    text: str
    due_on: date | None = None


def _stream(upload: Any) -> BinaryIO:
    return upload.file if hasattr(upload, "file") else upload  # type: ignore[no-any-return]


@records_history
@transaction.atomic
def contact_add(*, user: Any, proposal: Proposal, stage: str, contacted_on: date, way: str, summary: str,
                today: date | None = None) -> ContactLog:
    """Log contact with the proposer (办前/办中沟通) by a reporter of an assigned unit.
    Raises NotFound, PermissionDenied; DomainError for a bad stage or way, a future date, no summary."""
    today = today or business_today()
    locked = visible_locked(user, proposal)
    assignment = handling_assignment(user, locked)
    if stage not in ContactStage.values:
        raise DomainError(MSG_STAGE_INVALID, field="stage", code="stage_invalid")
    if way not in ContactWay.values:
        raise DomainError(MSG_WAY_INVALID, field="way", code="way_invalid")
    if contacted_on > today:
        raise DomainError(MSG_DATE_FUTURE, field="contacted_on", code="date_future")
    if not (summary or "").strip():
        raise DomainError(MSG_SUMMARY_REQUIRED, field="summary", code="summary_required")
    record = ContactLog(proposal=locked, unit=assignment.unit, stage=stage, contacted_on=contacted_on, way=way,
                        summary=summary.strip(), created_by=user)
    record.full_clean()
    record.save()
    return record


def _require_open(proposal: Proposal) -> None:
    if proposal.status not in OPEN_STATUSES:
        raise DomainError(MSG_NOT_OPEN % {"status": proposal.get_status_display()}, code="not_open")


@records_history
@transaction.atomic
def opinion_submit(*, user: Any, proposal: Proposal, text: str, today: date | None = None) -> CoOpinion:
    """A co-handling unit gives its opinion to the host (会办意见), once per round; the hosts are told.
    Raises NotFound, PermissionDenied; DomainError for a host unit, an item not open, no text, a
    second opinion in the round."""
    today = today or business_today()
    locked = visible_locked(user, proposal)
    assignment = handling_assignment(user, locked)
    if assignment.role != AssignmentRole.CO:
        raise DomainError(MSG_NOT_CO, code="not_co_unit")
    _require_open(locked)
    if not (text or "").strip():
        raise DomainError(MSG_OPINION_REQUIRED, field="text", code="opinion_required")
    if CoOpinion.objects.filter(proposal=locked, unit=assignment.unit, round=locked.round).exists():
        raise DomainError(MSG_OPINION_EXISTS, code="opinion_exists")
    opinion = CoOpinion.objects.create(proposal=locked, unit=assignment.unit, text=text.strip(), submitted_on=today,
                                       submitted_by=user, round=locked.round)
    hosts = Assignment.objects.filter(proposal=locked, role=AssignmentRole.HOST).values_list("unit_id", flat=True)
    tell_units(hosts, subject=str(_("会办意见:%(unit)s 已就 %(code)s 提出意见") % {
        "unit": assignment.unit, "code": locked.code}), body=opinion.text, url=locked.get_absolute_url(),
        key=f"proposal-opinion:{opinion.pk}")
    return opinion


@records_history
@transaction.atomic
def reply_submit(*, user: Any, proposal: Proposal, text: str, classification: str, file: Upload | None,
                 commitments: Sequence[CommitmentIn] = (), today: date | None = None) -> Reply:
    """A host unit's reply (答复函): text, classification A/B/C, the signed letter, and for a B
    reply the commitments that will become ledger tasks when it is accepted. The deadline of the
    round is kept on the reply. Supervisors are told.

    The letter is checked like evidence files (extension and content agree, no macros, size
    limit PROPOSAL_MAX_FILE_BYTES) and stored under a generated name. Raises NotFound,
    PermissionDenied; DomainError for a co-handling unit, an item not open, no text, no or an
    unknown classification (code classification_required), no file, a B reply without
    commitments or an A/C reply with them, a live reply already there, a bad file. Nothing is
    written on any refusal (a stored file is removed again).
    """
    today = today or business_today()
    locked = visible_locked(user, proposal)
    assignment = handling_assignment(user, locked)
    if assignment.role != AssignmentRole.HOST:
        raise DomainError(MSG_NOT_HOST, code="not_host_unit")
    _require_open(locked)
    if not (text or "").strip():
        raise DomainError(MSG_TEXT_REQUIRED, field="text", code="text_required")
    if classification not in Classification.values:
        raise DomainError(MSG_CLASSIFICATION_REQUIRED, field="classification", code="classification_required")
    items = [c for c in commitments if (c.text or "").strip()]
    if classification == Classification.B and not items:
        raise DomainError(MSG_COMMITMENT_REQUIRED, field="commitments", code="commitment_required")
    if classification != Classification.B and items:
        raise DomainError(MSG_COMMITMENT_ONLY_B, field="commitments", code="commitment_only_b")
    for item in items:
        if item.due_on is not None and item.due_on < today:
            raise DomainError(MSG_COMMITMENT_DUE_PAST % {"text": item.text[:40], "due": item.due_on},
                              field="commitments", code="commitment_due_past")
    if Reply.objects.filter(proposal=locked, unit=assignment.unit, round=locked.round,
                            status__in=[ReplyStatus.SUBMITTED, ReplyStatus.ACCEPTED]).exists():
        raise DomainError(MSG_REPLY_EXISTS, code="reply_exists")
    if file is None:
        raise DomainError(MSG_FILE_REQUIRED, field="file", code="file_required")
    name = file.name or "reply"
    checked = evidence_check(name=name, size=int(file.size or 0), stream=_stream(file),
                             max_bytes=int(setting("PROPOSAL_MAX_FILE_BYTES")))
    stored = evidence_store(stream=_stream(file), kind=checked.kind)
    try:
        reply = Reply(proposal=locked, unit=assignment.unit, round=locked.round, text=text.strip(),
                      classification=classification, file=stored, file_name=name[:255],
                      file_content_type=checked.content_type, file_size=checked.size, file_sha256=checked.sha256,
                      due_date=locked.reply_due or today, submitted_on=today, submitted_by=user)
        reply.full_clean(validate_constraints=False)
        reply.save()
        for item in items:
            Commitment.objects.create(reply=reply, text=item.text.strip()[:500], due_on=item.due_on)
    except Exception:
        default_storage.delete(stored)
        raise
    tell_supervisors(subject=str(_("答复待审核:%(unit)s 答复 %(code)s(%(class)s 类)") % {
        "unit": assignment.unit, "code": locked.code, "class": classification}), url=locked.get_absolute_url(),
        key=f"proposal-reply:{reply.pk}", kind=NotificationKind.REPORT_SUBMITTED)
    return reply


def _locked_reply(user: Any, reply: Reply) -> Reply:
    if not proposals_visible_to(user, Proposal.objects.filter(pk=reply.proposal_id)).exists():
        raise NotFound(MSG_REPLY_NOT_FOUND)
    return Reply.objects.select_for_update().select_related("proposal", "unit").get(pk=reply.pk)


@records_history
@transaction.atomic
def reply_accept(*, user: Any, reply: Reply, comment: str = "", is_public: bool = False,
                 today: date | None = None) -> Reply:
    """A supervisor accepts a reply. Each commitment of a B reply becomes a ledger task led by the
    host unit (through the ledger's task_create), linked back to its commitment; when every host
    of the round has an accepted reply the item is answered and waits for the proposer's
    evaluation. Raises PermissionDenied, NotFound; DomainError for a reply not awaiting review."""
    require(user, Action.PROPOSAL_MANAGE)
    today = today or business_today()
    locked = _locked_reply(user, reply)
    if locked.status != ReplyStatus.SUBMITTED:
        raise DomainError(MSG_NOT_SUBMITTED, code="not_submitted")
    proposal = Proposal.objects.select_for_update().get(pk=locked.proposal_id)
    locked.status = ReplyStatus.ACCEPTED
    locked.reviewed_by, locked.reviewed_on = user, today
    locked.review_comment = (comment or "").strip()
    locked.is_public = bool(is_public)
    locked.search_text = index_text([proposal.title, locked.text, str(locked.unit)])
    locked.save()
    for commitment in locked.commitments.filter(task__isnull=True):
        commitment.task = task_create(
            title=commitment.text, lead_unit=locked.unit, deadline=commitment.due_on, start_date=locked.submitted_on,
            category=COMMITMENT_CATEGORY, year=today.year, created_by=user,
            description=str(_("%(code)s《%(title)s》B 类答复承诺事项") % {"code": proposal.code,
                                                                   "title": proposal.title}))
        commitment.save()
    hosts = set(Assignment.objects.filter(proposal=proposal, role=AssignmentRole.HOST)
                .values_list("unit_id", flat=True))
    answered = set(Reply.objects.filter(proposal=proposal, round=proposal.round, status=ReplyStatus.ACCEPTED)
                   .values_list("unit_id", flat=True))
    if hosts <= answered:
        proposal.status = ProposalStatus.ANSWERED
        proposal.save()
    tell_units([locked.unit_id], subject=str(_("答复已采纳:%(code)s") % {"code": proposal.code}),
               body=locked.review_comment, url=proposal.get_absolute_url(), key=f"proposal-reply-accepted:{locked.pk}",
               kind=NotificationKind.REPORT_ACCEPTED)
    return locked


@records_history
@transaction.atomic
def reply_return(*, user: Any, reply: Reply, comment: str, today: date | None = None) -> Reply:
    """A supervisor returns a reply with a comment; the host submits a new one (the returned one
    stays). Raises PermissionDenied, NotFound; DomainError for no comment or a reply not awaiting review."""
    require(user, Action.PROPOSAL_MANAGE)
    locked = _locked_reply(user, reply)
    if locked.status != ReplyStatus.SUBMITTED:
        raise DomainError(MSG_NOT_SUBMITTED, code="not_submitted")
    if not (comment or "").strip():
        raise DomainError(MSG_RETURN_COMMENT_REQUIRED, field="comment", code="comment_required")
    locked.status = ReplyStatus.RETURNED
    locked.reviewed_by, locked.reviewed_on = user, today or business_today()
    locked.review_comment = comment.strip()
    locked.save()
    tell_units([locked.unit_id], subject=str(_("答复被退回:%(code)s") % {"code": locked.proposal.code}),
               body=locked.review_comment, url=locked.proposal.get_absolute_url(),
               key=f"proposal-reply-returned:{locked.pk}", kind=NotificationKind.REPORT_RETURNED)
    return locked


@records_history
@transaction.atomic
def reply_publish(*, user: Any, reply: Reply, is_public: bool) -> Reply:
    """A supervisor publishes (答复全文公开) or withdraws an accepted reply on the public page."""
    require(user, Action.PROPOSAL_MANAGE)
    locked = _locked_reply(user, reply)
    if locked.status != ReplyStatus.ACCEPTED:
        raise DomainError(MSG_NOT_ACCEPTED, code="not_accepted")
    locked.is_public = bool(is_public)
    locked.save()
    return locked
