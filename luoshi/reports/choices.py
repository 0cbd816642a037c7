from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已采纳")
    RETURNED = "returned", _("已退回")


# A task has at most one report per period in these states; a returned one is kept beside
# its resubmission, so both versions stay.
LIVE_REPORT_STATUSES = (ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


class PeriodState(models.TextChoices):
    FUTURE = "future", _("未开始")
    OPEN = "open", _("填报中")
    LATE = "late", _("已过报送时限(可补报)")
    CLOSED = "closed", _("已关闭")


class Grade(models.IntegerChoices):
    """The reviewer's grade of an accepted report, used by the unit assessment."""

    EXCELLENT = 5, _("优秀")
    GOOD = 4, _("良好")
    FAIR = 3, _("一般")
    WEAK = 2, _("较差")
    POOR = 1, _("差")


class NotificationKind(models.TextChoices):
    DEADLINE_REMINDER = "deadline_reminder", _("完成时限提醒")
    DEADLINE_OVERDUE = "deadline_overdue", _("逾期催办")
    REPORT_REMINDER = "report_reminder", _("填报提醒")
    REPORT_SUBMITTED = "report_submitted", _("报告待审核")
    REPORT_ACCEPTED = "report_accepted", _("报告已采纳")
    REPORT_RETURNED = "report_returned", _("报告被退回")
    NOTICE_ISSUED = "notice_issued", _("督办单")
    NOTICE_ANSWERED = "notice_answered", _("督办单已回复")
    NOTICE_ESCALATED = "notice_escalated", _("督办升级")
    ADJUSTMENT_REQUESTED = "adjustment_requested", _("调整申请待审批")
    ADJUSTMENT_DECIDED = "adjustment_decided", _("调整申请已审批")
    LIAISON_FOLLOW_UP = "liaison_follow_up", _("对接跟进提醒")
    COMMENT = "comment", _("领导批示")
    DIGEST = "digest", _("每日待办汇总")


# Reminders the scheduler writes, and returned reports: each person reads them once a day, gathered
# in one digest (inbox and e-mail), never one message per task.
DIGESTED_KINDS = (NotificationKind.DEADLINE_REMINDER, NotificationKind.DEADLINE_OVERDUE,
                  NotificationKind.REPORT_REMINDER, NotificationKind.REPORT_RETURNED,
                  NotificationKind.LIAISON_FOLLOW_UP)
# Of those, the ones that appear in the inbox only inside their digest (a returned report is
# shown on its own at once, and again in the next digest).
FOLDED_KINDS = (NotificationKind.DEADLINE_REMINDER, NotificationKind.DEADLINE_OVERDUE,
                NotificationKind.REPORT_REMINDER, NotificationKind.LIAISON_FOLLOW_UP)


class EmailState(models.TextChoices):
    NONE = "none", _("无需邮件")
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class ContributionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
