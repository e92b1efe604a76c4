from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import EmailStatus, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: rows are written by the scans and the outbox. The one action queues a
    failed message again, once the mail relay works."""

    list_display = ("created_at", "kind", "recipient", "email_status", "sent_at", "attempts")
    list_filter = ("email_status", "kind", "in_inbox")
    search_fields = ("key", "recipient__email")
    date_hierarchy = "created_at"
    list_select_related = ("recipient",)
    actions = ["retry"]
    exclude = ("params",)
    readonly_fields = (
        "key",
        "kind",
        "recipient",
        "url",
        "in_inbox",
        "created_at",
        "read_at",
        "email_status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "reason",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Försök skicka igen"), permissions=["view"])
    def retry(self, request, queryset):
        n = queryset.filter(email_status=EmailStatus.FAILED).update(
            email_status=EmailStatus.PENDING, attempts=0, next_attempt_at=None, reason=""
        )
        self.message_user(
            request,
            ngettext("%(n)s meddelande skickas igen.", "%(n)s meddelanden skickas igen.", n)
            % {"n": n},
            messages.SUCCESS,
        )


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "email", "updated_at")
    list_filter = ("kind", "email")
    search_fields = ("user__email",)
    list_select_related = ("user",)
