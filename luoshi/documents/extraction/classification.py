"""Step: classification of quantities into items.

Needs: ``quantities``, ``sections`` (with modes and periods), ``meta``.
Adds: ``items``. Each quantity becomes one item of a kind:

- ``project``: a batch of N个项目 / N项工程 (the noun after or before the count ends in 项目 or
  工程); the batch's 总投资/完成投资 in the same or the next clause goes into ``investment``
  and is not an item of its own.
- ``count``: N项举措/措施/任务/政策/行动计划 and the year's list of livelihood tasks (民心工程).
- ``target`` or ``actual``: any other figure, by the section it stands in (a review part gives
  actuals, a plan part targets) and, outside such parts, by tense cues in its clause or sentence
  (已, 目前, 以来 against 将达到, 力争, 确保, 年内).

The period is a year written in the sentence before the number (到2025年…), else the section's
period, else, in a press conference, the year of the conference.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from .datatypes import Item, ItemKind, Quantity, Section, WorkingDocument
from .genres import genre_profile
from .periods import plan_and_review_years
from .resources import (
    COUNT_NOUN_RE,
    COUNT_UNIT_WORDS,
    FUTURE_CUE_RE,
    INVESTMENT_RE,
    PAST_CUE_RE,
    PROGRESS_ONLY_RE,
    PROGRESS_TAIL_RE,
    PROJECT_HEAD_TAIL,
    PROJECT_NOUN_RE,
    PROJECT_UNIT_WORDS,
    TASK_LIST_NOUN_RE,
    YEAR_BASE_BEFORE_RE,
    YEAR_RE,
)
from .snippets import head_after, indicator_name, quote_span, text_before
from .textspans import Boundaries, clause_boundaries, sentence_boundaries

_PROJECT_END_RE = re.compile(rf"(?:{PROJECT_NOUN_RE.pattern}){PROJECT_HEAD_TAIL}$")
_COUNT_END_RE = re.compile(rf"(?:{COUNT_NOUN_RE.pattern})$")
_COUNTED_TASKS_RE = re.compile(
    rf"[0-9０-９]+(?:项|条)[^，,。；;]{{0,8}}?(?:{COUNT_NOUN_RE.pattern})"
    rf"|(?:{COUNT_NOUN_RE.pattern})[^，,。；;0-9０-９]{{0,4}}[0-9０-９]+(?:项|条)"
)
_YEAR_NOT_PERIOD_AFTER_RE = re.compile(r"以来|起|来|前|后|相比|同期|水平|基础|的|为基")
_SINGLE_PROJECT_AFTER_RE = re.compile(r"[^，,。；;]{0,30}?(?:项目|工程)")


class SectionIndex:
    """Finds the innermost section around an offset."""

    def __init__(self, sections: tuple[Section, ...]) -> None:
        self.sections = sections
        self.starts = [section.start for section in sections]
        self.by_id = {section.id: section for section in sections}

    def at(self, offset: int) -> Section | None:
        index = bisect_right(self.starts, offset) - 1
        section = self.sections[index] if index >= 0 else None
        while section is not None and not section.start <= offset < max(section.end, section.start + 1):
            section = self.by_id.get(section.parent_id) if section.parent_id else None
        return section


def batch_kind(
    text: str, quantity: Quantity, clauses: Boundaries, sentences: Boundaries | None = None
) -> ItemKind | None:
    """project or count when the noun of a count names projects or measures, else None.

    Progress tallies are counts too: the noun before the number may end in a progress verb
    (重点任务已完成23项, 政策措施共计33条), or the clause holds only the verb and the sentence
    named the counted tasks before it (120项年度任务中，完成85项).
    """
    if quantity.unit not in PROJECT_UNIT_WORDS and quantity.unit not in COUNT_UNIT_WORDS:
        return None
    head = head_after(text, quantity, clauses.end_of(quantity.end))
    before = text_before(text, quantity, clauses.start_of(quantity.number_start))
    noun = head if head else before
    if quantity.unit in COUNT_UNIT_WORDS and TASK_LIST_NOUN_RE.search(noun):
        return "count"
    if quantity.unit in PROJECT_UNIT_WORDS and _PROJECT_END_RE.search(noun):
        return "project"
    if quantity.unit in COUNT_UNIT_WORDS and _COUNT_END_RE.search(noun):
        return "count"
    if quantity.unit in ("项", "条") and head and _COUNT_END_RE.search(head.rstrip("中里")):
        return "count"  # 120项年度任务中，完成85项
    if quantity.unit in ("项", "条") and not head:
        stripped = PROGRESS_TAIL_RE.sub("", before) if PROGRESS_TAIL_RE.search(before) else before
        if stripped != before and _COUNT_END_RE.search(stripped):
            return "count"
        if sentences is not None and PROGRESS_ONLY_RE.fullmatch(before):
            sentence = text[sentences.start_of(quantity.number_start) : quantity.number_start]
            if _COUNTED_TASKS_RE.search(sentence):
                return "count"
    return None


def tense_kind(text: str, number_start: int, clauses: Boundaries, sentences: Boundaries) -> ItemKind | None:
    """target or actual from the nearest tense cue before the number (clause first, then sentence)."""
    for region_start in (clauses.start_of(number_start), sentences.start_of(number_start)):
        region = text[region_start:number_start]
        future = max((match.end() for match in FUTURE_CUE_RE.finditer(region)), default=-1)
        past = max((match.end() for match in PAST_CUE_RE.finditer(region)), default=-1)
        if future >= 0 or past >= 0:
            return "target" if future > past else "actual"
    return None


def written_year(text: str, number_start: int, sentences: Boundaries) -> str | None:
    """A year written earlier in the number's sentence that sets its period (到2025年, 2023年,)."""
    sentence_start = sentences.start_of(number_start)
    region = text[sentence_start:number_start]
    for match in reversed(list(YEAR_RE.finditer(region))):
        if YEAR_BASE_BEFORE_RE.search(region[: match.start()]):
            continue
        if _YEAR_NOT_PERIOD_AFTER_RE.match(region, match.end()):
            continue
        return match.group(1)
    return None


def document_period(document: WorkingDocument) -> str | None:
    """The year of figures that nothing else dates: a press conference's year, a plan's title year."""
    meta = document.meta
    profile = genre_profile(meta.kind)
    if profile.period_from_document_date:
        known = meta.date or document.reference_date
        return str(known.year) if known else None
    if profile.period_from_title_year and meta.title:
        match = YEAR_RE.search(meta.title)
        return match.group(1) if match else None
    return None


def _investments(
    text: str, quantities: tuple[Quantity, ...], kinds: list[ItemKind | None], clauses: Boundaries
) -> tuple[dict[int, int], set[int]]:
    """Which money quantity is which batch's investment, and which money is a single project's.

    Returns (batch index -> money index, indexes of money quantities that are not items).
    """
    attached: dict[int, int] = {}
    dropped: set[int] = set()
    for index, money in enumerate(quantities):
        if money.unit_class != "money":
            continue
        clause_start = clauses.start_of(money.number_start)
        if not INVESTMENT_RE.search(text[clause_start : money.number_start]):
            continue
        clause_end = clauses.end_of(money.end)
        batch = next(
            (
                other
                for other in range(index + 1, len(quantities))
                if quantities[other].number_start < clause_end
                and kinds[other] == "project"
                and other not in attached
            ),
            None,
        )
        if batch is None:
            previous_clause_start = clauses.previous_start(money.number_start)
            batch = next(
                (
                    other
                    for other in range(index - 1, -1, -1)
                    if quantities[other].number_start >= previous_clause_start
                    and kinds[other] == "project"
                    and other not in attached
                ),
                None,
            )
        if batch is not None:
            attached[batch] = index
            dropped.add(index)
        elif _SINGLE_PROJECT_AFTER_RE.match(text, money.end):
            dropped.add(index)
    return attached, dropped


def classify_items(document: WorkingDocument) -> WorkingDocument:
    """Turn every quantity into an item with kind, period, indicator, quote and section."""
    text = document.text
    clauses = clause_boundaries(text)
    sentences = sentence_boundaries(text)
    sections = SectionIndex(document.sections)
    meta = document.meta
    profile = genre_profile(meta.kind)
    default_kind: ItemKind = profile.default_item_kind
    default_period = document_period(document)
    plan_year, review_year = plan_and_review_years(document)
    quantities = document.quantities
    kinds = [batch_kind(text, quantity, clauses, sentences) for quantity in quantities]
    investments, dropped = _investments(text, quantities, kinds, clauses)
    items: list[Item] = []
    for index, quantity in enumerate(quantities):
        if index in dropped:
            continue
        section = sections.at(quantity.number_start)
        kind = kinds[index]
        if kind is None:
            mode = section.mode if section else None
            if mode == "review":
                kind = "actual"
            elif mode == "plan":
                kind = "target"
            else:
                kind = tense_kind(text, quantity.number_start, clauses, sentences) or default_kind
        period = written_year(text, quantity.number_start, sentences)
        if period is None and section is not None:
            period = section.period
        if period is None:
            period = default_period
        if period is None and profile.review_and_plan_years:
            # Before the first review or plan heading (各位代表：过去一年…), the tense decides the year.
            year = review_year if kind == "actual" else plan_year if kind == "target" else None
            period = str(year) if year is not None else None
        head = head_after(text, quantity, clauses.end_of(quantity.end))
        start, end = quote_span(text, quantity, clauses, head)
        investment: float | None = None
        if index in investments:
            money = quantities[investments[index]]
            investment = money.value
            start = min(start, quote_span(text, money, clauses, "")[0])
            end = max(end, money.end)
        items.append(
            Item(
                kind=kind,
                value=quantity.value,
                unit=quantity.unit,
                comparator=quantity.comparator,
                period=period,
                indicator=indicator_name(text, quantity, clauses, head),
                start=start,
                end=end,
                quote=text[start:end],
                number_start=quantity.number_start,
                number_end=quantity.number_end,
                investment=investment,
                section_id=section.id if section else None,
            )
        )
    return replace(document, items=tuple(items))
