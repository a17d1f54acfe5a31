from django.urls import path, register_converter

from puente.outreach import views

app_name = "outreach"


class ExportFormat:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "export")

base = "workspace/<slug:slug>/outreach/"
urlpatterns = [
    path(base, views.dashboard, name="dashboard"),
    path(f"{base}contacts/new/", views.log_contact, name="log_contact"),
    path(
        f"{base}quarter.<export:file_format>",
        views.quarter_export,
        name="quarter_export",
    ),
    path(f"{base}report.pdf", views.quarter_report, name="quarter_report"),
    path(f"{base}import/", views.import_records, name="import"),
    path(f"{base}import/<uuid:job>/", views.import_job, name="import_job"),
    path(f"{base}<slug:register>/", views.register_list, name="register"),
    path(f"{base}<slug:register>/new/", views.register_edit, name="register_add"),
    path(f"{base}<slug:register>/<int:pk>/", views.register_edit, name="register_edit"),
    path(
        f"{base}<slug:register>/<int:pk>/delete/",
        views.register_delete,
        name="register_delete",
    ),
    path(
        f"{base}<slug:register>/export.<export:file_format>",
        views.register_export,
        name="register_export",
    ),
]
