"""An import flow, declared once, and everything it yields: the upload page with its preview
(every problem, every change; nothing written), the all-or-nothing commit, cancel, the Excel
export in the same layout, and the API's preview/commit endpoint. HTMX swaps the preview into
the page; without JavaScript the same views render whole pages.

A flow names its URL namespace; `flow_urls` gives the four routes (export.xlsx, import/,
import/<token>/commit/, import/<token>/cancel/) with the names `<namespace>:export`, `:import`,
`:import_commit` and `:import_cancel`. Who may upload is the flow's `Action` in the one
permission registry; each row is then checked by the flow's runner (a reporter's unit).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, get_resolver, path, reverse
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import DomainError
from luoshi.ledger.permissions import ACTION_MESSAGES, Action, can, require
from luoshi.sheets.forms import ImportUploadForm
from luoshi.sheets.pending import (
    ImportPreview,
    check_upload,
    header_aliases_save,
    max_import_bytes,
    pending_discard,
    pending_handover,
    pending_load,
    pending_save,
    pending_store,
)
from luoshi.sheets.tabular import XLSX_CONTENT_TYPE, Column

MSG_UNKNOWN_FLOW = _("未知的导入类型。")
MSG_DONE = _("导入完成:新增 %(created)s 行,修改 %(updated)s 行,%(unchanged)s 行未变。")

# run(data, user, filename, commit, options) -> ImportPreview; options holds "year" when the flow has years
Runner = Callable[[bytes, Any, str, bool, dict[str, Any]], ImportPreview]
# export(request) -> (workbook bytes, file name)
Exporter = Callable[[HttpRequest], tuple[bytes, str]]


# Every declared flow by its kind, so the commit job (sheets.jobs) finds the flow it runs. A flow is
# declared at module level beside its pages and every flow has routes (flow_urls), so loading the
# URLconf declares them all: `flow_for_kind` loads it in a worker that has not (reverse() needs it
# there anyway). Nothing else to keep in step, unlike a second list of dotted paths.
FLOWS: dict[str, ImportFlow] = {}


def flow_for_kind(kind: str) -> ImportFlow:
    """The flow declared for `kind`; DomainError when there is none."""
    if kind not in FLOWS:
        get_resolver().url_patterns  # noqa: B018 - imports every urls module, hence every flow
    flow = FLOWS.get(kind)
    if flow is None:
        raise DomainError(MSG_UNKNOWN_FLOW, code="unknown_import_flow")
    return flow


@dataclass(frozen=True)
class ImportFlow:
    """One import, declared: its kind (keeps uploads of one flow apart from another's), URL
    namespace, labels, who may upload (`action`), the runner that parses, validates and (on
    commit) applies a workbook, the export, and the years offered for rows without one."""

    kind: str
    namespace: str
    title: str
    layout_help: str
    action: Action
    run: Runner
    export: Exporter
    years: Callable[[], list[int]] | None = None
    done_url_name: str = "list"
    # The columns a reviewer may map an unknown header to (a flow that offers the mapping form);
    # the answer is kept per `kind` and the runner reads it with sheets.pending.header_aliases.
    columns: Sequence[Column] = ()

    def __post_init__(self) -> None:
        registered = FLOWS.setdefault(self.kind, self)
        if registered is not self and registered.namespace != self.namespace:
            raise ImproperlyConfigured(f"two import flows declare the kind {self.kind!r}")

    def url(self, name: str) -> str:
        return f"{self.namespace}:{name}"

    def done_url(self, preview: ImportPreview) -> str:
        """Where a commit lands: the page of what it made, or the flow's list."""
        return preview.done_url or reverse(self.url(self.done_url_name))

    @property
    def export_url(self) -> str:
        """The export's URL name, for `{% url flow.export_url %}`."""
        return self.url("export")

    def allowed(self, user: Any) -> bool:
        return can(user, self.action)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _render(request: HttpRequest, flow: ImportFlow, form: ImportUploadForm, preview: ImportPreview | None = None,
            token: str = "", status: int = 200) -> HttpResponse:
    context = {
        "flow": flow, "form": form, "preview": preview, "token": token,
        "commit_url": reverse(flow.url("import_commit"), args=[token]) if token else "",
        "cancel_url": reverse(flow.url("import_cancel"), args=[token]) if token else "",
        "columns_url": reverse(flow.url("import_columns"), args=[token]) if token and flow.columns else "",
        "column_choices": [(c.key, c.label) for c in flow.columns],
    }
    if _is_htmx(request) and preview is not None:
        # htmx does not swap 4xx responses: the fragment that lists the problems goes out as 200.
        return render(request, "sheets/_import_preview.html", context)
    return render(request, "sheets/import.html", context, status=status)


def import_page(request: HttpRequest, flow: ImportFlow) -> HttpResponse:
    """GET: the upload form. POST: keep the file, validate it, show the preview."""
    if not flow.allowed(request.user):
        raise DjangoPermissionDenied(str(ACTION_MESSAGES[flow.action]))
    years = flow.years() if flow.years else None
    if request.method != "POST":
        return _render(request, flow, ImportUploadForm(years=years))
    form = ImportUploadForm(request.POST, request.FILES, years=years)
    if not form.is_valid():
        return _render(request, flow, form, status=400)
    upload = form.cleaned_data["file"]
    options = {"year": form.cleaned_data.get("year")}
    data = upload.read(max_import_bytes() + 1)  # enough to refuse an oversized file
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
    """POST: hand the kept file to a background job that validates it again and applies it all or
    nothing (sheets.jobs); the page then shows the job's progress, which lands where the commit
    leads. Everything refused here (permission, an unknown or expired token, another session's
    token, a file changed on disk) queues nothing."""
    if not flow.allowed(request.user) or request.method != "POST":
        raise DjangoPermissionDenied(str(ACTION_MESSAGES[flow.action]))
    from luoshi.sheets.jobs import sheet_import_enqueue  # the job module imports this one

    try:
        sha256, filename = pending_handover(request, kind=flow.kind, token=token)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _redirect(request, reverse(flow.url("import")))
    options = request.session.pop(f"luoshi_import_options_{token}", None) or {}
    job = sheet_import_enqueue(user=request.user, flow=flow, token=token, sha256=sha256, filename=filename,
                               options=options)
    return _redirect(request, reverse("briefings:job", args=[job.pk]))


def commit_message(preview: ImportPreview) -> str:
    """What a finished commit says."""
    return str(MSG_DONE % {"created": preview.created, "updated": preview.updated, "unchanged": preview.unchanged})


def import_columns(request: HttpRequest, flow: ImportFlow, token: str) -> HttpResponse:
    """POST: keep the reviewer's mapping of unknown headers (header_<i> → column_<i>) for every
    later import of the flow, then preview the kept file again with it."""
    if not flow.allowed(request.user) or request.method != "POST":
        raise DjangoPermissionDenied(str(ACTION_MESSAGES[flow.action]))
    years = flow.years() if flow.years else None
    try:
        data, filename = pending_load(request, kind=flow.kind, token=token)
        mapping = {request.POST.get(f"header_{i}", ""): request.POST.get(f"column_{i}", "")
                   for i in range(len(request.POST.getlist("index")))}
        header_aliases_save(kind=flow.kind, mapping=mapping, columns=flow.columns, user=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _redirect(request, reverse(flow.url("import")))
    preview = flow.run(data, request.user, filename, False, request.session.get(f"luoshi_import_options_{token}", {}))
    if not preview.ok:
        pending_discard(request, token)
        token = ""
    return _render(request, flow, ImportUploadForm(years=years), preview, token)


def import_cancel(request: HttpRequest, flow: ImportFlow, token: str) -> HttpResponse:
    """POST: forget the kept file; back to the list."""
    if request.method == "POST":
        pending_discard(request, token)
        request.session.pop(f"luoshi_import_options_{token}", None)
    return _redirect(request, reverse(flow.url(flow.done_url_name)))


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def export_page(request: HttpRequest, flow: ImportFlow) -> HttpResponse:
    """GET: the flow's export as an .xlsx attachment (the exporter checks who may read what)."""
    data, filename = flow.export(request)
    return xlsx_response(data, filename)


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    """An .xlsx download."""
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename={filename}"
    return response


def flow_urls(flow: ImportFlow) -> list[URLPattern]:
    """The page routes of a flow, to add to its app's urlpatterns (names as in the module docstring)."""

    @login_required
    def import_view(request: HttpRequest) -> HttpResponse:
        return import_page(request, flow)

    @login_required
    def commit_view(request: HttpRequest, token: str) -> HttpResponse:
        return import_commit(request, flow, token)

    @login_required
    def cancel_view(request: HttpRequest, token: str) -> HttpResponse:
        return import_cancel(request, flow, token)

    @login_required
    def export_view(request: HttpRequest) -> HttpResponse:
        return export_page(request, flow)

    @login_required
    def columns_view(request: HttpRequest, token: str) -> HttpResponse:
        return import_columns(request, flow, token)

    return [
        path("export.xlsx", export_view, name="export"),
        path("import/", import_view, name="import"),
        path("import/<str:token>/commit/", commit_view, name="import_commit"),
        path("import/<str:token>/cancel/", cancel_view, name="import_cancel"),
        path("import/<str:token>/columns/", columns_view, name="import_columns"),
    ]


def api_import(request: HttpRequest, flow: ImportFlow, *, upload: UploadedFile, commit: bool,
               options: dict[str, Any]) -> tuple[int, Any]:
    """The API's import: the same permission as the page (403 otherwise), checked before the file
    is read; the same upload checks (size, then the zip directory), reading no more than the
    limit; then the preview (nothing written) and, asked to commit a clean workbook, the commit,
    queued as the page's job.
    Returns (status, body): 400 with the problems when any remain (a commit too: what can be
    refused is refused in the request, with every problem named); the preview with 200; a commit
    202 with the job, whose `result` when done holds `url` (where the page lands), `created`,
    `updated` and `unchanged`, and which fails with the page's message when the data changed
    meanwhile (nothing written)."""
    require(request.user, flow.action)
    data = upload.read(max_import_bytes() + 1)  # one byte past the limit is enough to refuse it
    check_upload(data)
    preview = flow.run(data, request.user, str(upload.name or ""), False, options)
    if not preview.ok or not commit:
        return (200 if preview.ok else 400), preview.as_dict()
    from luoshi.sheets.jobs import sheet_import_enqueue  # the job module imports this one

    token, sha256 = pending_store(data)
    return 202, sheet_import_enqueue(user=request.user, flow=flow, token=token, sha256=sha256,
                                     filename=str(upload.name or ""), options=options)
