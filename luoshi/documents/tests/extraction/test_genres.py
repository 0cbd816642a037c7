"""The genre table: one profile per genre, kinds equal to the Django choices, unknown genres refused."""

from __future__ import annotations

from dataclasses import replace

import pytest

from luoshi.documents.choices import DocumentKind, ItemKind
from luoshi.documents.extraction.classification import classify_items
from luoshi.documents.extraction.datatypes import DocumentMeta, WorkingDocument
from luoshi.documents.extraction.genres import (
    DOCUMENT_KINDS,
    GENRES,
    ITEM_KINDS,
    UnknownGenreError,
    genre_profile,
)
from luoshi.documents.extraction.pipeline import PipelineError, run


def test_the_pipelines_genres_equal_the_django_choices() -> None:
    assert set(DOCUMENT_KINDS) == set(DocumentKind.values) == set(GENRES)


def test_the_pipelines_item_kinds_equal_the_django_choices() -> None:
    assert set(ITEM_KINDS) == set(ItemKind.values)


@pytest.mark.parametrize("kind", sorted(GENRES))
def test_each_profile_names_its_own_genre(kind: str) -> None:
    assert genre_profile(kind).kind == kind
    assert genre_profile(kind).default_item_kind in ITEM_KINDS


def test_an_unknown_genre_is_refused_not_read_as_policy() -> None:
    with pytest.raises(UnknownGenreError, match="speech"):
        genre_profile("speech")


def test_a_step_given_an_unknown_genre_fails_naming_itself() -> None:
    document = replace(WorkingDocument(text="全年增长5%。"), meta=DocumentMeta(kind="speech"))  # type: ignore[arg-type]
    with pytest.raises(PipelineError, match="classification") as raised:
        run(document, (("classification", classify_items),))
    assert isinstance(raised.value.__cause__, UnknownGenreError)


@pytest.mark.parametrize(
    ("kind", "default"),
    [("work_report", "actual"), ("press_conference", "actual"), ("policy", "target"), ("notice", "target")],
)
def test_the_default_item_kind_of_each_genre(kind: str, default: str) -> None:
    assert genre_profile(kind).default_item_kind == default
