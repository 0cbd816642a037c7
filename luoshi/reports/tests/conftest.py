"""Evidence files written by tests go to an in-memory store, never to var/media; MEDIA_ROOT stays
empty, which proves the files go through the storage API (see luoshi.core.tests.storage)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from luoshi.core.tests.storage import use_memory_storage


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    return use_memory_storage(settings, tmp_path)
