from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read-only: certificates are issued from the person's page and revoked here or
    there, always through the services, so the rules and the audit log apply."""

    list_display = ["person", "scope", "code", "issued_at", "issued_by", "revoked_at"]
    list_filter = ["scope", "revoked_at"]
    list_select_related = ["person", "issued_by"]
    search_fields = ["code", "person__email", "person__last_name"]
    readonly_fields = [
        "person",
        "scope",
        "programme",
        "code",
        "snapshot",
        "issued_at",
        "issued_by",
        "revoked_at",
        "revoked_by",
        "revoke_reason",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Återkalla markerade intyg"))
    def revoke(self, request, queryset):
        for certificate in queryset:
            services.certificate_revoke(certificate=certificate, by=request.user)
        self.message_user(request, _("Intygen är återkallade."), messages.SUCCESS)
