from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "luoshi.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        from luoshi.core import audit, history  # noqa: F401  # connect the recording and audit signals
