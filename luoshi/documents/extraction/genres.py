"""The genre table: what each kind of document changes in the steps, in one place.

Steps never compare genre names; they read the profile of ``meta.kind`` through
:func:`genre_profile`. A genre the table does not know is an error (:class:`UnknownGenreError`),
never a silent fallback to another genre. The keys equal ``DocumentKind`` in
``luoshi/documents/choices.py`` (a test holds them equal). How to add a genre: docs/extraction.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import get_args

from .datatypes import DocumentKind, ItemKind


@dataclass(frozen=True, slots=True)
class GenreProfile:
    """The per-genre behaviour the steps read.

    - ``default_item_kind``: the kind of a figure that no section mode or tense cue decides.
    - ``period_from_title_year``: undated figures belong to the year in the title (a plan's).
    - ``period_from_document_date``: undated figures belong to the document's own year.
    - ``review_and_plan_years``: undated figures take the review year or the plan year by kind.
    - ``plan_mode_carries_on``: an untitled top section after a plan section is plan too.
    - ``conditions_are_rules``: numbers inside eligibility conditions are rules, not figures.
    - ``numbered_clauses_are_measures``: each numbered clause is one draft measure.
    - ``future_sentences_are_measures``: any sentence with a future cue may be a measure.
    - ``issuer_from_byline``: the speaker's unit in the byline issues the document.
    - ``issuer_from_signature``: the signature (落款) names the issuer.
    - ``task_list_drafts``: a plan whose task list (headings, measures with their notes) becomes
      its drafts, where it has one; other genres' drafts are their action measures.
    """

    kind: DocumentKind
    default_item_kind: ItemKind
    period_from_title_year: bool = False
    period_from_document_date: bool = False
    review_and_plan_years: bool = False
    plan_mode_carries_on: bool = False
    conditions_are_rules: bool = False
    numbered_clauses_are_measures: bool = False
    future_sentences_are_measures: bool = False
    issuer_from_byline: bool = False
    issuer_from_signature: bool = False
    task_list_drafts: bool = False


class UnknownGenreError(ValueError):
    """A document kind that the genre table does not hold."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"unknown document genre {kind!r}; known: {', '.join(sorted(GENRES))}")
        self.kind = kind


GENRES: Mapping[str, GenreProfile] = MappingProxyType(
    {
        "work_report": GenreProfile(
            kind="work_report",
            default_item_kind="actual",
            review_and_plan_years=True,
            plan_mode_carries_on=True,
            issuer_from_byline=True,
        ),
        "press_conference": GenreProfile(
            kind="press_conference",
            default_item_kind="actual",
            period_from_document_date=True,
            future_sentences_are_measures=True,
        ),
        "policy": GenreProfile(
            kind="policy",
            default_item_kind="target",
            period_from_title_year=True,
            conditions_are_rules=True,
            numbered_clauses_are_measures=True,
            issuer_from_signature=True,
            task_list_drafts=True,
        ),
        "notice": GenreProfile(
            kind="notice",
            default_item_kind="target",
            period_from_title_year=True,
            conditions_are_rules=True,
            numbered_clauses_are_measures=True,
            issuer_from_signature=True,
            task_list_drafts=True,
        ),
    }
)

DOCUMENT_KINDS: tuple[str, ...] = get_args(DocumentKind)
ITEM_KINDS: tuple[str, ...] = get_args(ItemKind)


def genre_profile(kind: str) -> GenreProfile:
    """The profile of ``kind``. Raises :class:`UnknownGenreError` for a kind the table lacks."""
    try:
        return GENRES[kind]
    except KeyError:
        raise UnknownGenreError(kind) from None
