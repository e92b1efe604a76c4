import allauth.mfa.admin  # noqa: F401  (registered first, so that it can be replaced below)
from allauth.mfa.base.internal.flows import delete_dangling_recovery_codes
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from . import granting
from .models import MfaExemption, RoleAssignment, RolePolicy, User

#: The fields that open the Django admin and everything in it. They follow the
#: administrator role's rule (granting.may_change_admin_access): an administrator sets
#: them, for somebody else.
ADMIN_ACCESS_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


def _is_own(request, obj) -> bool:
    return obj is not None and obj.pk == request.user.pk


class RoleAssignmentInline(admin.TabularInline):
    """The person's roles: granted by adding a row, removed by deleting one.

    A row is never edited in place: a changed role is a removal and a grant, so each is
    checked by granting.py and logged as what it is. UserAdmin.save_formset does the
    writes through granting.py, so a forged POST meets the same rule as the form.
    """

    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]
    # A row added here is given by hand; the directory's and the import's rows say so.
    fields = ["role", "unit", "source"]
    readonly_fields = ["source"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return (
            super().has_add_permission(request, obj)
            and not _is_own(request, obj)
            and bool(granting.grantable_roles(by=request.user))
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _is_own(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if "role" in formset.form.base_fields:
            formset.form.base_fields["role"].choices = [
                ("", "---------"),
                *((role.value, role.label) for role in granting.grantable_roles(by=request.user)),
            ]
        return formset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "unit",
        "start_date",
        "is_active",
        "mfa_exempt",
    ]
    list_filter = ["is_active", "is_superuser", "role_assignments__role", "unit__administration"]
    search_fields = ["email", "first_name", "last_name"]
    list_select_related = ["unit", "mfa_exemption"]
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

    @admin.display(description=_("undantagen från tvåstegsverifiering"), boolean=True)
    def mfa_exempt(self, obj) -> bool:
        return hasattr(obj, "mfa_exemption")  # fetched with the list (list_select_related)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not granting.may_change_admin_access(request.user, person=obj):
            fields += ADMIN_ACCESS_FIELDS
        return fields

    def save_model(self, request, obj, form, change):
        # Read-only fields never reach the form; this holds if a form ever lets them in.
        if change and set(form.changed_data) & set(ADMIN_ACCESS_FIELDS):
            granting.check_admin_access(request.user, person=obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        added = formset.save(commit=False)
        for assignment in formset.deleted_objects:
            granting.role_remove(by=request.user, assignment=assignment)
        for assignment in added:
            if assignment.pk is not None:
                raise PermissionDenied
            granting.role_grant(
                by=request.user,
                person=form.instance,
                role=assignment.role,
                unit_id=assignment.unit_id,
            )


@admin.register(RolePolicy)
class RolePolicyAdmin(admin.ModelAdmin):
    list_display = ["role", "require_mfa", "updated_at"]
    list_editable = ["require_mfa"]


class MfaExemptionForm(forms.ModelForm):
    #: Who is saving, set by MfaExemptionAdmin.get_form on the form class it makes.
    by = None

    def clean_user(self):
        user = self.cleaned_data["user"]
        if self.by is not None and user.pk == self.by.pk:
            raise ValidationError(_("Du kan inte undanta dig själv från tvåstegsverifiering."))
        return user


@admin.register(MfaExemption)
class MfaExemptionAdmin(admin.ModelAdmin):
    """Exemptions one person at a time, each with its reason; never one's own, as nobody
    grants themselves a role. The list of people marks who has one (UserAdmin)."""

    form = MfaExemptionForm
    list_display = ["user", "reason", "created_at"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "reason"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []  # an exemption is one person's

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.by = request.user  # a class of its own, made for this request
        return form

    def has_change_permission(self, request, obj=None):
        own = obj is not None and obj.user_id == request.user.pk
        return super().has_change_permission(request, obj) and not own


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Who has turned two-factor on, and when it was last used; never the secret.

    `data` holds the TOTP key and the recovery codes' seed (unencrypted), and allauth's
    own admin shows it: with the key anybody can make the codes. Here it is in no list,
    form, search or filter. Adding or changing here makes no sense (people set up their
    own device); deleting resets a lost one, and takes the recovery codes with the last
    method, as deleting on the person's own two-factor page does.
    """

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        delete_dangling_recovery_codes(obj.user)

    def delete_queryset(self, request, queryset) -> None:
        users = list(User.objects.filter(authenticator__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for user in users:
            delete_dangling_recovery_codes(user)
