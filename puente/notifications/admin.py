from django.contrib import admin

from puente.notifications.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "language", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["recipient", "reference"]
    readonly_fields = [f.name for f in Message._meta.fields]
