import json
from itertools import islice
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from puente.agencies.models import Agency
from puente.assessments import spec as spec_rules
from puente.assessments.answers import clean_answers, missing_required
from puente.assessments.models import (
    POLICE_RESPONDENTS,
    AgencyScore,
    Campaign,
    Instrument,
    Response,
)
from puente.assessments.scoring import Scorer
from puente.audit.models import AuditEvent
from puente.audit.services import record
from puente.principles.models import Principle


def _principle_keys() -> set[str]:
    return set(Principle.objects.values_list("key", flat=True))


@transaction.atomic
def instrument_load(
    *, spec: dict[str, Any], make_current: bool = True, actor=None
) -> Instrument:
    """Store an instrument version from its spec. A version that has responses is
    frozen: loading a different spec under its number is refused."""
    problems = spec_rules.validate(spec, principle_keys=_principle_keys())
    if problems:
        raise ValidationError(problems)
    instrument = Instrument.objects.filter(
        slug=spec["slug"], version=spec["version"]
    ).first()
    if instrument is None:
        instrument = Instrument.objects.create(
            slug=spec["slug"], version=spec["version"], spec=spec
        )
        record(action=AuditEvent.Action.CREATE, actor=actor, obj=instrument)
    elif instrument.spec != spec:
        if instrument.is_frozen:
            raise ValidationError(
                _(
                    "Version %(version)s of %(slug)s already has responses and cannot change; make a new version."
                )
                % {"version": spec["version"], "slug": spec["slug"]}
            )
        instrument.spec = spec
        instrument.save(update_fields=["spec"])
        record(action=AuditEvent.Action.UPDATE, actor=actor, obj=instrument)
    if make_current and not instrument.is_current:
        # One current instrument for the whole platform: what new work uses.
        Instrument.objects.filter(is_current=True).update(is_current=False)
        instrument.is_current = True
        instrument.save(update_fields=["is_current"])
    return instrument


@transaction.atomic
def instrument_new_version(
    *, instrument: Instrument, spec: dict[str, Any] | None = None, actor=None
) -> Instrument:
    latest = (
        Instrument.objects.filter(slug=instrument.slug).order_by("-version").first()
    )
    new_spec = dict(spec or instrument.spec)
    new_spec["slug"], new_spec["version"] = instrument.slug, latest.version + 1
    return instrument_load(spec=new_spec, make_current=False, actor=actor)


NATIONAL_SPEC = Path(__file__).resolve().parent / "data" / "puente_national_v1.json"


def national_instrument_load() -> Instrument:
    """The shipped national instrument (loaded by a migration; this restores it
    where the database was emptied, as in tests that flush it)."""
    return instrument_load(spec=json.loads(NATIONAL_SPEC.read_text(encoding="utf-8")))


def current_instrument(slug: str | None = None) -> Instrument:
    instruments = Instrument.objects.filter(is_current=True)
    if slug:
        instruments = instruments.filter(slug=slug)
    instrument = instruments.order_by("slug").first()
    if instrument is None:
        raise Instrument.DoesNotExist(_("No current instrument is loaded."))
    return instrument


@transaction.atomic
def self_assessment_start(
    *, actor, agency: Agency, respondent_type: str, language: str
) -> Response:
    instrument = current_instrument()
    if respondent_type not in instrument.spec["respondent_types"]:
        raise ValidationError(_("Choose a valid respondent type."))
    response = Response.objects.create(
        instrument=instrument,
        agency=agency,
        respondent_type=respondent_type,
        language=language,
        created_by=actor,
    )
    record(action=AuditEvent.Action.CREATE, actor=actor, agency=agency, obj=response)
    return response


def _locked(response: Response) -> Response:
    locked = Response.objects.select_for_update().get(pk=response.pk)
    if locked.is_submitted:
        raise ValidationError(
            _("This response has been submitted and can no longer change.")
        )
    if locked.campaign_id and not locked.campaign.is_open:
        raise ValidationError(
            _("This campaign is closed; it no longer accepts answers.")
        )
    return locked


@transaction.atomic
def response_save_answers(
    *, response: Response, answers: dict[str, Any], actor=None
) -> dict[str, str]:
    """Merge `answers` into the response. Returns errors by item id; on any error nothing is saved."""
    locked = _locked(response)
    cleaned, errors = clean_answers(
        locked.instrument.spec, answers, locked.respondent_type
    )
    if errors:
        return errors
    locked.answers = {**locked.answers, **cleaned}
    locked.answers = {k: v for k, v in locked.answers.items() if v is not None}
    locked.save(update_fields=["answers", "updated_at"])
    response.answers = locked.answers
    return {}


def score_response(response: Response, scorer: Scorer | None = None):
    scorer = scorer or Scorer(response.instrument.spec)
    return scorer.score(response.answers, response.respondent_type, explain=True)


@transaction.atomic
def response_submit(*, response: Response, actor=None) -> Response:
    locked = _locked(response)
    missing = missing_required(
        locked.instrument.spec, locked.answers, locked.respondent_type
    )
    if missing:
        raise ValidationError(
            _("Answer every required question before you submit (%(count)d left).")
            % {"count": len(missing)},
            code="missing",
            params={"missing": missing},
        )
    result = score_response(locked)
    locked.principle_scores, locked.composite = result.principles, result.composite
    locked.status, locked.submitted_at = Response.Status.SUBMITTED, timezone.now()
    locked.save()
    record(
        action=AuditEvent.Action.UPDATE,
        actor=actor,
        agency=locked.agency,
        obj=locked,
        changes={"status": ["draft", "submitted"]},
    )
    return locked


@transaction.atomic
def campaign_score(*, campaign: Campaign) -> int:
    """Score every submitted response of the campaign from its answers and store each
    agency's scores per respondent group (each response keeps the score it got when
    it was submitted). Returns the number of AgencyScore rows stored.

    The rules are `Scorer.score` and `mean_scores`, applied to all responses at once
    over arrays (`Scorer.score_table`): a campaign of 18,000 agencies x 100 items is
    scored in seconds, not in a Python loop per answer. Queries grow only with the
    number of 2,000-row batches."""
    import numpy as np

    scorer = Scorer(campaign.instrument.spec)
    principles = scorer.principles
    rows = (
        Response.objects.filter(campaign=campaign, status=Response.Status.SUBMITTED)
        .values_list("agency_id", "respondent_type", "answers")
        .iterator(chunk_size=2000)
    )
    # Scored 2,000 responses at a time, so the answers of only one batch are in memory.
    blocks = []
    members: dict[tuple[int, str], list[int]] = {}
    index = 0
    for batch in iter(lambda: list(islice(rows, 2000)), []):
        blocks.append(
            scorer.score_table([(answers, kind) for _a, kind, answers in batch])
        )
        for agency_id, respondent_type, _answers in batch:
            # Police respondents count in the police group and in their own type's.
            if respondent_type in POLICE_RESPONDENTS:
                members.setdefault((agency_id, AgencyScore.Group.POLICE), []).append(
                    index
                )
                members.setdefault((agency_id, respondent_type), []).append(index)
            else:
                members.setdefault((agency_id, AgencyScore.Group.PARTNER), []).append(
                    index
                )
            index += 1
    scores = np.concatenate(blocks) if blocks else np.zeros((0, len(principles)))
    groups = list(members)
    means = scorer.group_means(scores, list(members.values()))
    composites = scorer.composite_table(means)
    # NaN (no score) becomes None; tolist() gives plain Python floats for the JSON.
    mean_rows = np.where(np.isnan(means), None, means).tolist()
    composite_list = np.where(np.isnan(composites), None, composites).tolist()
    AgencyScore.objects.filter(campaign=campaign).delete()
    _insert_scores(
        campaign,
        [
            (agency_id, group, dict(zip(principles, values, strict=True)), composite,
             len(members[(agency_id, group)]))
            for (agency_id, group), values, composite in zip(
                groups, mean_rows, composite_list, strict=True
            )
        ],
    )  # fmt: skip
    return len(groups)


def _insert_scores(campaign: Campaign, rows: list[tuple], batch: int = 2000) -> None:
    """Store (agency id, group, principle scores, composite, responses) rows as AgencyScores
    with multi-row INSERTs: the ORM's bulk_create spent more time preparing 18,000 model
    instances field by field than the scoring itself."""
    table = AgencyScore._meta.db_table
    columns = 'campaign_id, agency_id, "group", principle_scores, composite, responses, scored_at'
    # The same adaptation the fields would give (JSON text, the backend's timestamp).
    scored_at = connection.ops.adapt_datetimefield_value(timezone.now())
    json_field = AgencyScore._meta.get_field("principle_scores")
    placeholder = "(%s, %s, %s, %s, %s, %s, %s)"
    with connection.cursor() as cursor:
        for first in range(0, len(rows), batch):
            chunk = rows[first : first + batch]
            params = []
            for agency_id, group, scores, composite, responses in chunk:
                params += [
                    campaign.pk, agency_id, group,
                    json_field.get_db_prep_save(scores, connection),
                    composite, responses, scored_at,
                ]  # fmt: skip
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 - model table, values as parameters
                + ", ".join([placeholder] * len(chunk)),
                params,
            )


class ImportProblems(ValidationError):
    pass


@transaction.atomic
def campaign_create(
    *, program, instrument: Instrument, slug: str, name: str, actor=None,
    status=Campaign.Status.OPEN, opens_on=None, closes_on=None,
    reminder_days: list[int] | None = None, respondent_types: list[str] | None = None,
) -> Campaign:  # fmt: skip
    campaign = Campaign(
        program=program, instrument=instrument, slug=slug, name=name, status=status,
        opens_on=opens_on, closes_on=closes_on,
        reminder_days=[7, 14] if reminder_days is None else reminder_days,
        respondent_types=respondent_types or [],
    )  # fmt: skip
    campaign.full_clean()
    campaign.save()
    record(action=AuditEvent.Action.CREATE, actor=actor, obj=campaign)
    return campaign


@transaction.atomic
def responses_import(*, campaign: Campaign, table, actor=None) -> int:
    """Load responses: one row per response, columns `agency` (slug or ORI),
    `respondent_type`, then one per item id, or the layouts of KoboToolbox and ODK
    Central exports (group paths, one-hot columns, metadata columns ignored; see
    `assessments.response_columns`). All or nothing: every problem is reported with its
    line and column, and nothing is stored if there is one. Returns the count stored."""
    from puente.assessments.answers import AnswerError, clean_answer
    from puente.assessments.models import CampaignAgency
    from puente.assessments.response_columns import response_columns

    if not campaign.is_open:
        raise ImportProblems(
            [
                _("Campaign %(slug)s is closed; it accepts no responses.")
                % {"slug": campaign.slug}
            ]
        )
    spec = campaign.instrument.spec
    items = {item["id"]: item for item in spec["items"]}
    problems: list[str] = []
    columns = response_columns(table.columns, items)
    found = set(columns.direct.values())
    for column in ("agency", "respondent_type"):
        if column not in found:
            problems.append(
                _("The file has no %(column)s column.") % {"column": column}
            )
    for column in columns.unknown:
        problems.append(
            _("Column %(column)s is not a question of %(instrument)s.")
            % {"column": column, "instrument": campaign.instrument}
        )
    for first, second in columns.duplicated:
        problems.append(
            _("Columns %(first)s and %(second)s are the same question.")
            % {"first": first, "second": second}
        )
    if problems:
        raise ImportProblems(problems)
    rows = []
    for line, cells in table.rows:
        raw, row_problems = columns.answers(cells, items)
        problems.extend(
            _("Line %(line)d, %(column)s: %(error)s")
            % {"line": line, "column": column, "error": error}
            for column, error in row_problems
        )
        rows.append((line, {"agency": "", "respondent_type": "", **raw}))
    keys = {row.get("agency", "") for _line, row in rows}
    agencies = {a.slug: a for a in Agency.objects.filter(slug__in=keys)}
    agencies |= {
        a.ori: a
        for a in Agency.objects.filter(ori__in=[k.upper() for k in keys]).exclude(
            ori=""
        )
    }
    scorer = Scorer(spec)
    new = []
    for line, row in rows:
        agency = agencies.get(row["agency"]) or agencies.get(row["agency"].upper())
        if agency is None:
            problems.append(
                _(
                    "Line %(line)d, agency: no agency has the short name or ORI %(value)r."
                )
                % {"line": line, "value": row["agency"]}
            )
        kind = row["respondent_type"]
        if kind not in spec["respondent_types"]:
            problems.append(
                _("Line %(line)d, respondent_type: %(value)r is not one of %(types)s.")
                % {
                    "line": line,
                    "value": kind,
                    "types": ", ".join(spec["respondent_types"]),
                }
            )
            continue
        answers = {}
        for item_id, item in items.items():
            raw = row.get(item_id, "")
            if raw == "":
                continue
            if kind not in item["respondent_types"]:
                problems.append(
                    _(
                        "Line %(line)d, %(column)s: this question is not asked of %(type)s respondents."
                    )
                    % {"line": line, "column": item_id, "type": kind}
                )
                continue
            try:
                answers[item_id] = clean_answer(item, raw)
            except AnswerError as exc:
                problems.append(
                    _("Line %(line)d, %(column)s: %(error)s")
                    % {"line": line, "column": item_id, "error": exc}
                )
        for item_id in missing_required(spec, answers, kind):
            problems.append(
                _("Line %(line)d, %(column)s: a required answer is missing.")
                % {"line": line, "column": item_id}
            )
        if agency is not None:
            result = scorer.score(answers, kind)
            new.append(
                Response(
                    instrument=campaign.instrument, agency=agency, campaign=campaign, respondent_type=kind,
                    status=Response.Status.SUBMITTED, source=Response.Source.IMPORT, answers=answers,
                    submitted_at=timezone.now(), principle_scores=result.principles, composite=result.composite,
                )
            )  # fmt: skip
    if not table.rows:
        problems.append(_("The file has no responses."))
    if problems:
        raise ImportProblems(problems)
    Response.objects.bulk_create(new, batch_size=1000)
    existing = set(
        CampaignAgency.objects.filter(campaign=campaign).values_list(
            "agency_id", flat=True
        )
    )
    CampaignAgency.objects.bulk_create(
        [
            CampaignAgency(
                campaign=campaign,
                agency_id=agency_id,
                stage=CampaignAgency.Stage.SURVEYED,
            )
            for agency_id in {r.agency_id for r in new} - existing
        ],
        batch_size=1000,
    )
    campaign_score(campaign=campaign)
    record(
        action=AuditEvent.Action.IMPORT,
        actor=actor,
        actor_label="" if actor else "command line",
        obj=campaign,
        changes={"responses": len(new)},
    )
    return len(new)
