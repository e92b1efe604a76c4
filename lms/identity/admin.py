from django.contrib import admin

from lms.accounts.models import DirectoryRole


@admin.register(DirectoryRole)
class DirectoryRoleAdmin(admin.ModelAdmin):
    """The values of the directory's roles claim (Entra ID's app roles) and the product
    roles they stand for. Only the roles HR may give by hand can be chosen (the model's
    constraint); a change applies at each person's next sign-in."""

    list_display = ["value", "role", "updated_at"]
    list_filter = ["role"]
    search_fields = ["value"]
