import copy
import json

import pytest

from puente.agencies.tests.factories import AgencyFactory
from puente.assessments.services import NATIONAL_SPEC, instrument_load
from puente.principles.services import principles_sync


def _labels(en, es):
    return {"en": en, "es": es}


def _yesno(
    item_id, section, en, es, points, respondent_types=("command", "civilian"), **extra
):
    return {
        "id": item_id, "section": section, "type": "yesno", "label": _labels(en, es),
        "rationale": _labels("Why it matters.", "Por qué importa."),
        "respondent_types": list(respondent_types), "required": True, "relevant": None,
        "compares_with": None,
        "options": [
            {"value": "yes", "label": _labels("Yes", "Sí"), "points": points},
            {"value": "no", "label": _labels("No", "No"), "points": {}},
        ],
        **extra,
    }  # fmt: skip


SMALL_SPEC = {
    "slug": "test-instrument",
    "version": 1,
    "title": _labels("Test assessment", "Evaluación de prueba"),
    "principles": ["broad-outreach", "leverage-partnerships", "monitor"],
    "weights": {"broad-outreach": 1, "leverage-partnerships": 1, "monitor": 1},
    "respondent_types": ["command", "line", "civilian", "partner"],
    "sections": [
        {"id": "outreach", "title": _labels("Outreach", "Acercamiento")},
        {"id": "monitoring", "title": _labels("Monitoring", "Seguimiento")},
        {"id": "partner_view", "title": _labels("Your view", "Su opinión")},
    ],
    "items": [
        _yesno("out_liaison", "outreach", "Do you have a liaison?", "¿Tiene un enlace?", {"leverage-partnerships": 2}),
        {
            "id": "out_frequency", "section": "outreach", "type": "single",
            "label": _labels("How often does the liaison meet residents?", "¿Con qué frecuencia se reúne el enlace con los residentes?"),
            "rationale": _labels("Contact frequency.", "Frecuencia de contacto."),
            "respondent_types": ["command"], "required": True,
            "relevant": {"item": "out_liaison", "in": ["yes"]}, "compares_with": None,
            "options": [
                {"value": "never", "label": _labels("Never", "Nunca"), "points": {}},
                {"value": "monthly", "label": _labels("Monthly", "Cada mes"), "points": {"broad-outreach": 1}},
                {"value": "weekly", "label": _labels("Weekly", "Cada semana"), "points": {"broad-outreach": 2}},
            ],
        },
        {
            "id": "out_channels", "section": "outreach", "type": "multiple",
            "label": _labels("Which channels do you use?", "¿Qué medios utiliza?"),
            "rationale": _labels("Reach.", "Alcance."),
            "respondent_types": ["command", "line"], "required": False, "relevant": None, "compares_with": None,
            "options": [
                {"value": "radio", "label": _labels("Radio", "Radio"), "points": {"broad-outreach": 1}},
                {"value": "press", "label": _labels("Ethnic press", "Prensa étnica"), "points": {"broad-outreach": 1}},
            ],
        },
        {
            "id": "mon_officers", "section": "monitoring", "type": "number",
            "label": _labels("How many officers speak Spanish?", "¿Cuántos agentes hablan español?"),
            "rationale": _labels("Capacity.", "Capacidad."),
            "respondent_types": ["command"], "required": False, "relevant": None, "compares_with": None,
            "min": 0, "max": 500,
        },
        _yesno("mon_tracks", "monitoring", "Do you count contacts each quarter?", "¿Cuenta los contactos cada trimestre?", {"monitor": 3}),
        {
            "id": "mon_comment", "section": "monitoring", "type": "text",
            "label": _labels("Anything else?", "¿Algo más?"),
            "rationale": _labels("Context.", "Contexto."),
            "respondent_types": ["command"], "required": False, "relevant": None, "compares_with": None,
        },
        _yesno(
            "pv_liaison", "partner_view", "Does the department have a liaison you can reach?",
            "¿Tiene el departamento un enlace con quien usted pueda comunicarse?",
            {"leverage-partnerships": 2}, respondent_types=("partner",), compares_with="out_liaison",
        ),
    ],
}  # fmt: skip


@pytest.fixture
def small_spec():
    return copy.deepcopy(SMALL_SPEC)


@pytest.fixture
def instrument(db, small_spec):
    # Browser tests empty the database between tests, migration data included.
    principles_sync()
    return instrument_load(spec=small_spec)


NATIONAL = json.loads(NATIONAL_SPEC.read_text(encoding="utf-8"))


@pytest.fixture
def agency_context(db):
    """The national assessment's agency-context questions: the two the Kobo file answers,
    and one scored question (an instrument needs one) made optional, since the file was
    collected without it."""
    principles_sync()
    spec = copy.deepcopy(NATIONAL)
    spec["slug"] = "agency-context"
    items = {item["id"]: item for item in NATIONAL["items"]}
    needs = {**items["agy_needs_assessment"], "required": False}
    spec["items"] = [items["agy_lep_share"], items["agy_community_languages"], needs]
    spec["sections"] = [s for s in spec["sections"] if s["id"] == "agency"]
    spec["principles"], spec["weights"] = ["root-causes"], {"root-causes": 1}
    return instrument_load(spec=spec)


@pytest.fixture
def montgomery(db):
    return AgencyFactory(name="Montgomery Police Department", ori="AL0430200")
