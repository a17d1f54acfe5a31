from django.contrib import admin

from puente.portal.models import PortalSettings, PortalText, PortalTextVersion


# Read-only here: texts change only through the portal's staff pages, so that every
# publication is versioned and audited. Survey responses are not in the admin at all:
# residents' words are read on the agency's own pages, scoped by membership.
class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PortalSettings)
class PortalSettingsAdmin(_ReadOnly):
    list_display = ["agency", "non_emergency_phone", "feedback_open", "updated_at"]


@admin.register(PortalText)
class PortalTextAdmin(_ReadOnly):
    list_display = ["agency", "section", "language", "version", "published_at"]
    list_filter = ["section", "language"]
    search_fields = ["agency__name"]


@admin.register(PortalTextVersion)
class PortalTextVersionAdmin(_ReadOnly):
    list_display = ["text", "version", "published_at", "published_by"]
