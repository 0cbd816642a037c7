"""Messages and labels of the indicators app. Tests compare against these constants."""

from django.utils.translation import gettext_lazy as _

# The token (core.kept) of the figures read from every indicator, target and observation, kept
# between requests: renewed by any save or delete of one (apps.py) and by the Excel import.
FIGURES_TOKEN = "indicator-figures"

MSG_NOT_ALLOWED_MANAGE = _("只有督查人员或管理员可以维护指标目录和年度目标。")
MSG_NOT_ALLOWED_OBSERVE = _("您无权填报该指标:只有督查人员、管理员和责任单位的填报员可以填报。")
MSG_NOT_ALLOWED_VIEW = _("您无权查看指标。")
MSG_INDICATOR_NOT_FOUND = _("指标不存在或无权查看。")
MSG_FUTURE_PERIOD = _("统计期 %(period)s 尚未开始,不能填报未来的数据。")
MSG_UNIT_MISMATCH = _("单位“%(given)s”与指标单位“%(expected)s”不一致,无法换算。")
MSG_NOT_A_NUMBER = _("应为数字,实际为“%(text)s”。")
MSG_TARGET_VALUE_REQUIRED = _("该比较方式需要填写目标值。")
MSG_REFERENCE_REQUIRED = _("“与…同步”的目标需要选择参照指标。")
MSG_REFERENCE_SELF = _("参照指标不能是指标本身。")
MSG_NAME_TAKEN = _("已有同名指标(或别名相同):%(name)s。")

FORECAST_METHOD_LABELS = {
    "final": _("年末实际值"),
    "seasonal_share": _("按往年同期累计进度(季节性)外推"),
    "run_rate": _("按已过月份的平均进度外推"),
    "seasonal_drift": _("按往年同期至年末的变化外推"),
    "damped_trend": _("按近期趋势(阻尼)外推"),
    "last_value": _("沿用最新值"),
}

MODE_LABELS = {
    "flow": _("累计值按时间进度(季节性)折算"),
    "path": _("从上年实际值到目标值按月线性推进"),
    "direct": _("最新值直接与目标比较"),
}
