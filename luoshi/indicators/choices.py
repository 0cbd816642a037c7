"""Choices of the indicators app (values are stable identifiers; labels are shown to users)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "up", _("越高越好")
    LOWER_IS_BETTER = "down", _("越低越好")


class Expression(models.TextChoices):
    """How a value is expressed: a level (总量), a year-on-year growth rate, or a share (占比)."""

    LEVEL = "level", _("总量")
    GROWTH = "growth", _("同比增速")
    SHARE = "share", _("占比")


class Frequency(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")
    YEAR = "year", _("年度")


class TargetComparator(models.TextChoices):
    """How the target is phrased; docs/indicators.md gives each one's rule and tolerance."""

    EQ = "eq", _("达到")
    ABOUT = "about", _("左右")
    GTE = "gte", _("以上")
    LTE = "lte", _("以内")
    FLAT = "flat", _("持平")
    IN_STEP = "in_step", _("与…同步")


class ObservationSource(models.TextChoices):
    MANUAL = "manual", _("页面填报")
    IMPORT = "import", _("Excel导入")
    API = "api", _("接口")
    DEMO = "demo", _("演示数据")


class StatusLight(models.TextChoices):
    """The lights of rules.assess, with the words offices use."""

    GREEN = "green", _("达到进度")
    YELLOW = "yellow", _("略有差距")
    RED = "red", _("明显滞后")
    NONE = "none", _("无数据")
