"""Writes of the projects app: confirming extracted project batches."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from luoshi.documents.choices import DraftStatus, ItemKind
from luoshi.documents.models import ExtractedItem
from luoshi.projects.choices import Pipeline
from luoshi.projects.models import ProjectBatch

PIPELINE_WORDS = [("开工", Pipeline.NEW_START), ("竣工", Pipeline.COMPLETION), ("建成", Pipeline.COMPLETION),
                  ("在建", Pipeline.UNDER_CONSTRUCTION), ("建设", Pipeline.UNDER_CONSTRUCTION),
                  ("推进", Pipeline.UNDER_CONSTRUCTION)]


def pipeline_for(text: str) -> str:
    for word, pipeline in PIPELINE_WORDS:
        if word in text:
            return pipeline
    return Pipeline.OTHER


@transaction.atomic
def batch_confirm_from_item(*, item: ExtractedItem, user: Any = None) -> ProjectBatch | None:
    if item.kind != ItemKind.PROJECT:
        return None
    batch, _ = ProjectBatch.objects.update_or_create(
        source_item=item,
        defaults={
            "name": (item.indicator or item.quote)[:200],
            "pipeline": pipeline_for(item.quote),
            "year": int(item.period) if item.period.isdigit() else None,
            "promised_count": int(item.value),
            "promised_investment": Decimal(str(item.investment)) if item.investment else None,
        },
    )
    ExtractedItem.objects.filter(pk=item.pk).update(status=DraftStatus.CONFIRMED)
    return batch
