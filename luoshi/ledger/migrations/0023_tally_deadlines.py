from django.db import migrations, models


def remove(apps: object, schema_editor: object) -> None:
    # On SQLite the AlterFields below remake the tally's table, which the task table's triggers
    # write to, and the task table, which drops them: they are dropped first and installed again
    # after.
    from luoshi.ledger.tally import triggers_remove

    triggers_remove()


def install(apps: object, schema_editor: object) -> None:
    # The tally counts the battle map's deadlines too: the triggers change (to what the code
    # defines when this runs, as in every such migration), and the counts are rebuilt.
    from luoshi.ledger.tally import triggers_install

    triggers_install()


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0022_tally_level_links"),
    ]

    operations = [
        migrations.RunPython(remove, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="tasktally",
            name="value",
            field=models.CharField(blank=True, max_length=240, verbose_name="取值"),
        ),
        # The overdue list's order (deadline, code) from one index, which replaces the deadline's own.
        migrations.RemoveIndex(
            model_name="task",
            name="ledger_task_deadline_status",
        ),
        migrations.AlterField(
            model_name="historicaltask",
            name="deadline",
            field=models.DateField(blank=True, null=True, verbose_name="完成时限"),
        ),
        migrations.AlterField(
            model_name="task",
            name="deadline",
            field=models.DateField(blank=True, null=True, verbose_name="完成时限"),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["deadline", "code"], include=("status", "kind", "category"),
                               name="ledger_task_deadline_code"),
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
