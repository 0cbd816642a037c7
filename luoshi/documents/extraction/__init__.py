"""The pure extraction pipeline: bytes to text, text to structure, items, draft measures and tasks.

Imports nothing from Django, touches no database and no network, and gives the same output for
the same input. See docs/extraction.md.
"""

from .datatypes import (
    DocumentMeta,
    Extraction,
    Item,
    Measure,
    Section,
    SourceDocument,
    Span,
    Speaker,
    Task,
)
from .evaluation import to_eval_json
from .genres import GENRES, GenreProfile, UnknownGenreError, genre_profile
from .pipeline import PIPELINE, PipelineError, extract
from .reading import ReadError, read_document

__all__ = [
    "PIPELINE",
    "DocumentMeta",
    "Extraction",
    "Item",
    "Measure",
    "PipelineError",
    "ReadError",
    "Section",
    "SourceDocument",
    "Span",
    "Speaker",
    "Task",
    "GENRES",
    "GenreProfile",
    "UnknownGenreError",
    "genre_profile",
    "extract",
    "read_document",
    "to_eval_json",
]
