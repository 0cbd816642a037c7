from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "luoshi.portal"
    label = "portal"
    verbose_name = _("公众门户")

    def ready(self) -> None:
        from luoshi.portal import signals  # noqa: F401  (connects the search index to task saves)
