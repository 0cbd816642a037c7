from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "luoshi.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        from django.core import checks
        from django.db.models.signals import post_delete, post_save

        from luoshi.core.checks import calendar_years_check
        from luoshi.core.holidays import holiday_cache_clear, holiday_extra_days
        from luoshi.core.models import Holiday
        from luoshi.core.workdays import use_extra_days

        use_extra_days(holiday_extra_days)  # admin-entered holidays count in every working-day sum
        post_save.connect(holiday_cache_clear, sender=Holiday, dispatch_uid="core.holiday_saved")
        post_delete.connect(holiday_cache_clear, sender=Holiday, dispatch_uid="core.holiday_deleted")
        checks.register(calendar_years_check)
        from luoshi.core import audit, history  # noqa: F401  # connect the recording and audit signals
