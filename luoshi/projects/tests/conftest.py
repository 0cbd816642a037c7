"""Uploads waiting between preview and commit go to an in-memory store, never to var/ (and never
to MEDIA_ROOT: they go through the storage API, see luoshi.core.tests.storage)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from luoshi.core.tests.storage import use_memory_storage


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    use_memory_storage(settings, tmp_path)
