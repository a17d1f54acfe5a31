from django.conf import settings
from django.urls import register_converter


class PortalLanguageConverter:
    """One of `settings.PORTAL_LANGUAGES`, nothing else."""

    regex = "|".join(sorted(settings.PORTAL_LANGUAGES, key=len, reverse=True))

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PortalLanguageConverter, "portal_language")
