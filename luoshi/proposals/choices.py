"""Choices of the suggestions-and-proposals app (建议提案办理)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Body(models.TextChoices):
    """Who holds the session: the people's congress or the CPPCC."""

    CONGRESS = "congress", _("人民代表大会")
    CPPCC = "cppcc", _("政协")


class ProposalKind(models.TextChoices):
    """A suggestion (建议) comes from congress deputies, a proposal (提案) from CPPCC members."""

    SUGGESTION = "suggestion", _("建议")
    PROPOSAL = "proposal", _("提案")


# The kind of item each body's session receives.
KIND_OF_BODY = {Body.CONGRESS: ProposalKind.SUGGESTION, Body.CPPCC: ProposalKind.PROPOSAL}


class ProposerKind(models.TextChoices):
    DEPUTY = "deputy", _("人大代表")
    MEMBER = "member", _("政协委员")


class ProposalStatus(models.TextChoices):
    REGISTERED = "registered", _("待交办")
    ASSIGNED = "assigned", _("办理中")
    ANSWERED = "answered", _("已答复")
    REOPENED = "reopened", _("重新办理")
    CLOSED = "closed", _("已办结")


# Statuses in which the host units still owe a reply.
OPEN_STATUSES = (ProposalStatus.ASSIGNED, ProposalStatus.REOPENED)


class AssignmentRole(models.TextChoices):
    """主办 leads and replies; 会办/协办 give their opinion to the host. Several hosts = 分办."""

    HOST = "host", _("主办")
    CO = "co", _("会办")


class ReassignStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("未同意")


class ContactStage(models.TextChoices):
    BEFORE = "before", _("办前沟通")
    DURING = "during", _("办中沟通")


class ContactWay(models.TextChoices):
    VISIT = "visit", _("登门走访")
    MEETING = "meeting", _("座谈会")
    PHONE = "phone", _("电话")
    LETTER = "letter", _("信函")
    ONLINE = "online", _("网络")
    OTHER = "other", _("其他")


class Classification(models.TextChoices):
    """The reply's classification, as the congress and CPPCC offices count it."""

    A = "A", _("A 已解决或基本解决")
    B = "B", _("B 正在解决或列入计划逐步解决")
    C = "C", _("C 因条件限制暂时不能解决,予以说明")


class ReplyStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已采纳")
    RETURNED = "returned", _("已退回")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


# Words for the figures a list can be drilled down to (rules.FIGURE_KEYS).
FIGURE_LABELS = {
    "received": _("收到"), "assigned": _("已交办"), "replied": _("已答复"), "on_time": _("按期答复"),
    "late": _("逾期答复"), "overdue": _("逾期未答复"), "A": _("A类答复"), "B": _("B类答复"), "C": _("C类答复"),
    "evaluated": _("已评价"), "satisfied": _("满意"), "basically": _("基本满意"), "unsatisfied": _("不满意"),
    "commitments": _("B类承诺事项"), "commitments_done": _("B类承诺已完成"),
}
