"""Ids from outside (core.bounds.id_or_none): what spells an id, and what is refused, not a crash."""

from __future__ import annotations

import pytest

from luoshi.core.bounds import ID_MAX_DIGITS, id_or_none, ids_in


@pytest.mark.parametrize(("raw", "expected"), [
    ("42", 42), (" 42 ", 42), (7, 7), ("１２", 12), ("9" * ID_MAX_DIGITS, int("9" * ID_MAX_DIGITS)),
    ("", None), (None, None), ("abc", None), ("-3", None), ("4.0", None), ("4 2", None),
    # str.isdigit() says yes to each of these, and int() refused them: a 500 where a form carried an id
    ("²", None), ("9" * 5000, None), ("①", None),
    ("9" * (ID_MAX_DIGITS + 1), None), ("\x00", None), ("4\x002", None),
])
def test_an_id_is_decimal_digits_a_key_can_hold(raw: object, expected: int | None) -> None:
    assert id_or_none(raw) == expected


def test_ids_in_a_list_leave_out_what_is_not_one() -> None:
    assert ids_in(["3", "²", "9" * 5000, "", " 8", "x"]) == [3, 8]
