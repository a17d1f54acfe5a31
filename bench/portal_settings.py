"""Settings for the portal benchmark: the project's, with a URLconf that adds one minimal
Django view served by the same gunicorn, as the framework's own ceiling."""

from puente.settings import *  # noqa: F403

ROOT_URLCONF = "portal_urls"
