"""Forms of the ledger pages, one module per sub-domain."""

from luoshi.ledger.forms.assignment import BulkAssignForm, TaskAssignForm
from luoshi.ledger.forms.liaison import LiaisonForm
from luoshi.ledger.forms.review import DocumentIngestForm, DraftConfirmForm, UnitNameResolveForm
from luoshi.ledger.forms.taskforces import TaskForceForm, TaskForceTasksForm

__all__ = ["BulkAssignForm", "DocumentIngestForm", "DraftConfirmForm", "LiaisonForm", "TaskAssignForm", "TaskForceForm",
           "TaskForceTasksForm", "UnitNameResolveForm"]
