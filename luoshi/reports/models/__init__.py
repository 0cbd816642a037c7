from .contributions import Contribution
from .inbox import Notification
from .milestones import Milestone
from .periods import ReportingPeriod
from .reports import Evidence, ProgressReport
from .webhooks import Webhook, WebhookDelivery

__all__ = ["Contribution", "Evidence", "Milestone", "Notification", "ProgressReport", "ReportingPeriod", "Webhook",
           "WebhookDelivery"]
