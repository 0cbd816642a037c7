"""Forms of the oversight pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.forms import ModelMultipleChoiceField
from luoshi.ledger.choices import Comparator
from luoshi.ledger.models import Task, Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AdjustmentForm(forms.Form):
    """The task's plan as it should become; only the fields that differ are requested."""

    deadline = forms.DateField(label=_("完成时限"), required=False, widget=DATE)
    start_date = forms.DateField(label=_("开始日期"), required=False, widget=DATE)
    target_indicator = forms.CharField(label=_("目标指标"), required=False, max_length=200)
    target_value = forms.DecimalField(label=_("目标值"), required=False, max_digits=20, decimal_places=4)
    target_unit = forms.CharField(label=_("目标单位"), required=False, max_length=20)
    target_comparator = forms.ChoiceField(label=_("目标比较"), choices=Comparator.choices, required=False)
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.all(), required=False)
    co_units = ModelMultipleChoiceField(label=_("配合单位"), queryset=Unit.objects.all(), required=False,
                                        widget=forms.SelectMultiple(attrs={"size": 6}))
    title = forms.CharField(label=_("任务内容"), max_length=500)
    description = forms.CharField(label=_("任务描述"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    expected_outcome = forms.CharField(label=_("预期成效"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("调整理由"), widget=forms.Textarea(attrs={"rows": 3}))
    idempotency_key = forms.CharField(widget=forms.HiddenInput)

    PLAN_FIELDS = ("deadline", "start_date", "target_indicator", "target_value", "target_unit", "target_comparator",
                   "lead_unit", "co_units", "title", "description", "expected_outcome")

    @classmethod
    def initial_for(cls, task: Task) -> dict[str, Any]:
        initial: dict[str, Any] = {f: getattr(task, f) for f in cls.PLAN_FIELDS if f not in ("co_units",)}
        initial["co_units"] = list(task.co_units.all())
        return initial

    def changes(self) -> dict[str, Any]:
        """The plan fields as submitted, in the service's terms (units as objects)."""
        data = self.cleaned_data
        return {f: data.get(f) for f in self.PLAN_FIELDS}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("批准")), ("refuse", _("不予批准")), ("withdraw", _("撤回"))])
    comment = forms.CharField(label=_("审批意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class NoticeForm(forms.Form):
    reason = forms.CharField(label=_("督办事由"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("留空则使用评估给出的滞后原因"))
    requirement = forms.CharField(label=_("督办要求"), widget=forms.Textarea(attrs={"rows": 3}))
    reply_due = forms.DateField(label=_("回复时限"), required=False, widget=DATE,
                                help_text=_("留空则为 5 个工作日后"))
    idempotency_key = forms.CharField(widget=forms.HiddenInput)


class NoticeReplyForm(forms.Form):
    reply = forms.CharField(label=_("回复内容"), widget=forms.Textarea(attrs={"rows": 4}))


class NoticeCloseForm(forms.Form):
    comment = forms.CharField(label=_("办结意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("批示/评论"), widget=forms.Textarea(attrs={"rows": 2}))


class AssessmentForm(forms.Form):
    period_key = forms.CharField(label=_("考核期"), max_length=8, help_text=_("如 2024-09、2024-Q3、2024"))
