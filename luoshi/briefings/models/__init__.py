from .briefings import Briefing
from .jobs import Job

__all__ = ["Briefing", "Job"]
