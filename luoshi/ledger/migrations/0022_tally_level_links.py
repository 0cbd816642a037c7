from django.db import migrations


def install(apps: object, schema_editor: object) -> None:
    # The tally counts the coverage page's figures per level too (`level_links`, headings
    # included): the triggers change, and the counts are rebuilt.
    from luoshi.ledger.tally import triggers_install

    triggers_install()


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0021_visibility_index_only"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
