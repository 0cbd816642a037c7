"""The ordered steps of the extraction pipeline and the runner that applies them.

Each step takes a :class:`WorkingDocument` and returns a copy with its additions; its docstring
says what it needs and what it adds. The runner names the failing step in any error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from .classification import classify_items
from .datatypes import Extraction, WorkingDocument
from .figures import find_numbers
from .furniture import find_furniture
from .measures import find_measures
from .meta import read_meta
from .parts import find_parts
from .periods import assign_periods
from .quantities import find_quantities
from .structure import find_structure
from .tasklist import find_tasks

Step = Callable[[WorkingDocument], WorkingDocument]

PIPELINE: tuple[tuple[str, Step], ...] = (
    ("furniture", find_furniture),
    ("structure", find_structure),
    ("meta", read_meta),
    ("periods", assign_periods),
    ("numbers", find_numbers),
    ("quantities", find_quantities),
    ("classification", classify_items),
    ("parts", find_parts),
    ("measures", find_measures),
    ("tasks", find_tasks),
)


class PipelineError(Exception):
    """A step failed; ``step`` names it and the original error is the ``__cause__``."""

    def __init__(self, step: str, error: Exception) -> None:
        super().__init__(f"extraction step {step!r} failed: {type(error).__name__}: {error}")
        self.step = step


def run(document: WorkingDocument, steps: Sequence[tuple[str, Step]] = PIPELINE) -> WorkingDocument:
    """Apply ``steps`` in order. Raises :class:`PipelineError` naming the step that failed."""
    for name, step in steps:
        try:
            document = step(document)
        except Exception as error:
            raise PipelineError(name, error) from error
    return document


def extract(
    text: str, *, unit_directory: Sequence[str] = (), reference_date: date | None = None
) -> Extraction:
    """Read structure, items and draft measures from a decoded document text.

    ``unit_directory`` lists the names of government units to recognise as lead units;
    ``reference_date`` dates a document that carries no date of its own. Deterministic, no I/O.
    Raises :class:`PipelineError` if a step fails.
    """
    start = WorkingDocument(text=text, unit_directory=tuple(unit_directory), reference_date=reference_date)
    return run(start).to_extraction()
