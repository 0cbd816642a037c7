"""Chinese word search: segmentation at write time, the same query on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from luoshi.portal import search


def test_index_text_holds_words_and_character_pairs() -> None:
    text = search.index_text(["建设海河实验室"])
    assert text.startswith(" ") and text.endswith(" ")
    tokens = text.split()
    assert {"建设", "海河", "实验室", "设海", "河实"} <= set(tokens)
    assert len(tokens) == len(set(tokens))


def test_latin_words_are_lower_cased() -> None:
    assert " 5g " in search.index_text(["推动5G应用"])


@pytest.mark.parametrize(("query", "terms"), [
    ("海河", ("海河",)),
    ("海河实验室", ("海河", "实验室")),
    ("  人才  补贴 ", ("人才", "补贴")),
    ("5G应用", ("5g", "应用")),
    ("", ()),
    ("!!!", ()),
])
def test_queries_are_split_into_words(query: str, terms: tuple[str, ...]) -> None:
    assert search.parse_query(query).terms == terms


def test_lists_are_normalised_for_exact_matches() -> None:
    assert search.normalise_list("生物医药、智能制造; 港口") == " 生物医药 智能制造 港口 "
    assert search.normalise_list("") == ""
