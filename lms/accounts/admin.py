from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import RoleAssignment, RolePolicy, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "unit", "start_date", "is_active"]
    list_filter = ["is_active", "is_superuser", "role_assignments__role", "unit__administration"]
    search_fields = ["email", "first_name", "last_name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "work_group"]
    inlines = [RoleAssignmentInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Personuppgifter"),
            {
                "fields": [
                    "first_name",
                    "last_name",
                    "title",
                    "gender",
                    "preferred_language",
                    "in_profession_since",
                ]
            },
        ),
        (
            _("Anställning"),
            {
                "fields": [
                    "unit",
                    "work_group",
                    "start_date",
                    "end_date",
                    "newcomer_kind",
                    "invited_at",
                ]
            },
        ),
        (_("Behörighet"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Datum"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "first_name", "last_name", "password1", "password2"],
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined", "invited_at"]


@admin.register(RolePolicy)
class RolePolicyAdmin(admin.ModelAdmin):
    list_display = ["role", "require_mfa", "updated_at"]
    list_editable = ["require_mfa"]
