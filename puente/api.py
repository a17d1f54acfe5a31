"""The JSON API at /api/v1/: each app's router (`<app>/api.py`) mounted on one API with
the conventions of `lib/api.py`. Public routes need nothing; the rest need a personal
API token (accounts/tokens.py). The schema is served at /api/v1/openapi.json and kept
in docs/openapi.json (a test compares them)."""

from puente.accounts.api import router as tokens_router
from puente.agencies.api import router as agencies_router
from puente.assessments.api import router as assessments_router
from puente.insights.api import router as insights_router
from puente.language_access.api import router as language_access_router
from puente.lib.api import PuenteAPI
from puente.outreach.api import router as outreach_router
from puente.portal.api import router as portal_router
from puente.practices.api import router as practices_router
from puente.principles.api import router as principles_router

api = PuenteAPI(
    title="Puente API",
    version="1",
    description=(
        "What agencies, evaluators and researchers can do in Puente's pages, over "
        "HTTP. Send a personal API token (Authorization: Bearer pnt_…) for anything "
        "that is not public; it reaches what its user may see in the pages, no more. "
        "Errors are RFC 9457 problem details in the language of Accept-Language. "
        "Guide: docs/api.md."
    ),
    urls_namespace="api",
)
api.add_router("/", tokens_router)
api.add_router("/", agencies_router)
api.add_router("/", principles_router)
api.add_router("/", outreach_router)
api.add_router("/", language_access_router)
api.add_router("/", assessments_router)
api.add_router("/", practices_router)
api.add_router("/", portal_router)
api.add_router("/", insights_router)
