from django.urls import include, path

from puente.language_access import views

app_name = "language_access"

workspace_urls = [
    path("", views.overview, name="overview"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("import/", views.import_acs, name="import_acs"),
    path("ages/", views.import_ages, name="import_ages"),
    path("import/<uuid:job>/", views.import_job, name="import_job"),
    path("interpreters/", views.interpreters, name="interpreters"),
    path("interpreters/import/", views.import_interpreters, name="import_interpreters"),
    path("documents/new/", views.add_document, name="add_document"),
    path("documents/<uuid:document>/", views.document_detail, name="document_detail"),
    path("documents/<uuid:document>/edit/", views.edit_document, name="edit_document"),
    path(
        "documents/<uuid:document>/delete/",
        views.delete_document,
        name="delete_document",
    ),
    path(
        "translations/<uuid:translation>/delete/",
        views.delete_translation,
        name="delete_translation",
    ),
    path(
        "documents/<uuid:document>/translations/new/",
        views.upload_translation,
        name="upload_translation",
    ),
    path(
        "translations/<uuid:translation>/download/",
        views.download_translation,
        name="download_translation",
    ),
]

urlpatterns = [
    path("workspace/<slug:slug>/language-access/", include(workspace_urls)),
]
