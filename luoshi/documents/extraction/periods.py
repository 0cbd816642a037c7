"""Step: section modes and periods.

Needs: ``sections`` and ``meta`` (kind and date).
Adds: to each section its ``mode`` (review of the past or plan for the future) and ``period``
(the year its figures belong to), read from its own title or inherited from its parent:
"2023年工作回顾" reviews 2023; "2024年重点工作" plans 2024; a review heading without a year
reviews the year before the plan year; the plan year is the year a heading names or the
document's year. In a work report a top-level part without a cue that follows a plan part
continues the plan ("加强政府自身建设" after the year's tasks).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .datatypes import Section, SectionMode, WorkingDocument
from .genres import genre_profile
from .resources import PLAN_HEADING_RE, REVIEW_HEADING_RE, YEAR_RE

# Marker ranks whose titles say what a part of the document is about (一、 （一） 1. and headings).
MODE_SETTING_MAX_RANK = 3
_MULTI_YEAR_RE = re.compile(r"(?:今后|未来|过去)[一二三四五六七八九十两几]年|[一二三四五六七八九十两几]年来")


def title_mode(title: str) -> SectionMode | None:
    if REVIEW_HEADING_RE.search(title):
        return "review"
    if PLAN_HEADING_RE.search(title):
        return "plan"
    return None


def title_year(title: str) -> int | None:
    match = YEAR_RE.search(title)
    return int(match.group(1)) if match else None


def plan_and_review_years(document: WorkingDocument) -> tuple[int | None, int | None]:
    """The year the document plans for and the year it reviews."""
    plan_year: int | None = None
    review_year: int | None = None
    for section in document.sections:
        if section.kind == "qa" or section.rank > MODE_SETTING_MAX_RANK:
            continue
        year = title_year(section.title)
        mode = title_mode(section.title)
        if year is None:
            continue
        if mode == "plan" and plan_year is None:
            plan_year = year
        elif mode == "review" and review_year is None:
            review_year = year
    document_date = document.meta.date or document.reference_date
    if plan_year is None:
        if review_year is not None:
            plan_year = review_year + 1
        elif document_date is not None:
            plan_year = document_date.year
    if review_year is None and plan_year is not None:
        review_year = plan_year - 1
    return plan_year, review_year


def assign_periods(document: WorkingDocument) -> WorkingDocument:
    """Give every section its mode and period."""
    plan_year, review_year = plan_and_review_years(document)
    by_id: dict[str, Section] = {}
    updated: list[Section] = []
    previous_top_mode: SectionMode | None = None
    for section in document.sections:
        parent = by_id.get(section.parent_id) if section.parent_id else None
        sets_mode = section.kind != "qa" and section.rank <= MODE_SETTING_MAX_RANK
        own_mode = title_mode(section.title) if sets_mode else None
        mode = own_mode or (parent.mode if parent else None)
        if (
            mode is None
            and parent is None
            and genre_profile(document.meta.kind).plan_mode_carries_on
            and previous_top_mode == "plan"
            and sets_mode
        ):
            mode = "plan"
        own_year = title_year(section.title) if sets_mode else None
        period: str | None
        if own_year is not None:
            period = str(own_year)
        elif sets_mode and _MULTI_YEAR_RE.search(section.title) and own_mode == "plan":
            period = None
        elif parent is not None and (parent.period is not None or parent.mode == mode):
            period = parent.period
        elif mode == "review" and review_year is not None:
            period = str(review_year)
        elif mode == "plan" and plan_year is not None:
            period = str(plan_year)
        else:
            period = None
        if parent is None and sets_mode:
            previous_top_mode = mode
        result = replace(section, mode=mode, period=period)
        by_id[result.id] = result
        updated.append(result)
    return replace(document, sections=tuple(updated))
