from django.urls import include, path

from puente.complaints import views

app_name = "complaints"

workspace_urls = [
    path("complaints/", views.complaint_list, name="list"),
    path("complaints/summary/", views.summary, name="summary"),
    path("complaints/<uuid:complaint>/", views.complaint_detail, name="detail"),
    path("complaints/<uuid:complaint>/update/", views.complaint_update, name="update"),
    path("complaints/<uuid:complaint>/reply/", views.complaint_reply, name="reply"),
    path("certifications/", views.certification_list, name="certifications"),
    path("certifications/new/", views.certification_new, name="certification_new"),
    path(
        "certifications/settings/",
        views.certification_settings,
        name="certification_settings",
    ),
    path(
        "certifications/<uuid:request_uuid>/",
        views.certification_edit,
        name="certification_edit",
    ),
    path("follow-ups/", views.followup_list, name="followups"),
    path("follow-ups/templates/", views.followup_templates, name="followup_templates"),
]

urlpatterns = [path("workspace/<slug:slug>/", include(workspace_urls))]
