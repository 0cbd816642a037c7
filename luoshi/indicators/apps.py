from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "luoshi.indicators"
    label = "indicators"
    verbose_name = _("指标")

    def ready(self) -> None:
        from luoshi.core.kept import renewed_by_writes
        from luoshi.indicators.constants import FIGURES_TOKEN

        renewed_by_writes(FIGURES_TOKEN, *(self.get_model(name) for name in ("Indicator", "IndicatorTarget",
                                                                             "Observation")))
