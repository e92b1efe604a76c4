from django import forms
from django.utils.translation import gettext_lazy as _

from lms.core import bounds
from lms.core.forms import BoundedDateField

from ..models import Absence


class AbsenceForm(forms.Form):
    """Days away; the service (absences.absence_mark) checks them against the plan."""

    kind = forms.ChoiceField(
        label=_("Typ av frånvaro"),
        choices=Absence.Kind.choices,
        help_text=_("Bara typen sparas, aldrig orsaken."),
    )
    starts_on = BoundedDateField(label=_("Första dagen"), window=bounds.ABSENCE)
    ends_on = BoundedDateField(
        label=_("Sista dagen"),
        window=bounds.ABSENCE,
        help_text=_(
            "Samma dag som första dagen om det bara gäller en dag. En vecka räknas som "
            "frånvaro när minst tre av dess arbetsdagar är markerade."
        ),
    )
