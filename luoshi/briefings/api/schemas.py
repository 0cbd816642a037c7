"""Schemas of the briefings API that other apps' endpoints answer with too: a queued job."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema


class JobOut(Schema):
    id: int
    kind: str
    status: str
    progress: int
    message: str
    result: dict[str, Any]
    download_url: str | None
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_download_url(obj: Any) -> str | None:
        from django.urls import reverse

        return reverse("briefings:job_download", args=[obj.pk]) if obj.result_file else None
