from django.urls import path

from puente.outreach import field_views

app_name = "field"

base = "workspace/<slug:slug>/outreach/field/"
urlpatterns = [
    path(f"{base}contacts/", field_views.recent_contacts, name="recent_contacts"),
    path(f"{base}event/", field_views.event_attendance, name="event_attendance"),
    path(f"{base}sync/", field_views.sync, name="sync"),
    path(f"{base}manifest.webmanifest", field_views.manifest, name="manifest"),
]
