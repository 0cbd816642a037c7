"""The upload form of every import page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件(.xlsx)"))

    def __init__(self, *args: Any, years: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if years:
            self.fields["year"] = forms.TypedChoiceField(label=_("年度(表中未写年度时使用)"), coerce=int,
                                                         choices=[(y, y) for y in years], initial=years[0])
