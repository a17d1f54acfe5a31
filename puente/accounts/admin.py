from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from puente.accounts.models import User
from puente.accounts.services import user_unlock


@admin.action(description=_("Unlock the selected accounts"))
def unlock_accounts(modeladmin, request, queryset):
    """The platform admin's unlock (audited by the service), for any account."""
    for user in queryset:
        user_unlock(user=user, by=request.user)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    actions = [unlock_accounts]
    readonly_fields = ["locked_at", "disabled_reason"]
    list_display = [
        "email",
        "full_name",
        "is_active",
        "locked_at",
        "is_staff",
        "last_login",
    ]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["full_name"]}),
        (
            _("Permissions"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
        (_("Lockout"), {"fields": ["locked_at", "disabled_reason"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
