from django.db import models
from django.utils.translation import gettext_lazy as _


class Pipeline(models.TextChoices):
    NEW_START = "new_start", _("新开工")
    UNDER_CONSTRUCTION = "under_construction", _("在建")
    COMPLETION = "completion", _("竣工")
    OTHER = "other", _("其他")
