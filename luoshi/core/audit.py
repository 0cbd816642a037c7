"""An append-only audit log hung off the history mechanism.

Every history row written for an audited model (reports and their review decisions, adjustment
decisions, supervision notices, assessment scores, task plan changes) and every leader's comment
appends an `AuditEntry`: the record's audited fields as canonical JSON, and the SHA-256 of the
previous entry's hash plus this entry's own content. `audit_verify()` recomputes the chain and
compares each record with its last entry, so an entry edited in the database, or a record
changed outside the services (by SQL, or by the admin, which shows these models read-only),
is named.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.signals import post_create_historical_record

from luoshi.core.models import AuditEntry

# app_label.model_name of the audited models.
AUDITED = frozenset({
    "reports.progressreport", "oversight.adjustmentrequest", "oversight.supervisionnotice",
    "oversight.unitscore", "oversight.comment", "ledger.task",
})
GENESIS = "0" * 64
# Fields that change without being an edit of the record (the evaluated light; the timestamps
# move with every save), and those a model lists as DERIVED_FIELDS (a task's roll-up and forecast,
# written from other records): left out of the audited content.
UNAUDITED_FIELDS = frozenset({"light", "updated_at"})


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def audited_content(instance: models.Model) -> str:
    """The record's audited fields as canonical JSON (sorted keys, no spaces)."""
    skipped = UNAUDITED_FIELDS | frozenset(getattr(type(instance), "DERIVED_FIELDS", ()))
    values = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields
              if f.attname not in skipped}
    return json.dumps(values, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _entry_hash(previous_hash: str, entry: AuditEntry) -> str:
    body = json.dumps([entry.model, entry.object_pk, entry.action, entry.user_id, entry.reason,
                       entry.recorded_at.isoformat(), entry.content], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((previous_hash + body).encode("utf-8")).hexdigest()


def audit_append(instance: models.Model, *, action: str, user: Any = None, reason: str = "") -> AuditEntry:
    """Append one entry for `instance` at the end of the chain (the last entry is locked)."""
    if action != "-":  # the values as stored (a field assigned "2024-09-30" is read back as a date)
        instance = type(instance)._default_manager.filter(pk=instance.pk).first() or instance
    with transaction.atomic():
        last = AuditEntry.objects.select_for_update().order_by("-id").first()
        previous = last.hash if last is not None else GENESIS
        entry = AuditEntry(model=_label(type(instance)), object_pk=str(instance.pk), action=action,
                           user_id=getattr(user, "pk", None), reason=(reason or "")[:100],
                           recorded_at=timezone.now(), content=audited_content(instance), previous_hash=previous)
        entry.hash = _entry_hash(previous, entry)
        entry.save()
    return entry


@receiver(post_create_historical_record)
def _audit_history(sender: Any, instance: models.Model, history_instance: Any, **kwargs: Any) -> None:
    if _label(type(instance)) in AUDITED:
        audit_append(instance, action=history_instance.history_type, user=history_instance.history_user,
                     reason=history_instance.history_change_reason or "")


@receiver(post_save)
def _audit_comment(sender: Any, instance: models.Model, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """Comments have no field history (they are never edited): each one is logged when written."""
    if not raw and _label(sender) == "oversight.comment":
        audit_append(instance, action="+" if created else "~", user=getattr(instance, "author", None))


MSG_RECORD_VERIFIED = _("记录核验一致:%(count)s 条审计记录首尾相接,当前内容与最后一条相符。")
MSG_RECORD_NOT_LOGGED = _("此记录尚无审计记录。")
MSG_RECORD_ENTRY_CHANGED = _("审计记录 #%(pk)s 与其哈希不符:审计记录被改动过。")
MSG_RECORD_CHANGED = _("当前内容与最后一条审计记录不符:此记录在业务操作之外被改动过。")


@dataclass(frozen=True)
class RecordAudit:
    """What the audit log says of one record: how many entries, and whether they hold."""

    entries: int
    verified: bool
    message: str


def audit_record_check(instance: models.Model) -> RecordAudit:
    """Check one record against its own entries (each entry's hash, each link to the entry before
    it, and the stored content against the last entry), without walking the whole chain: a page
    can afford it. `audit_verify` remains the check of the whole log."""
    # Each entry with the hash of the entry just before it in the whole log, in one query (a
    # correlated lookup on the primary key), so the page's cost does not grow with its history.
    before_hash = AuditEntry.objects.filter(id__lt=OuterRef("id")).order_by("-id").values("hash")[:1]
    entries = list(AuditEntry.objects.filter(model=_label(type(instance)), object_pk=str(instance.pk))
                   .annotate(before_hash=Subquery(before_hash)).order_by("id"))
    if not entries:
        return RecordAudit(0, False, str(MSG_RECORD_NOT_LOGGED))
    for entry in entries:
        before = entry.before_hash  # type: ignore[attr-defined]  # the annotation above
        if entry.previous_hash != (before or GENESIS) or _entry_hash(entry.previous_hash, entry) != entry.hash:
            return RecordAudit(len(entries), False, str(MSG_RECORD_ENTRY_CHANGED % {"pk": entry.pk}))
    stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    if stored is None or audited_content(stored) != entries[-1].content:
        return RecordAudit(len(entries), False, str(MSG_RECORD_CHANGED))
    return RecordAudit(len(entries), True, str(MSG_RECORD_VERIFIED % {"count": len(entries)}))


def audit_verify() -> list[str]:
    """Every problem found, in words: an entry whose hash does not follow, a record whose stored
    content differs from its last entry, a logged record that has vanished. Empty when all holds."""
    from django.apps import apps

    problems: list[str] = []
    previous = GENESIS
    latest: dict[tuple[str, str], AuditEntry] = {}
    for entry in AuditEntry.objects.order_by("id").iterator():
        if entry.previous_hash != previous or _entry_hash(previous, entry) != entry.hash:
            problems.append(f"audit entry #{entry.pk} ({entry.model} {entry.object_pk}) was changed or removed")
        previous = entry.hash
        latest[(entry.model, entry.object_pk)] = entry
    by_model: dict[str, dict[str, AuditEntry]] = {}
    for (label, pk), entry in latest.items():
        by_model.setdefault(label, {})[pk] = entry
    for label, entries in by_model.items():
        model = apps.get_model(label)
        stored = {str(obj.pk): obj for obj in model._default_manager.filter(pk__in=list(entries))}
        for pk, entry in entries.items():
            obj = stored.get(pk)
            if obj is None:
                if entry.action != "-":
                    problems.append(f"{label} {pk} was deleted outside the services")
            elif not _content_matches(audited_content(obj), entry.content):
                problems.append(f"{label} {pk} ({obj}) was changed outside the services")
    return problems


def _content_matches(stored: str, logged: str) -> bool:
    """Whether a record's content is the one its last entry logged. A column added by a later
    migration is absent from older entries: it matches while it holds an empty value (null, "",
    false, 0), as the migration left it; any other value was written outside the services."""
    if stored == logged:
        return True
    now, then = json.loads(stored), json.loads(logged)
    added = set(now) - set(then)
    if set(then) - set(now) or any(now[key] not in (None, "", False, 0) for key in added):
        return False
    return all(now[key] == value for key, value in then.items())
