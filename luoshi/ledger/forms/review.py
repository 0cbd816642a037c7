"""Forms of document ingest and draft review."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.ledger.choices import TaskLevel, UnitLevel
from luoshi.ledger.models import Unit


class DocumentIngestForm(forms.Form):
    file = forms.FileField(label=_("文件"), help_text=_("支持 .txt、.html、.docx、.pdf;UTF-8 或 GBK 编码"))
    source_url = forms.URLField(label=_("来源地址"), required=False, assume_scheme="https")


class DraftConfirmForm(forms.Form):
    """Edits a reviewer may make while confirming one draft.

    A page showing many drafts passes `units` (read once) so that each form's unit list is
    not read again from the database.
    """

    title = forms.CharField(label=_("任务内容"), max_length=500)
    level = forms.ChoiceField(label=_("层级"), choices=TaskLevel.choices)
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.all(), required=False)
    # The co-units as the plan writes them: resolved on confirming, refused while one is unknown,
    # so that an edit can never drop a unit the way a multiple choice of known units would.
    co_unit_names = forms.CharField(label=_("配合单位"), required=False, max_length=1000,
                                    help_text=_("多个单位用顿号分隔;须为单位名录中的名称、简称或别名。"))
    responsible_person_name = forms.CharField(label=_("责任人"), required=False, max_length=100)
    deadline = forms.DateField(label=_("完成时限"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    expected_outcome = forms.CharField(label=_("预期成效"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, units: Sequence[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            field = self.fields["lead_unit"]
            assert isinstance(field, forms.ModelChoiceField)  # declared above
            field.choices = [("", field.empty_label), *((u.pk, field.label_from_instance(u)) for u in units)]


class UnitNameResolveForm(forms.Form):
    """One unit name a plan writes that the directory lacks: map it to a unit (saved as its alias)
    or create the unit; one of the two."""

    name = forms.CharField(widget=forms.HiddenInput, max_length=200)
    map_to = forms.ModelChoiceField(label=_("对应到已有单位"), queryset=Unit.objects.all(), required=False)
    full_name = forms.CharField(label=_("新建单位全称"), required=False, max_length=200)
    level = forms.ChoiceField(label=_("层级"), choices=[("", "---------"), *UnitLevel.choices], required=False)
    parent = forms.ModelChoiceField(label=_("上级单位"), queryset=Unit.objects.all(), required=False)

    def __init__(self, *args: Any, units: Sequence[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            for name in ("map_to", "parent"):
                field = self.fields[name]
                assert isinstance(field, forms.ModelChoiceField)  # declared above
                field.choices = [("", field.empty_label), *((u.pk, field.label_from_instance(u)) for u in units)]
