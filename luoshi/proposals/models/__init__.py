"""Models of the proposals app, one module per sub-domain."""

from luoshi.proposals.models.handling import (
    Assignment,
    Commitment,
    ContactLog,
    CoOpinion,
    Feedback,
    ReassignRequest,
    Reply,
)
from luoshi.proposals.models.register import Proposal, Proposer, Session

__all__ = ["Assignment", "CoOpinion", "Commitment", "ContactLog", "Feedback", "Proposal", "Proposer",
           "ReassignRequest", "Reply", "Session"]
