from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from luoshi.api.urls import api
from luoshi.core.views import health

urlpatterns = [
    path("health", health, name="health"),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("documents/", include("luoshi.documents.urls")),
    path("ledger/tasktable/", include("luoshi.ledger.urls_tasktable")),
    path("ledger/", include("luoshi.ledger.urls")),
    path("indicators/", include("luoshi.indicators.urls")),
    path("projects/", include("luoshi.projects.urls")),
    path("reports/", include("luoshi.reports.urls")),
    path("oversight/", include("luoshi.oversight.urls")),
    path("briefings/", include("luoshi.briefings.urls")),
    path("", include("luoshi.proposals.urls")),  # /proposals/ and /public/proposals/
    path("public/", include("luoshi.portal.urls")),
    path("", include("luoshi.web.urls")),
]

# An unknown address under /api/ (a path parameter of the wrong type, say) is JSON like every API error.
handler404 = "luoshi.api.errors.page_not_found"
handler500 = "luoshi.api.errors.server_error_page"
