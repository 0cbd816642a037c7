from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BriefingsConfig(AppConfig):
    name = "luoshi.briefings"
    label = "briefings"
    verbose_name = _("简报与导出")
