from django.db import migrations


def install(apps: object, schema_editor: object) -> None:
    # The tally keeps the deadlines by month, not by day (`deadline_month`), and that dimension is
    # not split by light: the triggers change, and the counts are rebuilt.
    from luoshi.ledger.tally import triggers_install

    triggers_install()


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0023_tally_deadlines"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
