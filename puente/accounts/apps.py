from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "puente.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib import admin
        from django_otp.admin import OTPAdminSite

        from puente.accounts import receivers

        receivers.connect_cache_signals()

        # The Django admin asks for a verified second factor too (OTPAdminSite).
        admin.site.__class__ = OTPAdminSite
