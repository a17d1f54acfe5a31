from django.contrib.auth.backends import ModelBackend


class LockoutModelBackend(ModelBackend):
    """Django's backend, refusing locked accounts even with the right password.

    The sign-in form then shows the same message as for a wrong password, so the page
    never tells which part was wrong or that the account exists (ASVS V2.2.1, V3.2.x).
    """

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and user.locked_at is None
