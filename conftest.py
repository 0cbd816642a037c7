"""Fixtures shared by every app's tests (imported lazily, so pure tests need no Django)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from luoshi.ledger.tests.factories import Personas


@pytest.fixture
def personas(db: None) -> Personas:
    from luoshi.ledger.tests.factories import make_personas

    return make_personas()


@pytest.fixture
def driver() -> Iterator[Any]:
    """Headless Debian chromium for the browser tests, quit afterwards whatever happens."""
    from luoshi.web.tests.browser import make_driver

    browser = make_driver()
    try:
        yield browser
    finally:
        browser.quit()
