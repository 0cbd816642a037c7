"""Uploads kept in the file storage until the step that uses them: one mechanism for every flow.

A spreadsheet waits between its preview and its commit (and then for the commit's job); a plan
waits for the job that imports it. Each flow has its own folder of the default storage, where a
file gets a random name of ours (the uploader's name travels with the flow, never into a path),
is read back only if its content is still what was kept (its SHA-256), and is removed once used,
whatever the outcome. Files nobody came back for are swept after the folder's lifetime. With
several application servers the default storage is shared (docs/deploy.md), so whichever server
or worker takes the next step finds the file.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

logger = logging.getLogger("luoshi.uploads")

# A kept file's name: our random token and a short suffix, never a folder or a "..".
NAME_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}(\.[A-Za-z0-9]{1,9})?$")
SUFFIX_RE = re.compile(r"^\.[A-Za-z0-9]{1,9}$")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class KeptUploads:
    """The uploads of one flow, in `folder` of the default storage, swept after `lifetime`."""

    folder: str
    lifetime: timedelta

    def keep(self, data: bytes, *, token: str = "", suffix: str = "") -> tuple[str, str]:
        """Store `data` under `token` (a new random one when empty) and `suffix` (".xlsx"; dropped
        unless short and plain); returns (name, sha256). Sweeps the folder's stale files first."""
        self.sweep()
        token = token or secrets.token_urlsafe(18)
        name = f"{token}{suffix if SUFFIX_RE.match(suffix) else ''}"
        if not NAME_RE.match(name):
            raise ValueError(f"not a kept upload's name: {name!r}")
        default_storage.save(self._path(name), ContentFile(data))
        return name, sha256_of(data)

    def read(self, name: str, sha256: str) -> bytes | None:
        """The file kept as `name` if its content still has the digest `sha256`; None when the
        name is not one of ours, the file is gone, or it changed in the storage."""
        if not NAME_RE.match(name) or not sha256:
            return None
        path = self._path(name)
        try:
            with default_storage.open(path, "rb") as handle:
                data = handle.read()
        except (FileNotFoundError, OSError):
            return None
        return data if sha256_of(data) == sha256 else None

    def remove(self, name: str) -> None:
        """Remove the file kept as `name`, if it is still there (another process may have)."""
        if not NAME_RE.match(name):
            return
        try:
            default_storage.delete(self._path(name))
        except OSError:
            logger.info("kept upload already removed", extra={"folder": self.folder, "upload": name})

    def sweep(self) -> int:
        """Remove the files older than the lifetime (best effort); returns how many."""
        try:
            _, names = default_storage.listdir(self.folder)
        except (FileNotFoundError, NotImplementedError, OSError):
            return 0
        cutoff, removed = timezone.now() - self.lifetime, 0
        for name in names:
            path = self._path(name)
            try:
                if default_storage.get_modified_time(path) < cutoff:
                    default_storage.delete(path)
                    removed += 1
            except (OSError, NotImplementedError):
                continue
        return removed

    def _path(self, name: str) -> str:
        return f"{self.folder}/{name}"
