"""Step: document metadata.

Needs: ``furniture``, ``sections``, ``meta.title_span`` and ``meta.speakers`` (from the
structure step), and the optional ``reference_date``.
Adds: ``meta.title``, ``meta.date`` (the date in the title line, else the issue date: a date
alone on its line as a signature writes it, or one followed by 印发; else a publication date in
the page furniture, else the first full date of the text, else the reference date), ``meta.kind``
(press_conference, work_report, notice or policy) and ``meta.issuer``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from .datatypes import DocumentKind, Section, WorkingDocument
from .genres import genre_profile
from .numerals import parse_chinese_numeral
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
_SUBTITLE_RE = re.compile(r"\s*(?:——|--|(?<![0-9０-９])—(?![0-9０-９]))")  # 2025—2026年 is a range, not a subtitle


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


_DIGIT_OF = {char: str(index) for index, char in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0", "Ｏ": "0", "O": "0"}
_NUMERAL_DATE = r"[〇○零ＯO一二三四五六七八九十0-9０-９]"


def _date_from(year: str, month: str, day: str) -> date | None:
    """A date written in Arabic or Chinese digits (2024年1月10日, 二〇二四年一月十日)."""
    year_digits = "".join(_DIGIT_OF.get(char, char) for char in year)
    month_value = int(month) if month.isdigit() else parse_chinese_numeral(month)
    day_value = int(day) if day.isdigit() else parse_chinese_numeral(day)
    if not year_digits.isdigit() or month_value is None or day_value is None:
        return None
    try:
        return date(int(year_digits), int(month_value), int(day_value))
    except ValueError:
        return None


_ISSUE_LINE_RE = re.compile(
    rf"(?m)^[ \t\u3000（(]*(?P<y>{_NUMERAL_DATE}{{4}})\s*年\s*(?P<m>{_NUMERAL_DATE}{{1,3}})\s*月"
    rf"\s*(?P<d>{_NUMERAL_DATE}{{1,3}})\s*日[ \t\u3000]*(?:印发|发布|起施行)?[）)]?[ \t\u3000]*$"
)
_ISSUED_ON_RE = re.compile(r"(?P<y>(?:19|20)\d\d)年(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:印发|签发)")


def issue_date(text: str) -> date | None:
    """The date a document was issued: the first date standing alone on its line (the signature's
    date, 落款), else a date followed by 印发/签发; None when neither is written."""
    for pattern in (_ISSUE_LINE_RE, _ISSUED_ON_RE):
        for match in pattern.finditer(text):
            found = _date_from(match["y"], match["m"], match["d"])
            if found is not None:
                return found
    return None


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
        or issue_date(document.text)
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
