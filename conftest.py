"""Fixtures shared by every app's tests (imported lazily, so pure tests need no Django)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from luoshi.ledger.tests.factories import Personas


@pytest.fixture
def personas(db: None) -> Personas:
    from luoshi.ledger.tests.factories import make_personas

    return make_personas()
