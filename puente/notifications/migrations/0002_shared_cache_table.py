from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Without REDIS_URL the shared cache is a database table (settings.CACHES); creating
    # it here means `migrate` is all a new installation needs. Nothing happens when
    # the cache is Redis or the table exists.
    call_command("createcachetable", database=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_outbox")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
