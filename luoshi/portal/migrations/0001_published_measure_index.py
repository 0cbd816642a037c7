import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("ledger", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedMeasure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("search_text", models.TextField(blank=True, verbose_name="检索词")),
                ("industries", models.CharField(blank=True, max_length=400, verbose_name="适用行业(规范化)")),
                ("areas", models.CharField(blank=True, max_length=400, verbose_name="适用区域(规范化)")),
                ("indexed_at", models.DateTimeField(auto_now=True, verbose_name="索引时间")),
                ("task", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="published",
                                              to="ledger.task", verbose_name="任务")),
            ],
            options={
                "verbose_name": "公开举措索引",
                "verbose_name_plural": "公开举措索引",
            },
        ),
    ]
