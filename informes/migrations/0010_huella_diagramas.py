# Each diagram keeps the SHA-256 of its image, recorded at upload, so that the
# audit trail's snapshots never open the file. Existing diagrams are read once here.

import hashlib

from django.db import migrations, models


def calcular_huellas(apps, schema_editor):
    Diagrama = apps.get_model("informes", "Diagrama")
    for diagrama in Diagrama.objects.filter(sha256="").exclude(imagen="").iterator():
        suma = hashlib.sha256()
        try:
            with diagrama.imagen.open("rb") as archivo:
                for trozo in archivo.chunks():
                    suma.update(trozo)
        except (OSError, ValueError):
            continue  # a missing file keeps an empty fingerprint, as snapshots had
        # update(), not save(): rows of approved versions are written here too.
        Diagrama.objects.filter(pk=diagrama.pk).update(sha256=suma.hexdigest())


class Migration(migrations.Migration):

    dependencies = [
        ("informes", "0009_busqueda_fts5"),
    ]

    operations = [
        migrations.AddField(
            model_name="diagrama",
            name="sha256",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="SHA-256 de la imagen"
            ),
        ),
        migrations.RunPython(calcular_huellas, migrations.RunPython.noop, elidable=True),
    ]
