"""Real zip bombs, built in memory inside valid Office skeletons, for the upload tests."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

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
    which a parser would read into memory.

    The run is deflated one MB at a time with a full flush after each, which starts the
    compressor afresh, so every MB after the first deflates to the same bytes: one MB is deflated
    and its output repeated (deflating a gigabyte took tens of seconds). What a reader inflates is
    exactly the run, with its CRC-32 and sizes declared as zipfile would declare them."""
    if not 0 < megabytes < 4000:
        raise ValueError("megabytes must be between 1 and 3999 (no zip64 needed)")
    chunk = fill * len(CHUNK)
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    first = compressor.compress(head) + compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert repeated == again, "a full flush did not restart the compressor"
    last = compressor.compress(tail) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    run = _Entry(part, first + repeated * (megabytes - 1) + last, crc, len(head) + megabytes * len(chunk) + len(tail))
    source = zipfile.ZipFile(io.BytesIO(skeleton))
    entries = [_Entry.deflated_from(info.filename, source.read(info.filename))
               for info in source.infolist() if info.filename != part]
    return _zip([*entries, run])


@dataclass(frozen=True)
class _Entry:
    name: str
    deflated: bytes
    crc: int
    size: int

    @classmethod
    def deflated_from(cls, name: str, data: bytes) -> _Entry:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        return cls(name, compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data))


# 1980-01-01 00:00, the earliest date a zip header holds (what zipfile writes for a date-less entry)
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1


def _zip(entries: list[_Entry]) -> bytes:
    """A zip archive of deflated entries (local headers, data, central directory, end record)."""
    out = io.BytesIO()
    directory = io.BytesIO()
    for entry in entries:
        name = entry.name.encode("utf-8")
        offset = out.tell()
        fields = (20, 0x800, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, entry.crc, len(entry.deflated), entry.size)
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, len(name), 0) + name + entry.deflated)
        directory.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, len(name), 0, 0, 0, 0, 0, offset)
                        + name)
    start = out.tell()
    out.write(directory.getvalue())
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory.getvalue()),
                          start, 0))
    return out.getvalue()


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
