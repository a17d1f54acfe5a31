from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "puente.agencies"
    verbose_name = _("Agencies")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from puente.agencies.models import Agency, Membership
        from puente.lib import versioned_cache

        # `access.get_agency_for_user` reads memberships from the shared cache: a
        # changed membership makes its member's entries stale, a changed agency all.
        def membership_changed(sender, instance, **kwargs) -> None:
            versioned_cache.bump(f"user:{instance.user_id}")

        def agency_changed(sender, instance, **kwargs) -> None:
            versioned_cache.bump("agencies")

        for signal in (post_save, post_delete):
            signal.connect(membership_changed, sender=Membership, weak=False,
                           dispatch_uid="vc_membership")  # fmt: skip
            signal.connect(agency_changed, sender=Agency, weak=False,
                           dispatch_uid="vc_agency")  # fmt: skip
