"""Public pages (no login, read-only) and the supervisors' publication page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from luoshi.core.errors import DomainError
from luoshi.core.viewutils import list_page
from luoshi.ledger.models import Task
from luoshi.ledger.permissions import is_oversight, tasks_managed_by
from luoshi.portal.forms import MeasureSearchForm, PublicationForm
from luoshi.portal.selectors import (
    measure_detail,
    measure_search,
    portal_overview,
    publication_candidates,
    search_is_ranked,
)
from luoshi.portal.services import task_publication_update

PAGE_SIZE = 20
# What a measure's row shows (portal/_measure_row.html): not the long texts a measure's own page
# reads (its description, its source), which made reading a page of rows a third of the search's
# time at 100,000 published measures (issue 15).
MEASURE_ROW_FIELDS = ("code", "title", "lead_unit", "lead_unit__name", "lead_unit__short_name", "deadline",
                      "status", "progress_percent", "public_explanation")


def home_view(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"overview": portal_overview(), "form": MeasureSearchForm(),
                                                "can_manage": is_oversight(request.user)})


def measure_list_view(request: HttpRequest) -> HttpResponse:
    """Search and browse: by keyword (Chinese word search), unit, area, industry and status."""
    form = MeasureSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    unit = data.get("unit")
    rows = measure_search(q=data.get("q", ""), unit=unit.pk if unit else None, area=data.get("area", ""),
                          industry=data.get("industry", ""), status=data.get("status", "")).only(*MEASURE_ROW_FIELDS)
    # Best matches first, so no keyset: page numbers within a count capped at 10,000 (core.pagination);
    # ranked, every match is read anyway, and the count comes with the page's rows.
    page, query = list_page(request, rows, size=PAGE_SIZE, count_with_rows=search_is_ranked(data.get("q", "")))
    return render(request, "portal/measure_list.html", {
        "form": form, "page": page, "query": query, "searching": bool(request.GET),
    })


def measure_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    task = measure_detail(pk=pk)
    if task is None:
        raise Http404
    return render(request, "portal/measure_detail.html", {"task": task})


def finder_view(request: HttpRequest) -> HttpResponse:
    """An enterprise picks its industry and location and sees the measures that apply to it."""
    overview = portal_overview()
    industry, area = request.GET.get("industry", "").strip()[:50], request.GET.get("area", "").strip()[:50]
    rows = measure_search(industry=industry, area=area) if (industry or area) else None
    return render(request, "portal/finder.html", {
        "industries": [i for i, _n in overview["industries"]], "areas": [a for a, _n in overview["areas"]],
        "industry": industry, "area": area,
        "rows": list(rows.only(*MEASURE_ROW_FIELDS)[:100]) if rows is not None else None,
    })


# --- supervisors ---------------------------------------------------------------------------------

def _require_oversight(request: HttpRequest) -> None:
    if not is_oversight(request.user):
        raise Http404


@login_required
def manage_list_view(request: HttpRequest) -> HttpResponse:
    _require_oversight(request)
    rows = publication_candidates(user=request.user, q=request.GET.get("q", ""),
                                  public=request.GET.get("public", ""))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "portal/manage_list.html", {"page": page, "query": query.urlencode(),
                                                       "q": request.GET.get("q", ""),
                                                       "public": request.GET.get("public", "")})


@login_required
def manage_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_oversight(request)
    task = tasks_managed_by(request.user, Task.objects.select_related("lead_unit")).filter(pk=pk).first()
    if task is None:
        raise Http404
    if request.method == "POST":
        form = PublicationForm(request.POST)
        if form.is_valid():
            try:
                task_publication_update(task=task, user=request.user, expected_version=form.cleaned_data["version"],
                                        is_public=form.cleaned_data["is_public"],
                                        public_explanation=form.cleaned_data["public_explanation"],
                                        applies_to_industries=form.cleaned_data["applies_to_industries"],
                                        applies_to_areas=form.cleaned_data["applies_to_areas"])
            except DomainError as exc:
                form.add_error(getattr(exc, "field", None) if getattr(exc, "field", None) in form.fields else None,
                               str(exc.message))
            else:
                messages.success(request, _("公开设置已保存。"))
                return redirect("portal:manage")
    else:
        form = PublicationForm(initial={
            "is_public": task.is_public, "public_explanation": task.public_explanation,
            "applies_to_industries": task.applies_to_industries, "applies_to_areas": task.applies_to_areas,
            "version": task.version,
        })
    return render(request, "portal/manage_edit.html", {"task": task, "form": form})
