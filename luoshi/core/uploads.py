"""Office files (.xlsx, .docx) checked before any parser opens them. Pure: standard library only.

An Office file is a zip of XML parts. A parser inflates every part it reads, so a 1 MB upload
that declares 200 MB of zeros holds a worker for half a minute and gigabytes of memory. The zip's
central directory declares every entry's sizes; reading it extracts nothing. So the checks run on
the directory alone: number of entries, total declared uncompressed size, compression ratio per
entry and overall, size of each XML part, and archives nested inside the archive.

The trap: a declared size may lie. It does not matter here, because Python's `zipfile` (which
openpyxl and python-docx read through) stops inflating an entry at its declared size, so the
declared sizes bound the work whatever the compressed stream holds.

Nested archives: Word files carry charts as embedded workbooks under `word/embeddings/`. Such an
entry is read (its declared size is already within the limits) and checked in turn; an archive
inside that one, or an archive anywhere else, is refused.

Messages are Chinese and marked for translation; `archive_message` gives the translated sentence
in the Django layer (this module does not import Django, so the extraction pipeline can use it).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import BinaryIO


def gettext_noop(message: str) -> str:
    """Mark a message for translation without translating it (translated in archive_message)."""
    return message


@dataclass(frozen=True)
class ArchiveLimits:
    """What one Office upload may declare. The defaults fit office workbooks and reports of
    tens of thousands of rows or hundreds of pages with room to spare."""

    max_entries: int = 5000
    max_total_bytes: int = 200 * 1024 * 1024
    max_xml_part_bytes: int = 100 * 1024 * 1024
    # XML of office documents compresses 5–30 times; a run of zeros about 1000 times.
    max_entry_ratio: float = 200.0
    max_total_ratio: float = 100.0
    # Ratios of tiny parts mean nothing (a 1 KB part of spaces compresses 50 times).
    ratio_floor_bytes: int = 1024 * 1024
    max_nesting: int = 1


DEFAULT_LIMITS = ArchiveLimits()

MSG_NOT_ZIP = gettext_noop("文件不是有效的 Office 文档(压缩包结构损坏)。")
MSG_TOO_MANY_ENTRIES = gettext_noop("文件包含 %(count)s 个部件,超过上限 %(limit)s,已拒收。")
MSG_TOO_LARGE = gettext_noop("文件解压后共 %(mb)s MB,超过上限 %(limit)s MB,已拒收。")
MSG_PART_TOO_LARGE = gettext_noop("文件中的部件“%(name)s”解压后 %(mb)s MB,超过上限 %(limit)s MB,已拒收。")
MSG_RATIO = gettext_noop("文件中的部件“%(name)s”压缩比异常(%(ratio)s 倍),疑似压缩炸弹,已拒收。")
MSG_TOTAL_RATIO = gettext_noop("文件整体压缩比异常(%(ratio)s 倍),疑似压缩炸弹,已拒收。")
MSG_NESTED = gettext_noop("文件中嵌套了压缩包“%(name)s”,已拒收。")
MSG_ENCRYPTED = gettext_noop("文件中的部件“%(name)s”已加密,无法检查,已拒收。")

_ARCHIVE_SUFFIXES = (".zip", ".7z", ".rar", ".gz", ".tgz", ".bz2", ".xz", ".tar", ".jar", ".cab",
                     ".xlsx", ".xlsm", ".docx", ".docm", ".pptx", ".pptm", ".odt", ".ods", ".odp")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_EMBEDDINGS = "/embeddings/"


class ArchiveRefused(Exception):
    """An upload whose zip directory exceeds the limits. `code` is stable; `message` is the
    untranslated Chinese template and `params` fill it (see archive_message)."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(f"{code}: {message % params}")
        self.code = code
        self.message = message
        self.params = params

    @property
    def message_zh(self) -> str:
        return self.message % self.params


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def _ratio(entry: zipfile.ZipInfo) -> float:
    return entry.file_size / max(entry.compress_size, 1)


def archive_check(source: bytes | BinaryIO, limits: ArchiveLimits = DEFAULT_LIMITS, *, _depth: int = 0) -> None:
    """Check an Office file's zip directory against `limits` without inflating its parts.

    `source` is the file's bytes or a seekable binary stream (left at position 0).
    Raises ArchiveRefused naming what exceeds the limits; returns None for an acceptable archive.
    """
    stream: BinaryIO = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            _check_directory(entries, limits)
            for entry in entries:
                if not _is_archive_name(entry.filename):
                    continue
                if _depth >= limits.max_nesting or _EMBEDDINGS not in f"/{entry.filename.lower()}":
                    raise ArchiveRefused("nested", MSG_NESTED, name=entry.filename)
                try:
                    inner = archive.read(entry)
                except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as exc:
                    raise ArchiveRefused("not_zip", MSG_NOT_ZIP) from exc
                if inner.startswith(b"PK"):
                    archive_check(inner, limits, _depth=_depth + 1)
    except zipfile.BadZipFile as exc:
        raise ArchiveRefused("not_zip", MSG_NOT_ZIP) from exc
    finally:
        stream.seek(0)


def _is_archive_name(name: str) -> bool:
    return name.lower().endswith(_ARCHIVE_SUFFIXES)


def _check_directory(entries: list[zipfile.ZipInfo], limits: ArchiveLimits) -> None:
    if len(entries) > limits.max_entries:
        raise ArchiveRefused("too_many_entries", MSG_TOO_MANY_ENTRIES, count=len(entries), limit=limits.max_entries)
    total = compressed = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise ArchiveRefused("encrypted", MSG_ENCRYPTED, name=entry.filename)
        total += entry.file_size
        compressed += entry.compress_size
        if entry.file_size >= limits.ratio_floor_bytes and _ratio(entry) > limits.max_entry_ratio:
            raise ArchiveRefused("ratio", MSG_RATIO, name=entry.filename, ratio=f"{_ratio(entry):.0f}")
        if entry.filename.lower().endswith(_XML_SUFFIXES) and entry.file_size > limits.max_xml_part_bytes:
            raise ArchiveRefused("part_too_large", MSG_PART_TOO_LARGE, name=entry.filename, mb=_mb(entry.file_size),
                                 limit=_mb(limits.max_xml_part_bytes))
        if total > limits.max_total_bytes:
            raise ArchiveRefused("too_large", MSG_TOO_LARGE, mb=_mb(total), limit=_mb(limits.max_total_bytes))
    if total >= limits.ratio_floor_bytes and total / max(compressed, 1) > limits.max_total_ratio:
        raise ArchiveRefused("ratio", MSG_TOTAL_RATIO, ratio=f"{total / max(compressed, 1):.0f}")


def archive_message(error: ArchiveRefused) -> str:
    """The refusal as a sentence in the active language (Django layer only)."""
    from django.utils.translation import gettext

    return gettext(error.message) % error.params
