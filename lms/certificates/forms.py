from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Scope


class IssueForm(forms.Form):
    scope = forms.ChoiceField(choices=Scope.choices)


class VerifyForm(forms.Form):
    kod = forms.CharField(
        label=_("Kontrollkod"),
        max_length=40,
        help_text=_("Tolv tecken, som på intyget, till exempel ABCD-EFGH-JKMN."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
