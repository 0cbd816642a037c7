"""Step: numbers.

Needs: the text and ``furniture``.
Adds: ``numbers``, every number written in the text outside page furniture: Arabic digits
(half or full width, decimals, thousands commas), Arabic digits with a Chinese multiplier
(1.8万, 7391.6亿, 2.1万亿), Chinese numerals (十二, 两万, 万) where a unit may follow them (the
一 of 统一 is a word, not a number), and 百分之 percentages. Whether a number is a quantity worth
an item is decided later; this step only reads values.
"""

from __future__ import annotations

from dataclasses import replace

from .datatypes import NumberToken, WorkingDocument
from .numerals import parse_arabic, parse_chinese_numeral
from .resources import CHINESE_NUMERAL_CHARS, MULTIPLIERS, NUMBER_RE
from .textspans import SpanSet


def read_numbers(text: str, furniture: SpanSet | None = None) -> tuple[NumberToken, ...]:
    """All number tokens of ``text`` in order, skipping those that start inside ``furniture``."""
    tokens: list[NumberToken] = []
    for match in NUMBER_RE.finditer(text):
        if furniture is not None and furniture.contains(match.start()):
            continue
        arabic = match.group("arabic")
        percent = match.group("percent")
        multiplier = match.group("multiplier")
        factor = 1.0
        value: float | None
        if percent is not None:
            chinese = percent[0] in CHINESE_NUMERAL_CHARS
            value = parse_chinese_numeral(percent) if chinese else parse_arabic(percent)
        elif arabic is not None:
            value = parse_arabic(arabic, multiplier)
            factor = MULTIPLIERS.get(multiplier, 1.0) if multiplier else 1.0
            chinese = False
        else:
            value = parse_chinese_numeral(match.group("chinese"))
            chinese = True
        if value is None:
            continue
        tokens.append(
            NumberToken(
                start=match.start(),
                end=match.end(),
                value=value,
                text=match.group(),
                chinese=chinese,
                percent_word=percent is not None,
                multiplier=factor,
            )
        )
    return tuple(tokens)


def find_numbers(document: WorkingDocument) -> WorkingDocument:
    """Read every number of the text outside page furniture."""
    furniture = SpanSet([(span.start, span.end) for span in document.furniture])
    return replace(document, numbers=read_numbers(document.text, furniture))
