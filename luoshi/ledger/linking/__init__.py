"""Linking measures across levels and versions: pure functions over plain values.

- `suggest_parents`: for each draft of a lower-level plan, up to three higher-level tasks it
  may refine, best first, with the reasons (suggest.py).
- `match_revision`: the measures of a revised plan against the confirmed tasks of the previous
  version: unchanged, changed (with a field diff), new, dropped, or ambiguous (revision.py).
- `normalise_unit_name`, `unit_function`: unit names as offices abbreviate them (units.py).
- `numbering_from_markers`: a numbering path from section markers (二、（三）1. → (2, 3, 1)).

No Django, no database, no network; the same input gives the same output. docs/decomposition.md
explains both algorithms for users.
"""

from .references import numbering_from_markers
from .revision import match_revision
from .suggest import suggest_parents
from .types import (
    AmbiguousGroup,
    CandidateTask,
    DraftText,
    FieldChange,
    MatchedPair,
    Reason,
    RevisionPlan,
    Suggestion,
    VersionedMeasure,
)
from .units import normalise_unit_name, split_unit_names, unit_function

__all__ = [
    "AmbiguousGroup",
    "CandidateTask",
    "DraftText",
    "FieldChange",
    "MatchedPair",
    "Reason",
    "RevisionPlan",
    "Suggestion",
    "VersionedMeasure",
    "match_revision",
    "normalise_unit_name",
    "numbering_from_markers",
    "split_unit_names",
    "suggest_parents",
    "unit_function",
]
