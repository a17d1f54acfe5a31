from django.db import migrations


def load(apps, schema_editor):
    from puente.principles.services import principles_sync

    principles_sync(
        principle_model=apps.get_model("principles", "Principle"),
        text_model=apps.get_model("principles", "PrincipleText"),
    )


class Migration(migrations.Migration):
    dependencies = [("principles", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
