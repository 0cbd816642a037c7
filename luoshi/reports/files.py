"""Evidence files: what is accepted (extension *and* content), and where it is stored.

The trap: an extension says nothing about content. A file named report.pdf may be an HTML
page that a browser would run, and a .docx is a zip that may carry macros. So the first bytes
are sniffed (and for Office files the zip's table of contents read, without extracting
anything), both must agree, and files are stored under a generated name outside any URL the
web server serves; a view checks permission and streams them as attachments.
"""

from __future__ import annotations

import hashlib
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import DomainError
from luoshi.core.uploads import ArchiveRefused, archive_check, archive_message

# extension → (kind, content type). jpeg is an alias of jpg.
ALLOWED: dict[str, tuple[str, str]] = {
    "pdf": ("pdf", "application/pdf"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "jpg": ("jpg", "image/jpeg"),
    "jpeg": ("jpg", "image/jpeg"),
    "png": ("png", "image/png"),
}
CONTENT_TYPES = {kind: content_type for kind, content_type in ALLOWED.values()}
ALLOWED_LABEL = "PDF、DOCX、XLSX、JPG、PNG"
MAX_ZIP_ENTRIES = 5000

MSG_TYPE_NOT_ALLOWED = _("不支持的证明材料类型“%(name)s”:只接受 %(allowed)s 文件。")
MSG_CONTENT_MISMATCH = _("文件“%(name)s”的内容与扩展名不符,已拒收。")
MSG_MACROS = _("文件“%(name)s”含有宏,已拒收。请另存为不含宏的文档后上传。")
MSG_TOO_LARGE = _("文件“%(name)s”超过大小限制(%(limit)s MB)。")
MSG_EMPTY = _("文件“%(name)s”是空文件。")
MSG_ARCHIVE = _("文件“%(name)s”已拒收:%(reason)s")
MSG_TOO_MANY = _("每份报告最多附 %(limit)s 个证明材料。")


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks: its kind, content type, size and SHA-256."""

    kind: str
    content_type: str
    size: int
    sha256: str


def extension_of(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def sniff_kind(head: bytes, stream: BinaryIO | None = None) -> str | None:
    """The kind the content is, from its first bytes (and, for zips, its table of contents);
    None when it is none of the accepted kinds. Reading the zip directory extracts nothing."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04") and stream is not None:
        try:
            stream.seek(0)
            with zipfile.ZipFile(stream) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            stream.seek(0)
        if len(names) > MAX_ZIP_ENTRIES or "[Content_Types].xml" not in names:
            return None
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            return "macro"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def evidence_check(*, name: str, size: int, stream: BinaryIO, max_bytes: int) -> CheckedFile:
    """Check one upload: allowed extension, non-empty, within the size limit, content of the
    same kind as the extension, no macros. Raises DomainError with a message naming the file."""
    extension = extension_of(name)
    if extension not in ALLOWED:
        raise DomainError(MSG_TYPE_NOT_ALLOWED % {"name": name, "allowed": ALLOWED_LABEL}, field="files",
                          code="evidence_type")
    if size <= 0:
        raise DomainError(MSG_EMPTY % {"name": name}, field="files", code="evidence_empty")
    if size > max_bytes:
        raise DomainError(MSG_TOO_LARGE % {"name": name, "limit": f"{max_bytes / 1024 / 1024:g}"}, field="files",
                          code="evidence_too_large")
    stream.seek(0)
    head = stream.read(16)
    if head.startswith(b"PK\x03\x04"):  # Office files: the zip directory, before anything reads a part
        try:
            archive_check(stream)
        except ArchiveRefused as exc:
            if exc.code != "not_zip":  # a damaged zip is no Office file: refused below as content not matching
                raise DomainError(MSG_ARCHIVE % {"name": name, "reason": archive_message(exc)}, field="files",
                                  code="evidence_archive") from exc
    kind = sniff_kind(head, stream)
    if kind == "macro":
        raise DomainError(MSG_MACROS % {"name": name}, field="files", code="evidence_macros")
    expected_kind, content_type = ALLOWED[extension]
    if kind != expected_kind:
        raise DomainError(MSG_CONTENT_MISMATCH % {"name": name}, field="files", code="evidence_content")
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return CheckedFile(kind=kind, content_type=content_type, size=size, sha256=digest.hexdigest())


def evidence_store(*, stream: BinaryIO, kind: str) -> str:
    """Save a checked upload under MEDIA_ROOT with a generated name; returns the storage name.

    The original file name is never part of the path (no traversal, no collisions, nothing
    guessable); it is kept in the database for display and download only.
    """
    today = timezone.localdate()
    name = f"evidence/{today:%Y}/{today:%m}/{uuid.uuid4().hex}.{kind}"
    stream.seek(0)
    return str(default_storage.save(name, File(stream)))
