from .inbox import Notification
from .milestones import Milestone
from .periods import ReportingPeriod
from .reports import Evidence, ProgressReport

__all__ = ["Evidence", "Milestone", "Notification", "ProgressReport", "ReportingPeriod"]
