"""The register: sessions (届次/会议), proposers, and the items they hand in (建议/提案)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from luoshi.core.models import TimeStampedModel
from luoshi.core.urlcache import cached_reverse
from luoshi.proposals.choices import (
    KIND_OF_BODY,
    Body,
    ProposalKind,
    ProposalStatus,
    ProposerKind,
    Satisfaction,
)

MSG_NUMBER_TAKEN = _("本次会议已有同类别的该编号,编号不能重复。")


class Session(TimeStampedModel):
    """A session of the people's congress or the CPPCC (e.g. 第四届人民代表大会第四次会议) whose
    deputies or members hand in suggestions or proposals; `year` is the handling year."""

    body = models.CharField(_("机关"), max_length=16, choices=Body.choices)
    name = models.CharField(_("会议名称"), max_length=200)
    opened_on = models.DateField(_("开幕日期"))
    year = models.PositiveSmallIntegerField(_("办理年度"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-year", "body", "name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="proposals_session_name_once",
                                    violation_error_message=_("已有同名的会议。")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind(self) -> str:
        """The kind of item this session receives (建议 for the congress, 提案 for the CPPCC)."""
        return str(KIND_OF_BODY[Body(self.body)])


class Proposer(TimeStampedModel):
    """A deputy (代表, with a delegation 代表团) or a CPPCC member (委员, with a sector 界别)."""

    name = models.CharField(_("姓名"), max_length=100)
    kind = models.CharField(_("身份"), max_length=16, choices=ProposerKind.choices)
    group = models.CharField(_("代表团/界别"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("提出人")
        verbose_name_plural = _("提出人")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name", "group"], name="proposals_proposer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.group})" if self.group else self.name


class Proposal(TimeStampedModel):
    """A suggestion or proposal: number within its session and kind (第0123号), what it asks,
    who handed it in, and where it stands in handling.

    `reply_due` is the current deadline for the host units' reply: counted from assignment,
    and moved to the re-handling deadline when an unsatisfied evaluation reopens the item
    (`round` then increases). The facts of each round stay on its replies and feedback.
    """

    session = models.ForeignKey(Session, verbose_name=_("会议"), on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(_("类别"), max_length=16, choices=ProposalKind.choices)
    number = models.PositiveIntegerField(_("编号"))
    title = models.CharField(_("标题"), max_length=300)
    content = models.TextField(_("内容"), blank=True)
    lead_proposer = models.ForeignKey(Proposer, verbose_name=_("领衔人"), on_delete=models.PROTECT,
                                      related_name="led_proposals")
    co_signers = models.ManyToManyField(Proposer, verbose_name=_("附议人"), blank=True, related_name="co_signed")
    category = models.CharField(_("内容分类"), max_length=100, blank=True, db_index=True)
    is_key = models.BooleanField(_("重点建议/提案"), default=False)
    leading_leader = models.ForeignKey("ledger.Person", verbose_name=_("领办领导"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="led_proposals")
    status = models.CharField(_("办理状态"), max_length=16, choices=ProposalStatus.choices,
                              default=ProposalStatus.REGISTERED, db_index=True)
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    reply_due = models.DateField(_("答复时限"), null=True, blank=True, db_index=True)
    opinion_due = models.DateField(_("会办意见时限"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    satisfaction = models.CharField(_("代表委员评价"), max_length=16, choices=Satisfaction.choices, blank=True)
    is_demo = models.BooleanField(_("示例数据"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("建议提案")
        verbose_name_plural = _("建议提案")
        ordering = ["session", "kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "kind", "number"], name="proposals_number_once_per_session",
                                    violation_error_message=MSG_NUMBER_TAKEN),
        ]
        indexes = [models.Index(fields=["session", "status"], name="proposals_session_status")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        """第0123号, as the offices number them."""
        return str(_("第%(number)s号") % {"number": f"{self.number:04d}"})

    def get_absolute_url(self) -> str:
        return cached_reverse("proposals:detail", self.pk)

    def clean(self) -> None:
        super().clean()
        if self.session_id is not None and self.kind and self.kind != self.session.kind:
            raise ValidationError({"kind": _("人大会议收到的是建议,政协会议收到的是提案:类别与会议不符。")})
