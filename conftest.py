"""Fixtures shared by every app's tests."""

from __future__ import annotations

import pytest

from luoshi.ledger.tests.factories import Personas, make_personas


@pytest.fixture
def personas(db: None) -> Personas:
    return make_personas()
