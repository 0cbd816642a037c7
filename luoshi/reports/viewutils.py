"""Page helpers shared by the reports and oversight pages.

Turning domain errors into responses is `luoshi.core.viewutils.attempt`, shared by every app's pages.
"""

from __future__ import annotations

import uuid


def new_idempotency_key() -> str:
    """A fresh key for a form: a double click or a browser retry posts the same key twice."""
    return uuid.uuid4().hex
