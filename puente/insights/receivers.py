"""Keep the agency dashboard's cached figures fresh: any save or delete of a record
they are computed from bumps its agency's version (`puente.lib.figures_cache`)."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from puente.lib.figures_cache import activity_changed, figures_changed

# The apps whose records the dashboard reads (outreach, language access, the portal's
# trust survey) and the agency itself (its name and community languages).
WATCHED_APPS = ("outreach", "language_access", "portal")
# Deleted only one at a time through a service that says so itself, or in bulk with
# their agency: a delete receiver would make Django load each row before deleting it.
NO_DELETE_SIGNAL = {"outreach.CommunityContact", "language_access.InterpreterUse"}


def _agency_id(instance, depth: int = 3) -> int | None:
    """The agency a record belongs to: its own `agency_id`, else that of the first
    record it points to that has one (a goal report's goal's program), at most
    `depth` steps away; None when none is found."""
    agency_id = getattr(instance, "agency_id", None)
    if agency_id is not None or depth == 0:
        return agency_id
    for field in instance._meta.concrete_fields:
        if field.many_to_one and field.related_model is not None:
            if getattr(instance, field.attname) is None:
                continue
            try:
                parent = getattr(instance, field.name)
            except field.related_model.DoesNotExist:
                continue
            found = _agency_id(parent, depth - 1)
            if found is not None:
                return found
    return None


def _changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # fixtures
    if sender._meta.label == "agencies.Agency":
        figures_changed(agency_id=instance.pk)
        return
    # A record that names no agency may feed any agency's figures.
    figures_changed(agency_id=_agency_id(instance))


def _audited(sender, instance, created, **kwargs) -> None:
    # The dashboard shows the latest events in words; its page is cached until one more.
    if created and instance.agency_id is not None:
        activity_changed(agency_id=instance.agency_id)


def connect() -> None:
    post_save.connect(
        _audited,
        sender=apps.get_model("audit", "AuditEvent"),
        dispatch_uid="figures_cache:audit.AuditEvent",
    )
    models = [apps.get_model("agencies", "Agency")]
    for label in WATCHED_APPS:
        models += list(apps.get_app_config(label).get_models())
    for model in models:
        uid = f"figures_cache:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}:save")
        if model._meta.label not in NO_DELETE_SIGNAL:
            post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _changed, sender=field.remote_field.through, dispatch_uid=f"{uid}:m2m"
            )
