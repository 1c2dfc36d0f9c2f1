# SQLite: the list's search as an FTS5 index over the model name and description,
# kept by triggers (informes.busqueda.sqlite). PostgreSQL keeps its full-text GIN index
# of migration 0005: a no-op there.

from django.db import migrations


def crear(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from informes.busqueda.sqlite import crear_indice_fts5

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
        if not cursor.fetchone()[0]:
            raise RuntimeError(
                "This SQLite was built without FTS5, which the search needs; "
                "use a Python whose sqlite3 has it (the official builds and Debian's do)."
            )
        crear_indice_fts5(cursor)


def quitar(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from informes.busqueda.sqlite import quitar_indice_fts5

    with schema_editor.connection.cursor() as cursor:
        quitar_indice_fts5(cursor)


class Migration(migrations.Migration):

    dependencies = [
        ("informes", "0008_sin_controles_invisibles"),
    ]

    operations = [
        migrations.RunPython(crear, quitar, elidable=False),
    ]
