"""Step: quantities.

Needs: ``numbers`` (and ``furniture``, ``meta.kind``).
Adds: ``quantities``, the numbers that carry a unit and can be figures of the document, each
with its value in base units (万/亿 multiplied out), its unit as written once the multiplier
is taken off, and its comparator (eq, about, gte, lte) read from words before the number
(约, 超过, 控制在…), after it (以上, 以内, 左右) or between number and unit (余, 多).

Numbers that only name or order things are left out, by general rules rather than lists of
cases: ordinals (第四次), numbers glued to letters or signs (A321, 5G, 8+8+8, 7×24),
scope counts (6个方面, 8条产业链), Chinese-numeral slogans (五个一, 十项行动, 两个“确立”),
capacities inside names (120万吨乙烯产业集群), class descriptors (亿元以上项目, 百亿级),
denominators (全市16个区, 16个断面达标率100%), reward rules of a policy package. Durations
and dates never become quantities because 年, 月, 日, 天 and 小时 are not units here.
Also adds the two worded quantities: 持平 (0 %, about) and 翻番 (2 倍).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .datatypes import Comparator, NumberToken, Quantity, WorkingDocument
from .genres import genre_profile
from .resources import (
    CHINESE_NAME_FOLLOWER_RE,
    CHINESE_QUANTITY_CUE_RE,
    CLAUSE_ABOUT_RE,
    DENOMINATOR_PREFIX_RE,
    DOUBLING_RE,
    FLAT_PREFIX_RE,
    FLAT_RE,
    MEASURE_FOLLOWER_RE,
    NAME_GLUE_AFTER,
    NAME_GLUE_BEFORE,
    OPENING_QUOTES,
    POLICY_RULE_SENTENCE_RE,
    PREFIX_COMPARATOR_RE,
    PREFIX_COMPARATORS,
    RANGE_DASH_RE,
    RATIO_WORD_RE,
    SCOPE_HEAD_RE,
    SUFFIX_COMPARATORS,
    THRESHOLD_VERBS,
    UNIT_CLASSES,
    UNIT_NORMALISED,
    UNIT_RE,
)
from .snippets import noun_after
from .textspans import Boundaries, SpanSet, clause_boundaries, sentence_boundaries

PREFIX_WINDOW = 12
ABOUT_CUE_WINDOW = 16
_CJK_OR_QUOTE_RE = re.compile(r"[\u4e00-\u9fff“\"]")
_THRESHOLD_COMPLEMENT_RE = re.compile(r"大关|水平|台阶|的|和|及|、|以上")
_RATIO_PERCENT_RE = re.compile(r"[0-9０-９.]+\s?[%％]")
_CLOSING_QUOTES = frozenset('”"」』》〉')
# What may follow 以上/以下 (and 的) when the quantity is still a figure: 5%以上的增长目标, 突破700亿元大关.
_COMPLEMENT_RE = re.compile(r"(?:增长|增速|增幅|发展)?(?:水平|大关|台阶|目标|左右|速度|幅度)")
# 41个工业大类行业中有32个…: the first count is the whole the second is taken from.
_WHOLE_OF_RE = re.compile(r"[^，,。；;]{0,12}?中(?:有|，|,)")


def _comparator(
    text: str,
    token: NumberToken,
    end: int,
    suffix: str | None,
    approx: str | None,
    before: str,
    about_region: str,
) -> Comparator:
    if suffix:
        return SUFFIX_COMPARATORS[suffix]
    if approx:
        return "gte"
    prefix = PREFIX_COMPARATOR_RE.search(before)
    if prefix is not None:
        word = prefix.group("word")
        following = text[end : end + 2]
        if (
            word in THRESHOLD_VERBS
            and _CJK_OR_QUOTE_RE.match(following)
            and not _THRESHOLD_COMPLEMENT_RE.match(following)
        ):
            # 突破 followed by the noun it breaks through counts that noun (突破10项技术).
            return "eq"
        return PREFIX_COMPARATORS[word]
    if text.startswith("水平", end) or CLAUSE_ABOUT_RE.search(about_region):
        return "about"
    return "eq"


def read_quantity(text: str, token: NumberToken, clauses: Boundaries, last_end: int) -> Quantity | None:
    """The quantity a number token starts, or None when it is not a figure of the document."""
    if token.chinese and token.value < 2 and not token.percent_word:
        return None
    if token.start > 0 and text[token.start - 1] in NAME_GLUE_BEFORE:
        return None
    if token.end < len(text) and text[token.end] in NAME_GLUE_AFTER:
        return None
    clause_start = clauses.start_of(token.start)
    before = text[max(clause_start, token.start - PREFIX_WINDOW) : token.start]
    if token.percent_word:
        unit_raw, unit_end, end, suffix, approx = "%", token.end, token.end, None, None
    else:
        match = UNIT_RE.match(text, token.end)
        if match is None:
            return None
        unit_raw = match.group("unit")
        unit_end = match.end("unit")
        end = match.end()
        suffix = match.group("suffix")
        approx = match.group("approx")
    unit_class = UNIT_CLASSES[unit_raw]
    if unit_raw == "名" and text[max(0, token.start - 1) : token.start] == "前":
        return None  # 进入全国前10名: a rank
    following = text[end : end + 1]
    if token.chinese and not token.percent_word:
        if not CHINESE_QUANTITY_CUE_RE.search(text[max(0, token.start - 4) : token.start]):
            return None
        if (
            CHINESE_NAME_FOLLOWER_RE.match(text, end)
            or following in OPENING_QUOTES
            or following in _CLOSING_QUOTES
        ):
            return None
    if text.startswith("级", end):
        return None
    if unit_class == "count":
        clause_end = clauses.end_of(end)
        if SCOPE_HEAD_RE.search(noun_after(text, end, clause_end)) or DENOMINATOR_PREFIX_RE.search(before):
            return None
        rest = text[end:clause_end]
        if _WHOLE_OF_RE.match(rest):
            return None
        ratio = RATIO_WORD_RE.search(rest)
        if ratio is not None and _RATIO_PERCENT_RE.search(rest, ratio.end()):
            return None
    if unit_class == "measure" and not MEASURE_FOLLOWER_RE.match(text, end):
        return None
    about_region = text[max(clause_start, last_end, token.start - ABOUT_CUE_WINDOW) : token.start]
    comparator = _comparator(text, token, end, suffix, approx, before, about_region)
    if unit_class != "count" and comparator in ("gte", "lte"):
        rest = text[end : end + 8]
        rest = rest[1:] if rest.startswith("的") else rest
        if _CJK_OR_QUOTE_RE.match(rest[:1]) and not _COMPLEMENT_RE.match(rest):
            # 亿元以上项目, 超1亿元的企业: a class of things, not a figure.
            return None
    return Quantity(
        start=token.start,
        end=end,
        number_start=token.start,
        number_end=token.end,
        unit_end=unit_end,
        value=token.value,
        unit=UNIT_NORMALISED.get(unit_raw, unit_raw),
        comparator=comparator,
        unit_class=unit_class,
    )


def _range_start(
    text: str, previous: NumberToken | None, current_token: NumberToken, current: Quantity
) -> Quantity | None:
    """For 3—5个, the lower bound 3 written without its unit, as its own quantity (gte).

    The lower bound takes the upper bound's multiplier when it has none (3—5万人 is 3万 to 5万).
    """
    if previous is None or previous.percent_word or previous.chinese != current_token.chinese:
        return None
    if RANGE_DASH_RE.fullmatch(text, previous.end, current.number_start) is None:
        return None
    value = previous.value
    if previous.multiplier == 1.0:
        value *= current_token.multiplier
    return Quantity(
        start=previous.start,
        end=previous.end,
        number_start=previous.start,
        number_end=previous.end,
        unit_end=previous.end,
        value=value,
        unit=current.unit,
        comparator="gte",
        unit_class=current.unit_class,
    )


def _states_a_rule(text: str, offset: int, sentences: Boundaries) -> bool:
    """In a policy package, whether the sentence around ``offset`` sets a rule (对…的企业给予…奖励)."""
    sentence = text[sentences.start_of(offset) : sentences.end_of(offset)]
    return POLICY_RULE_SENTENCE_RE.search(sentence.strip()) is not None


def worded_quantities(text: str, furniture: SpanSet) -> list[Quantity]:
    """持平 (0 %, about) and 翻番 (2 倍, eq; 翻两番 4 倍)."""
    found: list[Quantity] = []
    for match in FLAT_RE.finditer(text):
        if furniture.contains(match.start()):
            continue
        prefix = FLAT_PREFIX_RE.search(text, max(0, match.start() - 5), match.start())
        start = prefix.start() if prefix is not None else match.start()
        found.append(
            Quantity(start, match.end(), match.start(), match.end(), match.end(), 0.0, "%", "about", "rate")
        )
    for match in DOUBLING_RE.finditer(text):
        if furniture.contains(match.start()) or text.startswith("计划", match.end()):
            continue
        value = 4.0 if "两" in match.group() else 2.0
        found.append(
            Quantity(
                match.start(), match.end(), match.start(), match.end(), match.end(), value, "倍", "eq", "rate"
            )
        )
    return found


def find_quantities(document: WorkingDocument) -> WorkingDocument:
    """Read a unit and comparator for every number that is a figure of the document."""
    text = document.text
    clauses = clause_boundaries(text)
    sentences = sentence_boundaries(text)
    policy_like = genre_profile(document.meta.kind).conditions_are_rules
    furniture = SpanSet([(span.start, span.end) for span in document.furniture])
    quantities: list[Quantity] = []
    last_end = 0
    previous_token: NumberToken | None = None
    previous_accepted = False
    for token in document.numbers:
        quantity = read_quantity(text, token, clauses, last_end)
        if quantity is not None and policy_like and _states_a_rule(text, token.start, sentences):
            quantity = None
        if quantity is not None:
            lower = None if previous_accepted else _range_start(text, previous_token, token, quantity)
            if lower is not None:
                quantities.append(lower)
                if quantity.comparator == "eq":
                    quantity = replace(quantity, comparator="lte")
            quantities.append(quantity)
            last_end = quantity.end
        previous_token = token
        previous_accepted = quantity is not None
    quantities.extend(worded_quantities(text, furniture))
    quantities.sort(key=lambda quantity: quantity.number_start)
    return replace(document, quantities=tuple(quantities))
