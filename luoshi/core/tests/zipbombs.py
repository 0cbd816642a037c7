"""Real zip bombs, built in memory inside valid Office skeletons, for the upload tests."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

CHUNK = b"\0" * (1024 * 1024)


def xlsx_skeleton() -> bytes:
    """A small, valid workbook with the indicator import's header."""
    book = Workbook()
    sheet = book.active
    sheet.append(["指标名称", "统计期", "实际值"])
    sheet.append(["地区生产总值", "2024-03", 100])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx_skeleton() -> bytes:
    """A small, valid Word document."""
    import docx

    document = docx.Document()
    document.add_paragraph("关于推进重点任务的通知")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
SHEET_TAIL = b"</t></is></c></row></sheetData></worksheet>"


def bomb(skeleton: bytes, *, part: str, megabytes: int = 200, fill: bytes = b"\0", head: bytes = b"",
         tail: bytes = b"") -> bytes:
    """`skeleton` with `part` replaced by `megabytes` MB of one repeated byte between `head` and
    `tail`, deflated (about 1000 times): a 200 MB run becomes about 200 KB. With the SHEET_HEAD
    and SHEET_TAIL and a letter as `fill`, the part is a valid sheet whose one cell holds the run,
    which a parser would read into memory. Written in chunks, so building it needs little memory."""
    source = zipfile.ZipFile(io.BytesIO(skeleton))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != part:
                archive.writestr(info.filename, source.read(info.filename))
        chunk = fill * len(CHUNK)
        with archive.open(part, "w", force_zip64=True) as handle:
            handle.write(head)
            for _ in range(megabytes):
                handle.write(chunk)
            handle.write(tail)
    return buffer.getvalue()


def with_entries(skeleton: bytes, entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """`skeleton` with further entries added."""
    source = zipfile.ZipFile(io.BytesIO(skeleton))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()
