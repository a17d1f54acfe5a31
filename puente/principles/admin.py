from django.contrib import admin

from puente.principles.models import Principle, PrincipleText


class PrincipleTextInline(admin.TabularInline):
    model = PrincipleText
    extra = 0


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["number", "key", "name"]
    inlines = [PrincipleTextInline]
