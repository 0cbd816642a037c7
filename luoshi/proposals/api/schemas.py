"""Input and output shapes of the proposals API; every name starts with Proposal."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Schema
from pydantic import Field


class ProposalSessionIn(Schema):
    body: str = Field(description="congress(人大)或 cppcc(政协)")
    name: str
    opened_on: date
    year: int | None = None


class ProposalSessionOut(Schema):
    id: int
    body: str
    name: str
    opened_on: date
    year: int
    kind: str


class ProposalProposerIn(Schema):
    name: str
    group: str = Field("", description="代表团或界别")


class ProposalIn(Schema):
    session_id: int
    number: int
    title: str
    content: str = ""
    lead_proposer: ProposalProposerIn
    co_signers: list[ProposalProposerIn] = []
    category: str = ""
    is_key: bool = False
    leading_leader_id: int | None = None


class ProposalAssignmentOut(Schema):
    unit_id: int
    unit_name: str
    role: str
    assigned_on: date

    @staticmethod
    def resolve_unit_name(obj: Any) -> str:
        return str(obj.unit.name)


class ProposalOut(Schema):
    id: int
    session_id: int
    kind: str
    number: int
    code: str
    title: str
    content: str
    lead_proposer: str
    category: str
    is_key: bool
    status: str
    assigned_on: date | None
    reply_due: date | None
    opinion_due: date | None
    round: int
    satisfaction: str
    is_demo: bool
    assignments: list[ProposalAssignmentOut]

    @staticmethod
    def resolve_lead_proposer(obj: Any) -> str:
        return str(obj.lead_proposer)

    @staticmethod
    def resolve_assignments(obj: Any) -> list[Any]:
        return list(obj.assignments.all())


class ProposalPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ProposalOut]


class ProposalAssignIn(Schema):
    hosts: list[int] = Field(description="主办单位 id;多个即分办")
    co_units: list[int] = []


class ProposalReassignIn(Schema):
    reason: str
    suggested_unit: str = ""


class ProposalReassignOut(Schema):
    id: int
    proposal_id: int
    unit_id: int
    reason: str
    suggested_unit: str
    requested_on: date
    status: str
    decided_on: date | None
    decision_note: str


class ProposalDecideIn(Schema):
    approve: bool
    note: str = ""
    new_host: int | None = None


class ProposalContactIn(Schema):
    stage: str = Field(description="before(办前)或 during(办中)")
    contacted_on: date
    way: str = Field(description="visit、meeting、phone、letter、online 或 other")
    summary: str


class ProposalContactOut(Schema):
    id: int
    unit_id: int
    stage: str
    contacted_on: date
    way: str
    summary: str


class ProposalOpinionIn(Schema):
    text: str


class ProposalOpinionOut(Schema):
    id: int
    unit_id: int
    text: str
    submitted_on: date
    round: int


class ProposalCommitmentOut(Schema):
    id: int
    text: str
    due_on: date | None
    task_id: int | None


class ProposalReplyOut(Schema):
    id: int
    proposal_id: int
    unit_id: int
    round: int
    text: str
    classification: str
    status: str
    due_date: date
    submitted_on: date
    on_time: bool
    file_name: str
    review_comment: str
    is_public: bool
    commitments: list[ProposalCommitmentOut]

    @staticmethod
    def resolve_commitments(obj: Any) -> list[Any]:
        return list(obj.commitments.all())


class ProposalReviewIn(Schema):
    comment: str = ""
    is_public: bool = False


class ProposalPublishIn(Schema):
    is_public: bool


class ProposalFeedbackIn(Schema):
    satisfaction: str = Field(description="satisfied(满意)、basically(基本满意)或 unsatisfied(不满意)")
    received_on: date | None = None
    note: str = ""


class ProposalFeedbackOut(Schema):
    id: int
    proposal_id: int
    round: int
    satisfaction: str
    received_on: date


class ProposalFiguresOut(Schema):
    received: int
    assigned: int
    replied: int
    on_time: int
    late: int
    overdue: int
    a: int
    b: int
    c: int
    evaluated: int
    satisfied: int
    basically: int
    unsatisfied: int
    commitments: int
    commitments_done: int
    on_time_rate: float | None
    a_share: float | None
    b_share: float | None
    c_share: float | None
    satisfaction_rate: float | None
    commitments_done_rate: float | None


class ProposalFigureRowOut(Schema):
    key: str
    label: str
    figures: ProposalFiguresOut


class ProposalSessionFiguresOut(Schema):
    session_id: int
    total: ProposalFiguresOut
    by_unit: list[ProposalFigureRowOut]
    by_category: list[ProposalFigureRowOut]


class ProposalUnitFiguresOut(Schema):
    unit_id: int
    figures: ProposalFiguresOut
    score: float | None


class ProposalImportProblemOut(Schema):
    row: int | None
    column: str
    message: str


class ProposalImportOut(Schema):
    filename: str
    ok: bool
    applied: bool
    rows: int
    assigned: int
    problems: list[ProposalImportProblemOut]


class ProposalPublicReplyOut(Schema):
    id: int
    session: str
    kind: str
    code: str
    title: str
    host_unit: str
    classification: str
    reply_text: str
    replied_on: date


class ProposalPublicReplyPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ProposalPublicReplyOut]
