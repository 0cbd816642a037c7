"""Writes of the indicators app: confirming extracted targets into the catalogue."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from luoshi.documents.choices import DraftStatus, ItemKind
from luoshi.documents.models import ExtractedItem
from luoshi.indicators.choices import Expression, TargetComparator
from luoshi.indicators.models import Indicator, IndicatorTarget


def _expression_for(item: ExtractedItem) -> str:
    if item.unit in {"%", "百分点"}:
        return Expression.GROWTH if ("增" in item.quote or "降" in item.quote) else Expression.SHARE
    return Expression.LEVEL


@transaction.atomic
def target_confirm_from_item(*, item: ExtractedItem, user: Any = None) -> IndicatorTarget | None:
    """Create (or update) the indicator and its target for the item's year, keeping the source item."""
    if item.kind != ItemKind.TARGET or not item.period.isdigit():
        return None
    name = (item.indicator or item.quote)[:200]
    indicator, _created = Indicator.objects.get_or_create(
        name=name, defaults={"unit": item.unit, "expression": _expression_for(item)}
    )
    comparator = item.comparator
    if item.comparator == "about" and item.value == 0 and "持平" in item.quote:
        comparator = TargetComparator.FLAT
    target, _ = IndicatorTarget.objects.update_or_create(
        indicator=indicator, year=int(item.period),
        defaults={"value": item.value, "comparator": comparator, "source_item": item},
    )
    ExtractedItem.objects.filter(pk=item.pk).update(status=DraftStatus.CONFIRMED)
    return target
