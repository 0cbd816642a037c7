from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "luoshi.ledger"
    label = "ledger"
    verbose_name = _("任务台账")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from luoshi.ledger.tally import tally_after_migrate

        post_migrate.connect(tally_after_migrate, sender=self, dispatch_uid="ledger_tally_after_migrate")
