"""Settings of the reports app, each with its default, overridable through settings.LUOSHI.

Read through `setting()` at call time (not import time) so tests and deployments can change
them without restarting anything that cached a value.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # A period's report is due this many working days after the period ends (e.g. the 5th
    # working day of the next month for a monthly report).
    "REPORT_DUE_WORKDAYS": 5,
    # After the due date a late report is still accepted (and counted late) for this many
    # working days; then the period closes unless a supervisor reopens it.
    "REPORT_CLOSE_AFTER_WORKDAYS": 10,
    # Evidence files: size limit in bytes and how many files one report may carry.
    "MAX_EVIDENCE_BYTES": 20 * 1024 * 1024,
    "MAX_EVIDENCE_FILES": 10,
    # How many times the outbox tries to send one e-mail before it gives up.
    "EMAIL_MAX_ATTEMPTS": 3,
    # Group robots (webhooks): seconds to wait for an answer, tries before giving up, and the
    # first wait before a retry (doubled after each failure).
    "WEBHOOK_TIMEOUT_SECONDS": 10,
    "WEBHOOK_MAX_ATTEMPTS": 5,
    "WEBHOOK_RETRY_SECONDS": 60,
}


def setting(name: str) -> Any:
    """The value of a reports setting: settings.LUOSHI[name] when given, else the default."""
    return getattr(settings, "LUOSHI", {}).get(name, DEFAULTS[name])
