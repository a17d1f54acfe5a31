from django.utils.functional import SimpleLazyObject

from puente.agencies.access import programs_for_user
from puente.agencies.models import Membership


def memberships(request):
    """The signed-in user's agencies and programs, for the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_memberships": SimpleLazyObject(
            lambda: list(Membership.objects.filter(user=user).select_related("agency"))
        ),
        "nav_programs": SimpleLazyObject(lambda: list(programs_for_user(user))),
    }
