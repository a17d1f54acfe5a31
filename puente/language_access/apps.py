from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanguageAccessConfig(AppConfig):
    name = "puente.language_access"
    verbose_name = _("Language access")
