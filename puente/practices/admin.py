from django.contrib import admin
from django.db import models

from puente.practices.models import Document, Episode, Practice, PracticeText

# A web address typed without a scheme is taken as https (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class PracticeTextInline(admin.StackedInline):
    model = PracticeText
    extra = 0


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = [
        "slug",
        "category",
        "status",
        "is_example",
        "starter_kit",
        "version",
    ]
    list_filter = ["status", "category", "is_example", "starter_kit"]
    search_fields = ["slug", "texts__title"]
    inlines = [PracticeTextInline]
    formfield_overrides = URL_FIELDS

    def save_related(self, request, form, formsets, change):
        # Keep the search index current for edits made here too.
        super().save_related(request, form, formsets, change)
        from puente.practices import services

        services.practice_index(form.instance)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "group",
        "language",
        "status",
        "content_type",
        "size",
        "is_example",
    ]
    list_filter = ["group", "language", "status", "is_example"]
    readonly_fields = [
        "filename",
        "content_type",
        "size",
        "sha256",
        "pages",
        "text",
        "file",
    ]

    def has_add_permission(self, request):
        return False  # uploads go through the checked form, not the admin

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from puente.practices import services

        services.document_index(obj)


@admin.register(Episode)
class EpisodeAdmin(admin.ModelAdmin):
    list_display = ["slug", "language", "status", "is_example", "duration_seconds"]
    list_filter = ["language", "status", "is_example"]
    formfield_overrides = URL_FIELDS

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from puente.practices import services

        services.episode_index(obj)
