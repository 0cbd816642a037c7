"""Forms of the task force pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from luoshi.core.forms import ModelMultipleChoiceField
from luoshi.ledger.models import Person


class TaskForceForm(forms.Form):
    name = forms.CharField(label=_("专班名称"), max_length=200)
    mandate = forms.CharField(label=_("工作职责"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    leader = forms.ModelChoiceField(label=_("专班负责人"), queryset=Person.objects.select_related("unit"))
    members = ModelMultipleChoiceField(label=_("专班成员"), queryset=Person.objects.select_related("unit"),
                                       required=False, widget=forms.SelectMultiple(attrs={"size": 8}))
    is_active = forms.BooleanField(label=_("运行中"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, people: QuerySet[Person] | None = None, **kwargs: Any) -> None:
        """`people`: whom the leader and members are chosen from (an office's: its jurisdiction's)."""
        super().__init__(*args, **kwargs)
        if people is not None:
            leader = self.fields["leader"]
            members = self.fields["members"]
            assert isinstance(leader, forms.ModelChoiceField) and isinstance(members, forms.ModelMultipleChoiceField)
            leader.queryset = people
            members.queryset = people


class TaskForceTasksForm(forms.Form):
    codes = forms.CharField(label=_("任务编号"), widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("每行或以逗号分隔一个任务编号"))
    move = forms.BooleanField(label=_("从原专班转入"), required=False)

    def code_list(self) -> list[str]:
        raw = self.cleaned_data["codes"].replace(",", "\n").replace(",", "\n").replace("、", "\n")
        return [c.strip() for c in raw.splitlines() if c.strip()]
