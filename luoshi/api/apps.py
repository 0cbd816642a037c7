from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "luoshi.api"
    label = "api"
    verbose_name = _("接口")

    def ready(self) -> None:
        from luoshi.api import signals  # noqa: F401  (connects the security event receivers)
