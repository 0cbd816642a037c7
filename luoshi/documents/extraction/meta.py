"""Step: document metadata.

Needs: ``furniture``, ``sections``, ``meta.title_span`` and ``meta.speakers`` (from the
structure step), and the optional ``reference_date``.
Adds: ``meta.title``, ``meta.date`` (the date in the title line, else a publication date in the
page furniture, else the first full date of the text, else the reference date), ``meta.kind``
(press_conference, work_report, notice or policy) and ``meta.issuer``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from .datatypes import DocumentKind, Section, WorkingDocument
from .genres import genre_profile
from .resources import (
    FULL_DATE_RES,
    ISSUER_RE,
    NOTICE_TITLE_RE,
    PLAN_HEADING_RE,
    PRESS_CONFERENCE_RE,
    REVIEW_HEADING_RE,
    WORK_REPORT_RE,
)
from .textspans import SpanSet, iter_lines

OPENING_CHARS = 1500
_SUBTITLE_RE = re.compile(r"\s*(?:——|--|—)")


def first_date(text: str) -> date | None:
    """The first valid full date written in ``text`` (2024年1月10日, 2024-09-30, 2024/1/11)."""
    found: list[tuple[int, date]] = []
    for pattern in FULL_DATE_RES:
        for match in pattern.finditer(text):
            try:
                found.append((match.start(), date(int(match["y"]), int(match["m"]), int(match["d"]))))
            except ValueError:
                continue
            break
    return min(found)[1] if found else None


def document_kind(title: str, opening: str, sections: tuple[Section, ...]) -> DocumentKind:
    """The genre, from the title, the opening text and the structure."""
    if PRESS_CONFERENCE_RE.search(title) or PRESS_CONFERENCE_RE.search(opening[:500]):
        return "press_conference"
    if any(section.kind == "qa" for section in sections):
        return "press_conference"
    if WORK_REPORT_RE.search(title) or WORK_REPORT_RE.search(opening):
        return "work_report"
    headings = [section.title for section in sections if section.kind != "qa"]
    if any(REVIEW_HEADING_RE.search(title) for title in headings) and any(
        PLAN_HEADING_RE.search(title) for title in headings
    ):
        return "work_report"
    if NOTICE_TITLE_RE.search(title):
        return "notice"
    return "policy"


def _signature(document: WorkingDocument) -> str | None:
    """The issuing body signed at the end of a notice (青山区人民政府办公室 above the date)."""
    lines = [line for _start, _end, line in iter_lines(document.text[-400:])][-3:]
    for line in reversed(lines):
        match = ISSUER_RE.fullmatch(line)
        if match is not None:
            return match.group("issuer")
    return None


def read_meta(document: WorkingDocument) -> WorkingDocument:
    """Fill title, date, kind and issuer of ``document.meta``."""
    title_span = document.meta.title_span
    title_line = title_span.text if title_span else ""
    title = _SUBTITLE_RE.split(title_line, maxsplit=1)[0].strip() or None
    furniture = SpanSet([(span.start, span.end) for span in document.furniture])
    content_lines: list[str] = []
    size = 0
    for start, _end, line in iter_lines(document.text):
        if furniture.contains(start):
            continue
        content_lines.append(line)
        size += len(line)
        if size > OPENING_CHARS:
            break
    opening = "\n".join(content_lines)
    furniture_text = "\n".join(span.text for span in document.furniture)
    found_date = (
        first_date(title_line)
        or first_date(furniture_text)
        or first_date(document.text)
        or document.reference_date
    )
    kind = document_kind(title or "", opening, document.sections)
    profile = genre_profile(kind)
    issuer: str | None = None
    byline = next((speaker for speaker in document.meta.speakers if speaker.span.label == "speaker"), None)
    if profile.issuer_from_byline and byline is not None and byline.unit:
        issuer = byline.unit
    if issuer is None:
        match = ISSUER_RE.search("\n".join(content_lines[:3]))
        issuer = match.group("issuer") if match else None
    if issuer is None and profile.issuer_from_signature:
        issuer = _signature(document)
    speakers = tuple(
        {
            (speaker.unit, speaker.post, speaker.name): speaker
            for speaker in reversed(document.meta.speakers)
        }.values()
    )[::-1]
    meta = replace(document.meta, title=title, date=found_date, kind=kind, issuer=issuer, speakers=speakers)
    return replace(document, meta=meta)
