from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "luoshi.projects"
    label = "projects"
    verbose_name = _("重点项目")

    def ready(self) -> None:
        from luoshi.core.kept import renewed_by_writes
        from luoshi.projects.constants import FIGURES_TOKEN

        renewed_by_writes(FIGURES_TOKEN, *(self.get_model(name) for name in ("KeyProject", "ProjectInvestment",
                                                                             "ProjectMilestone")))
