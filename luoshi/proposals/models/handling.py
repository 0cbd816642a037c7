"""Handling: assignment to units, reassignment requests, contact with proposers, co-handlers'
opinions, replies and their review, the proposers' evaluation, and B commitments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.proposals.choices import (
    AssignmentRole,
    Classification,
    ContactStage,
    ContactWay,
    ReassignStatus,
    ReplyStatus,
    Satisfaction,
)


class Assignment(TimeStampedModel):
    """One unit's part in handling an item: host (主办; several hosts = 分办) or co-handler (会办)."""

    proposal = models.ForeignKey("proposals.Proposal", verbose_name=_("建议提案"), on_delete=models.CASCADE,
                                 related_name="assignments")
    unit = models.ForeignKey("ledger.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT,
                             related_name="proposal_assignments")
    role = models.CharField(_("承办方式"), max_length=8, choices=AssignmentRole.choices)
    assigned_on = models.DateField(_("交办日期"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["proposal", "role", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "unit"], name="proposals_assignment_unit_once",
                                    violation_error_message=_("同一单位不能重复交办同一件建议提案。")),
        ]
        indexes = [models.Index(fields=["unit", "role"], name="proposals_assignment_unit_role")]

    def __str__(self) -> str:
        return f"{self.proposal.code} {self.unit}({self.get_role_display()})"


class ReassignRequest(TimeStampedModel):
    """A unit asks, within the window after assignment, to hand the item back (退回改办);
    a supervisor approves (the unit's assignment is removed, a new host may be named) or refuses."""

    proposal = models.ForeignKey("proposals.Proposal", verbose_name=_("建议提案"), on_delete=models.CASCADE,
                                 related_name="reassign_requests")
    unit = models.ForeignKey("ledger.Unit", verbose_name=_("申请单位"), on_delete=models.PROTECT,
                             related_name="proposal_reassign_requests")
    reason = models.TextField(_("退回理由"))
    suggested_unit = models.CharField(_("建议承办单位"), max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True,
                                     on_delete=models.SET_NULL, related_name="proposal_reassign_requests")
    requested_on = models.DateField(_("申请日期"))
    status = models.CharField(_("状态"), max_length=16, choices=ReassignStatus.choices,
                              default=ReassignStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="proposal_reassign_decisions")
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("退回改办申请")
        verbose_name_plural = _("退回改办申请")
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "unit"], condition=models.Q(status="pending"),
                                    name="proposals_one_pending_reassign",
                                    violation_error_message=_("本单位对该件已有待审批的退回改办申请。")),
        ]

    def __str__(self) -> str:
        return f"{self.proposal.code} {self.unit}"


class ContactLog(TimeStampedModel):
    """Contact with the proposer before or during handling (办前/办中沟通)."""

    proposal = models.ForeignKey("proposals.Proposal", verbose_name=_("建议提案"), on_delete=models.CASCADE,
                                 related_name="contacts")
    unit = models.ForeignKey("ledger.Unit", verbose_name=_("沟通单位"), on_delete=models.PROTECT,
                             related_name="proposal_contacts")
    stage = models.CharField(_("沟通阶段"), max_length=8, choices=ContactStage.choices)
    contacted_on = models.DateField(_("沟通日期"))
    way = models.CharField(_("沟通方式"), max_length=8, choices=ContactWay.choices)
    summary = models.TextField(_("沟通情况"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("沟通记录")
        verbose_name_plural = _("沟通记录")
        ordering = ["contacted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal.code} {self.contacted_on}"


class CoOpinion(TimeStampedModel):
    """A co-handling unit's opinion to the host (会办意见), attached to the host's reply."""

    proposal = models.ForeignKey("proposals.Proposal", verbose_name=_("建议提案"), on_delete=models.CASCADE,
                                 related_name="opinions")
    unit = models.ForeignKey("ledger.Unit", verbose_name=_("会办单位"), on_delete=models.PROTECT,
                             related_name="proposal_opinions")
    text = models.TextField(_("会办意见"))
    submitted_on = models.DateField(_("提交日期"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会办意见")
        verbose_name_plural = _("会办意见")
        ordering = ["submitted_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "unit", "round"], name="proposals_opinion_once_per_round",
                                    violation_error_message=_("本单位本轮已提交会办意见。")),
        ]

    def __str__(self) -> str:
        return f"{self.proposal.code} {self.unit}"


class Reply(TimeStampedModel):
    """A host unit's reply (答复函): text, signed letter, classification A/B/C, and the review.

    `due_date` is the deadline the reply answered to (the round's), kept so that on-time
    counts do not change when the item is later reopened. `search_text` holds the tokens of
    title and reply text for the public Chinese search (luoshi.portal.search), filled when
    the reply is accepted.
    """

    proposal = models.ForeignKey("proposals.Proposal", verbose_name=_("建议提案"), on_delete=models.CASCADE,
                                 related_name="replies")
    unit = models.ForeignKey("ledger.Unit", verbose_name=_("主办单位"), on_delete=models.PROTECT,
                             related_name="proposal_replies")
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    text = models.TextField(_("答复内容"))
    classification = models.CharField(_("答复类别"), max_length=1, choices=Classification.choices)
    file = models.CharField(_("答复函文件"), max_length=300, blank=True)
    file_name = models.CharField(_("答复函文件名"), max_length=255, blank=True)
    file_content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    file_size = models.PositiveIntegerField(_("文件大小"), default=0)
    file_sha256 = models.CharField(_("文件校验值"), max_length=64, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ReplyStatus.choices, default=ReplyStatus.SUBMITTED,
                              db_index=True)
    due_date = models.DateField(_("答复时限"))
    submitted_on = models.DateField(_("答复日期"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    is_public = models.BooleanField(_("答复全文公开"), default=False)
    search_text = models.TextField(_("检索词"), blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["proposal", "round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "unit", "round"],
                                    condition=models.Q(status__in=["submitted", "accepted"]),
                                    name="proposals_one_live_reply",
                                    violation_error_message=_("本单位本轮已有待审核或已采纳的答复。")),
        ]
        indexes = [models.Index(fields=["unit", "status"], name="proposals_reply_unit_status")]

    def __str__(self) -> str:
        return f"{self.proposal.code} {self.unit} {self.classification}"

    @property
    def on_time(self) -> bool:
        return self.submitted_on <= self.due_date


class Feedback(TimeStampedModel):
    """The proposer's evaluation of a round's reply, entered by the office as received."""

    proposal = models.ForeignKey("proposals.Proposal", verbose_name=_("建议提案"), on_delete=models.CASCADE,
                                 related_name="feedback")
    round = models.PositiveSmallIntegerField(_("办理轮次"))
    satisfaction = models.CharField(_("评价"), max_length=16, choices=Satisfaction.choices)
    received_on = models.DateField(_("收到日期"))
    note = models.TextField(_("意见"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("代表委员评价")
        verbose_name_plural = _("代表委员评价")
        ordering = ["proposal", "round"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "round"], name="proposals_feedback_once_per_round",
                                    violation_error_message=_("本轮答复已录入评价。")),
        ]

    def __str__(self) -> str:
        return f"{self.proposal.code} {self.get_satisfaction_display()}"


class Commitment(TimeStampedModel):
    """A commitment of a B reply (B类件), followed through as a ledger task led by the host."""

    reply = models.ForeignKey(Reply, verbose_name=_("答复"), on_delete=models.CASCADE, related_name="commitments")
    text = models.CharField(_("承诺事项"), max_length=500)
    due_on = models.DateField(_("承诺完成时限"), null=True, blank=True)
    task = models.OneToOneField("ledger.Task", verbose_name=_("台账任务"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="proposal_commitment")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("B类件承诺事项")
        verbose_name_plural = _("B类件承诺事项")
        ordering = ["reply", "pk"]

    def __str__(self) -> str:
        return self.text
