"""Uploads kept for a later step: our names only, read back only unchanged, removed, swept."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from luoshi.core.kept_uploads import KeptUploads, sha256_of
from luoshi.core.tests.storage import stored_names, use_memory_storage

DAY = KeptUploads("waiting", timedelta(days=1))


@pytest.fixture(params=["memory", "files"])
def storage(request: Any, settings: Any, tmp_path: Path) -> str:
    """Both kinds of default storage: an object store's (in memory, no paths) and local files."""
    if request.param == "memory":
        use_memory_storage(settings, tmp_path)
    else:
        settings.MEDIA_ROOT = tmp_path / "media"
        settings.STORAGES = {**settings.STORAGES,
                             "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return str(request.param)


def test_a_kept_upload_is_read_back_once_and_removed(storage: str) -> None:
    name, digest = DAY.keep(b"workbook", suffix=".xlsx")
    assert name.endswith(".xlsx") and digest == sha256_of(b"workbook")
    assert stored_names("waiting") == [f"waiting/{name}"]
    assert DAY.read(name, digest) == b"workbook"
    DAY.remove(name)
    DAY.remove(name)  # twice, as two processes may: no error
    assert DAY.read(name, digest) is None and stored_names("waiting") == []


def test_a_file_changed_in_the_storage_or_a_wrong_digest_is_not_read(storage: str) -> None:
    name, digest = DAY.keep(b"original")
    assert DAY.read(name, sha256_of(b"other")) is None
    assert DAY.read(name, "") is None
    default_storage.delete(f"waiting/{name}")
    default_storage.save(f"waiting/{name}", ContentFile(b"tampered"))
    assert DAY.read(name, digest) is None


@pytest.mark.parametrize("name", ["../secret_key", "a/b", "", "x", "abcdefgh.tar.gz", "abcdefgh/..", "ab cdefgh"])
def test_names_that_are_not_ours_are_never_opened_or_removed(storage: str, name: str) -> None:
    default_storage.save("waiting/keep-me.txt", ContentFile(b"other flow"))
    assert DAY.read(name, sha256_of(b"other flow")) is None
    DAY.remove(name)
    assert default_storage.exists("waiting/keep-me.txt")


def test_the_uploaders_suffix_is_kept_only_when_plain(storage: str) -> None:
    assert DAY.keep(b"a", suffix=".docx")[0].endswith(".docx")
    for suffix in ("", ".tar.gz", "./../x", ".口令", ".0123456789abc"):
        name = DAY.keep(b"a", suffix=suffix)[0]
        assert "." not in name and "/" not in name


def test_files_nobody_came_back_for_are_swept_when_the_next_is_kept(storage: str) -> None:
    old, _digest = DAY.keep(b"old")
    other_flow, _ = KeptUploads("elsewhere", timedelta(days=1)).keep(b"x")
    expired = KeptUploads("waiting", timedelta(seconds=-1))  # everything already older than its lifetime
    kept, _ = expired.keep(b"new")
    assert stored_names("waiting") == [f"waiting/{kept}"]  # the old one went, the new one stays
    assert stored_names("elsewhere") == [f"elsewhere/{other_flow}"]
    assert old != kept
