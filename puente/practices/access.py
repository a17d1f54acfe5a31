from django.db.models import Q
from django.http import Http404

from puente.agencies.models import Agency, ProgramMembership
from puente.agencies.roles import ProgramRole
from puente.practices.models import Document, Practice, SearchEntry, Status


def is_library_editor(user) -> bool:
    return (
        user.is_authenticated
        and ProgramMembership.objects.filter(
            user=user, role=ProgramRole.EDITOR
        ).exists()
    )


def visible_entries(user):
    """Search entries the user may see: published ones, their agencies' drafts, and
    every draft for the library's editors."""
    if is_library_editor(user):
        return SearchEntry.objects.all()
    if user.is_authenticated:
        return SearchEntry.objects.filter(
            Q(is_public=True) | Q(agency__in=Agency.objects.for_user(user))
        )
    return SearchEntry.objects.filter(is_public=True)


def _visible(queryset, user):
    if is_library_editor(user):
        return queryset
    if user.is_authenticated:
        return queryset.filter(
            Q(status=Status.PUBLISHED)
            | Q(contributed_by__in=Agency.objects.for_user(user))
        )
    return queryset.filter(status=Status.PUBLISHED)


def get_practice_for_user(user, slug: str) -> Practice:
    """A published practice, or a draft the user's agency contributed; 404 otherwise."""
    practice = (
        _visible(Practice.objects.prefetch_related("texts"), user)
        .filter(slug=slug)
        .first()
    )
    if practice is None:
        raise Http404
    return practice


def get_document_for_user(user, slug: str) -> Document:
    document = (
        _visible(Document.objects.select_related("practice"), user)
        .filter(slug=slug)
        .first()
    )
    if document is None:
        raise Http404
    return document
