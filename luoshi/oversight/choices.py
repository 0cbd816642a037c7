from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.oversight import rules


class SnapshotKind(models.TextChoices):
    MONTHLY = "monthly", _("月度快照")
    ON_DEMAND = "on_demand", _("即时快照")


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")
    WITHDRAWN = "withdrawn", _("已撤回")


class NoticeStatus(models.TextChoices):
    ISSUED = "issued", _("待回复")
    ESCALATED = "escalated", _("逾期未复,已升级")
    ANSWERED = "answered", _("已回复")
    CLOSED = "closed", _("已办结")


OPEN_NOTICE_STATUSES = (NoticeStatus.ISSUED, NoticeStatus.ESCALATED)

# Why a task is not green, for people (codes from oversight.rules).
REASON_LABELS = {
    rules.OVERDUE: _("已超过完成时限"),
    rules.FAR_BEHIND: _("进度严重滞后于时序"),
    rules.BEHIND: _("进度滞后于时序"),
    rules.DUE_SOON: _("临近完成时限,进度不足"),
    rules.MILESTONES_OVERDUE: _("有里程碑逾期未完成"),
    rules.REPORTS_MISSING: _("有进展报告逾期未报"),
    rules.NO_REPORT: _("按时序应有进展,尚无任何进展报告"),
}

# A task's forecast, for people (verdicts from oversight.rules.forecast).
FORECAST_LABELS = {
    rules.ON_COURSE: _("预计按期完成"),
    rules.LIKELY_LATE: _("预计难以按期完成"),
    rules.INSUFFICIENT: _("数据不足,暂不预测"),
    rules.NO_DEADLINE: _("无完成时限或已中止,不作预测"),
}

# Fields an adjustment request may change, grouped as the issue names them.
ADJUSTABLE_FIELDS = {
    "deadline": _("完成时限"),
    "start_date": _("开始日期"),
    "target_indicator": _("目标指标"),
    "target_value": _("目标值"),
    "target_unit": _("目标单位"),
    "target_comparator": _("目标比较"),
    "lead_unit": _("牵头单位"),
    "co_units": _("配合单位"),
    "title": _("任务内容"),
    "description": _("任务描述"),
    "expected_outcome": _("预期成效"),
}
