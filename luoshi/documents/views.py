"""Document list and reader: the text with its extracted items and page furniture marked."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from luoshi.core.text import Highlight, highlight_text
from luoshi.documents.models import Document
from luoshi.documents.selectors import document_items, document_list


def _require_reader(request: HttpRequest) -> None:
    """Documents are read by the roles that work with them (supervisors, admins, leaders)."""
    # The role rules live in the ledger (above which this app sits); a page may read them.
    from luoshi.ledger.permissions import reads_everything

    if not reads_everything(request.user):
        raise PermissionDenied(_("您无权查看政策文件。"))


def _visible(request: HttpRequest, documents: QuerySet[Document]) -> QuerySet[Document]:
    """The documents of the reader's office and those beneath it (every one without an office)."""
    from luoshi.ledger.permissions import documents_visible_to

    return documents_visible_to(request.user, documents)


@login_required
def document_list_view(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    return render(request, "documents/document_list.html", {"documents": _visible(request, document_list())})


@login_required
def document_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    document = get_object_or_404(_visible(request, Document.objects.all()), pk=pk)
    items = list(document_items(document))
    highlights = [
        Highlight(i.start, i.end, "item", f"item-{i.pk}", f"{i.get_kind_display()} {i.value:g}{i.unit}") for i in items
    ]
    highlights += [Highlight(s, e, "furniture") for s, e in document.structure.get("furniture", [])]
    return render(request, "documents/document_detail.html", {
        "document": document, "items": items, "text_html": highlight_text(document.text, highlights),
        "sections": document.structure.get("sections", []), "warnings": document.structure.get("warnings", []),
    })
