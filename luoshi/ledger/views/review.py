"""Review of extraction drafts: confirm, edit or reject, one by one or in bulk; and document ingest."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.errors import DomainError
from luoshi.core.text import Highlight, highlight_text
from luoshi.documents.choices import DraftStatus
from luoshi.documents.models import Document, DraftMeasure
from luoshi.documents.services import document_ingest
from luoshi.ledger.forms import DocumentIngestForm, DraftConfirmForm
from luoshi.ledger.permissions import Action, require
from luoshi.ledger.selectors.linking import (
    draft_parent_choices,
    revision_matches_by_measure,
    revision_summary,
)
from luoshi.ledger.services import (
    UnitMatcher,
    document_links_prepare,
    draft_measure_confirm,
    draft_measure_reject,
    draft_parents_accept_first,
    draft_parents_set_bulk,
    unit_directory,
)
from luoshi.ledger.services.drafts import level_for_document
from luoshi.ledger.views.linking import parent_id_from


@login_required
def review_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.DRAFT_REVIEW)
    document = get_object_or_404(Document, pk=pk)
    status = request.GET.get("status", DraftStatus.DRAFT)
    drafts = document.measures.select_related("task")
    measures = list((drafts.filter(status=status) if status else drafts).order_by("start"))
    highlights = [Highlight(m.start, m.end, "source", f"measure-src-{m.pk}") for m in measures]
    default_level = level_for_document(document)
    matcher = UnitMatcher()  # the units are read once for every draft's match and unit list
    parents = draft_parent_choices(measures)
    revisions = revision_matches_by_measure(measures)
    rows = []
    for m in measures:
        unit = matcher.match(m.lead_unit_name) if m.lead_unit_name else None
        form = DraftConfirmForm(prefix=f"m{m.pk}", units=matcher.units, initial={
            "title": m.title, "level": default_level, "lead_unit": unit, "deadline": m.deadline,
        })
        rows.append({"measure": m, "form": form, "choice": parents.get(m.pk), "revision": revisions.get(m.pk)})
    return render(request, "ledger/review.html", {
        "document": document, "rows": rows, "status": status, "statuses": DraftStatus.choices,
        "text_html": highlight_text(document.text, highlights),
        "changes": revision_summary(document),
        "counts": {s: document.measures.filter(status=s).count() for s in DraftStatus.values},
    })


@login_required
@require_POST
def review_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.DRAFT_REVIEW)
    measure = get_object_or_404(DraftMeasure, pk=pk)
    form = DraftConfirmForm(request.POST, prefix=f"m{measure.pk}")
    if not form.is_valid():
        messages.error(request, _("请检查填写内容:") + "; ".join(
            f"{form.fields[f].label}: {' '.join(map(str, e))}" for f, e in form.errors.items()))
        return redirect("ledger:review", measure.document_id)
    edits = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    try:
        task = draft_measure_confirm(measure=measure, user=request.user, edits=edits)
    except (DomainError, ValidationError) as exc:
        messages.error(request, str(getattr(exc, "message", exc)))
    else:
        messages.success(request, _("已确认为台账任务 %(code)s。") % {"code": task.code})
    return redirect("ledger:review", measure.document_id)


@login_required
@require_POST
def review_bulk_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or reject the checked drafts: all or nothing."""
    require(request.user, Action.DRAFT_REVIEW)
    document = get_object_or_404(Document, pk=pk)
    ids = [int(i) for i in request.POST.getlist("selected") if i.isdigit()]
    action = request.POST.get("action")
    measures = list(document.measures.filter(pk__in=ids, status=DraftStatus.DRAFT).order_by("start"))
    if not measures:
        messages.error(request, _("请先勾选要处理的草稿。"))
        return redirect("ledger:review", pk)
    try:
        with transaction.atomic():
            if action == "set_parent":
                parent_id = parent_id_from(request, request.user)
                draft_parents_set_bulk(measures=measures, parents={m.pk: parent_id for m in measures},
                                       user=request.user)
            elif action == "accept_first":
                draft_parents_accept_first(measures=measures, user=request.user)
            for m in measures if action in ("reject", "confirm", None) else []:
                if action == "reject":
                    draft_measure_reject(measure=m, user=request.user, note=request.POST.get("note", ""))
                else:
                    draft_measure_confirm(measure=m, user=request.user)
    except (DomainError, ValidationError) as exc:
        messages.error(request, _("批量处理未完成,未做任何修改:%(reason)s") % {"reason": getattr(exc, "message", exc)})
    else:
        if action in ("set_parent", "accept_first"):
            messages.success(request, _("已为 %(n)d 条草稿设置上级任务。") % {"n": len(measures)})
        else:
            done = _("驳回") if action == "reject" else _("确认")
            messages.success(request, _("已%(done)s %(n)d 条草稿。") % {"done": done, "n": len(measures)})
    return redirect("ledger:review", pk)


@login_required
@require_POST
def review_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.DRAFT_REVIEW)
    measure = get_object_or_404(DraftMeasure, pk=pk)
    try:
        draft_measure_reject(measure=measure, user=request.user, note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已驳回草稿。"))
    return redirect("ledger:review", measure.document_id)


@login_required
def document_ingest_view(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.DRAFT_REVIEW)
    form = DocumentIngestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = document_ingest(data=upload.read(), filename=upload.name,
                                     source_url=form.cleaned_data["source_url"] or "",
                                     unit_directory=unit_directory(), user=request.user)
        except DomainError as exc:
            form.add_error("file", str(exc.message))
        else:
            if result.created:
                document_links_prepare(result.document, request.user)
                messages.success(request, _("已导入“%(title)s”:%(items)d 个量化条目,%(measures)d 条待审举措。") % {
                    "title": result.document.title, "items": result.item_count, "measures": result.measure_count})
            else:
                messages.info(request, _("该文件内容已导入过,未重复导入。"))
            return redirect("ledger:review", result.document.pk)
    return render(request, "ledger/document_ingest.html", {"form": form})
