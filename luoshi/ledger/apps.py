from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "luoshi.ledger"
    label = "ledger"
    verbose_name = _("任务台账")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_migrate, post_save, pre_save

        from luoshi.ledger.backends import forget_moved_person, forget_saved_person, forget_saved_user
        from luoshi.ledger.tally import tally_after_migrate

        post_migrate.connect(tally_after_migrate, sender=self, dispatch_uid="ledger_tally_after_migrate")
        # The shared cache's copy of a signed-in user and their person (ledger.backends).
        person = self.get_model("Person")
        for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(forget_saved_user, sender=get_user_model(), dispatch_uid=f"ledger_forget_{name}_user")
            signal.connect(forget_saved_person, sender=person, dispatch_uid=f"ledger_forget_{name}_person")
        pre_save.connect(forget_moved_person, sender=person, dispatch_uid="ledger_forget_moved_person")
