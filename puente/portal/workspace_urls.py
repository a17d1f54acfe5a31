"""The agency's side of its portal, inside the staff interface (`i18n_patterns`)."""

from django.urls import include, path

from puente.portal import workspace_views as views
from puente.portal.converters import PortalLanguageConverter  # noqa: F401 - registers it

app_name = "portal_workspace"

portal_urls = [
    path("", views.overview, name="overview"),
    path("settings/", views.edit_settings, name="settings"),
    path("preview/<portal_language:language>/", views.preview, name="preview"),
    path("results/", views.results, name="results"),
    path("results/<uuid:response>/tags/", views.tag_response, name="tag_response"),
    path(
        "translations/export/<portal_language:language>/",
        views.export_translations,
        name="export_translations",
    ),
    path(
        "translations/export/<portal_language:language>/po/",
        views.export_translations,
        {"fmt": "po"},
        name="export_translations_po",
    ),
    path("translations/import/", views.import_translations, name="import_translations"),
    path(
        "<str:section>/<portal_language:language>/", views.edit_text, name="edit_text"
    ),
]

urlpatterns = [path("workspace/<slug:slug>/portal/", include(portal_urls))]
