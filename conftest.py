"""Fixtures shared by every app's tests (imported lazily, so pure tests need no Django)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from luoshi.ledger.tests.factories import Personas


@pytest.fixture(autouse=True)
def _language_restored() -> Iterator[None]:
    """Each test starts in the default language, whatever the one before it did: the locale
    middleware activates the request's language in the thread and leaves it active, so a test
    whose client asked for English left English on for the next test in the same process (under
    pytest-xdist that order changes, and a test reading a Chinese history reason failed)."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def shared_cache(settings: Any) -> Iterator[None]:
    """Values kept between requests (luoshi.core.kept), as with Redis; the test's own process
    cache stands in for it, emptied before and after."""
    from django.core.cache import cache

    settings.SHARED_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


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
