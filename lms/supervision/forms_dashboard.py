from django import forms
from django.utils.translation import gettext_lazy as _

from lms.accounts.forms import DateInput

from .models import Absence


class AbsenceForm(forms.Form):
    """Days away; the service (absences.absence_mark) checks them against the plan."""

    kind = forms.ChoiceField(
        label=_("Typ av frånvaro"),
        choices=Absence.Kind.choices,
        help_text=_("Bara typen sparas, aldrig orsaken."),
    )
    starts_on = forms.DateField(label=_("Första dagen"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Sista dagen"),
        widget=DateInput(),
        help_text=_(
            "Samma dag som första dagen om det bara gäller en dag. En vecka räknas som "
            "frånvaro när minst tre av dess arbetsdagar är markerade."
        ),
    )
