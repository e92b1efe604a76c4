from django import forms
from django.utils.translation import gettext_lazy as _

from lms.accounts.forms import DateInput

from .models import ItemKind, Responsible


def _person_label(person) -> str:
    return f"{person} ({person.unit})" if person.unit_id else str(person)


class PlanCreateForm(forms.Form):
    newcomer = forms.ModelChoiceField(label=_("Nyanställd"), queryset=None)
    template = forms.ModelChoiceField(
        label=_("Mall"),
        queryset=None,
        help_text=_("Mallarna för den nyanställdas verksamhetsområde och typ står först."),
    )
    start_date = forms.DateField(
        label=_("Första dagen"),
        required=False,
        widget=DateInput(),
        help_text=_("Tomt: startdatumet i personens profil."),
    )
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=None, required=False)
    supervisor = forms.ModelChoiceField(label=_("Handledare"), queryset=None, required=False)

    def __init__(self, *args, newcomers, templates, mentors, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["newcomer"].queryset = newcomers
        self.fields["newcomer"].label_from_instance = _person_label
        self.fields["newcomer"].empty_label = _("Välj person")
        self.fields["template"].queryset = templates
        self.fields["template"].empty_label = _("Välj mall")
        self.fields["mentor"].queryset = mentors
        self.fields["mentor"].label_from_instance = _person_label
        self.fields["mentor"].empty_label = _("Ingen ännu")
        self.fields["supervisor"].queryset = supervisors
        self.fields["supervisor"].label_from_instance = _person_label
        self.fields["supervisor"].empty_label = _("Ingen ännu")


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label=_("Typ"), choices=ItemKind.choices)
    responsible = forms.ChoiceField(label=_("Ansvarig"), choices=Responsible.choices)
    due_date = forms.DateField(label=_("Klart senast"), widget=DateInput())
    needs_signoff = forms.BooleanField(
        label=_("Kräver godkännande av chef eller handledare"), required=False
    )
    # The item's revision when the form was shown: guards against overwriting.
    revision = forms.IntegerField(widget=forms.HiddenInput(), required=False)


class ReflectionForm(forms.Form):
    reflection = forms.CharField(
        label=_("Reflektion"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vad lärde du dig? Din chef, mentor och handledare kan läsa den."),
    )


class PlanEditForm(forms.Form):
    start_date = forms.DateField(
        label=_("Första dagen"),
        widget=DateInput(),
        help_text=_("Flyttar du dagen flyttas alla punkter som inte är klara lika mycket."),
    )
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=None, required=False)
    supervisor = forms.ModelChoiceField(label=_("Handledare"), queryset=None, required=False)
    # The plan's revision when the form was shown: guards against overwriting.
    revision = forms.IntegerField(widget=forms.HiddenInput())

    def __init__(self, *args, mentors, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        for name, people in (("mentor", mentors), ("supervisor", supervisors)):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = _person_label
            self.fields[name].empty_label = _("Ingen ännu")


class PlanCloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Varför stängs planen?"),
        max_length=200,
        help_text=_("Till exempel: slutade sin anställning, bytte tjänst, långvarig ledighet."),
    )


class PlanReopenForm(forms.Form):
    resume_on = forms.DateField(
        label=_("Arbetet fortsätter"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Tomt: datumen står kvar. Med ett datum flyttas det som återstår fram lika "
            "lång tid som planen var stängd."
        ),
    )
