from django.contrib import admin

from puente.agencies.models import (
    Agency,
    Membership,
    Program,
    ProgramMembership,
    ProgramParticipation,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "state",
        "agency_type",
        "ori",
        "is_fictional",
        "epic_profiled",
    ]
    list_filter = ["agency_type", "is_fictional", "epic_profiled", "state"]
    search_fields = ["name", "ori", "city", "county"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


class ProgramMembershipInline(admin.TabularInline):
    model = ProgramMembership
    extra = 0
    autocomplete_fields = ["user"]


class ParticipationInline(admin.TabularInline):
    model = ProgramParticipation
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "is_fictional"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProgramMembershipInline, ParticipationInline]
