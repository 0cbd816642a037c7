"""Routes of the task-division table import (its own namespace: the flow's route names are generic)."""

from luoshi.ledger.views import tasktable
from luoshi.sheets.views import flow_urls

app_name = "tasktable"

urlpatterns = [*flow_urls(tasktable.FLOW)]
