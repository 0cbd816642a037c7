from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "up", _("越高越好")
    LOWER_IS_BETTER = "down", _("越低越好")


class Expression(models.TextChoices):
    LEVEL = "level", _("总量")
    GROWTH = "growth", _("同比增速")
    SHARE = "share", _("占比")


class Frequency(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")
    YEAR = "year", _("年度")


class TargetComparator(models.TextChoices):
    EQ = "eq", _("达到")
    ABOUT = "about", _("左右")
    GTE = "gte", _("以上")
    LTE = "lte", _("以内")
    FLAT = "flat", _("持平")
    IN_STEP = "in_step", _("与…同步")
