"""Administrators may see that check-ins exist (who, which point, unit, when, shared or
not) to support people, and delete one on request; never the ratings, the texts or the
message. They are left out of the list, the form and the search; nothing can be
changed or added here."""

from django.contrib import admin

from .models import CheckIn

SHOWN = ["newcomer", "point", "unit", "shared", "answered_at", "created_at", "updated_at"]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["newcomer", "point", "unit", "shared", "answered_at"]
    list_filter = ["point", "unit", "shared"]
    list_select_related = ["newcomer", "unit"]
    date_hierarchy = "answered_at"
    search_fields = ["newcomer__email", "newcomer__last_name", "newcomer__first_name"]
    fields = SHOWN
    readonly_fields = SHOWN

    def get_queryset(self, request):
        from .models import PRIVATE_FIELDS

        return super().get_queryset(request).defer(*PRIVATE_FIELDS)

    def has_add_permission(self, request):
        return False  # only the newcomer answers

    def has_change_permission(self, request, obj=None):
        return False  # the answer is the newcomer's
