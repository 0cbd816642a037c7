from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class JobKind(models.TextChoices):
    LEDGER_EXPORT = "ledger_export", _("导出任务台账")
    BRIEFING_GENERATE = "briefing_generate", _("生成工作简报")
    BRIEFING_RENDER = "briefing_render", _("生成简报文件")
    EVALUATION_RUN = "evaluation_run", _("运行评估")
    DOCUMENT_INGEST = "document_ingest", _("导入文件")
    SHEET_IMPORT = "sheet_import", _("导入表格")


class BriefingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已印发")


class FigureSource(models.TextChoices):
    """Where a briefing's numbers came from: a period's evaluation snapshot or the live ledger."""

    SNAPSHOT = "snapshot", _("月度快照")
    LIVE = "live", _("台账实时数据")
