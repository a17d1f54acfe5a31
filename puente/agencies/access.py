"""The access helpers. Every view that reads or changes agency or program data
goes through one of these; each new kind of object gets its own helper here or
in its app, built on `get_agency_for_user`.

Outsiders get 404, so that they cannot even learn a record exists; members
whose role does not allow the action get 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from puente.agencies.models import Membership, Program, ProgramMembership
from puente.agencies.roles import VIEW
from puente.lib import versioned_cache


def _membership_or_404(memberships, user, permission: str):
    if not user.is_authenticated:
        raise Http404
    membership = memberships.filter(user=user).first()
    if membership is None:
        raise Http404
    if not membership.allows(permission):
        raise PermissionDenied
    return membership


def get_agency_for_user(user, slug: str, permission: str = VIEW) -> Membership:
    """The user's membership in the agency with `slug`, with `.agency` loaded.

    Http404 for non-members and unknown slugs, PermissionDenied when the role
    does not allow `permission`.
    """
    if not user.is_authenticated:
        raise Http404
    # From the shared cache while neither the member's memberships nor any agency
    # changed (`lib.versioned_cache`): every workspace page asks this first.
    membership = versioned_cache.cached(
        *membership_cache_entry(user.pk, slug),
        lambda: (
            Membership.objects.select_related("agency")
            .filter(agency__slug=slug, user=user)
            .first()
        ),
    )
    if membership is None:
        raise Http404
    if not membership.allows(permission):
        raise PermissionDenied
    return membership


def membership_cache_entry(user_id, slug: str) -> tuple[str, tuple[str, ...]]:
    """(key, scopes) of a member's membership of the agency `slug` in
    `lib.versioned_cache`: stale when the member's memberships or any agency change."""
    return f"access:agency:{user_id}:{slug}", (f"user:{user_id}", "agencies")


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
    """The user's membership in the program with `slug`; 404 for non-members."""
    memberships = ProgramMembership.objects.select_related("program").filter(
        program__slug=slug
    )
    return _membership_or_404(memberships, user, permission)


def get_program_member_for_manager(
    user, slug: str, membership_uuid, permission: str
) -> tuple[ProgramMembership, ProgramMembership]:
    """(the manager's own program membership, the target one) in one program."""
    mine = get_program_for_user(user, slug, permission)
    target = (
        ProgramMembership.objects.select_related("user")
        .filter(program=mine.program, uuid=membership_uuid)
        .first()
    )
    if target is None:
        raise Http404
    return mine, target


def programs_for_user(user):
    if not user.is_authenticated:
        return Program.objects.none()
    return Program.objects.filter(memberships__user=user)
