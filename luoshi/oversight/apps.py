from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "luoshi.oversight"
    label = "oversight"
    verbose_name = _("督查考核")

    def ready(self) -> None:
        from luoshi.oversight import checks  # noqa: F401  (registers the system checks)
