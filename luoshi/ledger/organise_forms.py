"""Forms of the organise and liaise pages: task forces, assignment, liaison."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.ledger.choices import ReportFrequency
from luoshi.ledger.models import LiaisonChannel, LiaisonStatus, Person, Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TaskForceForm(forms.Form):
    name = forms.CharField(label=_("专班名称"), max_length=200)
    mandate = forms.CharField(label=_("工作职责"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    leader = forms.ModelChoiceField(label=_("专班负责人"), queryset=Person.objects.select_related("unit"))
    members = forms.ModelMultipleChoiceField(label=_("专班成员"), queryset=Person.objects.select_related("unit"),
                                             required=False, widget=forms.SelectMultiple(attrs={"size": 8}))
    is_active = forms.BooleanField(label=_("运行中"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TaskForceTasksForm(forms.Form):
    codes = forms.CharField(label=_("任务编号"), widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("每行或以逗号分隔一个任务编号"))
    move = forms.BooleanField(label=_("从原专班转入"), required=False)

    def code_list(self) -> list[str]:
        raw = self.cleaned_data["codes"].replace(",", "\n").replace(",", "\n").replace("、", "\n")
        return [c.strip() for c in raw.splitlines() if c.strip()]


class BulkAssignForm(forms.Form):
    """Assignment for the checked tasks: an empty field is left as it is on each task."""

    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.all(), required=False)
    co_units = forms.ModelMultipleChoiceField(label=_("配合单位"), queryset=Unit.objects.all(), required=False,
                                              widget=forms.SelectMultiple(attrs={"size": 5}))
    add_co_units = forms.BooleanField(label=_("追加(不替换原配合单位)"), required=False, initial=True)
    responsible_person = forms.ModelChoiceField(label=_("责任人"), queryset=Person.objects.select_related("unit"),
                                                required=False)
    report_frequency = forms.ChoiceField(label=_("填报周期"), choices=[("", "—"), *ReportFrequency.choices],
                                         required=False)


class TaskAssignForm(forms.Form):
    """Assignment of one task, as it should become (empty clears); `version` is the one read."""

    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.all(), required=False)
    co_units = forms.ModelMultipleChoiceField(label=_("配合单位"), queryset=Unit.objects.all(), required=False,
                                              widget=forms.SelectMultiple(attrs={"size": 6}))
    responsible_person = forms.ModelChoiceField(label=_("责任人"), queryset=Person.objects.select_related("unit"),
                                                required=False)
    report_frequency = forms.ChoiceField(label=_("填报周期"), choices=ReportFrequency.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class LiaisonForm(forms.Form):
    department = forms.CharField(label=_("对接部门"), max_length=200)
    department_unit = forms.ModelChoiceField(label=_("对接部门(单位库)"), queryset=Unit.objects.all(), required=False)
    channel = forms.ChoiceField(label=_("对接方式"), choices=LiaisonChannel.choices)
    request = forms.CharField(label=_("对接事项"), widget=forms.Textarea(attrs={"rows": 3}))
    asked_on = forms.DateField(label=_("对接日期"), widget=DATE)
    contact = forms.CharField(label=_("对方联系人"), max_length=100, required=False)
    answer = forms.CharField(label=_("答复情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    answered_on = forms.DateField(label=_("答复日期"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("状态"), choices=LiaisonStatus.choices)
    follow_up_on = forms.DateField(label=_("下次跟进日期"), required=False, widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    FIELDS = ("department", "department_unit", "channel", "request", "asked_on", "contact", "answer", "answered_on",
              "status", "follow_up_on")
