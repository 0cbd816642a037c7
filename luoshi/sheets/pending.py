"""What every Excel import shares: the preview it produces and where the upload waits meanwhile.

An import runs twice over the same file: once to preview (parse, validate every row, list every
problem and every change, write nothing) and once to commit (parse and validate again against
the database as it is now, then apply everything in one transaction, or nothing when any problem
remains). Between the two the file waits in the default storage under imports/ with a random
name; the user's session holds the name and the file's SHA-256, so only the person who uploaded
it can commit it and a file changed on disk is refused. With several application processes the
default storage must be shared (the same holds for evidence files).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import DomainError
from luoshi.core.kept_uploads import KeptUploads, sha256_of
from luoshi.core.uploads import ArchiveRefused, archive_check, archive_message
from luoshi.sheets.tabular import Column, Problem, ReadError, Sheet, read_sheet

SESSION_KEY = "luoshi_pending_imports"
STORAGE_DIR = "imports"
PENDING_LIFETIME = timedelta(hours=24)

MSG_UPLOAD_EXPIRED = _("上传的文件已失效(可能已导入或已超过24小时),请重新上传。")
MSG_TOO_LARGE = _("文件过大(超过 %(mb)s MB),请拆分后分批导入。")
MSG_EMPTY = _("请选择要导入的 Excel 文件。")
MSG_REFUSED = _("导入未执行:工作簿中有 %(count)s 处问题,请修改后重新导入。")
MSG_CONFLICT = _("导入期间数据已被他人修改,请重新预览后再导入。")


def max_import_bytes() -> int:
    """Largest workbook accepted (settings.LUOSHI["MAX_IMPORT_BYTES"], 10 MB by default)."""
    return int(getattr(settings, "LUOSHI", {}).get("MAX_IMPORT_BYTES", 10 * 1024 * 1024))


def max_import_rows() -> int:
    """Most data rows read from one sheet (settings.LUOSHI["MAX_IMPORT_ROWS"], 50,000 by default)."""
    return int(getattr(settings, "LUOSHI", {}).get("MAX_IMPORT_ROWS", 50_000))


@dataclass
class RowChange:
    """What one row will do: create, update (with the changed cells) or nothing."""

    row: int
    key: str
    action: str  # "create" | "update" | "unchanged"
    cells: list[tuple[str, str, str]] = field(default_factory=list)  # (column, before, after)


@dataclass
class ImportPreview:
    """The outcome of validating (and, on commit, applying) a workbook.

    `problems` block the import; `notices` are informational (a value converted from 亿元 into
    万元). `applied` is True only after a commit wrote everything.
    """

    kind: str
    filename: str = ""
    sheet: str = ""
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    applied: bool = False
    # Where a commit leads (the page of what it made) when not the flow's list.
    done_url: str = ""
    # Headers no column took, and the columns a reviewer may map them to (key, label): the
    # preview asks once, and the answer is kept for every later import (header_aliases_*).
    unknown_headers: list[str] = field(default_factory=list)
    column_choices: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def created(self) -> int:
        return sum(1 for c in self.changes if c.action == "create")

    @property
    def updated(self) -> int:
        return sum(1 for c in self.changes if c.action == "update")

    @property
    def unchanged(self) -> int:
        return sum(1 for c in self.changes if c.action == "unchanged")

    @property
    def visible_changes(self) -> list[RowChange]:
        return [c for c in self.changes if c.action != "unchanged"]

    def as_dict(self) -> dict[str, Any]:
        """The preview for the API."""
        return {
            "kind": self.kind, "filename": self.filename, "sheet": self.sheet, "ok": self.ok,
            "applied": self.applied, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged,
            "problems": [p.as_dict() for p in self.problems],
            "notices": [p.as_dict() for p in self.notices],
            "unknown_headers": list(self.unknown_headers), "done_url": self.done_url,
            "changes": [{"row": c.row, "key": c.key, "action": c.action,
                         "cells": [{"column": col, "before": b, "after": a} for col, b, a in c.cells]}
                        for c in self.visible_changes],
        }


def preview_read(data: bytes, *, kind: str, filename: str, columns: Sequence[Column],
                 dynamic: re.Pattern[str] | None = None,
                 aliases: Mapping[str, str] | None = None) -> tuple[ImportPreview, Sheet | None]:
    """The first step of every runner: a preview of `kind` holding the workbook's table as read,
    with every reading problem (not a workbook, no header, too many rows) listed. The sheet is
    None when there is no table to validate. `aliases` as for read_sheet."""
    preview = ImportPreview(kind=kind, filename=filename)
    try:
        sheet, problems = read_sheet(data, columns, dynamic=dynamic, aliases=aliases, max_rows=max_import_rows())
    except ReadError as exc:
        preview.problems.append(Problem(None, "", str(exc.message)))
        return preview, None
    preview.problems.extend(problems)
    if sheet is not None:
        preview.sheet = sheet.name
        preview.unknown_headers = list(sheet.unknown_headers)
    return preview, sheet


class ImportRefused(DomainError):
    """A commit found problems; nothing was written. `preview` lists them."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__(MSG_REFUSED % {"count": len(preview.problems)}, code="import_refused")
        self.preview = preview


def check_upload(data: bytes) -> None:
    """Refuse an empty or oversized upload, or a workbook whose zip directory declares more work
    than the limits allow (a zip bomb), before anything reads it."""
    if not data:
        raise DomainError(MSG_EMPTY, field="file")
    limit = max_import_bytes()
    if len(data) > limit:
        raise DomainError(MSG_TOO_LARGE % {"mb": limit // (1024 * 1024)}, field="file")
    if data.startswith(b"PK"):  # anything else is refused by the reader as "not a workbook"
        try:
            archive_check(data)
        except ArchiveRefused as exc:
            raise DomainError(archive_message(exc), field="file", code="upload_refused") from exc


# Where workbooks wait between preview and commit, and for the commit's job.
KEPT = KeptUploads(STORAGE_DIR, PENDING_LIFETIME)
SUFFIX = ".xlsx"


def pending_store(data: bytes) -> tuple[str, str]:
    """Keep a workbook in the storage under a new random token (the upload checks first);
    returns (token, sha256). Whoever holds the pair may read it back with `pending_read`."""
    check_upload(data)
    name, digest = KEPT.keep(data, suffix=SUFFIX)
    return name.removesuffix(SUFFIX), digest


def pending_save(request: HttpRequest, *, kind: str, data: bytes, filename: str) -> str:
    """Keep an uploaded workbook until the user commits it; returns its token."""
    token, digest = pending_store(data)
    pending = dict(request.session.get(SESSION_KEY, {}))
    pending[token] = {"kind": kind, "sha256": digest, "filename": filename[:200],
                      "created": timezone.now().isoformat()}
    request.session[SESSION_KEY] = pending
    return token


def pending_load(request: HttpRequest, *, kind: str, token: str) -> tuple[bytes, str]:
    """The workbook behind `token` if this session uploaded it for `kind` and it is unchanged.

    Raises DomainError (MSG_UPLOAD_EXPIRED) otherwise.
    """
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or entry.get("kind") != kind:
        raise DomainError(MSG_UPLOAD_EXPIRED, code="upload_expired")
    return pending_read(token, str(entry.get("sha256", ""))), str(entry.get("filename", ""))


def pending_handover(request: HttpRequest, *, kind: str, token: str) -> tuple[str, str]:
    """Take the upload behind `token` out of the session for a commit job, with the same checks
    as `pending_load` (this session, this kind, the file unchanged); the file stays in the
    storage for the job, which removes it. Returns (sha256, filename); DomainError otherwise."""
    data, filename = pending_load(request, kind=kind, token=token)
    pending = dict(request.session.get(SESSION_KEY, {}))
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    return sha256_of(data), filename


def pending_read(token: str, sha256: str) -> bytes:
    """The kept workbook `token` if its content still has the digest `sha256`.

    Raises DomainError (MSG_UPLOAD_EXPIRED) when it is gone or changed on disk.
    """
    data = KEPT.read(f"{token}{SUFFIX}", sha256)
    if data is None:
        raise DomainError(MSG_UPLOAD_EXPIRED, code="upload_expired")
    return data


def pending_discard(request: HttpRequest, token: str) -> None:
    """Forget an upload (after a commit, or when the user cancels)."""
    pending = dict(request.session.get(SESSION_KEY, {}))
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    pending_remove(token)


def pending_remove(token: str) -> None:
    """Remove the kept workbook `token` from the storage, if it is still there."""
    KEPT.remove(f"{token}{SUFFIX}")


def header_aliases(kind: str) -> dict[str, str]:
    """The headers reviewers mapped for imports of `kind`: header as written → column key."""
    from luoshi.sheets.models import HeaderAlias

    return dict(HeaderAlias.objects.filter(kind=kind).values_list("header", "column"))


def header_aliases_save(*, kind: str, mapping: Mapping[str, str], columns: Sequence[Column], user: Any) -> int:
    """Keep a reviewer's answer for headers of `kind` (header → one of `columns`' keys; a blank
    key is no answer). Returns how many were kept; an unknown key raises DomainError."""
    from luoshi.sheets.models import HeaderAlias

    keys = {column.key for column in columns}
    kept = 0
    for header, key in mapping.items():
        header = header.strip()[:200]
        if not header or not key:
            continue
        if key not in keys:
            raise DomainError(_("未知的列:%(key)s") % {"key": key}, field="column")
        HeaderAlias.objects.update_or_create(
            kind=kind, header=header,
            defaults={"column": key, "created_by": user if getattr(user, "is_authenticated", False) else None},
        )
        kept += 1
    return kept
