"""Mentoring in the Django admin. Profiles may be changed here; pairings, fit answers
and requests are made through the product's pages (which keep the plan's mentor, the
capacity lock and the e-mails right), so the admin only shows them.

What a fit answer says and the newcomer's message to their manager are not in any list,
and on the detail page only those the product's rules let read them (administrators, the
newcomer's manager) see them: a staff member given view access to mentoring sees that an
answer or request exists, not what it says. Nothing here is added or changed: answering
and asking are the newcomer's and the mentor's own acts."""

from django.contrib import admin

from .models import FitAnswer, MentorChangeRequest, MentorPairing, MentorProfile


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "capacity", "available_from", "available_until", "source", "is_active"]
    list_filter = ["is_active", "source"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "appointed_by"]
    search_fields = ["user__email", "user__last_name"]


@admin.register(MentorPairing)
class MentorPairingAdmin(ReadOnlyAdmin):
    list_display = ["newcomer", "mentor", "starts_on", "planned_ends_on", "ended_on"]
    list_filter = ["ended_on"]
    list_select_related = ["newcomer", "mentor"]
    search_fields = ["newcomer__email", "newcomer__last_name", "mentor__last_name"]


class PrivateFieldAdmin(ReadOnlyAdmin):
    """Shows the `private` fields only to whom `read_permission` allows for the row.

    Without a permission named, nobody reads them: the safe default for a new admin.
    """

    private = ()
    read_permission = ""

    def guarded(self, obj):
        """The object the rule is asked about."""
        return obj

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if (
            obj is not None
            and self.read_permission
            and request.user.has_perm(self.read_permission, self.guarded(obj))
        ):
            return fields
        return [name for name in fields if name not in self.private]


@admin.register(FitAnswer)
class FitAnswerAdmin(PrivateFieldAdmin):
    list_display = ["pairing", "person", "updated_at"]
    list_select_related = ["pairing__newcomer", "pairing__mentor", "person"]
    private = ("answer",)
    read_permission = "mentoring.view_fit_answers"

    def guarded(self, obj):
        return obj.pairing


@admin.register(MentorChangeRequest)
class MentorChangeRequestAdmin(PrivateFieldAdmin):
    list_display = ["newcomer", "status", "created_at", "resolved_at"]
    list_filter = ["status"]
    list_select_related = ["newcomer"]
    private = ("message",)
    read_permission = "mentoring.view_request_message"
