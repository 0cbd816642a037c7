from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.TextChoices):
    NATIONAL = "national", _("国家部委")
    CITY = "city", _("市级")
    DISTRICT = "district", _("区级")
    ZONE = "zone", _("功能区/开发区")
    DEPARTMENT = "department", _("部门")
    STREET = "street", _("街镇")


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", _("督查人员")
    REPORTER = "reporter", _("单位填报员")
    LEADER = "leader", _("领导")
    ADMIN = "admin", _("管理员")


class TaskLevel(models.TextChoices):
    NATIONAL = "national", _("国家部委层面")
    CITY = "city", _("市级层面")
    DISTRICT = "district", _("区级层面")
    ZONE = "zone", _("功能区/单位层面")


class TaskKind(models.TextChoices):
    """What a ledger row is: a measure (work that is done and counted) or a heading of its plan
    (一、/（一）, structure whose figures come from the measures beneath it)."""

    MEASURE = "measure", _("举措")
    HEADING = "heading", _("分项标题")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("推进中")
    COMPLETED = "completed", _("已完成")
    SUSPENDED = "suspended", _("暂缓")
    CANCELLED = "cancelled", _("已取消")


class TrafficLight(models.TextChoices):
    """Evaluated state (评估): set from facts by the evaluation rules, never typed."""

    NONE = "none", _("未评估")
    GREEN = "green", _("正常")
    YELLOW = "yellow", _("预警")
    RED = "red", _("滞后")
    # Nothing reported while progress was expected: unknown, not "behind" (oversight.rules).
    UNREPORTED = "unreported", _("未报送")
    DONE = "done", _("完成")


class ReportFrequency(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    HALF_YEARLY = "half_yearly", _("每半年")
    YEARLY = "yearly", _("每年")


class Comparator(models.TextChoices):
    EQ = "eq", _("等于")
    ABOUT = "about", _("左右")
    GTE = "gte", _("以上")
    LTE = "lte", _("以内")
