from functools import partial

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from lms.core import bounds
from lms.core.forms import BoundedDateField
from lms.identity.policy import password_sign_in_allowed

from .models import Gender, Language, NewcomerKind, Role, User


# allauth's Swedish catalogue spells the address "Epost-adress"; these forms ask in the
# product's own words, which also have the product's English.
class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs["placeholder"] = _("E-postadress")


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["placeholder"] = _("E-postadress")

    def save(self, request, **kwargs) -> str:
        email = self.cleaned_data["email"]
        if not password_sign_in_allowed(email):
            # Single sign-on only: the password is the municipality's, reset there (the
            # page says so). Nothing is sent; the answer is the same as for any address.
            return email
        return super().save(request, **kwargs)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "preferred_language", "gender", "in_profession_since"]
        field_classes = {"in_profession_since": partial(BoundedDateField, window=bounds.PROFESSION)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["gender"].choices = [("", _("Vill inte ange")), *Gender.choices]
        self.fields["preferred_language"].choices = Language.choices


class PersonForm(forms.Form):
    """Register or change a person; the roles offered depend on who is asking."""

    first_name = forms.CharField(label=_("Förnamn"), max_length=150)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150)
    email = forms.EmailField(
        label=_("E-postadress"),
        max_length=bounds.EMAIL_MAX,
        help_text=_("Arbetsadressen. Den används för inloggning och inbjudan."),
    )
    title = forms.CharField(label=_("Titel"), max_length=120, required=False)
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=None, required=False)
    start_date = BoundedDateField(label=_("Startdatum"), required=False, window=bounds.EMPLOYMENT)
    end_date = BoundedDateField(
        label=_("Slutdatum"),
        required=False,
        window=bounds.EMPLOYMENT,
        help_text=_("Fyll i när personen slutar."),
    )
    newcomer_kind = forms.ChoiceField(
        label=_("Typ av nyanställd"),
        required=False,
        choices=[("", _("Inte nyanställd")), *NewcomerKind.choices],
    )
    roles = forms.MultipleChoiceField(
        label=_("Roller"), required=False, widget=forms.CheckboxSelectMultiple
    )
    send_invitation = forms.BooleanField(
        label=_("Skicka inbjudan med länk för att välja lösenord"), required=False, initial=True
    )

    def __init__(
        self,
        *args,
        units,
        roles: list[Role],
        editing: bool = False,
        editing_self: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("Välj enhet")
        self.fields["roles"].choices = [(r.value, r.label) for r in roles]
        if editing_self:
            # Nobody changes their own roles (granting.py); the page shows them instead.
            del self.fields["roles"]
        if editing:
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _(
                "Personen byter själv e-postadress under sitt konto."
            )
            del self.fields["send_invitation"]
        else:
            del self.fields["end_date"]

    def clean(self):
        data = super().clean()
        if "roles" not in self.fields:
            return data
        if data.get("newcomer_kind") and Role.NEWCOMER not in data.get("roles", []):
            data["roles"] = [*data.get("roles", []), Role.NEWCOMER.value]
        return data
