"""System checks of the oversight app: the assessment formula must be well defined at startup."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from luoshi.oversight.constants import score_parts


@register()
def assessment_weights_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """oversight.E001 when the assessment weights name an unknown part or do not sum to 100 %."""
    try:
        score_parts()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), hint="Fix settings.LUOSHI['ASSESSMENT_WEIGHTS'] (see docs/assessment.md).",
                      id="oversight.E001")]
    return []
