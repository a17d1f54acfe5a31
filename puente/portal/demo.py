"""Demo portal content for the two fictional agencies: texts in English, Spanish and one
community language, a policy with two versions, the documents on offer and enough
invented survey answers to show results and a hidden cell. Everything here is fictional
and says so; it runs once per agency and leaves existing content alone."""

import random

from django.utils import timezone

from puente.agencies.models import Agency
from puente.lib.quarters import Quarter
from puente.portal import services
from puente.portal.models import PortalSettings, PortalText, Section, SurveyResponse
from puente.portal.survey import QUESTION_KEYS

NOTE = {
    "en": "(Fictional demo text.)",
    "es": "(Texto ficticio de demostración.)",
    "so": "(Qoraal mala-awaal ah oo tusaale ah.)",
    "ht": "(Tèks fiktif pou demonstrasyon.)",
}

TEXTS = {
    Section.HELP: {
        "en": "Our front desk at 100 Main Street (fictional) is open every day from 8 am to 8 pm. You can report a crime there in person, with an interpreter on the phone.",
        "es": "Nuestra recepción en 100 Main Street (ficticia) abre todos los días de 8 a 20 h. Allí puede denunciar un delito en persona, con un intérprete por teléfono.",
        "so": "Miiska soo dhaweynta ee 100 Main Street (mala-awaal) wuxuu furan yahay maalin kasta 8 subaxnimo ilaa 8 fiidnimo. Halkaas waxaad ku soo sheegi kartaa dambi adigoo jooga, turjumaan taleefan ah.",
        "ht": "Biwo resepsyon nou an nan 100 Main Street (fiktif) ouvè chak jou depi 8 è di maten rive 8 è di swa. Ou ka rapòte yon krim la an pèsòn, ak yon entèprèt nan telefòn.",
    },
    Section.POLICY: {
        "en": "Officers do not ask about anyone's immigration status when they take a report, help a victim or talk to a witness.\n\nOfficers do not stop, question or arrest anyone to enforce federal civil immigration law, and the agency does not hold anyone in jail only because of a federal immigration request without a judge's warrant.",
        "es": "Los agentes no preguntan por la situación migratoria de nadie cuando toman una denuncia, ayudan a una víctima o hablan con un testigo.\n\nLos agentes no detienen, interrogan ni arrestan a nadie para aplicar la ley federal civil de inmigración, y la agencia no retiene a nadie en la cárcel solo por una solicitud federal de inmigración sin orden de un juez.",
        "so": "Saraakiishu ma weydiiyaan qofna xaaladdiisa socdaalka marka ay qorayaan warbixin, caawinayaan dhibbane ama la hadlayaan markhaati.\n\nSaraakiishu ma joojiyaan, ma su'aalaan, mana xiraan qofna si ay u fuliyaan sharciga madaniga ah ee socdaalka federaalka.",
        "ht": "Ofisye yo pa mande pesonn estati imigrasyon yo lè y ap pran yon rapò, ede yon viktim oswa pale ak yon temwen.\n\nOfisye yo pa kanpe, pa kesyone e pa arete pesonn pou aplike lwa sivil federal sou imigrasyon, e ajans lan pa kenbe pesonn nan prizon sèlman akoz yon demann federal sou imigrasyon san manda yon jij.",
    },
    Section.LIAISONS: {
        "en": "Call or text the liaison line at 555-0142 (fictional), Monday to Friday, 9 am to 5 pm, or find the liaisons at the events below.",
        "es": "Llame o envíe un mensaje a la línea de enlaces, 555-0142 (ficticia), de lunes a viernes de 9 a 17 h, o encuentre a los enlaces en los eventos de abajo.",
        "so": "Wac ama fariin u dir khadka xiriiriyeyaasha 555-0142 (mala-awaal), Isniin ilaa Jimce, 9 subaxnimo ilaa 5 galabnimo.",
        "ht": "Rele oswa voye tèks bay liy ajan lyezon yo nan 555-0142 (fiktif), lendi rive vandredi, 9 è di maten rive 5 è di swa.",
    },
    Section.RIGHTS: {
        "en": "You can ask for an interpreter at any time, free of charge. You can ask for an officer's name and badge number. You can make a complaint in your own language.",
        "es": "Puede pedir un intérprete en cualquier momento, sin costo. Puede pedir el nombre y el número de placa de un agente. Puede presentar una queja en su propio idioma.",
    },
}
# The English policy as first published; the version above replaced it later, so the
# community-language translation made in between shows as older than the English.
FIRST_POLICY = "Officers do not ask about anyone's immigration status when they take a report, help a victim or talk to a witness."

AGENCIES = {
    "riverbend-pd-fictional": {
        "third": "so",
        "phone": "555-0100",
        # responses per language of answer, over the last four quarters
        "responses": {"en": 64, "es": 47, "so": 15, "hmn": 4},
        "outdated_policy": True,
    },
    "lakeview-county-so-fictional": {
        "third": "ht",
        "phone": "555-0199",
        "responses": {"en": 52, "es": 38, "ht": 21, "pt": 6},
        "outdated_policy": False,
    },
}

COMMENTS = [
    ("en", "The liaison at the library forum explained everything clearly."),
    ("en", "Please have more officers who speak Somali on the night shift."),
    ("es", "Me gustaría que las reuniones fueran por la tarde, después del trabajo."),
    ("es", "El intérprete por teléfono tardó mucho en llegar a la llamada."),
    ("so", "Waan ku faraxsanahay shirarka masjidka."),
    ("ht", "Mwen ta renmen plis enfòmasyon an kreyòl sou sit la."),
    ("en", "I was treated with respect when I reported a break-in."),
    ("en", "Traffic on our street is dangerous for children walking to school."),
]

# Share agreeing with each statement, by language of answer (invented for the demo).
BASE = {"safety": 0.66, "trust": 0.58, "report": 0.72, "witness": 0.49, "fair": 0.61, "voice": 0.38}  # fmt: skip
OFFSET = {"en": 0.08, "es": -0.05, "so": -0.12, "hmn": -0.1, "ht": -0.08, "pt": 0.0}


def _texts(agency: Agency, third: str, outdated_policy: bool) -> None:
    for section, wording in TEXTS.items():
        for language in ("en", "es", third):
            if language not in wording:
                continue
            body = f"{wording[language]}\n\n{NOTE[language]}"
            if section == Section.POLICY and outdated_policy and language == "en":
                services.portal_text_publish(
                    actor=None, agency=agency, section=section, language="en",
                    body=f"{FIRST_POLICY}\n\n{NOTE['en']}",
                )  # fmt: skip
                continue
            services.portal_text_publish(
                actor=None, agency=agency, section=section, language=language, body=body
            )
    if outdated_policy:
        services.portal_text_publish(
            actor=None, agency=agency, section=Section.POLICY, language="en",
            body=f"{TEXTS[Section.POLICY]['en']}\n\n{NOTE['en']}",
        )  # fmt: skip
        # A draft waiting in Spanish, to show "changes waiting" in the workspace.
        services.portal_text_save(
            actor=None, agency=agency, section=Section.HELP, language="es",
            body=f"{TEXTS[Section.HELP]['es']} También los sábados por la mañana.\n\n{NOTE['es']}",
        )  # fmt: skip


def _responses(agency: Agency, counts: dict[str, int]) -> None:
    rng = random.Random(agency.slug)
    today = timezone.localdate()
    quarters = [Quarter.of(today)]
    for _ in range(3):
        quarters.append(quarters[-1].previous())
    comments = [c for c in COMMENTS if c[0] in counts]
    for language, count in counts.items():
        for number in range(count):
            quarter = quarters[number % len(quarters)]
            answers = {}
            for key in QUESTION_KEYS:
                if rng.random() < 0.06:
                    answers[key] = None
                    continue
                agree = rng.random() < BASE[key] + OFFSET.get(language, 0)
                answers[key] = rng.choice([4, 5]) if agree else rng.choice([1, 2, 3])
            comment = ""
            if rng.random() < 0.15:
                comment = "[Demo] " + rng.choice(comments)[1]
            services.feedback_submit(
                agency=agency,
                language=language,
                answers=answers,
                comment=comment,
                today=min(quarter.end, today),
            )


def portal_demo_load() -> int:
    """Load the demo portals; returns how many parts were added."""
    changed = 0
    for slug, spec in AGENCIES.items():
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            continue
        if not PortalText.objects.filter(agency=agency).exists():
            _texts(agency, spec["third"], spec["outdated_policy"])
            changed += 1
        if not PortalSettings.objects.filter(agency=agency).exists():
            services.portal_settings_update(
                actor=None,
                agency=agency,
                non_emergency_phone=spec["phone"],
                feedback_open=True,
                documents=list(agency.vital_documents.all()),
            )
            changed += 1
        if not SurveyResponse.objects.filter(agency=agency).exists():
            _responses(agency, spec["responses"])
            changed += 1
    return changed
