"""Public portal addresses. Included by the project outside `i18n_patterns`: the language
is part of every address and the views activate it themselves, so that the portal can
speak more languages than the staff interface."""

from django.urls import include, path, re_path

from puente.portal import views
from puente.portal.converters import PortalLanguageConverter  # noqa: F401 - registers it

app_name = "portal"

agency_urls = [
    path("", views.agency_page, name="agency"),
    path("events.ics", views.events_calendar, name="events_calendar"),
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/thanks/", views.thanks, name="thanks"),
    path("results/", views.results, name="results"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/<str:token>/", views.complaint_status, name="complaint_status"),
    path(
        "materials/<uuid:translation_uuid>/",
        views.material_download,
        name="material_download",
    ),
]

urlpatterns = [
    path("<portal_language:language>/agencies/<slug:slug>/", include(agency_urls)),
    # Without a language, or with one the portal does not have: the browser's choice.
    path("agencies/<slug:slug>/", views.choose_language, name="choose_language"),
    path(
        "agencies/<slug:slug>/feedback/",
        views.choose_language,
        {"page": "feedback"},
        name="choose_language_feedback",
    ),
    path(
        "agencies/<slug:slug>/results/",
        views.choose_language,
        {"page": "results"},
        name="choose_language_results",
    ),
    re_path(
        r"^(?P<code>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)/agencies/(?P<slug>[-\w]+)/$",
        views.choose_language,
        name="choose_language_code",
    ),
]
