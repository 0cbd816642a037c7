from .drafts import DraftParent
from .liaison import LiaisonChannel, LiaisonRecord, LiaisonStatus
from .people import Person
from .revisions import DroppedDecision, RevisionKind, RevisionMatch
from .tally import TaskTally
from .taskforces import TaskForce, TaskForceTask
from .tasks import Task
from .units import Unit

__all__ = ["DraftParent", "LiaisonChannel", "LiaisonRecord", "LiaisonStatus", "DroppedDecision", "Person", "RevisionKind", "RevisionMatch", "Task", "TaskTally", "TaskForce", "TaskForceTask", "Unit"]
