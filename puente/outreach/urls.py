from django.urls import path

from puente.outreach import views

app_name = "outreach"

urlpatterns = [
    path("workspace/<slug:slug>/outreach/", views.dashboard, name="dashboard"),
    path(
        "workspace/<slug:slug>/outreach/contacts/new/",
        views.log_contact,
        name="log_contact",
    ),
]
