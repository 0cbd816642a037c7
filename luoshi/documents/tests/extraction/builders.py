"""Hand-made inputs for step tests: each step test builds what the earlier steps would add."""

from __future__ import annotations

from dataclasses import replace

from luoshi.documents.extraction.datatypes import (
    DocumentKind,
    DocumentMeta,
    Item,
    NumberToken,
    Quantity,
    Section,
    SectionKind,
    SectionMode,
    WorkingDocument,
)


def number(
    text: str, written: str, value: float, *, occurrence: int = 0, multiplier: float = 1.0
) -> NumberToken:
    """The token for the ``occurrence``-th ``written`` number in ``text``."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(written, at + 1)
    return NumberToken(
        start=at,
        end=at + len(written),
        value=value,
        text=written,
        chinese=not written[0].isdigit(),
        multiplier=multiplier,
    )


def quantity(
    text: str,
    written: str,
    value: float,
    unit: str,
    *,
    comparator: str = "eq",
    unit_class: str = "count",
    occurrence: int = 0,
) -> Quantity:
    """The quantity whose number and unit are written ``written`` (the number is its digits)."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(written, at + 1)
    digits = len(written) - len(unit) if written.endswith(unit) else len(written)
    return Quantity(
        start=at,
        end=at + len(written),
        number_start=at,
        number_end=at + digits,
        unit_end=at + len(written),
        value=value,
        unit=unit,
        comparator=comparator,  # type: ignore[arg-type]  # tests pass literals
        unit_class=unit_class,  # type: ignore[arg-type]
    )


def section(
    text: str,
    title: str,
    *,
    index: int,
    kind: SectionKind = "heading",
    level: int = 1,
    parent: Section | None = None,
    mode: SectionMode | None = None,
    period: str | None = None,
    marker: str = "",
    end: int | None = None,
) -> Section:
    """A section starting at the line that holds ``marker + title``."""
    start = text.index(marker + title)
    return Section(
        id=f"s{index}",
        parent_id=parent.id if parent else None,
        level=level,
        kind=kind,
        marker=marker,
        title=title,
        start=start,
        end=len(text.rstrip()) if end is None else end,
        path=(parent.path if parent else ()) + (title,),
        mode=mode,
        period=period,
    )


def item(
    text: str, snippet: str, kind: str, value: float, unit: str, *, section_id: str | None = None
) -> Item:
    """An item quoting ``snippet``, whose number is the first digits in it."""
    at = text.index(snippet)
    digits = next(index for index, char in enumerate(snippet) if char.isdigit())
    digits_end = digits
    while digits_end < len(snippet) and (snippet[digits_end].isdigit() or snippet[digits_end] == "."):
        digits_end += 1
    return Item(
        kind=kind,  # type: ignore[arg-type]  # tests pass literals
        value=value,
        unit=unit,
        comparator="eq",
        period=None,
        indicator="",
        start=at,
        end=at + len(snippet),
        quote=snippet,
        number_start=at + digits,
        number_end=at + digits_end,
        section_id=section_id,
    )


def document(text: str, *, kind: DocumentKind = "work_report", **fields: object) -> WorkingDocument:
    """A working document of ``kind`` with the given fields already filled by hand."""
    start = WorkingDocument(text=text, meta=DocumentMeta(kind=kind))
    return replace(start, **fields)  # type: ignore[arg-type]  # tests pass the fields they need
