# Indexes for the list, its filters and the reviewer queue at volume, and on
# PostgreSQL the full-text search index (a no-op on other databases).

from django.conf import settings
from django.db import DatabaseError, migrations, models, transaction
from django.db.models import Func, TextField

INDICE_BUSQUEDA = "informe_busqueda_gin"


class SinTildes(Func):
    function = "informes_sin_tildes"
    output_field = TextField()


def _esquema_unaccent(cursor):
    cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'")
    fila = cursor.fetchone()
    return fila[0] if fila else None


def crear_busqueda(apps, schema_editor):
    """PostgreSQL: an immutable unaccent wrapper and a GIN index on the search document.

    unaccent is a trusted extension (PostgreSQL 13+): the database's owner may
    create it. Where that is refused, the wrapper is the identity and search
    still works, only without folding accents.
    """
    conexion = schema_editor.connection
    if conexion.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    with conexion.cursor() as cursor:
        esquema = _esquema_unaccent(cursor)
        if esquema is None:
            try:
                with transaction.atomic(using=schema_editor.connection.alias):
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
                esquema = _esquema_unaccent(cursor)
            except DatabaseError:
                pass  # Without the privilege: search works, only without folding accents.
        if esquema:
            cuerpo = f"SELECT {esquema}.unaccent('{esquema}.unaccent'::regdictionary, $1)"
        else:
            cuerpo = "SELECT $1"
        cursor.execute(
            "CREATE OR REPLACE FUNCTION informes_sin_tildes(text) RETURNS text "
            f"LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ {cuerpo} $$"
        )
    Informe = apps.get_model("informes", "Informe")
    # The same expression as informes.selectors.vector_busqueda(), frozen here;
    # tests/busqueda/test_busqueda.py checks that the planner uses this index.
    documento = SearchVector(
        SinTildes("nombre_modelo"), SinTildes("descripcion_modelo"), config="spanish"
    )
    schema_editor.add_index(Informe, GinIndex(documento, name=INDICE_BUSQUEDA))


def quitar_busqueda(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDICE_BUSQUEDA}")
    schema_editor.execute("DROP FUNCTION IF EXISTS informes_sin_tildes(text)")


class Migration(migrations.Migration):

    dependencies = [
        ('informes', '0004_archivo_pdf'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(crear_busqueda, quitar_busqueda, elidable=False),
        migrations.AddIndex(
            model_name='informe',
            index=models.Index(fields=['estado', 'actualizado'], name='informe_estado_actualizado'),
        ),
        migrations.AddIndex(
            model_name='informe',
            index=models.Index(fields=['autor', 'actualizado'], name='informe_autor_actualizado'),
        ),
        migrations.AddIndex(
            model_name='informe',
            index=models.Index(fields=['estado', 'enviado_en'], name='informe_estado_enviado'),
        ),
        migrations.AddIndex(
            model_name='informe',
            index=models.Index(fields=['estado', 'proxima_revision'], name='informe_estado_proxima'),
        ),
    ]
