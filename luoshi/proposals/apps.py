from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "luoshi.proposals"
    label = "proposals"
    verbose_name = _("建议提案")

    def ready(self) -> None:
        # The handling of suggestions and proposals is a part of the unit assessment. oversight
        # cannot import this app (this app imports oversight), so the part is contributed here.
        from luoshi.oversight.constants import contribute_score_part
        from luoshi.proposals.assessment import PROPOSALS_PART, assessment_records

        contribute_score_part(PROPOSALS_PART, assessment_records)
