"""ACS language groups are shown in the reader's language; the stored label stays the
Census Bureau's (it is what files and exports match on)."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from puente.language_access.labels import ACS_LABELS
from puente.language_access.models import Jurisdiction, LanguageFigure

pytestmark = pytest.mark.django_db


def test_every_group_of_the_bundled_dictionaries_has_a_translatable_label():
    import csv
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "data"
    labels = set()
    for table in ("B16001", "C16001"):
        with open(data / f"acs1_2018_{table}_variables.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                parts = [p.strip(":") for p in row["LABEL"].split("!!")]
                if len(parts) >= 3 and not parts[2].lower().startswith("speak only"):
                    labels.add(parts[2])
    assert labels and labels <= set(ACS_LABELS)


def test_the_spanish_page_names_the_groups_in_spanish(client, member_a, agency_a):
    place = Jurisdiction.objects.create(
        agency=agency_a, geoid="1600000US2700000", name="Alphaville city (fictional)",
        table="C16001", population_5_plus=20_000,
    )  # fmt: skip
    for position, (label, speakers, lep) in enumerate(
        [("Spanish", 3_000, 1_500), ("Other languages of Asia", 900, 400)]
    ):
        LanguageFigure.objects.create(
            jurisdiction=place, position=position, label=label, speakers=speakers,
            very_well=speakers - lep, lep=lep,
        )  # fmt: skip
    client.force_login(member_a)
    with override("es"):
        url = reverse("language_access:overview", kwargs={"slug": agency_a.slug})
    body = client.get(url).content.decode()
    assert "Otras lenguas de Asia" in body and "Other languages of Asia" not in body
    assert LanguageFigure.objects.filter(label="Other languages of Asia").exists()
