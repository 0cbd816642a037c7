from .progress import ProjectInvestment, ProjectMilestone
from .projects import KeyProject, ProjectBatch

__all__ = ["KeyProject", "ProjectBatch", "ProjectInvestment", "ProjectMilestone"]
