from django.urls import path

from puente.practices import adoption_views, contribute_views, views

app_name = "practices"

urlpatterns = [
    path("library/", views.library, name="library"),
    path("library/practices.csv", views.catalogue_csv, name="catalogue_csv"),
    path("library/practices/<slug:slug>/", views.practice_detail, name="detail"),
    path(
        "library/practices/<slug:slug>/handout.pdf",
        views.practice_handout,
        name="handout",
    ),
    path("library/documents/<slug:slug>/", views.document_download, name="document"),
    path("library/episodes/<slug:slug>/", views.episode_detail, name="episode"),
    path(
        "library/episodes/<slug:slug>/audio", views.episode_audio, name="episode_audio"
    ),
    path("library/review/", contribute_views.review_queue, name="review_queue"),
    path(
        "library/review/<slug:practice>/",
        contribute_views.review_practice,
        name="review_practice",
    ),
    path(
        "workspace/<slug:slug>/practices/",
        contribute_views.agency_practices,
        name="agency_practices",
    ),
    path(
        "workspace/<slug:slug>/practices/running/",
        adoption_views.agency_adoptions,
        name="agency_adoptions",
    ),
    path(
        "workspace/<slug:slug>/practices/running/<uuid:uuid>/",
        adoption_views.edit_adoption,
        name="edit_adoption",
    ),
    path(
        "workspace/<slug:slug>/practices/running/<uuid:uuid>/delete/",
        adoption_views.delete_adoption,
        name="delete_adoption",
    ),
    path(
        "workspace/<slug:slug>/practices/new/",
        contribute_views.edit_practice,
        name="new_practice",
    ),
    path(
        "workspace/<slug:slug>/practices/<slug:practice>/edit/",
        contribute_views.edit_practice,
        name="edit_practice",
    ),
    path(
        "workspace/<slug:slug>/practices/<slug:practice>/submit/",
        contribute_views.submit_practice,
        name="submit_practice",
    ),
    path(
        "workspace/<slug:slug>/practices/<slug:practice>/documents/",
        contribute_views.upload_document,
        name="upload_document",
    ),
]
