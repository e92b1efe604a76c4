from django.contrib import admin

from .models import FeedToken


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__email", "user__last_name"]
    readonly_fields = ["user", "token_hash", "created_at"]

    def has_add_permission(self, request) -> bool:
        # A link is only useful to the person who sees it once, from the profile page.
        return False
