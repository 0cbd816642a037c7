from .adjustments import AdjustmentRequest
from .assessment import UnitScore
from .comments import Comment
from .evaluation import EvaluationSnapshot, TaskSnapshot
from .notices import SupervisionNotice

__all__ = ["AdjustmentRequest", "Comment", "EvaluationSnapshot", "SupervisionNotice", "TaskSnapshot", "UnitScore"]
