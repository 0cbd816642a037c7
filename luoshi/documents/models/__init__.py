from .documents import Document
from .drafts import DraftMeasure, ExtractedItem

__all__ = ["Document", "DraftMeasure", "ExtractedItem"]
