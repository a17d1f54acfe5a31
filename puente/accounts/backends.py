from django.contrib.auth.backends import ModelBackend

from puente.lib import versioned_cache


class LockoutModelBackend(ModelBackend):
    """Django's backend, refusing locked accounts even with the right password.

    The sign-in form then shows the same message as for a wrong password, so the page
    never tells which part was wrong or that the account exists (ASVS V2.2.1, V3.2.x).
    """

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and user.locked_at is None

    def get_user(self, user_id):
        """The signed-in account, from the shared cache while it is unchanged
        (`lib.versioned_cache`; every save or delete of the account bumps its scope).
        None, as Django's, for an unknown, inactive or locked account."""
        return versioned_cache.cached(
            *user_cache_entry(user_id),
            lambda: super(LockoutModelBackend, self).get_user(user_id),
        )


def user_cache_entry(user_id) -> tuple[str, tuple[str, ...]]:
    """(key, scopes) of the signed-in account in `lib.versioned_cache`."""
    return f"auth:user:{user_id}", (f"user:{user_id}",)
