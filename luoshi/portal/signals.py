"""Keeps the public search row of a published task current whatever saved it (pages, API, reports).

Unpublishing goes through portal.services.task_publication_update, which removes the row; a
row that outlives its publication shows nothing, because every public read also requires
`is_public` (see selectors.published_tasks). Private tasks cost no query here.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from luoshi.ledger.models import Task


@receiver(post_save, sender=Task, dispatch_uid="portal_measure_index_sync")
def task_saved(sender: type[Task], instance: Task, raw: bool = False, **kwargs: Any) -> None:
    if raw or not instance.is_public:
        return
    from luoshi.portal.services import measure_index_sync

    measure_index_sync(task=instance)
