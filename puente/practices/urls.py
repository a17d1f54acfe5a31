from django.urls import path

from puente.practices import views

app_name = "practices"

urlpatterns = [
    path("library/", views.library, name="library"),
    path("library/practices.csv", views.catalogue_csv, name="catalogue_csv"),
    path("library/practices/<slug:slug>/", views.practice_detail, name="detail"),
    path("library/documents/<slug:slug>/", views.document_download, name="document"),
    path("library/episodes/<slug:slug>/", views.episode_detail, name="episode"),
]
