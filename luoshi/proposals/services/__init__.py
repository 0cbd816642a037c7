"""Writes of the proposals app, one module per workflow, re-exported here."""

from luoshi.proposals.services.assignment import proposal_assign, reassign_decide, reassign_request
from luoshi.proposals.services.feedback import feedback_record
from luoshi.proposals.services.handling import (
    CommitmentIn,
    contact_add,
    opinion_submit,
    reply_accept,
    reply_publish,
    reply_return,
    reply_submit,
)
from luoshi.proposals.services.register import proposal_create, proposer_get_or_create, session_create
from luoshi.proposals.services.reminders import proposal_reminders_send

__all__ = [
    "CommitmentIn", "contact_add", "feedback_record", "opinion_submit", "proposal_assign", "proposal_create",
    "proposal_reminders_send", "proposer_get_or_create", "reassign_decide", "reassign_request", "reply_accept",
    "reply_publish", "reply_return", "reply_submit", "session_create",
]
