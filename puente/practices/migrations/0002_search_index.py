from django.db import migrations


def create(apps, schema_editor):
    from puente.practices.search import setup_sql

    for statement in setup_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TABLE IF EXISTS practices_searchvector")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS practices_search_fts")


class Migration(migrations.Migration):
    """The full-text index: a tsvector table with a GIN index on PostgreSQL, an FTS5
    table on SQLite (see practices/search.py)."""

    dependencies = [("practices", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
