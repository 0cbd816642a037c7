"""Mark as headings the tasks confirmed from heading drafts (一、/（一）): known from the draft each
task keeps as its source. Tasks created otherwise stay measures."""

from typing import Any

from django.db import migrations


def mark_headings(apps: Any, schema_editor: Any) -> None:
    Task = apps.get_model("ledger", "Task")
    # An UPDATE, not a save per task: the kind is derived from the source, not an edit to record.
    Task.objects.filter(source_measure__heading=True).update(kind="heading")


def unmark_headings(apps: Any, schema_editor: Any) -> None:
    Task = apps.get_model("ledger", "Task")
    Task.objects.filter(kind="heading").update(kind="measure")


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0009_task_kind_rollup"),
        ("documents", "0002_draft_task_fields"),
    ]

    operations = [
        migrations.RunPython(mark_headings, unmark_headings),
    ]
