from django.contrib import admin

from puente.language_access.models import Jurisdiction, Translation, VitalDocument


# Read-only here: figures change only through an import, files only through the checked
# upload, so that every change passes the same checks and reaches the audit log.
class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Jurisdiction)
class JurisdictionAdmin(_ReadOnly):
    list_display = ["geoid", "name", "agency", "table", "vintage", "is_example"]
    list_filter = ["table", "vintage", "is_example"]
    search_fields = ["geoid", "name", "agency__name"]


@admin.register(VitalDocument)
class VitalDocumentAdmin(_ReadOnly):
    list_display = ["__str__", "kind", "agency", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "agency__name"]


@admin.register(Translation)
class TranslationAdmin(_ReadOnly):
    list_display = ["document", "language", "translated_on", "reviewed_by"]
    list_filter = ["language"]
