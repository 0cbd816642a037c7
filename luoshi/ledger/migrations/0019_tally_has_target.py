from django.db import migrations


def install(apps, schema_editor):
    # The tally now also counts whether a task has a quantified target (the home page's figure):
    # the triggers are installed again, which drops the older ones and recounts every task.
    from luoshi.ledger.tally import triggers_install

    triggers_install()


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0018_likely_late_index_only'),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
