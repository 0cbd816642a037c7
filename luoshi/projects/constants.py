"""Messages of the projects app. Tests compare against these constants."""

from django.utils.translation import gettext_lazy as _

# The token (core.kept) of the figures read from every key project, its investment and its
# milestones, kept between requests: renewed by any save or delete of one (apps.py) and by the
# Excel import.
FIGURES_TOKEN = "project-figures"

MSG_NOT_ALLOWED_MANAGE = _("只有督查人员或管理员可以维护项目清单和项目批次。")
MSG_NOT_ALLOWED_REPORT = _("您无权填报该项目:只有督查人员、管理员和牵头单位的填报员可以填报。")
MSG_PROJECT_NOT_FOUND = _("项目不存在或无权查看。")
MSG_PLANNED_OVER_TOTAL = _("年度计划投资不能大于总投资。")
MSG_COMPLETED_OVER_TOTAL = _("本年完成投资合计不能大于总投资。")
MSG_MILESTONE_EMPTY = _("计划日期和实际日期至少填写一个。")
MSG_FUTURE_MONTH = _("%(year)s年%(month)s月尚未开始,不能填报完成投资。")
MSG_FUTURE_DATE = _("实际日期 %(date)s 晚于今天。")
MSG_NEGATIVE = _("不能为负数。")
MSG_MONTH_RANGE = _("月份应在1到12之间。")
MSG_CODE_TAKEN = _("%(year)s年已有编号为 %(code)s 的项目。")
MSG_BAD_ROLLUP = _("汇总方式应为 pipeline、unit 或 programme。")

INVESTMENT_MESSAGES = {
    "planned_over_total": MSG_PLANNED_OVER_TOTAL,
    "completed_over_total": MSG_COMPLETED_OVER_TOTAL,
}
