"""Wagtail's user pages (/admin/users/) under the same granting rule as the Django admin.

Wagtail lets whoever may change users tick "Administrator" (the superuser flag) and
choose groups, and leaves one's own groups open. Here both follow
granting.may_change_admin_access: an administrator sets them, for somebody else.
"""

from wagtail.users import forms as wagtail_forms
from wagtail.users.views import users as wagtail_views

from . import granting

#: What opens an admin site; the form leaves them out when the rule says no.
ACCESS_FIELDS = ("is_superuser", "groups")


class _GrantingForm:
    def __init__(self, *args, granter=None, **kwargs):
        super().__init__(*args, **kwargs)
        if granter is None or not granting.may_change_admin_access(granter, person=self.instance):
            for name in ACCESS_FIELDS:
                self.fields.pop(name, None)


class UserCreationForm(_GrantingForm, wagtail_forms.UserCreationForm):
    pass


class UserEditForm(_GrantingForm, wagtail_forms.UserEditForm):
    pass


class _PassGranter:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "granter": self.request.user}


class CreateView(_PassGranter, wagtail_views.CreateView):
    pass


class EditView(_PassGranter, wagtail_views.EditView):
    pass


class UserViewSet(wagtail_views.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView

    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm
