"""The access helpers. Every view that reads or changes agency or program data
goes through one of these; each new kind of object gets its own helper here or
in its app, built on `membership_for`.

Outsiders get 404, so that they cannot even learn a record exists; members
whose role does not allow the action get 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from puente.agencies.models import Agency, Membership, Program, ProgramMembership
from puente.agencies.roles import VIEW


def membership_for(user, agency: Agency) -> Membership:
    """The user's membership in `agency`; Http404 when there is none."""
    if not user.is_authenticated:
        raise Http404
    membership = Membership.objects.filter(user=user, agency=agency).first()
    if membership is None:
        raise Http404
    return membership


def get_agency_for_user(user, slug: str, permission: str = VIEW) -> Membership:
    """The user's membership in the agency with `slug`, with `.agency` loaded.

    Http404 for non-members and unknown slugs, PermissionDenied when the role
    does not allow `permission`.
    """
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("agency")
        .filter(user=user, agency__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404
    if not membership.allows(permission):
        raise PermissionDenied
    return membership


def get_membership_for_admin(user, slug: str, membership_uuid, permission: str):
    """(the admin's own membership, the target membership) in one agency."""
    mine = get_agency_for_user(user, slug, permission)
    target = (
        Membership.objects.select_related("user")
        .filter(agency=mine.agency, uuid=membership_uuid)
        .first()
    )
    if target is None:
        raise Http404
    return mine, target


def get_program_for_user(user, slug: str, permission: str = VIEW) -> ProgramMembership:
    if not user.is_authenticated:
        raise Http404
    membership = (
        ProgramMembership.objects.select_related("program")
        .filter(user=user, program__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404
    if not membership.allows(permission):
        raise PermissionDenied
    return membership


def programs_for_user(user):
    if not user.is_authenticated:
        return Program.objects.none()
    return Program.objects.filter(memberships__user=user)
