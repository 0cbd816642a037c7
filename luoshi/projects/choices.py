"""Choices of the projects app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Pipeline(models.TextChoices):
    """The pipelines a work report promises: projects to start, to build on, to complete."""

    NEW_START = "new_start", _("新开工")
    UNDER_CONSTRUCTION = "under_construction", _("在建")
    COMPLETION = "completion", _("竣工")
    OTHER = "other", _("其他")


class MilestoneKind(models.TextChoices):
    START = "start", _("开工")
    STRUCTURE = "structure", _("主体完工")
    COMPLETION = "completion", _("竣工")
    OPERATION = "operation", _("投产")


class MilestoneState(models.TextChoices):
    """Computed by rules.milestone_state, never stored."""

    DONE = "done", _("按期完成")
    DONE_LATE = "done_late", _("逾期完成")
    OVERDUE = "overdue", _("逾期未完成")
    DUE_SOON = "due_soon", _("即将到期")
    PENDING = "pending", _("未到期")
    UNPLANNED = "unplanned", _("未计划")


class ProjectLight(models.TextChoices):
    GREEN = "green", _("正常")
    YELLOW = "yellow", _("预警")
    RED = "red", _("滞后")
    NONE = "none", _("无计划")


class RollupBy(models.TextChoices):
    PIPELINE = "pipeline", _("按类型")
    UNIT = "unit", _("按牵头单位")
    PROGRAMME = "programme", _("按工程")


# The eight programmes (工程) of the Binhai 2024 work report, offered as suggestions; free text is allowed.
PROGRAMMES = (
    "京津冀协同发展战略合作功能区建设工程",
    "改革开放先行区建设工程",
    "创新驱动发展示范区建设工程",
    "现代化产业聚集区建设工程",
    "北方国际航运核心区建设工程",
    "绿色低碳发展新模式试验区建设工程",
    "城乡高品质生活样板区建设工程",
    "社会治理现代化引领区建设工程",
)
