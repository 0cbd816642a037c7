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


class DraftProblem(models.TextChoices):
    """What a reviewer must look at in a draft (the codes the task-list step and the table reader give)."""

    INVALID_DEADLINE = "invalid_deadline", _("完成时限不是有效日期")
    NOTE_WITHOUT_UNIT = "note_without_unit", _("责任说明未写明单位")
    SEVERAL_LEAD_UNITS = "several_lead_units", _("有多个牵头单位:第一个作牵头单位,其余作配合单位")
    NO_TASK_TEXT = "no_task_text", _("任务内容为空")
