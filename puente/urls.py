from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog

from puente import views
from puente.api import api
from puente.insights.urls import workspace_urls as insights_workspace_urls
from puente.lib import api as lib_api
from puente.outreach import field_views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # At the root, so that its scope covers every page (docs/offline.md).
    path("sw.js", field_views.service_worker, name="service_worker"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("webauthn/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>[\s\S]*)\Z", lib_api.not_found),
    # The public portal carries its own language in the address (puente/portal/urls.py).
    path("", include("puente.portal.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("puente.accounts.urls")),
    path("accounts/api-tokens/", include("puente.accounts.token_urls")),
    path("", include("puente.principles.urls")),
    # The agency dashboard reads every room, so it is insights' (see
    # puente/insights/urls.py); it must come before the agencies' routes.
    path("", include((insights_workspace_urls, "insights_workspace"))),
    path("", include("puente.agencies.urls")),
    path("", include("puente.assessments.urls")),
    path("", include("puente.practices.urls")),
    path("", include("puente.outreach.urls")),
    path("", include("puente.outreach.field_urls")),
    path("", include("puente.language_access.urls")),
    path("", include("puente.complaints.urls")),
    path("", include("puente.insights.urls")),
    path("", include("puente.portal.workspace_urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    prefix_default_language=False,
)
