"""Tests' file store: Django's in-memory storage configured through STORAGES.

Evidence, briefings, export results and pending imports are written and read only through the
storage API, so that several application servers can share an object store. Running their tests
against InMemoryStorage proves it: a file path, an `open()` of MEDIA_ROOT or a `.path` would fail
there (InMemoryStorage has no path), and MEDIA_ROOT stays empty.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage

MEMORY_STORAGE = {"BACKEND": "django.core.files.storage.InMemoryStorage"}


def use_memory_storage(settings: Any, tmp_path: Path) -> Path:
    """Point the default storage at a fresh in-memory store and MEDIA_ROOT at an empty folder
    that nothing may create; returns that folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": MEMORY_STORAGE}
    return Path(settings.MEDIA_ROOT)


def stored_names(folder: str = "") -> list[str]:
    """Every file name in the default storage under `folder`, through the storage API only."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    prefix = f"{folder}/" if folder else ""
    names = [prefix + name for name in files]
    for sub in folders:
        names.extend(stored_names(prefix + sub))
    return sorted(names)
