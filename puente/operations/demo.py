"""Demo data: real, cited facts for real agencies; invented activity only for
agencies and programs whose names say they are fictional."""

import csv
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from puente.agencies.models import (
    Agency,
    Membership,
    Program,
    ProgramMembership,
    ProgramParticipation,
)
from puente.agencies.registry import agencies_import_fbi
from puente.agencies.roles import AgencyRole, ProgramRole
from puente.assessments.demo import assessments_demo_load
from puente.complaints.demo import complaints_demo_load
from puente.insights.demo import insights_demo_load
from puente.insights.evidence_data import evidence_refresh
from puente.insights.evidence_demo import evidence_demo_load
from puente.language_access.demo import language_access_demo_load
from puente.outreach.demo import outreach_demo_load
from puente.portal.demo import portal_demo_load
from puente.practices.seed import library_seed
from puente.principles.services import principles_sync

DATA_DIR = Path(__file__).resolve().parent.parent / "agencies" / "data"
DEMO_PASSWORD = "puente-demo-2026"  # noqa: S105 - printed for the demo on purpose
EPIC_SOURCE = (
    "Profiled in “Engaging Police in Immigrant Communities: Promising Practices from "
    "the Field” (Vera Institute of Justice and US DOJ COPS Office, 2012). ORI and "
    "location: FBI Crime Data Explorer. Population served and full-time employees: "
    "FBI UCR Police Employee data for {year}, via Jacob Kaplan's crimedatatool_helper."
)

FICTIONAL_AGENCIES = [
    {
        "slug": "riverbend-pd-fictional",
        "name": "Riverbend Police Department (fictional demo)",
        "agency_type": Agency.Type.MUNICIPAL,
        "state": "MN",
        "county": "Demo County",
        "city": "Riverbend",
        "population_served": 58000,
        "sworn_staff": 72,
        "civilian_staff": 21,
        "facts_year": 2025,
        "latitude": Decimal("44.950000"),
        "longitude": Decimal("-93.100000"),
        "community_languages": ["es", "so", "hmn", "vi"],
    },
    {
        "slug": "lakeview-county-so-fictional",
        "name": "Lakeview County Sheriff's Office (fictional demo)",
        "agency_type": Agency.Type.SHERIFF,
        "state": "FL",
        "county": "Lakeview",
        "city": "",
        "population_served": 240000,
        "sworn_staff": 410,
        "civilian_staff": 160,
        "facts_year": 2025,
        "latitude": Decimal("28.100000"),
        "longitude": Decimal("-81.600000"),
        "community_languages": ["es", "ht", "pt", "vi"],
    },
]

DEMO_PROGRAM = {
    "slug": "demo-national-assessment-fictional",
    "name": "Demo National Assessment Program (fictional)",
    "description": (
        "A fictional evaluation program that runs the Puente national assessment "
        "across agencies, as the Vera Institute of Justice did for EPIC."
    ),
}

# (email, full name, agency slug or None, role)
DEMO_USERS = [
    ("admin@riverbend.example", "Ana Admin", "riverbend-pd-fictional", AgencyRole.ADMIN),
    ("staff@riverbend.example", "Sam Staff", "riverbend-pd-fictional", AgencyRole.STAFF),
    ("liaison@riverbend.example", "Lía Liaison", "riverbend-pd-fictional", AgencyRole.LIAISON),
    ("analyst@riverbend.example", "Andy Analyst", "riverbend-pd-fictional", AgencyRole.ANALYST),
    ("viewer@riverbend.example", "Vera Viewer (advisory board)", "riverbend-pd-fictional", AgencyRole.VIEWER),
    ("admin@lakeview.example", "Luis Lakeview", "lakeview-county-so-fictional", AgencyRole.ADMIN),
]  # fmt: skip
DEMO_EVALUATOR = ("evaluator@program.example", "Eva Evaluator")
DEMO_REVIEWER = ("reviewer@program.example", "Rafael Reviewer")
DEMO_SUPERUSER = ("admin@puente.example", "Platform Admin")


@dataclass
class DemoResult:
    changed: int = 0
    accounts: list[tuple[str, str]] = field(default_factory=list)
    # The authenticator-app key every demo account shares (base32), to print.
    totp_key: str = ""


def _upsert(model, lookup: dict, values: dict) -> tuple[object, int]:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), 1
    dirty = [key for key, value in values.items() if getattr(obj, key) != value]
    for key in dirty:
        setattr(obj, key, values[key])
    if dirty:
        obj.save(update_fields=dirty)
    return obj, int(bool(dirty))


def _epic_agencies() -> int:
    changed = 0
    with open(DATA_DIR / "epic_profiled_agencies.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            values = {
                "name": row["agency_name"],
                "city": row["city"],
                "population_served": int(row["ucr_population"]),
                "sworn_staff": int(row["officers_total"]),
                "civilian_staff": int(row["civilians_total"]),
                "facts_year": int(row["ucr_year"]),
                "epic_profiled": True,
                "source": EPIC_SOURCE.format(year=row["ucr_year"]),
            }
            agency = Agency.objects.filter(ori=row["ori9"]).first()
            if agency is None:
                raise LookupError(f"{row['ori9']} is missing from the FBI agency list")
            _obj, n = _upsert(Agency, {"pk": agency.pk}, values)
            changed += n
    return changed


def _user(email: str, full_name: str, **flags) -> tuple[object, int]:
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, _demo_second_factor(user)
    user = User.objects.create_user(
        email=email, password=DEMO_PASSWORD, full_name=full_name, **flags
    )
    _demo_second_factor(user)
    return user, 1


DEMO_DEVICE = "Demo authenticator"


def _demo_second_factor(user) -> int:
    """Every demo account gets an authenticator app with one shared key, made at random
    the first time, so that one app entry signs in as any demo account. Puente asks for
    the second step with DEBUG off; the demo only makes it easy to pass."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE).exists():
        return 0
    shared = TOTPDevice.objects.filter(name=DEMO_DEVICE).first()
    key = shared.key if shared else None
    device = TOTPDevice(user=user, name=DEMO_DEVICE, confirmed=True)
    if key:
        device.key = key
    device.save()
    return 1


def demo_totp_key() -> str:
    """The demo authenticator key in base32 (what an app asks for), or ""."""
    from base64 import b32encode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(name=DEMO_DEVICE).first()
    if device is None:
        return ""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


@transaction.atomic
def demo_fingerprint() -> str:
    """SHA-256 (hex) of what the demo is made from: every demo and seed module and data
    file of the apps, the migrations (the schema) and today's date (the demo's activity
    is dated from today). Equal fingerprints: loading again would change nothing."""
    import hashlib

    from django.utils import timezone

    root = Path(__file__).resolve().parent.parent
    patterns = ("*/demo.py", "*/evidence_demo.py", "practices/seed.py", "*/data/*",
                "*/migrations/0*.py")  # fmt: skip
    digest = hashlib.sha256(timezone.localdate().isoformat().encode())
    for path in sorted({p for pattern in patterns for p in root.glob(pattern)}):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def demo_accounts() -> list[tuple[str, str]]:
    """(email, what the account is) of the demo accounts, as `demo_load` lists them."""
    names = dict(
        Agency.objects.filter(
            slug__in={slug for *_rest, slug, _role in DEMO_USERS}
        ).values_list("slug", "name")
    )
    program = Program.objects.filter(slug=DEMO_PROGRAM["slug"]).first()
    program_name = program.name if program else DEMO_PROGRAM["name"]
    return [
        (email, f"{names.get(slug, slug)}: {role.label}")
        for email, _name, slug, role in DEMO_USERS
    ] + [
        (DEMO_EVALUATOR[0], f"{program_name}: {ProgramRole.EVALUATOR.label}"),
        (DEMO_REVIEWER[0], f"{program_name}: second reviewer"),
        (DEMO_SUPERUSER[0], "Platform administrator (/admin/)"),
    ]


def demo_load(*, progress=None) -> DemoResult:
    """Load or refresh the demo. Running it again changes nothing."""
    result = DemoResult()
    result.changed += principles_sync()
    imported = agencies_import_fbi(
        path=DATA_DIR / "fbi_cde_agencies.csv", progress=progress
    )
    result.changed += imported.created + imported.updated
    result.changed += _epic_agencies()

    agencies = {}
    for spec in FICTIONAL_AGENCIES:
        values = {key: value for key, value in spec.items() if key != "slug"}
        values |= {"is_fictional": True, "source": "Invented for the Puente demo."}
        agencies[spec["slug"]], n = _upsert(Agency, {"slug": spec["slug"]}, values)
        result.changed += n

    program, n = _upsert(
        Program,
        {"slug": DEMO_PROGRAM["slug"]},
        {
            "name": DEMO_PROGRAM["name"],
            "description": DEMO_PROGRAM["description"],
            "is_fictional": True,
        },
    )
    result.changed += n
    for agency in agencies.values():
        _obj, n = _upsert(
            ProgramParticipation,
            {"program": program, "agency": agency},
            {"joined_on": date(2026, 1, 15)},
        )
        result.changed += n

    for email, full_name, slug, role in DEMO_USERS:
        user, n = _user(email, full_name)
        result.changed += n
        _obj, n = _upsert(
            Membership, {"user": user, "agency": agencies[slug]}, {"role": role}
        )
        result.changed += n
        result.accounts.append((email, f"{agencies[slug].name}: {role.label}"))

    evaluator, n = _user(*DEMO_EVALUATOR)
    result.changed += n
    _obj, n = _upsert(
        ProgramMembership,
        {"user": evaluator, "program": program},
        {"role": ProgramRole.EVALUATOR},
    )
    result.changed += n
    result.accounts.append(
        (DEMO_EVALUATOR[0], f"{program.name}: {ProgramRole.EVALUATOR.label}")
    )
    reviewer, n = _user(*DEMO_REVIEWER)
    result.changed += n
    _obj, n = _upsert(
        ProgramMembership,
        {"user": reviewer, "program": program},
        {"role": ProgramRole.EVALUATOR},
    )
    result.changed += n
    result.accounts.append((DEMO_REVIEWER[0], f"{program.name}: second reviewer"))

    _admin, n = _user(*DEMO_SUPERUSER, is_staff=True, is_superuser=True)
    result.changed += n
    result.accounts.append((DEMO_SUPERUSER[0], "Platform administrator (/admin/)"))
    result.changed += library_seed()
    result.changed += assessments_demo_load()
    result.changed += outreach_demo_load()
    result.changed += language_access_demo_load()
    result.changed += insights_demo_load()
    result.changed += portal_demo_load()
    loaded = evidence_demo_load()
    if loaded:
        evidence_refresh()
    result.changed += loaded
    result.changed += complaints_demo_load()
    return result
