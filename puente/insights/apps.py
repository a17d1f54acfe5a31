from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "puente.insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from puente.insights import receivers

        receivers.connect()
