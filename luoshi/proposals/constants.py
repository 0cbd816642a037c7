"""Settings of the proposals app, each with its default, overridable through settings.LUOSHI.

Deadlines are counted in working days from the day of assignment (交办), with the official
holiday schedule (luoshi.core.workdays). The offices' rules speak of months ("三个月内答复",
"一个月内会办意见"); a month is taken as 20 working days, so the defaults are 60 and 20. Counting
in working days keeps a reply window from shrinking over the Spring Festival or National Day.
Read at call time, so tests and deployments can change them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Working days from assignment to the host's reply, per kind (建议 / 提案).
    "PROPOSAL_REPLY_WORKDAYS": {"suggestion": 60, "proposal": 60},
    # Working days from assignment for a co-handling unit's opinion to the host, per kind.
    "PROPOSAL_OPINION_WORKDAYS": {"suggestion": 20, "proposal": 20},
    # A unit may ask for reassignment (退回改办) within this many working days of assignment.
    "PROPOSAL_REASSIGN_WINDOW_WORKDAYS": 5,
    # Working days for re-handling after an unsatisfied evaluation (不满意).
    "PROPOSAL_REHANDLE_WORKDAYS": 20,
    # Signed reply letters: size limit in bytes.
    "PROPOSAL_MAX_FILE_BYTES": 20 * 1024 * 1024,
}


def setting(name: str) -> Any:
    """The value of a proposals setting: settings.LUOSHI[name] when given, else the default."""
    return getattr(settings, "LUOSHI", {}).get(name, DEFAULTS[name])


def workdays_for(name: str, kind: str) -> int:
    """A per-kind working-day setting; a dict missing the kind falls back to the default."""
    value = setting(name)
    if isinstance(value, int):
        return value
    return int(value.get(kind, DEFAULTS[name][kind]))
