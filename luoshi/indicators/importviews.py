"""The three steps of an Excel import page, shared by indicators and projects:
upload → preview (every problem, every change; nothing written) → commit (validated again,
all or nothing). HTMX swaps the preview into the page; without JavaScript the same views
render whole pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.core.errors import DomainError
from luoshi.indicators.forms import ImportUploadForm
from luoshi.indicators.importing import (
    ImportPreview,
    ImportRefused,
    pending_discard,
    pending_load,
    pending_save,
)

# run(data, user, filename, commit, options) -> ImportPreview
Runner = Callable[[bytes, Any, str, bool, dict[str, Any]], ImportPreview]


@dataclass(frozen=True)
class ImportFlow:
    """What differs between the imports: the kind, the labels, the runner and where to go after."""

    kind: str
    title: str
    layout_help: str
    run: Runner
    allowed: Callable[[Any], bool]
    page_url_name: str
    commit_url_name: str
    cancel_url_name: str
    done_url_name: str
    export_url: str
    years: Callable[[], list[int]] | None = None


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _render(request: HttpRequest, flow: ImportFlow, form: ImportUploadForm, preview: ImportPreview | None = None,
            token: str = "", status: int = 200) -> HttpResponse:
    context = {
        "flow": flow, "form": form, "preview": preview, "token": token,
        "commit_url": reverse(flow.commit_url_name, args=[token]) if token else "",
        "cancel_url": reverse(flow.cancel_url_name, args=[token]) if token else "",
    }
    if _is_htmx(request) and preview is not None:
        # htmx does not swap 4xx responses: the fragment that lists the problems goes out as 200.
        return render(request, "indicators/_import_preview.html", context)
    return render(request, "indicators/import.html", context, status=status)


def import_page(request: HttpRequest, flow: ImportFlow) -> HttpResponse:
    """GET: the upload form. POST: keep the file, validate it, show the preview."""
    if not flow.allowed(request.user):
        raise DjangoPermissionDenied(_("您无权导入数据。"))
    years = flow.years() if flow.years else None
    if request.method != "POST":
        return _render(request, flow, ImportUploadForm(years=years))
    form = ImportUploadForm(request.POST, request.FILES, years=years)
    if not form.is_valid():
        return _render(request, flow, form, status=400)
    upload = form.cleaned_data["file"]
    options = {"year": form.cleaned_data.get("year")}
    data = upload.read()
    try:
        token = pending_save(request, kind=flow.kind, data=data, filename=upload.name)
    except DomainError as exc:
        form.add_error("file", str(exc.message))
        return _render(request, flow, form, status=400)
    request.session[f"luoshi_import_options_{token}"] = options
    preview = flow.run(data, request.user, upload.name, False, options)
    if not preview.ok:  # nothing can be committed: the corrected file will be uploaded again
        pending_discard(request, token)
        request.session.pop(f"luoshi_import_options_{token}", None)
        token = ""
    return _render(request, flow, ImportUploadForm(years=years), preview, token)


def import_commit(request: HttpRequest, flow: ImportFlow, token: str) -> HttpResponse:
    """POST: validate the kept file again and apply it all or nothing."""
    if not flow.allowed(request.user) or request.method != "POST":
        raise DjangoPermissionDenied(_("您无权导入数据。"))
    years = flow.years() if flow.years else None
    try:
        data, filename = pending_load(request, kind=flow.kind, token=token)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _redirect(request, reverse(flow.page_url_name))
    options = request.session.get(f"luoshi_import_options_{token}", {})
    try:
        preview = flow.run(data, request.user, filename, True, options)
    except ImportRefused as refused:
        pending_discard(request, token)
        return _render(request, flow, ImportUploadForm(years=years), refused.preview, "", status=400)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _render(request, flow, ImportUploadForm(years=years), None, token, status=409)
    pending_discard(request, token)
    request.session.pop(f"luoshi_import_options_{token}", None)
    messages.success(request, _("导入完成:新增 %(created)s 行,修改 %(updated)s 行,%(unchanged)s 行未变。") % {
        "created": preview.created, "updated": preview.updated, "unchanged": preview.unchanged})
    return _redirect(request, reverse(flow.done_url_name))


def import_cancel(request: HttpRequest, flow: ImportFlow, token: str) -> HttpResponse:
    if request.method == "POST":
        pending_discard(request, token)
        request.session.pop(f"luoshi_import_options_{token}", None)
    return _redirect(request, reverse(flow.done_url_name))


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)
