# Text an import could not match to any label of a section stays in that
# section: {"<número de sección>": texto}. Existing reports have none.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("informes", "0012_rondas_revision"),
    ]

    operations = [
        migrations.AddField(
            model_name="informe",
            name="notas",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Texto importado que no correspondía a ninguna etiqueta, por sección.",
                verbose_name="texto sin clasificar",
            ),
        ),
    ]
