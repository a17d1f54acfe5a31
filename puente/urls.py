from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from puente import views
from puente.api import api

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # The public portal carries its own language in the address (puente/portal/urls.py).
    path("", include("puente.portal.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("puente.accounts.urls")),
    path("", include("puente.principles.urls")),
    path("", include("puente.agencies.urls")),
    path("", include("puente.assessments.urls")),
    path("", include("puente.practices.urls")),
    path("", include("puente.outreach.urls")),
    path("", include("puente.language_access.urls")),
    path("", include("puente.complaints.urls")),
    path("", include("puente.insights.urls")),
    path("", include("puente.portal.workspace_urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    prefix_default_language=False,
)
