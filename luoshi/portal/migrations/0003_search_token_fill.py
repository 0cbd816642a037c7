"""Fill the search index's token table from the rows already published (issue 15).

Why: searches now ask the token table instead of scanning `search_text`; without this, an
installation's published measures would not be found until the next `reindex_portal` or save.
The tokens are derived from the stored columns (no segmentation needed here).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from luoshi.portal.search import token_set


def fill(apps: Any, schema_editor: Any) -> None:
    measures = apps.get_model("portal", "PublishedMeasure")
    tokens = apps.get_model("portal", "SearchToken")
    batch: list[Any] = []
    for row in measures.objects.only("task_id", "search_text", "industries", "areas").iterator(chunk_size=500):
        batch.extend(tokens(measure_id=row.task_id, token=t)
                     for t in sorted(token_set(row.search_text, row.industries, row.areas)))
        if len(batch) >= 5000:
            tokens.objects.bulk_create(batch)
            batch = []
    tokens.objects.bulk_create(batch)


def empty(apps: Any, schema_editor: Any) -> None:
    apps.get_model("portal", "SearchToken").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_search_token")]

    operations = [migrations.RunPython(fill, empty)]
