"""Proposals endpoints under /api/v1/proposals: sessions, the register and its import, assignment
and reassignment, contact log, co-opinions, replies and their review, feedback, figures, and the
public replies (no login).

Each endpoint parses input, calls one service or selector and returns; refusals come back in the
API's one error shape {code, message} with 401 (no login), 403 (role), 404 (not visible) or 400.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile

from luoshi.api.pagination import paginate
from luoshi.core.bounds import ids_in
from luoshi.core.clock import business_today
from luoshi.core.errors import DomainError, NotFound
from luoshi.ledger.models import Person
from luoshi.ledger.permissions import Action, require
from luoshi.proposals import rules, selectors, services
from luoshi.proposals.api.schemas import (
    ProposalAssignIn,
    ProposalContactIn,
    ProposalContactOut,
    ProposalDecideIn,
    ProposalFeedbackIn,
    ProposalFeedbackOut,
    ProposalImportOut,
    ProposalIn,
    ProposalOpinionIn,
    ProposalOpinionOut,
    ProposalOut,
    ProposalPage,
    ProposalPublicReplyPage,
    ProposalPublishIn,
    ProposalReassignIn,
    ProposalReassignOut,
    ProposalReplyOut,
    ProposalReviewIn,
    ProposalSessionFiguresOut,
    ProposalSessionIn,
    ProposalSessionOut,
    ProposalUnitFiguresOut,
)
from luoshi.proposals.choices import KIND_OF_BODY, Body, ProposerKind
from luoshi.proposals.imports import ProposalImportPreview, ProposalImportRefused, proposals_import
from luoshi.proposals.models import Proposal, ReassignRequest, Reply, Session
from luoshi.proposals.services.common import MSG_NOT_FOUND
from luoshi.proposals.services.handling import MSG_REPLY_NOT_FOUND, CommitmentIn

router = Router()

MSG_SESSION_NOT_FOUND = _("会议不存在。")
MSG_REQUEST_NOT_FOUND = _("退回改办申请不存在或无权查看。")
MSG_COMMITMENTS_FORMAT = _("承诺事项应为 JSON 数组,如 [{\"text\": \"建设社区食堂\", \"due_on\": \"2024-12-31\"}]。")


def _item(request: HttpRequest, proposal_id: int) -> Proposal:
    found = selectors.proposal_detail(user=request.user, pk=proposal_id)
    if found is None:
        raise NotFound(MSG_NOT_FOUND)
    return found


def _session(session_id: int) -> Session:
    session = Session.objects.filter(pk=session_id).first()
    if session is None:
        raise NotFound(MSG_SESSION_NOT_FOUND)
    return session


def _reply(request: HttpRequest, reply_id: int) -> Reply:
    reply = Reply.objects.filter(pk=reply_id).first()
    if reply is None or selectors.proposal_detail(user=request.user, pk=reply.proposal_id) is None:
        raise NotFound(MSG_REPLY_NOT_FOUND)
    return reply


def _figures(figures: rules.Figures) -> dict[str, Any]:
    data = asdict(figures)
    for name in ("on_time_rate", "a_share", "b_share", "c_share", "satisfaction_rate", "commitments_done_rate"):
        data[name] = getattr(figures, name)
    return data


def _preview(preview: ProposalImportPreview) -> dict[str, Any]:
    return {"filename": preview.filename, "ok": preview.ok, "applied": preview.applied, "rows": len(preview.rows),
            "assigned": preview.assigned, "problems": [p.as_dict() for p in preview.problems]}


# --- sessions and register --------------------------------------------------------------------

@router.get("/sessions", response=list[ProposalSessionOut], summary="会议(届次)列表")
def session_list(request: HttpRequest) -> Any:
    require(request.user, Action.PROPOSAL_VIEW)
    return list(selectors.sessions())


@router.post("/sessions", response={201: ProposalSessionOut}, summary="登记会议")
def session_create(request: HttpRequest, payload: ProposalSessionIn) -> Any:
    session = services.session_create(user=request.user, body=payload.body, name=payload.name,
                                      opened_on=payload.opened_on, year=payload.year)
    return Status(201, session)


class ProposalFilters(Schema):
    session: int | None = None
    status: str = ""
    unit: int | None = None
    category: str = ""
    q: str = ""
    page: int = 1
    page_size: int = 50


@router.get("/", response=ProposalPage, summary="建议提案列表(本人可见范围)")
def proposal_list(request: HttpRequest, filters: Query[ProposalFilters]) -> Any:
    require(request.user, Action.PROPOSAL_VIEW)
    session = _session(filters.session) if filters.session else None
    rows = selectors.proposal_list(user=request.user, session=session, status=filters.status, unit_id=filters.unit,
                                   category=filters.category, text=filters.q).prefetch_related("assignments__unit")
    return paginate(rows, filters.page, filters.page_size)


@router.post("/", response={201: ProposalOut}, summary="登记建议提案")
def proposal_create(request: HttpRequest, payload: ProposalIn) -> Any:
    require(request.user, Action.PROPOSAL_MANAGE)
    session = _session(payload.session_id)
    kind = ProposerKind.DEPUTY if KIND_OF_BODY[Body(session.body)] == "suggestion" else ProposerKind.MEMBER
    lead = services.proposer_get_or_create(name=payload.lead_proposer.name, kind=kind,
                                           group=payload.lead_proposer.group)
    signers = [services.proposer_get_or_create(name=s.name, kind=kind, group=s.group) for s in payload.co_signers]
    leader = Person.objects.filter(pk=payload.leading_leader_id).first() if payload.leading_leader_id else None
    item = services.proposal_create(user=request.user, session=session, number=payload.number, title=payload.title,
                                    content=payload.content, lead_proposer=lead, co_signers=signers,
                                    category=payload.category, is_key=payload.is_key, leading_leader=leader)
    return Status(201, _item(request, item.pk))


@router.post("/import", response={200: ProposalImportOut, 400: ProposalImportOut},
             summary="导入交办清单(预览或提交,全部或全不)")
def proposal_import(request: HttpRequest, session: int, commit: bool = False,
                    file: UploadedFile = File(...)) -> Any:  # noqa: B008
    """Without `commit`: the preview with every row problem. With `commit=true`: validated again and
    written all or nothing; 400 with the problems when any remain."""
    target = _session(session)
    try:
        preview = proposals_import(user=request.user, session=target, data=file.read(), filename=file.name or "",
                                   commit=commit)
    except ProposalImportRefused as refused:
        return Status(400, _preview(refused.preview))
    return Status(200 if preview.ok else 400, _preview(preview))


@router.get("/figures", response=ProposalSessionFiguresOut, summary="办理统计(按会议:合计、主办单位、内容分类)")
def figures(request: HttpRequest, session: int, today: date | None = None) -> Any:
    require(request.user, Action.PROPOSAL_VIEW)
    result = selectors.session_figures(session=_session(session), today=today)
    return {"session_id": session, "total": _figures(result.total),
            "by_unit": [{"key": str(r.key), "label": r.label, "figures": _figures(r.figures)} for r in result.by_unit],
            "by_category": [{"key": str(r.key), "label": r.label, "figures": _figures(r.figures)}
                            for r in result.by_category]}


@router.get("/figures/units", response=list[ProposalUnitFiguresOut], summary="各单位办理统计与得分(考核用)")
def unit_figures(request: HttpRequest, units: str, session: int | None = None, year: int | None = None) -> Any:
    """`units`: comma-separated unit ids; `session` or `year` chooses the items."""
    require(request.user, Action.ASSESSMENT_VIEW)
    ids = ids_in(units.split(","))
    period: Any = _session(session) if session else (year or business_today().year)
    answer = selectors.proposal_figures_for_units(period, ids)
    return [{"unit_id": f.unit_id, "figures": _figures(f.figures), "score": f.score} for f in answer.values()]


@router.get("/public/replies", response=ProposalPublicReplyPage, auth=None, summary="公开的答复(中文分词检索)")
def public_replies(request: HttpRequest, q: str = "", page: int = 1, page_size: int = 20) -> Any:
    data = paginate(selectors.public_replies(text=q), page, page_size)
    data["results"] = [{
        "id": r.pk, "session": r.proposal.session.name, "kind": r.proposal.get_kind_display(),
        "code": r.proposal.code, "title": r.proposal.title, "host_unit": r.unit.name,
        "classification": r.classification, "reply_text": r.text, "replied_on": r.submitted_on,
    } for r in data["results"]]
    return data


@router.get("/{proposal_id}", response=ProposalOut, summary="一件建议提案")
def proposal_detail(request: HttpRequest, proposal_id: int) -> Any:
    return _item(request, proposal_id)


# --- assignment -------------------------------------------------------------------------------

@router.post("/{proposal_id}/assign", response=ProposalOut, summary="交办(主办、分办、会办)")
def assign(request: HttpRequest, proposal_id: int, payload: ProposalAssignIn) -> Any:
    item = services.proposal_assign(user=request.user, proposal=_item(request, proposal_id), hosts=payload.hosts,
                                    co_units=payload.co_units)
    return _item(request, item.pk)


@router.post("/{proposal_id}/reassign-requests", response={201: ProposalReassignOut}, summary="申请退回改办")
def reassign(request: HttpRequest, proposal_id: int, payload: ProposalReassignIn) -> Any:
    return Status(201, services.reassign_request(user=request.user, proposal=_item(request, proposal_id),
                                                 reason=payload.reason, suggested_unit=payload.suggested_unit))


@router.post("/reassign-requests/{request_id}/decide", response=ProposalReassignOut, summary="审批退回改办申请")
def decide(request: HttpRequest, request_id: int, payload: ProposalDecideIn) -> Any:
    require(request.user, Action.PROPOSAL_MANAGE)
    found = ReassignRequest.objects.filter(pk=request_id).first()
    if found is None:
        raise NotFound(MSG_REQUEST_NOT_FOUND)
    return services.reassign_decide(user=request.user, request=found, approve=payload.approve, note=payload.note,
                                    new_host=payload.new_host)


# --- handling ---------------------------------------------------------------------------------

@router.post("/{proposal_id}/contacts", response={201: ProposalContactOut}, summary="登记办前/办中沟通")
def contact(request: HttpRequest, proposal_id: int, payload: ProposalContactIn) -> Any:
    return Status(201, services.contact_add(user=request.user, proposal=_item(request, proposal_id),
                                            **payload.dict()))


@router.post("/{proposal_id}/opinions", response={201: ProposalOpinionOut}, summary="提交会办意见")
def opinion(request: HttpRequest, proposal_id: int, payload: ProposalOpinionIn) -> Any:
    return Status(201, services.opinion_submit(user=request.user, proposal=_item(request, proposal_id),
                                               text=payload.text))


def _commitments(raw: str) -> list[CommitmentIn]:
    if not raw.strip():
        return []
    try:
        items = json.loads(raw)
        return [CommitmentIn(text=str(i["text"]), due_on=date.fromisoformat(i["due_on"]) if i.get("due_on") else None)
                for i in items]
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise DomainError(MSG_COMMITMENTS_FORMAT, field="commitments", code="commitments_format") from exc


@router.post("/{proposal_id}/replies", response={201: ProposalReplyOut}, summary="提交答复(答复函文件、A/B/C 类别)")
def reply(request: HttpRequest, proposal_id: int, text: Form[str] = "", classification: Form[str] = "",
          commitments: Form[str] = "", file: UploadedFile | None = File(None)) -> Any:  # noqa: B008
    """Multipart form: `text`, `classification` (A/B/C), `file` (the signed letter), and for a B reply
    `commitments` as a JSON array of {"text", "due_on"}."""
    created = services.reply_submit(user=request.user, proposal=_item(request, proposal_id), text=text,
                                    classification=classification, file=file, commitments=_commitments(commitments))
    return Status(201, created)


@router.post("/replies/{reply_id}/accept", response=ProposalReplyOut, summary="采纳答复(B 类承诺事项转为台账任务)")
def accept(request: HttpRequest, reply_id: int, payload: ProposalReviewIn) -> Any:
    return services.reply_accept(user=request.user, reply=_reply(request, reply_id), comment=payload.comment,
                                 is_public=payload.is_public)


@router.post("/replies/{reply_id}/return", response=ProposalReplyOut, summary="退回答复")
def return_reply(request: HttpRequest, reply_id: int, payload: ProposalReviewIn) -> Any:
    return services.reply_return(user=request.user, reply=_reply(request, reply_id), comment=payload.comment)


@router.post("/replies/{reply_id}/publish", response=ProposalReplyOut, summary="公开或取消公开答复全文")
def publish(request: HttpRequest, reply_id: int, payload: ProposalPublishIn) -> Any:
    return services.reply_publish(user=request.user, reply=_reply(request, reply_id), is_public=payload.is_public)


@router.get("/{proposal_id}/replies", response=list[ProposalReplyOut], summary="一件建议提案的答复")
def replies(request: HttpRequest, proposal_id: int) -> Any:
    return list(_item(request, proposal_id).replies.all())


@router.post("/{proposal_id}/feedback", response={201: ProposalFeedbackOut}, summary="录入代表委员评价")
def feedback(request: HttpRequest, proposal_id: int, payload: ProposalFeedbackIn) -> Any:
    return Status(201, services.feedback_record(user=request.user, proposal=_item(request, proposal_id),
                                                satisfaction=payload.satisfaction, received_on=payload.received_on,
                                                note=payload.note))
