"""Pages of the proposals app: list with the dashboard panel, register, import, detail with the
handling forms, figures, and the public page of published replies.

Views parse input, call one service or selector and render; refusals of role are 403 pages and
invisible items 404, as the API answers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.bounds import id_or_none
from luoshi.core.viewutils import attempt
from luoshi.ledger.models import Unit
from luoshi.ledger.permissions import Action, require
from luoshi.portal.search import list_items
from luoshi.proposals import rules, selectors, services
from luoshi.proposals.choices import FIGURE_LABELS, AssignmentRole, ProposalStatus, ReplyStatus
from luoshi.proposals.forms import (
    AssignForm,
    ContactForm,
    DecideForm,
    FeedbackForm,
    ImportForm,
    OpinionForm,
    ProposalForm,
    ReassignForm,
    ReplyForm,
    ReviewForm,
    SessionForm,
)
from luoshi.proposals.imports import ProposalImportRefused, proposals_import
from luoshi.proposals.models import Proposal, ReassignRequest, Reply, Session
from luoshi.proposals.permissions import acting_assignment, can_manage, proposals_visible_to
from luoshi.proposals.services.handling import CommitmentIn


def _item(request: HttpRequest, pk: int) -> Proposal:
    item = proposals_visible_to(request.user, Proposal.objects.select_related("session")).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def _session(request: HttpRequest) -> Session | None:
    value = request.GET.get("session", "")
    if (session_id := id_or_none(value)) is not None:
        return Session.objects.filter(pk=session_id).first()
    return Session.objects.order_by("-year", "-opened_on").first()


@login_required
def proposal_list_view(request: HttpRequest) -> HttpResponse:
    """建议提案: the dashboard panel of the session and its items the user may see."""
    require(request.user, Action.PROPOSAL_VIEW)
    session = _session(request)
    unit = request.GET.get("unit", "")
    figure = request.GET.get("figure", "")
    rows = selectors.proposal_list(user=request.user, session=session, status=request.GET.get("status", ""),
                                   unit_id=id_or_none(unit),
                                   category=request.GET.get("category", ""), text=request.GET.get("q", ""),
                                   figure=figure)
    page = Paginator(rows.prefetch_related("assignments__unit"), 30).get_page(request.GET.get("page"))
    filters = {k: request.GET.get(k, "") for k in ("status", "unit", "category", "q", "figure")}
    return render(request, "proposals/list.html", {
        "page": page, "session": session, "sessions": selectors.sessions(), "statuses": ProposalStatus.choices,
        "panel": selectors.proposal_panel(session), "can_manage": can_manage(request.user),
        "filters": filters, "query": urlencode({k: v for k, v in filters.items() if v}),
        "figure_chip": _figure_chip(figure, unit, request.GET.get("category", "")),
    })


def _figure_chip(figure: str, unit: str, category: str) -> str:
    """What a drilled-down list is the items of: "区科技局 · 民生保障 · 逾期未答复"."""
    if not figure:
        return ""
    words = [str(FIGURE_LABELS.get(figure, _("未知的统计项")))]
    if category:
        words.insert(0, _("未分类") if category == selectors.NO_CATEGORY else category)
    if (unit_id := id_or_none(unit)) is not None:
        name = Unit.objects.filter(pk=unit_id).values_list("name", flat=True).first()
        words.insert(0, f"{_('主办')}:{name or unit}")
    return " · ".join(words)


@login_required
def proposal_new_view(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.PROPOSAL_MANAGE)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind = data["lead_kind"]
        lead, error = attempt(services.proposer_get_or_create, name=data["lead_name"], kind=kind,
                              group=data["lead_group"])
        item = None
        if lead is not None:
            signers = [services.proposer_get_or_create(name=n, kind=kind, group=data["lead_group"])
                       for n in list_items(data["co_signers"])]
            item, error = attempt(services.proposal_create, user=request.user, session=data["session"],
                                  number=data["number"], title=data["title"], content=data["content"],
                                  lead_proposer=lead, co_signers=signers, category=data["category"],
                                  is_key=data["is_key"], leading_leader=data["leading_leader"])
        if item is not None:
            messages.success(request, _("已登记%(code)s。") % {"code": item.code})
            return redirect(item.get_absolute_url())
        assert error is not None  # no result means the service refused
        form.add_error(None, error)
    return render(request, "proposals/form.html", {"form": form})


@login_required
def session_new_view(request: HttpRequest) -> HttpResponse:
    """Register a congress or CPPCC session."""
    require(request.user, Action.PROPOSAL_MANAGE)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session, error = attempt(services.session_create, user=request.user, **form.cleaned_data)
        if session is not None:
            messages.success(request, _("已登记会议%(name)s。") % {"name": session.name})
            return redirect(f"{reverse('proposals:list')}?session={session.pk}")
        form.add_error(None, error or "")
    return render(request, "proposals/form.html", {"form": form, "title": _("登记会议")})


def _import_or_preview(**kwargs: Any) -> Any:
    """The import's preview, also when a commit was refused for problems in the list."""
    try:
        return proposals_import(**kwargs)
    except ProposalImportRefused as refused:
        return refused.preview


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    """Import the office's list: a preview with every row problem, then all or nothing."""
    require(request.user, Action.PROPOSAL_MANAGE)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        commit = request.POST.get("action") == "commit"
        preview, error = attempt(_import_or_preview, user=request.user, session=form.cleaned_data["session"],
                                 data=upload.read(), filename=upload.name, commit=commit)
        if error:
            messages.error(request, error)
        elif preview is not None and preview.applied:
            messages.success(request, _("已导入 %(n)s 件,其中 %(a)s 件已交办。") % {
                "n": len(preview.rows), "a": preview.assigned})
            return redirect(f"{reverse('proposals:list')}?session={form.cleaned_data['session'].pk}")
        elif preview is not None and commit and preview.problems:
            messages.error(request, _("清单有 %(n)s 处问题,未导入任何数据。") % {"n": len(preview.problems)})
    return render(request, "proposals/import.html", {"form": form, "preview": preview})


@login_required
def proposal_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.proposal_detail(user=request.user, pk=pk)
    if item is None:
        raise Http404
    mine = acting_assignment(request.user, item)
    manage = can_manage(request.user)
    open_item = item.status in (ProposalStatus.ASSIGNED, ProposalStatus.REOPENED)
    return render(request, "proposals/detail.html", {
        "item": item, "mine": mine, "can_manage": manage, "open_item": open_item,
        "hosts": [a for a in item.assignments.all() if a.role == AssignmentRole.HOST],
        "co": [a for a in item.assignments.all() if a.role == AssignmentRole.CO],
        "assign_form": AssignForm() if manage and item.status == ProposalStatus.REGISTERED else None,
        "contact_form": ContactForm() if mine else None,
        "opinion_form": OpinionForm() if mine and mine.role == AssignmentRole.CO and open_item else None,
        "reply_form": ReplyForm() if mine and mine.role == AssignmentRole.HOST and open_item else None,
        "reassign_form": ReassignForm() if mine and item.status == ProposalStatus.ASSIGNED else None,
        "decide_form": DecideForm() if manage else None,
        "review_form": ReviewForm() if manage else None,
        "feedback_form": FeedbackForm() if manage and item.status == ProposalStatus.ANSWERED else None,
        "submitted": ReplyStatus.SUBMITTED, "accepted": ReplyStatus.ACCEPTED,
    })


def _done(request: HttpRequest, item: Proposal, result: Any, error: str | None, success: str) -> HttpResponse:
    if result is not None:
        messages.success(request, success)
    else:
        messages.error(request, error or _("提交的内容不完整,请检查后重试。"))
    return redirect(item.get_absolute_url())


def _form_error(form: Any) -> str:
    return " ".join(f"{form.fields[k].label if k in form.fields else ''}:{' '.join(v)}"
                    for k, v in form.errors.items())


@login_required
@require_POST
def assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _done(request, item, None, _form_error(form), "")
    result, error = attempt(services.proposal_assign, user=request.user, proposal=item,
                            hosts=list(form.cleaned_data["hosts"]), co_units=list(form.cleaned_data["co_units"]))
    return _done(request, item, result, error, _("已交办。"))


@login_required
@require_POST
def contact_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _done(request, item, None, _form_error(form), "")
    result, error = attempt(services.contact_add, user=request.user, proposal=item, **form.cleaned_data)
    return _done(request, item, result, error, _("沟通记录已登记。"))


@login_required
@require_POST
def opinion_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    result, error = attempt(services.opinion_submit, user=request.user, proposal=item,
                            text=request.POST.get("text", ""))
    return _done(request, item, result, error, _("会办意见已提交。"))


@login_required
@require_POST
def reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = ReplyForm(request.POST, request.FILES)
    form.is_valid()
    data = form.cleaned_data
    commitments = [CommitmentIn(text=t, due_on=d) for t, d in rules.commitment_lines(data.get("commitments", ""))]
    result, error = attempt(services.reply_submit, user=request.user, proposal=item, text=data.get("text", ""),
                            classification=data.get("classification", ""), file=request.FILES.get("file"),
                            commitments=commitments)
    return _done(request, item, result, error, _("答复已提交,等待审核。"))


@login_required
@require_POST
def reassign_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    result, error = attempt(services.reassign_request, user=request.user, proposal=item,
                            reason=request.POST.get("reason", ""), suggested_unit=request.POST.get("suggested_unit", ""))
    return _done(request, item, result, error, _("退回改办申请已提交,等待审批。"))


@login_required
@require_POST
def decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.PROPOSAL_MANAGE)
    reassign = get_object_or_404(ReassignRequest, pk=pk)
    item = _item(request, reassign.proposal_id)
    new_host = request.POST.get("new_host", "")
    result, error = attempt(services.reassign_decide, user=request.user, request=reassign,
                            approve=request.POST.get("decision") == "approve", note=request.POST.get("note", ""),
                            new_host=id_or_none(new_host))
    return _done(request, item, result, error, _("已审批。"))


@login_required
@require_POST
def review_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.PROPOSAL_MANAGE)
    reply = get_object_or_404(Reply, pk=pk)
    item = _item(request, reply.proposal_id)
    if request.POST.get("decision") == "accept":
        result, error = attempt(services.reply_accept, user=request.user, reply=reply,
                                comment=request.POST.get("comment", ""), is_public=bool(request.POST.get("is_public")))
        return _done(request, item, result, error, _("答复已采纳。"))
    result, error = attempt(services.reply_return, user=request.user, reply=reply,
                            comment=request.POST.get("comment", ""))
    return _done(request, item, result, error, _("答复已退回。"))


@login_required
@require_POST
def publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.PROPOSAL_MANAGE)
    reply = get_object_or_404(Reply, pk=pk)
    item = _item(request, reply.proposal_id)
    result, error = attempt(services.reply_publish, user=request.user, reply=reply,
                            is_public=request.POST.get("is_public") == "1")
    return _done(request, item, result, error, _("公开设置已保存。"))


@login_required
@require_POST
def feedback_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = FeedbackForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    result, error = attempt(services.feedback_record, user=request.user, proposal=item,
                            satisfaction=request.POST.get("satisfaction", ""), received_on=data.get("received_on"),
                            note=data.get("note", ""))
    return _done(request, item, result, error, _("评价已录入。"))


@login_required
def reply_file_view(request: HttpRequest, pk: int) -> FileResponse:
    """The signed letter, as an attachment, for whoever may see its item; 404 for everyone else
    (and for anyone when the reply is public: the public page shows the text, not the file)."""
    reply = get_object_or_404(Reply, pk=pk)
    _item(request, reply.proposal_id)
    try:
        handle = default_storage.open(reply.file, "rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=reply.file_name,
                            content_type=reply.file_content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def figures_view(request: HttpRequest) -> HttpResponse:
    """Figures of a session: in total, per host unit and per category."""
    require(request.user, Action.PROPOSAL_VIEW)
    session = _session(request)
    figures = selectors.session_figures(session=session) if session is not None else None
    return render(request, "proposals/figures.html", {"session": session, "sessions": selectors.sessions(),
                                                      "figures": figures})


def public_view(request: HttpRequest) -> HttpResponse:
    """答复全文公开: published replies, searchable in Chinese; open to everyone."""
    text = request.GET.get("q", "")
    page = Paginator(selectors.public_replies(text=text), 20).get_page(request.GET.get("page"))
    return render(request, "proposals/public.html", {"page": page, "q": text})

