from django.urls import include, path

from puente.agencies import views

app_name = "agencies"

workspace_urls = [
    path("profile/", views.update_profile, name="update_profile"),
    path("members/", views.members, name="members"),
    path("members/add/", views.add_member, name="add_member"),
    path(
        "members/<uuid:member>/role/",
        views.change_member_role,
        name="change_member_role",
    ),
    path("members/<uuid:member>/remove/", views.remove_member, name="remove_member"),
    path("members/<uuid:member>/unlock/", views.unlock_member, name="member_unlock"),
    path("audit/", views.audit_log, name="audit_log"),
]

urlpatterns = [
    path("agencies/", views.directory, name="directory"),
    path("workspace/", views.my_agencies, name="my_agencies"),
    path("workspace/<slug:slug>/", include(workspace_urls)),
    path("programs/<slug:slug>/", views.program_dashboard, name="program_dashboard"),
    path("programs/<slug:slug>/team/", views.program_team, name="program_team"),
    path(
        "programs/<slug:slug>/team/add/",
        views.program_add_member,
        name="program_add_member",
    ),
    path(
        "programs/<slug:slug>/team/<uuid:member>/role/",
        views.program_change_role,
        name="program_change_role",
    ),
    path(
        "programs/<slug:slug>/team/<uuid:member>/remove/",
        views.program_remove_member,
        name="program_remove_member",
    ),
]
