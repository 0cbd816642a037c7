"""Review of extraction drafts: confirm, edit or reject, one by one or in bulk; and document ingest."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.bounds import ids_in
from luoshi.core.errors import DomainError
from luoshi.core.text import Highlight, highlight_text
from luoshi.documents.choices import DraftProblem, DraftStatus
from luoshi.documents.services import draft_measure_update
from luoshi.ledger.choices import UnitLevel
from luoshi.ledger.forms import DocumentIngestForm, DraftConfirmForm, UnitNameResolveForm
from luoshi.ledger.jobs import document_ingest_enqueue
from luoshi.ledger.linking.units import split_unit_names, unit_key
from luoshi.ledger.models import Unit
from luoshi.ledger.permissions import (
    Action,
    document_get_visible,
    draft_get_visible,
    require,
)
from luoshi.ledger.selectors.linking import (
    draft_parent_choices,
    revision_matches_by_measure,
    revision_summary,
)
from luoshi.ledger.services import (
    UnitMatcher,
    UnitResolver,
    draft_measure_confirm,
    draft_measure_reject,
    draft_measures_confirm_bulk,
    draft_parents_accept_first,
    draft_parents_set_bulk,
    unit_name_resolve,
)
from luoshi.ledger.services.drafts import level_for_document
from luoshi.ledger.views.linking import parent_id_from

# The level a new unit most likely has, by the level its name states: a 区 name in a plan is a
# district's department, a 市 name the city's.
PROPOSED_UNIT_LEVEL = {"national": UnitLevel.NATIONAL, "city": UnitLevel.CITY, "district": UnitLevel.DEPARTMENT,
                       "zone": UnitLevel.ZONE, "street": UnitLevel.STREET}


@login_required
def review_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.DRAFT_REVIEW)
    document = document_get_visible(request.user, pk)
    status = request.GET.get("status", DraftStatus.DRAFT)
    drafts = document.measures.select_related("task", "parent")
    measures = list((drafts.filter(status=status) if status else drafts).order_by("start", "-heading", "pk"))
    highlights = [Highlight(m.start, m.end, "source", f"measure-src-{m.pk}") for m in measures]
    default_level = level_for_document(document)
    matcher = UnitMatcher()  # the units are read once for every draft's match and unit list
    resolver = UnitResolver(matcher.units, task_level=default_level)
    problem_labels = dict(DraftProblem.choices)
    parents = draft_parent_choices(measures)
    revisions = revision_matches_by_measure(measures)
    rows = []
    proposals: list[str] = []
    for m in measures:
        unit = resolver.resolve(m.lead_unit_name) if m.lead_unit_name else None
        form = DraftConfirmForm(prefix=f"m{m.pk}", units=matcher.units, initial={
            "title": m.title, "level": default_level, "lead_unit": unit, "deadline": m.deadline,
            "co_unit_names": "、".join(m.co_unit_names or []), "responsible_person_name": m.responsible_person_name,
            "expected_outcome": m.expected_outcome,
        })
        unresolved = resolver.unresolved([m.lead_unit_name, *(m.co_unit_names or [])]) if m.status == DraftStatus.DRAFT else []
        proposals.extend(name for name in unresolved if name not in proposals)
        rows.append({
            "measure": m, "form": form, "unresolved": unresolved,
            "choice": parents.get(m.pk), "revision": revisions.get(m.pk),
            "problems": [str(problem_labels.get(code, code)) for code in m.problems or []],
        })
    issuer_unit = resolver.resolve(document.issuer) if document.issuer else None
    unit_forms = [
        UnitNameResolveForm(prefix=f"u{index}", units=matcher.units, initial={
            "name": name, "full_name": name, "parent": issuer_unit,
            "level": PROPOSED_UNIT_LEVEL.get(unit_key(name, resolver.default_level)[0], UnitLevel.DEPARTMENT),
        })
        for index, name in enumerate(proposals)
    ]
    return render(request, "ledger/review.html", {
        "document": document, "rows": rows, "status": status, "statuses": DraftStatus.choices,
        "unit_forms": unit_forms,
        "text_html": highlight_text(document.text, highlights),
        "changes": revision_summary(document),
        "counts": {s: document.measures.filter(status=s).count() for s in DraftStatus.values},
    })


@login_required
@require_POST
def review_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.DRAFT_REVIEW)
    measure = draft_get_visible(request.user, pk)
    form = DraftConfirmForm(request.POST, prefix=f"m{measure.pk}")
    if not form.is_valid():
        messages.error(request, _("请检查填写内容:") + "; ".join(
            f"{form.fields[f].label}: {' '.join(map(str, e))}" for f, e in form.errors.items()))
        return redirect("ledger:review", measure.document_id)
    edits = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    # What the reviewer writes of the units and person stays on the draft (as written), and is
    # resolved on confirming like the plan's own words.
    co_names = edits.pop("co_unit_names", "")
    changes: dict[str, object] = {
        "co_unit_names": list(split_unit_names(co_names))
        if f"m{measure.pk}-co_unit_names" in request.POST else measure.co_unit_names,
        "responsible_person_name": edits.pop("responsible_person_name", measure.responsible_person_name),
    }
    changes = {k: v for k, v in changes.items() if v != getattr(measure, k)}
    try:
        with transaction.atomic():
            if changes:
                measure = draft_measure_update(measure=measure, changes=changes)
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
    document = document_get_visible(request.user, pk)
    ids = ids_in(request.POST.getlist("selected"))
    action = request.POST.get("action")
    measures = list(document.measures.filter(pk__in=ids, status=DraftStatus.DRAFT).order_by("start", "-heading", "pk"))
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
            elif action == "reject":
                for m in measures:
                    draft_measure_reject(measure=m, user=request.user, note=request.POST.get("note", ""))
            else:
                draft_measures_confirm_bulk(measures=measures, user=request.user)
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
def review_unit_resolve_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Create a unit a plan names, or map its name to an existing unit, in one step."""
    require(request.user, Action.DRAFT_REVIEW)
    document = document_get_visible(request.user, pk)
    prefix = request.POST.get("prefix", "")
    form = UnitNameResolveForm(request.POST, prefix=prefix if prefix.startswith("u") and prefix[1:].isdigit() else None)
    if not form.is_valid():
        messages.error(request, _("请检查填写内容:") + "; ".join(
            f"{form.fields[f].label}: {' '.join(map(str, e))}" for f, e in form.errors.items()))
        return redirect("ledger:review", document.pk)
    data = form.cleaned_data
    map_to: Unit | None = data["map_to"]
    try:
        unit = unit_name_resolve(name=data["name"], user=request.user, map_to=map_to,
                                 level="" if map_to is not None else data["level"],
                                 parent=data["parent"], full_name=data["full_name"])
    except (DomainError, ValidationError) as exc:
        messages.error(request, str(getattr(exc, "message", exc)))
    else:
        messages.success(request, _("“%(name)s”已对应到单位“%(unit)s”。") % {"name": data["name"], "unit": unit.name})
    return redirect("ledger:review", document.pk)


@login_required
@require_POST
def review_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.DRAFT_REVIEW)
    measure = draft_get_visible(request.user, pk)
    try:
        draft_measure_reject(measure=measure, user=request.user, note=request.POST.get("note", ""))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已驳回草稿。"))
    return redirect("ledger:review", measure.document_id)


@login_required
def document_ingest_view(request: HttpRequest) -> HttpResponse:
    """Upload a plan: an unreadable file is refused here; a readable one is imported in the
    background (ledger.jobs) and its progress page opens its review page when done."""
    require(request.user, Action.DRAFT_REVIEW)
    form = DocumentIngestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = document_ingest_enqueue(user=request.user, data=upload.read(), filename=upload.name,
                                          source_url=form.cleaned_data["source_url"] or "")
        except DomainError as exc:
            form.add_error("file", str(exc.message))
        else:
            return redirect("briefings:job", pk=job.pk)
    return render(request, "ledger/document_ingest.html", {"form": form})
