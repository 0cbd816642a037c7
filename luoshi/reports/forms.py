"""Forms of the reports pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.reports.choices import Grade
from luoshi.reports.files import ALLOWED_LABEL


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ReportForm(forms.Form):
    """A progress report's content. Files are read from request.FILES by the view and checked
    by the service (type, content, size), so the form only renders the input."""

    # A plain field rendered as a list: a period that closed since the page was loaded is refused by
    # the service with its own clear message, not by the form as "not a valid choice".
    period_key = forms.CharField(label=_("填报期"), max_length=8, widget=forms.Select)
    narrative = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 6}))
    percent_done = forms.IntegerField(label=_("完成进度(%)"), min_value=0, max_value=100, required=False)
    milestones = forms.MultipleChoiceField(label=_("本期完成的里程碑"), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    measured_value = forms.DecimalField(label=_("目标实测值"), required=False, max_digits=20, decimal_places=4)
    measured_note = forms.CharField(label=_("实测值说明"), required=False, max_length=300)
    # The form metaclass pops declared fields, so `self.files` stays the uploaded-files dict.
    files = forms.FileField(  # type: ignore[assignment]  # the stub sees BaseForm.files
        label=_("证明材料"), required=False, widget=MultipleFileInput,
        help_text=_("可多选;接受 %(types)s") % {"types": ALLOWED_LABEL})
    idempotency_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, periods: list[tuple[str, str]], milestones: list[tuple[int, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period_key"].widget.choices = periods
        milestones_field = self.fields["milestones"]
        assert isinstance(milestones_field, forms.MultipleChoiceField)  # declared above
        milestones_field.choices = milestones
        if not milestones:
            del self.fields["milestones"]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("采纳")), ("return", _("退回"))], widget=forms.HiddenInput)
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    grade = forms.TypedChoiceField(label=_("评价等级"), choices=[("", "—"), *Grade.choices], coerce=int,
                                   required=False, empty_value=None)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("节点内容"), max_length=300)
    due_date = forms.DateField(label=_("计划完成日期"), widget=forms.DateInput(attrs={"type": "date"}))


class PeriodForm(forms.Form):
    key = forms.CharField(label=_("填报期"), max_length=8)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ContributionForm(forms.Form):
    """A co-unit's part of the lead unit's report; the file is checked by the service."""

    period_key = forms.CharField(label=_("填报期"), max_length=8, widget=forms.Select)
    text = forms.CharField(label=_("协办情况"), widget=forms.Textarea(attrs={"rows": 6}))
    percent_done = forms.IntegerField(label=_("本单位承担部分完成进度(%)"), min_value=0, max_value=100, required=False)
    file = forms.FileField(label=_("证明材料"), required=False, help_text=ALLOWED_LABEL)

    def __init__(self, *args: Any, periods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period_key"].widget.choices = periods
