# Review rounds: each «Enviar a revisión» keeps a snapshot of what was sent, so the
# compare page shows what changed since. Audit entries tell autosaves apart, so the
# history groups an editing session's autosaves into one entry.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("informes", "0011_hilos_y_descarte"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="eventoauditoria",
            name="automatico",
            field=models.BooleanField(default=False, verbose_name="automático"),
        ),
        migrations.CreateModel(
            name="RondaRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("numero", models.PositiveIntegerField(verbose_name="número")),
                ("enviada_en", models.DateTimeField(auto_now_add=True, verbose_name="enviada")),
                ("instantanea", models.JSONField(verbose_name="instantánea")),
                (
                    "enviada_por",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="rondas_enviadas",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="enviada por",
                    ),
                ),
                (
                    "informe",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="rondas",
                        to="informes.informe",
                        verbose_name="informe",
                    ),
                ),
            ],
            options={
                "verbose_name": "ronda de revisión",
                "verbose_name_plural": "rondas de revisión",
                "ordering": ["informe", "numero"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("informe", "numero"), name="ronda_numero_por_version"
                    )
                ],
            },
        ),
    ]
