from django.urls import include, path

from puente.insights import views

app_name = "insights"

campaign_urls = [
    path("", views.trends, name="trends"),
    path("report/", views.report_page, name="report"),
    path("report.<str:fmt>", views.report_download, name="report_download"),
    path("profiles/<slug:agency>/", views.profile, name="profile"),
    path("data/", views.open_data, name="open_data"),
    path("data/<str:table>.csv", views.open_data_table, name="open_data_table"),
    path("publish/", views.publish, name="publish"),
]

# The agency's dashboard answers at the workspace's own address; puente/urls.py lists
# these before the agencies' workspace routes.
workspace_urls = [
    path("workspace/<slug:slug>/", views.agency_dashboard, name="agency_dashboard"),
]

urlpatterns = [
    path("insights/", views.index, name="index"),
    path(
        "workspace/<slug:slug>/survey/weighted/",
        views.weighted_survey,
        name="weighted_survey",
    ),
    path("insights/<slug:campaign>/", include(campaign_urls)),
]
