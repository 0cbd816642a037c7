"""What several application servers share (issue 15, point 6): files through the storage API
(local by default, an S3-compatible store from the environment), sessions and cache."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from pytest_django.fixtures import Settings

from config.settings import file_storage, session_engine, shared_cache_seconds
from luoshi.core.tests.storage import MEMORY_STORAGE, stored_names


def test_files_are_local_by_default() -> None:
    assert file_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_an_s3_bucket_in_the_environment_selects_the_object_store_with_private_unique_files() -> None:
    config = file_storage({
        "LUOSHI_S3_BUCKET": "luoshi-files", "LUOSHI_S3_ENDPOINT_URL": "https://s3.internal:9000",
        "LUOSHI_S3_REGION": "cn-east-1", "LUOSHI_S3_PREFIX": "/prod/", "LUOSHI_S3_ADDRESSING_STYLE": "path",
        "LUOSHI_S3_ACCESS_KEY_ID": "id", "LUOSHI_S3_SECRET_ACCESS_KEY": "secret",
    })
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    assert config["OPTIONS"] == {
        "bucket_name": "luoshi-files", "location": "prod", "default_acl": None, "querystring_auth": True,
        "file_overwrite": False, "signature_version": "s3v4", "endpoint_url": "https://s3.internal:9000",
        "region_name": "cn-east-1", "access_key": "id", "secret_key": "secret", "addressing_style": "path",
    }


def test_credentials_may_come_from_boto3s_own_sources() -> None:
    options = file_storage({"LUOSHI_S3_BUCKET": "b"})["OPTIONS"]
    assert "access_key" not in options and "secret_key" not in options and "endpoint_url" not in options


def test_sessions_are_cached_in_redis_and_written_through_else_read_from_the_database() -> None:
    # A process's own cache must never hold sessions: two processes would read each other's writes stale.
    assert session_engine({"REDIS_URL": "redis://127.0.0.1:6379/0"}) == "django.contrib.sessions.backends.cached_db"
    assert session_engine({}) == "django.contrib.sessions.backends.db"
    shared = "locmem" not in django_settings.CACHES["default"]["BACKEND"].lower()
    assert shared or django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_the_default_storage_follows_the_storages_setting(settings: Settings) -> None:
    """Code that saves through default_storage lands wherever STORAGES points, not in MEDIA_ROOT."""
    settings.STORAGES = {**settings.STORAGES, "default": MEMORY_STORAGE}
    assert not isinstance(storages["default"], FileSystemStorage)
    name = default_storage.save("imports/x.xlsx", ContentFile(b"data"))
    assert stored_names() == [name]


def test_values_are_kept_between_requests_only_where_every_server_shares_the_cache() -> None:
    # A process's own cache would keep serving a user that another worker has just deactivated.
    assert shared_cache_seconds({}) == 0
    assert shared_cache_seconds({"REDIS_URL": "redis://127.0.0.1:6379/0"}) == 300
    assert shared_cache_seconds({"REDIS_URL": "redis://127.0.0.1:6379/0", "LUOSHI_SHARED_CACHE_SECONDS": "0"}) == 0
