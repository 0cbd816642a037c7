from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    POLICY = "policy", _("政策文件")
    WORK_REPORT = "work_report", _("工作报告")
    PRESS_CONFERENCE = "press_conference", _("新闻发布会")
    NOTICE = "notice", _("通知")


class ItemKind(models.TextChoices):
    TARGET = "target", _("目标")
    ACTUAL = "actual", _("实绩")
    COUNT = "count", _("任务数")
    PROJECT = "project", _("项目批次")


class Comparator(models.TextChoices):
    EQ = "eq", _("等于")
    ABOUT = "about", _("左右")
    GTE = "gte", _("以上")
    LTE = "lte", _("以内")


class DraftStatus(models.TextChoices):
    DRAFT = "draft", _("待审核")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("已驳回")
