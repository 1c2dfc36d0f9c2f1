"""The shared cache's table, so that `migrate` alone prepares a database.

The database cache backend (the default, see settings) needs a table that
`createcachetable` makes; running it here means no deployment can forget it.
It does nothing when the cache is Redis or Memcached, and nothing when the
table already exists.
"""

from django.core.management import call_command
from django.db import migrations


def crear_tabla_cache(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("informes", "0005_indices_volumen")]

    operations = [migrations.RunPython(crear_tabla_cache, migrations.RunPython.noop)]
