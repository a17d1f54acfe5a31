import json
from pathlib import Path

from django.db import migrations

SPEC = Path(__file__).resolve().parent.parent / "data" / "puente_national_v1.json"


def load(apps, schema_editor):
    Instrument = apps.get_model("assessments", "Instrument")
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    if not Instrument.objects.filter(slug=spec["slug"], version=spec["version"]).exists():
        Instrument.objects.filter(slug=spec["slug"]).update(is_current=False)
        Instrument.objects.create(slug=spec["slug"], version=spec["version"], spec=spec, is_current=True)


def unload(apps, schema_editor):
    apps.get_model("assessments", "Instrument").objects.filter(slug="puente-national", version=1).delete()


class Migration(migrations.Migration):
    """The Puente national assessment, version 1 (data/puente_national_v1.json)."""

    dependencies = [("assessments", "0001_initial"), ("principles", "0002_the_eight_principles")]
    operations = [migrations.RunPython(load, unload)]
